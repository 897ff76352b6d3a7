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
}

/** Per-file statistics as kept in a Delta `add` action (values already decoded to Basin's JS values). */
export interface FileStats {
  readonly numRecords: number;
  readonly minValues: Readonly<Record<string, unknown>>;
  readonly maxValues: Readonly<Record<string, unknown>>;
  readonly nullCount: Readonly<Record<string, number>>;
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

