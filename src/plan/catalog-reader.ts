/**
 * What the binder may ask of the catalog: the only door from SQL names to stored objects (layer rule: sql/
 * sees the catalog through this interface, never the catalog itself).
 */
import type { Expr } from './expr.ts';
import type { TableRef } from './logical.ts';
import type { FunctionResolver, SessionInfo, SrfColumn } from './function-registry.ts';

/** A view: its defining query text, bound anew wherever it is used. */
export interface ViewRef {
  readonly kind: 'view';
  readonly oid: number;
  readonly schemaName: string;
  readonly name: string;
  readonly sql: string;
  readonly columnNames: readonly string[];
}

/**
 * A system relation (`pg_catalog.pg_class`, `information_schema.columns`, …): no storage behind it, its rows
 * computed from the catalog when the statement resolved it, so one statement sees one consistent catalog.
 * Scanned, filtered and joined like any relation; never written.
 */
export interface SystemRelationRef {
  readonly kind: 'system';
  readonly oid: number;
  readonly schemaName: string;
  readonly name: string;
  readonly columns: readonly SrfColumn[];
  /** One value per column, types.ts representation. */
  readonly rows: readonly (readonly unknown[])[];
}

export type RelationRef = ({ readonly kind: 'table' } & TableRef) | ViewRef | SystemRelationRef;

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
  /**
   * A function in FROM whose result columns depend on its arguments' values, not only on their types
   * (`table_changes('t', 1)` has t's columns), resolved with its rows before binding; undefined when `name` is
   * no such function. `args` binds the arguments (constant expressions), called only for such a function.
   */
  tableFunction?(name: string, args: () => readonly Expr[]): Promise<ResolvedTableFunction | undefined>;
  /**
   * Plain files read in place as a table (`read_parquet(…)` in FROM): the files its arguments name (constant
   * expressions, `args` binds them), with their columns, as a table to scan.
   */
  readFiles?(format: 'parquet', args: () => readonly Expr[]): Promise<TableRef>;
  /**
   * Load the size of every table (its current snapshot's data files), for the size functions
   * (pg_table_size, pg_database_size, …) a statement calls: they run synchronously, sizes need the storage.
   */
  prepareSizes?(): Promise<void>;
}

/** A FROM-clause function the catalog resolved: its columns and its rows (one value per column, types.ts representation). */
export interface ResolvedTableFunction {
  readonly columns: readonly SrfColumn[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Everything binding needs besides the statement. */
export interface BindContext {
  readonly catalog: CatalogReader;
  readonly functions: FunctionResolver;
  readonly session: SessionInfo;
}
