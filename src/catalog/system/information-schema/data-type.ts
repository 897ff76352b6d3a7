/**
 * How information_schema describes a column's type (the SQL standard's view): data_type without modifiers
 * ('ARRAY' for arrays), lengths, numeric precision and radix, datetime precision and the underlying pg_type
 * name, as PostgreSQL 15's information_schema computes them.
 */
import { charLength, formatType, isArrayType, numericPrecision, numericScale, sqlType, TYPES, type SqlType } from '../../../common/index.ts';

/** Bytes per character at most in UTF-8, which character_octet_length multiplies by. */
const MAX_CHAR_BYTES = 4;

export function typeColumns(t: SqlType, database: string): Record<string, unknown> {
  const id = t.id;
  const out: Record<string, unknown> = {
    data_type: isArrayType(t) ? 'ARRAY' : formatType(sqlType(id)),
    udt_catalog: database, udt_schema: 'pg_catalog', udt_name: TYPES[id].pgName,
  };
  if (id === 'varchar' || id === 'bpchar') {
    if (t.typmod >= 0) {
      out.character_maximum_length = charLength(t.typmod);
      out.character_octet_length = charLength(t.typmod) * MAX_CHAR_BYTES;
    } else out.character_octet_length = 1073741824;
  } else if (id === 'text') out.character_octet_length = 1073741824;
  const bits: Partial<Record<string, number>> = { int2: 16, int4: 32, int8: 64, float4: 24, float8: 53 };
  if (bits[id] !== undefined) {
    out.numeric_precision = bits[id];
    out.numeric_precision_radix = 2;
    if (id.startsWith('int')) out.numeric_scale = 0;
  } else if (id === 'numeric') {
    out.numeric_precision_radix = 10;
    if (t.typmod >= 0) {
      out.numeric_precision = numericPrecision(t.typmod);
      out.numeric_scale = numericScale(t.typmod);
    }
  }
  if (id === 'date') out.datetime_precision = 0;
  else if (id === 'time' || id === 'timestamp' || id === 'timestamptz' || id === 'interval') out.datetime_precision = t.typmod >= 0 ? t.typmod : 6;
  return out;
}
