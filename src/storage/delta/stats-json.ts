/**
 * Delta per-file statistics: the JSON string in an `add` action's `stats`
 * (`{"numRecords","minValues","maxValues","nullCount"}`, keyed by column name) ↔ Basin's FileStats.
 *
 * Written the way Spark writes them, so other engines can skip files with them:
 *  - strings: min is a prefix of 32 code points; max is the 32-code-point prefix with its last usable code
 *    point incremented (still ≥ every value), or omitted when no such bound exists;
 *  - timestamps: ISO 8601 with milliseconds, truncated (as Spark does); when decoding, a max with at most
 *    millisecond precision gets 999 µs added so it stays an upper bound;
 *  - dates 'YYYY-MM-DD' (years 1–9999, else omitted); decimals and bigints as exact JSON numbers (read back
 *    losslessly, bigints as bigint); NaN/±Infinity omitted.
 * Types without a useful order in other engines (bool, binary, interval, json, numeric stored as text) get
 * only null counts. Basin adds `basinDistinctCounts`, exact counts of distinct values for the columns that
 * have at most DISTINCT_LIMIT in the file (a field other readers ignore). Decoding never throws: a value it
 * cannot read is dropped (no pruning on it).
 */
import { Decimal } from '../../common/index.ts';
import type { SqlType } from '../../common/index.ts';
import type { ColumnSchema, FileStats } from '../contract.ts';
import type { ColumnStats } from '../parquet/column-stats.ts';
import { storageKind } from '../parquet/arrow-schema.ts';
import { JsonNumber, parseLosslessJson, type LosslessJson } from './lossless-json.ts';
import { physicalName } from '../schema/column-mapping.ts';

export const STRING_PREFIX_LENGTH = 32;

type StatKind = 'int' | 'int8' | 'float' | 'date' | 'tstz' | 'ts' | 'decimal' | 'string' | 'none';

function statKind(t: SqlType): StatKind {
  switch (t.id) {
    case 'date': return 'date';
    case 'timestamptz': return 'tstz';
    case 'timestamp': return 'ts';
    case 'json': case 'jsonb': return 'none';
    case 'int8': return 'int8';
  }
  switch (storageKind(t)) {
    case 'i16': case 'i32': case 'i64': return 'int';
    case 'f32': case 'f64': return 'float';
    case 'decimal': return 'decimal';
    case 'text': return 'string';
    default: return 'none';
  }
}

// ---- strings ----

/** First `n` code points of `s`. */
function codePointPrefix(s: string, n: number): string {
  let units = 0, cps = 0;
  while (units < s.length && cps < n) {
    const c = s.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < s.length ? 2 : 1;
    cps++;
  }
  return s.slice(0, units);
}

/** A string of at most `n` code points that is greater than every string starting with `s`, if one exists. */
function truncateUp(s: string, n: number): string | undefined {
  const cps = Array.from(codePointPrefix(s, n));
  if (cps.join('') === s) return s;
  for (let i = cps.length - 1; i >= 0; i--) {
    const cp = cps[i]!.codePointAt(0)!;
    // Increment only within the BMP outside the surrogates, where code point and UTF-16 orders agree.
    if (cp < 0xd7ff || (cp >= 0xe000 && cp < 0xffff)) {
      return cps.slice(0, i).join('') + String.fromCodePoint(cp + 1);
    }
  }
  return undefined;
}

// ---- dates and timestamps ----

const pad = (x: number, w: number): string => String(x).padStart(w, '0');

function encodeDate(days: number): string | undefined {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  if (!(y >= 1 && y <= 9999)) return undefined;
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function encodeTimestamp(micros: number, utc: boolean): string | undefined {
  const ms = Math.floor(micros / 1000);
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!(y >= 1 && y <= 9999)) return undefined;
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:`
    + `${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}${utc ? 'Z' : ''}`;
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d(?::?\d\d)?)?$/;

function decodeDate(s: string): number | undefined {
  const m = DATE.exec(s);
  return m === null ? undefined : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / 86_400_000;
}

/** µs since the epoch; `upper` widens a value of millisecond precision or less to its last microsecond. */
function decodeTimestamp(s: string, upper: boolean): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (m === null) return undefined;
  const frac = m[7] ?? '';
  let micros = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) * 1000 + Number(frac.slice(0, 6).padEnd(6, '0'));
  if (upper && frac.length <= 3) micros += 999;
  const tz = m[8];
  if (tz !== undefined && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    micros -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60) * 1_000_000;
  }
  return micros;
}

// ---- bigints ----

const INTEGER = /^-?\d+$/;

/** An int8 stat, exactly; a non-integral number (no writer should produce one) is dropped. */
function decodeInt8(text: string): bigint | undefined {
  if (INTEGER.test(text)) return BigInt(text);
  try {
    const d = Decimal.parse(text);
    return d.isInteger() ? d.truncToBigInt() : undefined;
  } catch {
    return undefined;
  }
}

// ---- encode ----

/** A raw JSON value of one min/max stat, or undefined when it cannot (or should not) be written. */
function encodeValue(kind: StatKind, v: unknown, isMax: boolean): string | undefined {
  if (v === undefined || v === null) return undefined;
  switch (kind) {
    case 'int': case 'float': return Number.isFinite(v as number) ? String(v) : undefined;
    case 'int8': return typeof v === 'bigint' ? v.toString() : undefined;
    case 'decimal': return (v as Decimal).isFinite() ? (v as Decimal).toString() : undefined;
    case 'date': { const s = encodeDate(v as number); return s === undefined ? undefined : JSON.stringify(s); }
    case 'tstz': case 'ts': {
      const s = encodeTimestamp(v as number, kind === 'tstz');
      return s === undefined ? undefined : JSON.stringify(s);
    }
    case 'string': {
      const s = isMax ? truncateUp(v as string, STRING_PREFIX_LENGTH) : codePointPrefix(v as string, STRING_PREFIX_LENGTH);
      return s === undefined ? undefined : JSON.stringify(s);
    }
    case 'none': return undefined;
  }
}

/** The `stats` string of an add action (keyed by physical column names; FileStats by logical ones). */
export function encodeStats(stats: FileStats, columns: readonly ColumnSchema[]): string {
  const mins: string[] = [], maxs: string[] = [], nulls: string[] = [], distinct: string[] = [];
  for (const c of columns) {
    const kind = statKind(c.type);
    const key = JSON.stringify(physicalName(c));
    const lo = encodeValue(kind, stats.minValues[c.name], false);
    const hi = encodeValue(kind, stats.maxValues[c.name], true);
    if (lo !== undefined) mins.push(`${key}:${lo}`);
    if (hi !== undefined) maxs.push(`${key}:${hi}`);
    const nc = stats.nullCount[c.name];
    if (nc !== undefined) nulls.push(`${key}:${nc}`);
    const dc = stats.distinctCount?.[c.name];
    if (dc !== undefined) distinct.push(`${key}:${dc}`);
  }
  const counts = distinct.length === 0 ? '' : `,"basinDistinctCounts":{${distinct.join(',')}}`;
  return `{"numRecords":${stats.numRecords},"minValues":{${mins.join(',')}},"maxValues":{${maxs.join(',')}},"nullCount":{${nulls.join(',')}}${counts}}`;
}

// ---- decode ----

function decodeValue(kind: StatKind, v: LosslessJson | undefined, isMax: boolean): unknown {
  if (v === undefined || v === null) return undefined;
  switch (kind) {
    case 'int': case 'float': return v instanceof JsonNumber ? Number(v.text) : undefined;
    case 'int8': return v instanceof JsonNumber ? decodeInt8(v.text) : undefined;
    case 'decimal':
      if (v instanceof JsonNumber || typeof v === 'string') {
        try { return Decimal.parse(v instanceof JsonNumber ? v.text : v); } catch { return undefined; }
      }
      return undefined;
    case 'date': return typeof v === 'string' ? decodeDate(v) : undefined;
    case 'tstz': case 'ts': return typeof v === 'string' ? decodeTimestamp(v, isMax) : undefined;
    case 'string': return typeof v === 'string' ? v : undefined;
    case 'none': return undefined;
  }
}

/** FileStats from an add action's `stats` string; undefined if it is missing or unreadable. */
export function decodeStats(text: string | undefined | null, columns: readonly ColumnSchema[]): FileStats | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  let parsed: LosslessJson;
  try {
    parsed = parseLosslessJson(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || parsed instanceof JsonNumber) return undefined;
  const numRecords = parsed.numRecords;
  if (!(numRecords instanceof JsonNumber)) return undefined;
  const obj = (x: LosslessJson | undefined): Record<string, LosslessJson> =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof JsonNumber) ? x : {};
  const mins = obj(parsed.minValues), maxs = obj(parsed.maxValues), nulls = obj(parsed.nullCount);
  const counts = obj(parsed.basinDistinctCounts);
  const minValues: Record<string, unknown> = {}, maxValues: Record<string, unknown> = {}, nullCount: Record<string, number> = {};
  const distinctCount: Record<string, number> = {};
  let anyCount = false;
  for (const c of columns) {
    const kind = statKind(c.type);
    const key = physicalName(c);
    const lo = decodeValue(kind, mins[key], false);
    const hi = decodeValue(kind, maxs[key], true);
    if (lo !== undefined) minValues[c.name] = lo;
    if (hi !== undefined) maxValues[c.name] = hi;
    const nc = nulls[key];
    if (nc instanceof JsonNumber) nullCount[c.name] = Number(nc.text);
    const dc = counts[key];
    if (dc instanceof JsonNumber) { distinctCount[c.name] = Number(dc.text); anyCount = true; }
  }
  return { numRecords: Number(numRecords.text), minValues, maxValues, nullCount, ...(anyCount ? { distinctCount } : {}) };
}

/** FileStats of a freshly written file, already in the form the log will give back (truncated, rounded). */
export function fileStatsOf(numRecords: number, columns: readonly ColumnSchema[], stats: readonly ColumnStats[]): FileStats {
  const minValues: Record<string, unknown> = {}, maxValues: Record<string, unknown> = {}, nullCount: Record<string, number> = {};
  const distinctCount: Record<string, number> = {};
  columns.forEach((c, i) => {
    const s = stats[i]!;
    nullCount[c.name] = s.nullCount;
    if (s.distinctCount !== undefined) distinctCount[c.name] = s.distinctCount;
    if (!s.unordered && s.min !== undefined) {
      minValues[c.name] = s.min;
      maxValues[c.name] = s.max;
    }
  });
  return decodeStats(encodeStats({ numRecords, minValues, maxValues, nullCount, distinctCount }, columns), columns)!;
}
