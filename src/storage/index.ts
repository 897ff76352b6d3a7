/** The storage layer's face: Delta tables of Parquet files over object stores. */
export type { ColumnSchema, CommitOperation, DataFile, FileStats, ScanRequest, TableSnapshot, TableStorage } from './contract.ts';
export { createTableStorage, DeltaTableStorage, type DeltaTableStorageOptions } from './table-storage.ts';
export { objectStoreFor, LocalObjectStore, type ByteRange, type ObjectMeta, type ObjectStore } from './object-store/index.ts';
export { sqlTypeToDelta, deltaToSqlType } from './schema/delta-type.ts';
export { schemaToSchemaString, parseSchemaString } from './schema/schema-string.ts';
export { DeltaSnapshot, type DeltaDataFile } from './delta/snapshot.ts';
