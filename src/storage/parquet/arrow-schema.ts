/**
 * The Arrow type Basin writes for a column, derived from its Delta type (schema/delta-type.ts), and the
 * "storage kind" that says how the column's JS values become Arrow buffers and back.
 */
import * as arrow from 'apache-arrow';
import { isArrayType, type SqlType } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { decimalOf, sqlTypeToDelta } from '../schema/delta-type.ts';

/**
 * How a column is laid out in Arrow: 'i64' covers int8/time/oid (Int64) and timestamps (Timestamp µs); int8
 * columns are BigInt64Arrays (handed to Arrow as they are), time/oid/timestamps JS numbers in a Float64Array;
 * 'text' columns hold JS strings, 'encoded' columns hold values (Decimal, Interval) written as text.
 */
export type StorageKind = 'bool' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 'date' | 'decimal' | 'text' | 'encoded' | 'binary';

export function storageKind(t: SqlType): StorageKind {
  const delta = sqlTypeToDelta(t).type;
  switch (delta) {
    case 'boolean': return 'bool';
    case 'short': return 'i16';
    case 'integer': return 'i32';
    case 'long': case 'timestamp': case 'timestamp_ntz': return 'i64';
    case 'float': return 'f32';
    case 'double': return 'f64';
    case 'date': return 'date';
    case 'binary': return 'binary';
    case 'string': return t.id === 'numeric' || t.id === 'interval' || isArrayType(t) ? 'encoded' : 'text';
    default: return 'decimal';
  }
}

export function arrowTypeOf(t: SqlType): arrow.DataType {
  const delta = sqlTypeToDelta(t).type;
  switch (delta) {
    case 'boolean': return new arrow.Bool();
    case 'short': return new arrow.Int16();
    case 'integer': return new arrow.Int32();
    case 'long': return new arrow.Int64();
    case 'float': return new arrow.Float32();
    case 'double': return new arrow.Float64();
    case 'date': return new arrow.DateDay();
    case 'timestamp': return new arrow.TimestampMicrosecond('UTC');
    case 'timestamp_ntz': return new arrow.TimestampMicrosecond();
    case 'binary': return new arrow.Binary();
    case 'string': return new arrow.Utf8();
  }
  const dec = decimalOf(t)!;
  return new arrow.Decimal(dec.scale, dec.precision, 128);
}

export function arrowSchemaOf(columns: readonly ColumnSchema[]): arrow.Schema {
  return new arrow.Schema(columns.map((c) => new arrow.Field(c.name, arrowTypeOf(c.type), c.nullable)));
}
