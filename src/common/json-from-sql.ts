/**
 * SQL values as JSON, the way to_json/to_jsonb (datum_to_json, datum_to_jsonb) convert them: numbers stay
 * numbers, booleans become true/false, dates and timestamps take the ISO 8601 form JSON tools expect, arrays
 * become (nested) JSON arrays, json and jsonb are embedded, and everything else is its text output as a string.
 */
import { PgArray } from './array.ts';
import { civilFromDays, DATE_NEG_INFINITY, DATE_POS_INFINITY, formatTimeOfDay, USECS_PER_DAY, zoneOffset } from './datetime.ts';
import { Decimal } from './decimal.ts';
import { SqlError } from './errors.ts';
import { JsonRaw, type JsonValue } from './json.ts';
import { SqlState } from './sqlstate.ts';
import { formatFloat, textOut, type TextOptions } from './type-io.ts';
import { elementType, type SqlType } from './types.ts';

const VALID_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** "YYYY-MM-DD" (+ " BC") of a day number. */
function isoDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
const bc = (days: number): string => (civilFromDays(days).year > 0 ? '' : ' BC');

/** EncodeDateTime with USE_XSD_DATES: 2020-01-01T10:00:00[.ffffff], an offset as +HH:MM[:SS] when zoned. */
function isoTimestamp(us: number, offsetSec: number | undefined): string {
  if (!Number.isFinite(us)) return us > 0 ? 'infinity' : '-infinity';
  const local = us + (offsetSec ?? 0) * 1_000_000;
  const days = Math.floor(local / USECS_PER_DAY);
  let s = `${isoDate(days)}T${formatTimeOfDay(local - days * USECS_PER_DAY)}`;
  if (offsetSec !== undefined) {
    const a = Math.abs(offsetSec);
    s += `${offsetSec < 0 ? '-' : '+'}${pad(Math.floor(a / 3600), 2)}:${pad(Math.floor(a / 60) % 60, 2)}`;
    if (a % 60 !== 0) s += `:${pad(a % 60, 2)}`;
  }
  return s + bc(days);
}

/** A date as JSON: "2020-01-01", "infinity". */
function isoDateValue(days: number): string {
  if (days === DATE_POS_INFINITY) return 'infinity';
  if (days === DATE_NEG_INFINITY) return '-infinity';
  return isoDate(days) + bc(days);
}

/** Nest a PgArray's flat items by its dimensions. */
function nest(a: PgArray, convert: (x: unknown) => JsonValue): JsonValue[] {
  if (a.ndims === 0) return [];
  let k = 0;
  const level = (d: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (let i = 0; i < a.dims[d]!; i++) out.push(d === a.ndims - 1 ? convert(a.items[k++]) : level(d + 1));
    return out;
  };
  return level(0);
}

/**
 * A SQL value of `type` as JSON. Float output that is not a JSON number (NaN, Infinity) and numeric NaN and
 * infinities become strings; a float's text is kept as written by its output function (JsonRaw), so to_json
 * prints `1e+20` and to_jsonb reads it as the number 100000000000000000000.
 */
export function sqlToJson(value: unknown, type: SqlType, opts: TextOptions): JsonValue {
  if (value === null || value === undefined) return null;
  const elem = elementType(type);
  if (elem !== undefined) return nest(value as PgArray, (x) => sqlToJson(x, elem, opts));
  switch (type.id) {
    case 'bool': return value === true || value === 1;
    case 'int2': case 'int4': return Decimal.fromInt(value as number);
    case 'int8': return Decimal.fromInt(value as bigint);
    case 'numeric': {
      const d = value as Decimal;
      return d.isFinite() ? d : d.toString();
    }
    case 'float4': case 'float8': {
      const s = formatFloat(value as number, type.id === 'float4', opts.extraFloatDigits);
      return VALID_NUMBER.test(s) ? new JsonRaw(s) : s;
    }
    case 'json': case 'jsonb': return new JsonRaw(value as string);
    case 'date': return isoDateValue(value as number);
    case 'timestamp': return isoTimestamp(value as number, undefined);
    case 'timestamptz': {
      const us = value as number;
      return isoTimestamp(us, Number.isFinite(us) ? zoneOffset(opts.timeZone, us) : 0);
    }
    default: return textOut(type, value, opts);
  }
}

/**
 * An object key made from a SQL value (json_build_object, jsonb_build_object): the scalar's JSON form as text.
 * Arrays, records and json values are refused as PostgreSQL refuses them.
 */
export function sqlToJsonKey(value: unknown, type: SqlType, opts: TextOptions): string {
  if (elementType(type) !== undefined || type.id === 'json' || type.id === 'jsonb' || type.id === 'record') {
    throw new SqlError(SqlState.invalidParameterValue, 'key value must be scalar, not array, composite, or json');
  }
  const v = sqlToJson(value, type, opts);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof JsonRaw) return v.text;
  return (v as Decimal).toString();
}
