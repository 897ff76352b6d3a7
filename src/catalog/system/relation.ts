/**
 * One system relation: where it lives, its columns, and how its rows come from the catalog. Rows are built as
 * objects keyed by column name (a missing key is NULL), so a builder names what it fills and leaves the rest.
 */
import type { SrfColumn } from '../../plan/index.ts';
import type { SystemCatalog } from './system-catalog.ts';

export type SystemRow = Readonly<Record<string, unknown>>;

export interface SystemRelation {
  readonly schema: 'pg_catalog' | 'information_schema';
  readonly name: string;
  readonly oid: number;
  /** 'r' for PostgreSQL's catalog tables, 'v' for its views (pg_class.relkind). */
  readonly relkind: 'r' | 'v';
  readonly columns: readonly SrfColumn[];
  rows(sys: SystemCatalog): readonly SystemRow[] | Promise<readonly SystemRow[]>;
}

/** A relation with no rows in Basin (no triggers, policies, sequences, …): clients still read its columns. */
export const empty = (schema: SystemRelation['schema'], name: string, oid: number, relkind: 'r' | 'v', columns: readonly SrfColumn[]): SystemRelation =>
  ({ schema, name, oid, relkind, columns, rows: () => [] });
