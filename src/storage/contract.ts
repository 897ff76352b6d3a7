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
  /**
   * commitInfo.operationMetrics beyond the ones derived from the files added and removed (numFiles,
   * numOutputRows, numRemovedFiles, …): values the operation alone knows, e.g. RESTORE's and OPTIMIZE's.
   */
  readonly metrics?: Readonly<Record<string, string>>;
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
  /**
   * numeric columns of precision ≤ 15 come as scaled doubles (scaledNumeric) instead of Decimals: for the
   * executor's scans, whose consumers read them.
   */
  readonly scaledDecimals?: boolean;
  /**
   * A point lookup the caller filters by: rows whose column `column` (a position in `columns`) equals none of
   * `keys` (values of that column's type) may be left out. Storage may answer it from an index; the caller
   * still applies its whole predicate to what comes back.
   */
  readonly lookup?: { readonly column: number; readonly keys: readonly unknown[] };
}

/** One table's part of a transaction's commit. */
export interface TableChange {
  readonly location: string;
  /** The version the changes were made against. */
  readonly readVersion: number;
  readonly add?: readonly DataFile[];
  /** Paths of files of `readVersion` to remove. */
  readonly remove?: readonly string[];
  /** A new schema (ALTER TABLE). */
  readonly schema?: readonly ColumnSchema[];
  /** New table properties (all of them). */
  readonly properties?: Readonly<Record<string, string>>;
  /**
   * Paths of files of `readVersion` that the transaction read: a concurrent commit that removed one of them,
   * or that added files other than by a blind append, conflicts. Absent: the table was not read (empty: read,
   * but no file), and a write without removes or schema change is then a blind append.
   */
  readonly read?: readonly string[];
  /**
   * false when the commit only rearranges rows (OPTIMIZE): its `add` and `remove` actions say
   * `dataChange: false`, which append-only tables allow. Default true.
   */
  readonly dataChange?: boolean;
  /**
   * RESTORE: `schema` is the schema of an earlier version and the files kept belong to that version, so they
   * match it even where it drops or retypes a column (no rewrite of the kept files is needed).
   */
  readonly restoresSchema?: boolean;
  /**
   * An idempotent write (Delta's `txn` action): if the table already records this application's version or
   * a later one, the change is not committed again.
   */
  readonly txn?: { readonly appId: string; readonly version: number };
  /**
   * Change data files (written by writeFiles with `changeData`) holding every row the change inserted,
   * updated (pre- and post-image) or deleted, with its `_change_type`: committed as `cdc` actions, which change
   * data readers then use instead of the version's add and remove actions.
   */
  readonly cdc?: readonly DataFile[];
  readonly operation: CommitOperation;
  /**
   * Called with the latest snapshot when other writers committed after `readVersion` (and their commits do not
   * conflict by the rules of delta/conflicts.ts), before this change commits on top of them: a check of the
   * writer's own (a unique key against the rows they added), which fails the commit by throwing. Not kept in a
   * multi-table commit's intent record: recovery after a crash does not run it.
   */
  readonly validate?: (latest: TableSnapshot) => Promise<void>;
}

/** Options of TableStorage.writeFiles. */
export interface WriteFilesOptions {
  /**
   * Write change data files (PROTOCOL.md "Change Data Files"): each batch has one more column after the
   * schema's, `_change_type` (text); the files go under `_change_data/` and carry no stats.
   */
  readonly changeData?: boolean;
}

/** A point in a table's history that a change data feed starts or ends at. */
export type ChangePoint = { readonly version: number } | { readonly timestampMs: number };

/** Which changes TableStorage.changes reads. */
export interface ChangesRequest {
  readonly start: ChangePoint;
  /** The latest version when absent. */
  readonly end?: ChangePoint;
  readonly batchSize: number;
}

/** The row-level changes of a range of versions (Delta's change data feed). */
export interface ChangeFeed {
  readonly startVersion: number;
  readonly endVersion: number;
  /** The table's columns at the end version; the batches have these, then `_change_type` (text), `_commit_version` (int8), `_commit_timestamp` (timestamptz). */
  readonly schema: readonly ColumnSchema[];
  readonly batches: AsyncIterable<Batch>;
}

export interface TableStorage {
  /** Create a new Delta table (version 0: protocol + metaData + commitInfo). Fails 42P07 if it exists. */
  createTable(location: string, schema: readonly ColumnSchema[], properties: Readonly<Record<string, string>>,
    op: CommitOperation): Promise<TableSnapshot>;
  /**
   * Latest snapshot (or the given version). 42P01 if there is no table at `location`. With a read point, the
   * latest version that does not include a multi-table commit made after it.
   */
  snapshot(location: string, version?: number, readPoint?: number): Promise<TableSnapshot>;
  /** The version TIMESTAMP AS OF `timestampMs` reads: the last one committed at or before it (22023 if none). */
  versionAt(location: string, timestampMs: number): Promise<number>;
  /** Write batches (matching `schema`) as new Parquet data files; returns them, not yet committed. */
  writeFiles(location: string, schema: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>,
    options?: WriteFilesOptions): Promise<DataFile[]>;
  /**
   * The rows inserted, updated and deleted by the versions in a range (inclusive), for a table with
   * `delta.enableChangeDataFeed` (see delta/change-feed.ts). 22023 for a range outside the table's history,
   * 0A000 where change data was not recorded.
   */
  changes(location: string, request: ChangesRequest): Promise<ChangeFeed>;
  /**
   * Commit one table: `commitTransaction` of a single change. Kept for callers that write one table (the
   * catalog, maintenance statements).
   */
  commit(location: string, readVersion: number, change: Omit<TableChange, 'location' | 'readVersion' | 'operation'>,
    op: CommitOperation): Promise<TableSnapshot>;
  /**
   * Commit the changes of one transaction to one or more tables, all or none. Each table's changes were made
   * against `readVersion`; commits made by others since then are checked with Delta's WriteSerializable rules
   * (see delta/conflicts.ts) and the changes are committed on top of them, or the call fails with 40001 and
   * nothing is committed. Several tables commit through a write-ahead intent record (see commit-intents.ts).
   */
  commitTransaction(changes: readonly TableChange[]): Promise<TableSnapshot[]>;
  /**
   * A read point: snapshots taken with it (`snapshot(location, undefined, readPoint)`) never show part of a
   * multi-table commit that was not complete when the read point was taken.
   */
  readPoint(): number;
  /** Settle the multi-table commits a crash interrupted (at start, before any session); returns how many. */
  recover(): Promise<number>;
  /** Stream the table's rows as Batches of the requested columns. */
  scan(location: string, req: ScanRequest): AsyncIterable<Batch>;
  /** Delete a table's directory (DROP TABLE of a managed table). */
  dropTable(location: string): Promise<void>;
  /** Delete files (paths relative to the table root) that no commit references, e.g. a rolled-back write's. */
  deleteFiles(location: string, paths: readonly string[]): Promise<void>;

  // ─── maintenance (maintenance/, delta/history.ts, delta/detail.ts) ───
  /** The commits still in the log, newest first, at most `limit` (DESCRIBE HISTORY). */
  history(location: string, limit?: number): Promise<HistoryEntry[]>;
  /** What the latest version says about the table (DESCRIBE DETAIL). */
  detail(location: string): Promise<TableDetail>;
  /**
   * The changes that bring the table from `readVersion` back to `targetVersion` (RESTORE), not committed;
   * 55000 if files of the target version are gone (vacuumed).
   */
  planRestore(location: string, readVersion: number, targetVersion: number): Promise<RestorePlan>;
  /** Compact small files and/or Z-order them, and commit the rewrite (`dataChange = false`). */
  optimize(location: string, request: OptimizeRequest): Promise<OptimizeResult>;
  /** Delete unreferenced files older than the retention (VACUUM); only lists them with `dryRun`. */
  vacuum(location: string, request: VacuumRequest): Promise<VacuumResult>;
}

/** One commit of a table's history. */
export interface HistoryEntry {
  readonly version: number;
  /** commitInfo.timestamp (the log file's modification time when absent), ms since the epoch. */
  readonly timestamp: number;
  /** The commit's commitInfo action as written, if it has one. */
  readonly commitInfo: Readonly<Record<string, unknown>> | undefined;
}

export interface TableDetail {
  readonly id: string;
  readonly name: string | null;
  readonly description: string | null;
  /** ms since the epoch. */
  readonly createdAt: number | null;
  readonly lastModified: number;
  readonly partitionColumns: readonly string[];
  readonly numFiles: number;
  readonly sizeInBytes: number;
  readonly properties: Readonly<Record<string, string>>;
  readonly minReaderVersion: number;
  readonly minWriterVersion: number;
  readonly tableFeatures: readonly string[];
  readonly version: number;
}

export interface RestorePlan {
  readonly targetVersion: number;
  /** Files of the target version that are not current, with their stats. */
  readonly add: readonly DataFile[];
  /** Current files that the target version does not have. */
  readonly remove: readonly string[];
  /** The target version's schema, when it differs from the current one. */
  readonly schema?: readonly ColumnSchema[];
  /** The target version's properties, when they differ. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Databricks' RESTORE output and operation metrics. */
  readonly metrics: {
    readonly tableSizeAfterRestore: number;
    readonly numOfFilesAfterRestore: number;
    readonly numRemovedFiles: number;
    readonly numRestoredFiles: number;
    readonly removedFilesSize: number;
    readonly restoredFilesSize: number;
  };
}

export interface OptimizeRequest {
  /** Paths of the files that may be rewritten (OPTIMIZE … WHERE); every file when undefined. */
  readonly files?: ReadonlySet<string>;
  /** ZORDER BY columns; empty for bin-packing only. */
  readonly zOrderBy: readonly string[];
  /** Output file size in bytes; files smaller than it are compacted. */
  readonly targetFileSize: number;
  /** Operation name, parameters and user for commitInfo (metrics are added). */
  readonly operation: CommitOperation;
  readonly checkCancel?: () => void;
}

interface FileSizeStats {
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly totalFiles: number;
  readonly totalSize: number;
}

/** Databricks' OPTIMIZE metrics (the `metrics` struct of its output row). */
export interface OptimizeMetrics {
  readonly numFilesAdded: number;
  readonly numFilesRemoved: number;
  readonly filesAdded: FileSizeStats;
  readonly filesRemoved: FileSizeStats;
  readonly partitionsOptimized: number;
  readonly numBatches: number;
  readonly totalConsideredFiles: number;
  readonly totalFilesSkipped: number;
  readonly zOrderBy: readonly string[];
}

export interface OptimizeResult {
  /** The version committed, or the version read when there was nothing to rewrite. */
  readonly version: number;
  readonly committed: boolean;
  readonly metrics: OptimizeMetrics;
}

export interface VacuumRequest {
  /** Unreferenced files younger than this (ms) stay. */
  readonly retentionMs: number;
  readonly dryRun: boolean;
  /** The current time in ms (tests); now when absent. */
  readonly now?: number;
}

export interface VacuumResult {
  /** Paths (relative to the table root) deleted, or that would be with `dryRun`. */
  readonly files: readonly string[];
  readonly bytes: number;
  readonly dryRun: boolean;
}
