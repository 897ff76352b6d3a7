/**
 * The result columns of the Delta statements (Databricks' names), in one place: the statements build their
 * rows with them, and a prepared statement's Describe reports them before anything runs.
 */
import { arrayTypeOf, T, type SqlType } from '../../../common/index.ts';
import type { Field } from '../../../wire/index.ts';

export interface ResultColumn {
  readonly name: string;
  readonly type: SqlType;
}

const TEXT_ARRAY = arrayTypeOf(T.text)!;

export const HISTORY_COLUMNS: readonly ResultColumn[] = [
  { name: 'version', type: T.int8 }, { name: 'timestamp', type: T.timestamptz }, { name: 'userId', type: T.text },
  { name: 'userName', type: T.text }, { name: 'operation', type: T.text }, { name: 'operationParameters', type: T.jsonb },
  { name: 'readVersion', type: T.int8 }, { name: 'isolationLevel', type: T.text }, { name: 'isBlindAppend', type: T.bool },
  { name: 'operationMetrics', type: T.jsonb }, { name: 'userMetadata', type: T.text }, { name: 'engineInfo', type: T.text },
];

export const DETAIL_COLUMNS: readonly ResultColumn[] = [
  { name: 'format', type: T.text }, { name: 'id', type: T.text }, { name: 'name', type: T.text },
  { name: 'description', type: T.text }, { name: 'location', type: T.text }, { name: 'createdAt', type: T.timestamptz },
  { name: 'lastModified', type: T.timestamptz }, { name: 'partitionColumns', type: TEXT_ARRAY }, { name: 'numFiles', type: T.int8 },
  { name: 'sizeInBytes', type: T.int8 }, { name: 'properties', type: T.jsonb }, { name: 'minReaderVersion', type: T.int4 },
  { name: 'minWriterVersion', type: T.int4 }, { name: 'tableFeatures', type: TEXT_ARRAY },
];

export const RESTORE_COLUMNS: readonly ResultColumn[] = [
  'table_size_after_restore', 'num_of_files_after_restore', 'num_removed_files', 'num_restored_files',
  'removed_files_size', 'restored_files_size',
].map((name) => ({ name, type: T.int8 }));

export const OPTIMIZE_COLUMNS: readonly ResultColumn[] = [
  { name: 'path', type: T.text }, { name: 'numFilesAdded', type: T.int8 }, { name: 'numFilesRemoved', type: T.int8 },
  { name: 'numBytesAdded', type: T.int8 }, { name: 'numBytesRemoved', type: T.int8 }, { name: 'totalConsideredFiles', type: T.int8 },
  { name: 'totalFilesSkipped', type: T.int8 }, { name: 'metrics', type: T.jsonb },
];

export const VACUUM_COLUMNS: readonly ResultColumn[] = [{ name: 'path', type: T.text }];

const BY_KIND: Readonly<Record<string, readonly ResultColumn[]>> = {
  DeltaDescribeHistoryStmt: HISTORY_COLUMNS, DeltaDescribeDetailStmt: DETAIL_COLUMNS, DeltaRestoreStmt: RESTORE_COLUMNS,
  DeltaOptimizeStmt: OPTIMIZE_COLUMNS, DeltaVacuumStmt: VACUUM_COLUMNS,
};

export const fieldsOfColumns = (columns: readonly ResultColumn[]): Field[] =>
  columns.map((c) => ({ name: c.name, type: c.type, tableOid: 0, columnAttr: 0 }));

/** The result fields of a Delta statement kind, or undefined for any other kind. */
export function deltaResultFields(kind: string): Field[] | undefined {
  const columns = BY_KIND[kind];
  return columns === undefined ? undefined : fieldsOfColumns(columns);
}
