/**
 * The shape of a stored table as every layer sees it: its columns and a consistent snapshot of its data files.
 * Plain data; the storage layer produces it, the planner pins it, the executor scans it.
 */
import type { SqlType } from './types.ts';

/** A column of a table's schema. */
export interface ColumnSchema {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /**
   * The column's Delta field metadata other than the keys that encode its type: generation expression,
   * identity, invariants, comments, whatever another engine put there. Kept verbatim through schema changes,
   * so that rewriting a schema never drops a rule other writers must follow. Absent when there is none.
   */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Per-file statistics as kept in a Delta `add` action (values already decoded to Basin's JS values). */
export interface FileStats {
  readonly numRecords: number;
  readonly minValues: Readonly<Record<string, unknown>>;
  readonly maxValues: Readonly<Record<string, unknown>>;
  readonly nullCount: Readonly<Record<string, number>>;
  /**
   * Exact numbers of distinct non-null values, for the columns that have few (at most a thousand) in the
   * file; a column with more, or whose values are not counted, is absent. Written by Basin only.
   */
  readonly distinctCount?: Readonly<Record<string, number>>;
}

export interface DataFile {
  /** Path relative to the table root, as in the Delta `add` action. */
  readonly path: string;
  readonly size: number;
  readonly modificationTime: number;
  readonly stats: FileStats | undefined;
}

/** A consistent view of a table at one version. */
export interface TableSnapshot {
  readonly version: number;
  readonly schema: readonly ColumnSchema[];
  readonly files: readonly DataFile[];
  /** Delta metaData.configuration. */
  readonly properties: Readonly<Record<string, string>>;
}

