export { ParquetWriter, DEFAULT_ROW_GROUP_ROWS, type ParquetWriterOptions, type WrittenParquet } from './writer.ts';
export { readParquet, type ParquetReadColumn, type ParquetReadOptions } from './reader.ts';
export { ColumnStats, compareCodePoints } from './column-stats.ts';
export { arrowSchemaOf, arrowTypeOf, storageKind, type StorageKind } from './arrow-schema.ts';
export { arrowToVector, nullMask, sharedStringBytes } from './from-arrow.ts';
export { vectorToArrow, batchToArrow } from './to-arrow.ts';
