/**
 * The face of the storage layer as the executor and the catalog use it. Implemented by the Delta Lake table
 * (delta/) over an object store (object-store/) with Parquet data files (parquet/).
 */
import type { Batch, ColumnSchema, DataFile, TableSnapshot } from '../common/index.ts';

export type { ColumnSchema, DataFile, FileStats, TableSnapshot } from '../common/index.ts';

/** Operation name and parameters recorded in commitInfo (Delta's conventions: 'WRITE', 'CREATE TABLE', ...). */
export interface CommitOperation {
  readonly operation: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly user?: string;
}

/** Batches to scan: which columns (by schema index) of which files. */
export interface ScanRequest {
  readonly snapshot: TableSnapshot;
  /** Schema indexes of the columns to produce, in this order. */
  readonly columns: readonly number[];
  /** Files to read (a subset of snapshot.files after pruning); all when omitted. */
  readonly files?: readonly DataFile[];
  /** Rows per batch. */
  readonly batchSize: number;
}

export interface TableStorage {
  /** Create a new Delta table (version 0: protocol + metaData + commitInfo). Fails 42P07 if it exists. */
  createTable(location: string, schema: readonly ColumnSchema[], properties: Readonly<Record<string, string>>,
    op: CommitOperation): Promise<TableSnapshot>;
  /** Latest snapshot (or the given version). 42P01 if there is no table at `location`. */
  snapshot(location: string, version?: number): Promise<TableSnapshot>;
  /** The version TIMESTAMP AS OF `timestampMs` reads: the last one committed at or before it (22023 if none). */
  versionAt(location: string, timestampMs: number): Promise<number>;
  /** Write batches (matching `schema`) as new Parquet data files; returns them, not yet committed. */
  writeFiles(location: string, schema: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<DataFile[]>;
  /**
   * Commit version `readVersion + 1` with these changes: added files, removed files (by path), and optionally
   * a new schema (ALTER TABLE). Exclusive create of the log file; on a lost race throws SqlError 40001.
   */
  commit(location: string, readVersion: number, change: {
    readonly add?: readonly DataFile[];
    readonly remove?: readonly string[];
    readonly schema?: readonly ColumnSchema[];
    readonly properties?: Readonly<Record<string, string>>;
  }, op: CommitOperation): Promise<TableSnapshot>;
  /** Stream the table's rows as Batches of the requested columns. */
  scan(location: string, req: ScanRequest): AsyncIterable<Batch>;
  /** Delete a table's directory (DROP TABLE of a managed table). */
  dropTable(location: string): Promise<void>;
}
