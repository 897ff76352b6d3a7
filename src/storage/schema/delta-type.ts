/**
 * The single mapping between Basin's SQL types and Delta Lake schema types (PROTOCOL.md "Schema
 * Serialization Format"). The Arrow type of a column is derived from the Delta type (arrow-type.ts), so this
 * file decides how every SQL type is stored.
 *
 * | SQL                         | Delta type         | field metadata                                       |
 * | --------------------------- | ------------------ | ---------------------------------------------------- |
 * | bool                        | boolean            |                                                      |
 * | int2 / int4 / int8          | short/integer/long |                                                      |
 * | float4 / float8             | float / double     |                                                      |
 * | numeric(p,s), 0≤s≤p≤38      | decimal(p,s)       |                                                      |
 * | numeric (other typmods)     | string             | basin.type=numeric (+ basin.typmod)                  |
 * | text                        | string             |                                                      |
 * | varchar(n) / bpchar(n)      | string             | __CHAR_VARCHAR_TYPE_STRING=varchar(n) / char(n)      |
 * | date                        | date               |                                                      |
 * | timestamptz                 | timestamp          |                                                      |
 * | timestamp                   | timestamp_ntz      | (needs the timestampNtz table feature)               |
 * | interval                    | string             | basin.type=interval (ISO 8601 text, see value-codec) |
 * | time / oid                  | long               | basin.type=time (µs since midnight) / oid            |
 * | bytea                       | binary             |                                                      |
 * | json/jsonb/uuid/name/"char" | string             | basin.type=<id>                                      |
 * | arrays (int4[], text[], …)  | string             | basin.type=_<elem> (PostgreSQL's array text form)    |
 *
 * A typmod the Delta type cannot express (timestamp(3), unbounded varchar's -1 aside) is kept in
 * `basin.typmod`. Other engines see plain Delta types and ignore the basin.* keys.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import {
  charLength, formatType, isArrayType, typeIdByName, numericPrecision, numericScale, numericTypmod, sqlType, type SqlType, type TypeId,
} from '../../common/index.ts';

/** Field metadata keys. */
export const BASIN_TYPE = 'basin.type';
export const BASIN_TYPMOD = 'basin.typmod';
export const SPARK_CHAR_VARCHAR = '__CHAR_VARCHAR_TYPE_STRING';

/** A Delta primitive type name ('long', 'decimal(10,2)', ...). Nested types are objects; Basin has none yet. */
export type DeltaType = string | { readonly type: string; readonly [k: string]: unknown };

export interface DeltaTypeAndMetadata {
  readonly type: DeltaType;
  readonly metadata: Readonly<Record<string, unknown>>;
}

const MAX_DECIMAL_PRECISION = 38;

/** The Delta type and field metadata storing a SQL type. */
export function sqlTypeToDelta(t: SqlType): { type: string; metadata: Record<string, string> } {
  const tagged = (type: string, extra: Record<string, string> = {}): { type: string; metadata: Record<string, string> } => {
    const metadata: Record<string, string> = { [BASIN_TYPE]: t.id, ...extra };
    if (t.typmod !== -1) metadata[BASIN_TYPMOD] = String(t.typmod);
    return { type, metadata };
  };
  const plain = (type: string): { type: string; metadata: Record<string, string> } =>
    t.typmod === -1 ? { type, metadata: {} } : { type, metadata: { [BASIN_TYPMOD]: String(t.typmod) } };
  // Arrays are kept in PostgreSQL's text form (dimensions, bounds and NULLs exactly), tagged with their type.
  if (isArrayType(t)) return tagged('string');
  switch (t.id) {
    case 'bool': return plain('boolean');
    case 'int2': return plain('short');
    case 'int4': return plain('integer');
    case 'int8': return plain('long');
    case 'float4': return plain('float');
    case 'float8': return plain('double');
    case 'numeric': {
      if (t.typmod === -1) return tagged('string');
      const p = numericPrecision(t.typmod), s = numericScale(t.typmod);
      if (p >= 1 && p <= MAX_DECIMAL_PRECISION && s >= 0 && s <= p) return { type: `decimal(${p},${s})`, metadata: {} };
      return tagged('string');
    }
    case 'text': return plain('string');
    case 'varchar':
      return t.typmod === -1 ? { type: 'string', metadata: { [BASIN_TYPE]: 'varchar' } }
        : { type: 'string', metadata: { [SPARK_CHAR_VARCHAR]: `varchar(${charLength(t.typmod)})` } };
    case 'bpchar':
      return t.typmod === -1 ? { type: 'string', metadata: { [BASIN_TYPE]: 'bpchar' } }
        : { type: 'string', metadata: { [SPARK_CHAR_VARCHAR]: `char(${charLength(t.typmod)})` } };
    case 'date': return plain('date');
    case 'timestamptz': return plain('timestamp');
    case 'timestamp': return plain('timestamp_ntz');
    case 'time': case 'oid': return tagged('long');
    case 'bytea': return plain('binary');
    case 'interval': case 'json': case 'jsonb': case 'uuid': case 'name': case 'char': return tagged('string');
    case 'unknown': case 'void': case 'record': default:
      throw new SqlError(SqlState.featureNotSupported, `column type ${formatType(t)} cannot be stored in a table`);
  }
}

const TAGGABLE = new Set<TypeId>(['numeric', 'interval', 'json', 'jsonb', 'uuid', 'name', 'char', 'time', 'oid', 'varchar', 'bpchar']);

/** The SQL type of a Delta field (ours or another engine's). Unsupported Delta types raise 0A000. */
export function deltaToSqlType(field: DeltaTypeAndMetadata): SqlType {
  const md = field.metadata;
  const typmodText = md[BASIN_TYPMOD];
  const typmod = typeof typmodText === 'string' && /^-?\d+$/.test(typmodText) ? Number(typmodText) : -1;
  const tag = md[BASIN_TYPE];
  if (typeof field.type !== 'string') {
    throw new SqlError(SqlState.featureNotSupported, `Delta column type "${field.type.type}" is not supported yet`);
  }
  const type = field.type;
  if (typeof tag === 'string' && (TAGGABLE.has(tag as TypeId) || (tag.startsWith('_') && typeIdByName(tag) === tag))) {
    const expected = sqlTypeToDelta(sqlType(tag as TypeId, typmod)).type;
    if (expected === type) return sqlType(tag as TypeId, typmod);
  }
  switch (type) {
    case 'boolean': return sqlType('bool', typmod);
    case 'byte': case 'short': return sqlType('int2', typmod);
    case 'integer': return sqlType('int4', typmod);
    case 'long': return sqlType('int8', typmod);
    case 'float': return sqlType('float4', typmod);
    case 'double': return sqlType('float8', typmod);
    case 'date': return sqlType('date', typmod);
    case 'timestamp': return sqlType('timestamptz', typmod);
    case 'timestamp_ntz': return sqlType('timestamp', typmod);
    case 'binary': return sqlType('bytea', typmod);
    case 'string': {
      const cv = md[SPARK_CHAR_VARCHAR];
      const m = typeof cv === 'string' ? /^(varchar|char)\((\d+)\)$/i.exec(cv) : null;
      if (m !== null) return sqlType(m[1]!.toLowerCase() === 'char' ? 'bpchar' : 'varchar', Number(m[2]) + 4);
      return sqlType('text', typmod);
    }
  }
  const dec = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(type);
  if (dec !== null) return sqlType('numeric', numericTypmod(Number(dec[1]), Number(dec[2])));
  throw new SqlError(SqlState.featureNotSupported, `Delta column type "${type}" is not supported yet`);
}

/** Precision and scale when a SQL type is stored as a Delta decimal (Arrow Decimal128), else undefined. */
export function decimalOf(t: SqlType): { precision: number; scale: number } | undefined {
  const d = /^decimal\((\d+),(\d+)\)$/.exec(sqlTypeToDelta(t).type);
  return d === null ? undefined : { precision: Number(d[1]), scale: Number(d[2]) };
}
