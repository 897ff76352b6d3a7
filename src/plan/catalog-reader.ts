/**
 * What the binder may ask of the catalog: the only door from SQL names to stored objects (layer rule: sql/
 * sees the catalog through this interface, never the catalog itself).
 */
import type { TableRef } from './logical.ts';
import type { FunctionResolver, SessionInfo } from './function-registry.ts';

/** A view: its defining query text, bound anew wherever it is used. */
export interface ViewRef {
  readonly kind: 'view';
  readonly oid: number;
  readonly schemaName: string;
  readonly name: string;
  readonly sql: string;
  readonly columnNames: readonly string[];
}

export type RelationRef = ({ readonly kind: 'table' } & TableRef) | ViewRef;

/**
 * A table read as of an earlier version (time travel): a version number, or a time (µs since the epoch);
 * or, with `describe`, the table's history or detail as rows (`FROM (DESCRIBE HISTORY t)`).
 */
export type AsOf = { readonly version: number } | { readonly timestamp: number }
  | { readonly describe: 'history' | 'detail'; readonly limit?: number };

export interface CatalogReader {
  /**
   * Resolve a relation name. With `schema` undefined, search the session's search path. Returns undefined when
   * no such relation exists (the binder raises 42P01). May load the table's latest snapshot, or with `asOf`
   * the snapshot of that version (its columns are that version's).
   */
  relation(schema: string | undefined, name: string, asOf?: AsOf): Promise<RelationRef | undefined>;
  /** Does this schema exist in the current database? */
  schemaExists(name: string): boolean;
}

/** Everything binding needs besides the statement. */
export interface BindContext {
  readonly catalog: CatalogReader;
  readonly functions: FunctionResolver;
  readonly session: SessionInfo;
}
