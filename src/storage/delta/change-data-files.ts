/**
 * Change data files (PROTOCOL.md "Change Data Files"): Parquet files under `_change_data/` with the table's
 * columns (physical names, as in data files) plus `_change_type`, one of the change types below. Named like
 * Spark's (`cdc-00000-<uuid>.c000.zstd.parquet`).
 */
import { randomUUID } from 'node:crypto';
import { T } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';

export const CHANGE_DATA_DIR = '_change_data';
export const CHANGE_TYPE_COLUMN = '_change_type';

export type ChangeType = 'insert' | 'delete' | 'update_preimage' | 'update_postimage';

/** The `_change_type` column as written in change data files. */
export const CHANGE_TYPE_FIELD: ColumnSchema = Object.freeze({ name: CHANGE_TYPE_COLUMN, type: T.text, nullable: false });

/** A new change data file's path, relative to the table root. */
export const changeDataPath = (n: number): string => `${CHANGE_DATA_DIR}/cdc-${String(n).padStart(5, '0')}-${randomUUID()}.c000.zstd.parquet`;
