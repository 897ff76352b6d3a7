/**
 * The SQL type a column of a plain Parquet file (read_parquet, COPY … FORMAT parquet) is read as, from its
 * Arrow type: the inverse of parquet/arrow-schema.ts for what Basin writes, widened to what other writers put
 * in files (unsigned and narrow integers, Date64, timestamps of any unit, large and dictionary strings). The
 * values are then read by parquet/from-arrow.ts, which accepts exactly these layouts.
 */
import * as arrow from 'apache-arrow';
import { numericTypmod, SqlError, SqlState, sqlType, T, type SqlType } from '../../common/index.ts';

const Type = arrow.Type;

function sqlTypeOf(t: arrow.DataType): SqlType | undefined {
  switch (t.typeId) {
    case Type.Null: return T.text;
    case Type.Bool: return T.bool;
    case Type.Int: {
      const it = t as arrow.Int;
      const bits = it.bitWidth + (it.isSigned ? 0 : 1); // an unsigned type needs the next signed width
      return bits <= 16 ? T.int2 : bits <= 32 ? T.int4 : T.int8; // uint64 is range-checked as it is read
    }
    case Type.Float: {
      const p = (t as arrow.Float).precision;
      return p === arrow.Precision.SINGLE ? T.float4 : p === arrow.Precision.DOUBLE ? T.float8 : undefined;
    }
    case Type.Decimal: {
      const d = t as arrow.Decimal;
      return d.bitWidth === 128 && d.precision <= 38 && d.scale >= 0 ? sqlType('numeric', numericTypmod(d.precision, d.scale)) : undefined;
    }
    case Type.Utf8: case Type.LargeUtf8: return T.text;
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary: return T.bytea;
    case Type.Date: return T.date;
    case Type.Timestamp: return (t as arrow.Timestamp).timezone ? T.timestamptz : T.timestamp;
    case Type.Dictionary: return sqlTypeOf((t as arrow.Dictionary).dictionary);
    default: return undefined;
  }
}

/** The SQL type of a file's column; 0A000 naming the column and its type when Basin cannot read it. */
export function sqlTypeOfArrowField(field: arrow.Field, file: string): SqlType {
  const t = sqlTypeOf(field.type);
  if (t === undefined) {
    throw new SqlError(SqlState.featureNotSupported,
      `column "${field.name}" of Parquet file "${file}" has type ${String(field.type)}, which Basin cannot read yet`);
  }
  return t;
}
