/**
 * The storage layer's face: Delta Lake tables (delta/) of zstd Parquet files (parquet/) over object stores
 * (object-store/), with one SQL ↔ Delta ↔ Arrow type mapping (schema/).
 */
export type { ColumnSchema, CommitOperation, DataFile, FileStats, ScanRequest, TableSnapshot, TableStorage } from './contract.ts';
export { createTableStorage, DeltaTableStorage, type DeltaTableStorageOptions } from './table-storage.ts';
export { objectStoreFor, LocalObjectStore, type ByteRange, type ObjectMeta, type ObjectStore } from './object-store/index.ts';
export { sqlTypeToDelta, deltaToSqlType } from './schema/delta-type.ts';
export { schemaToSchemaString, parseSchemaString } from './schema/schema-string.ts';
export { encodeInterval, decodeInterval } from './schema/value-codec.ts';
export { DeltaSnapshot, type DeltaDataFile } from './delta/snapshot.ts';
export { ParquetWriter, readParquet, arrowTypeOf, type ParquetReadColumn, type ParquetReadOptions } from './parquet/index.ts';
