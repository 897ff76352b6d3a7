/**
 * The storage layer's face: Delta Lake tables (delta/) of zstd Parquet files (parquet/) over object stores
 * (object-store/), with one SQL ↔ Delta ↔ Arrow type mapping (schema/).
 */
export type { ColumnSchema, CommitOperation, DataFile, FileStats, ScanRequest, TableChange, TableSnapshot, TableStorage } from './contract.ts';
export type { ChangeFeed, ChangePoint, ChangesRequest, WriteFilesOptions } from './contract.ts';
export type {
  HistoryEntry, OptimizeMetrics, OptimizeRequest, OptimizeResult, RestorePlan, TableDetail, VacuumRequest, VacuumResult,
} from './contract.ts';
export { deletedFileRetentionMs, parseByteSize, parseDuration } from './maintenance/retention.ts';
export { createTableStorage, DeltaTableStorage, type DeltaTableStorageOptions } from './table-storage.ts';
export {
  objectStoreFor, joinLocation, locationInUse, locationScheme, LocalObjectStore, S3ObjectStore,
  type ByteRange, type ObjectMeta, type ObjectStore,
} from './object-store/index.ts';
export { sqlTypeToDelta, deltaToSqlType } from './schema/delta-type.ts';
export { schemaToSchemaString, parseSchemaString } from './schema/schema-string.ts';
export {
  CONSTRAINT_PREFIX, isConstraintKey, GENERATION_EXPRESSION, IDENTITY_START, IDENTITY_STEP, IDENTITY_HIGH_WATER_MARK,
  IDENTITY_ALLOW_EXPLICIT_INSERT, INVARIANTS,
} from './delta/protocol.ts';
export { encodeInterval, decodeInterval } from './schema/value-codec.ts';
export { DeltaSnapshot, type DeltaDataFile } from './delta/snapshot.ts';
export { changeDataFeedEnabled, ENABLE_CHANGE_DATA_FEED } from './delta/change-feed.ts';
export type { ChangeType } from './delta/change-data-files.ts';
export { ParquetWriter, readParquet, arrowTypeOf, type ParquetReadColumn, type ParquetReadOptions } from './parquet/index.ts';
export { columnMappingMode, mapColumns, physicalName, COLUMN_ID, COLUMN_MAPPING_MODE, PHYSICAL_NAME } from './schema/column-mapping.ts';
export { openFile, resolveFiles, type FileSet } from './files/file-set.ts';
export { openParquet, parquetColumns, parquetFileSet, type ParquetFileSet } from './files/parquet-files.ts';
export { appendPartitioned, SpillFile, TempSpace } from './spill/spill-file.ts';
export { spillable } from './spill/batch-codec.ts';
