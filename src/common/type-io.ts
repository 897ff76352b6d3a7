import {
  formatDate, formatInterval, formatTimeOfDay, formatTimestamp, formatTimestamptz, parseDate, parseInterval,
  parseTime, parseTimestamp, DATE_NEG_INFINITY, DATE_POS_INFINITY, type DateTimeContext,
} from './datetime.ts';
import { Decimal } from './decimal.ts';
import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';
import { arrayIn, arrayOut, arrayRecv, arraySend, type PgArray } from './array.ts';
import { normalizeJsonb, validateJson } from './json.ts';
import { vectorIn, vectorOut, vectorRecv } from './vector-type-io.ts';
import {
  charLength, elementType, isVectorType, numericPrecision, numericScale, TYPES, type Interval, type RegTypeId, type SqlType, type TypeId,
} from './types.ts';

/**
 * PostgreSQL's type input/output functions for every TypeId: text (typinput/typoutput, byte-identical to
 * PostgreSQL 15 with DateStyle ISO and IntervalStyle postgres) and binary (typsend/typreceive).
 * Values are in the representation types.ts describes.
 */
export interface TextOptions {
  readonly timeZone: string;
  readonly extraFloatDigits: number;
  readonly dateOrder: 'MDY' | 'DMY' | 'YMD';
  /** The reg* types' I/O, which reads the catalog; without it they read and print as bare OIDs. */
  readonly reg?: RegIO;
}

/**
 * regclassin/regclassout and friends: a session supplies them from the catalog its statement sees. `oid`
 * reads a name (throwing PostgreSQL's error when it names nothing); `name` prints an OID (the number when it
 * names nothing, '-' for 0).
 */
export interface RegIO {
  oid(type: RegTypeId, text: string): number;
  name(type: RegTypeId, oid: number): string;
}

/** A reg* value's text without a catalog: '-' for 0, else the number. */
const bareRegOut = (oid: number): string => (oid === 0 ? '-' : String(oid));

function regIn(type: RegTypeId, text: string, opts: TextOptions): number {
  if (/^\s*\d+\s*$/.test(text)) return parseOid(text);
  if (text.trim() === '-') return 0;
  if (opts.reg === undefined) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${type}: "${text}"`);
  return opts.reg.oid(type, text);
}

export const DEFAULT_TEXT_OPTIONS: TextOptions = Object.freeze({ timeZone: 'UTC', extraFloatDigits: 1, dateOrder: 'MDY' });

/** The text options of a session, from its TimeZone, extra_float_digits and DateStyle settings. */
export function textOptionsFrom(setting: (name: string) => string | undefined): TextOptions {
  const efd = Number(setting('extra_float_digits') ?? '1');
  const ds = setting('DateStyle') ?? 'ISO, MDY';
  return {
    timeZone: setting('TimeZone') ?? 'UTC',
    extraFloatDigits: Number.isFinite(efd) ? efd : 1,
    dateOrder: /DMY/.test(ds) ? 'DMY' : /YMD/.test(ds) ? 'YMD' : 'MDY',
  };
}

// --- floats --------------------------------------------------------------------------------------------------

/** Digits "d1d2…" and decimal exponent of the first digit of x's shortest round-trip form. */
function shortest(x: number, single: boolean): [string, number] {
  let e: string;
  if (single) {
    e = x.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const t = x.toPrecision(p);
      if (Math.fround(Number(t)) === x) { e = Number(t).toExponential(); break; }
    }
  } else {
    e = x.toExponential();
  }
  const [m, ex] = e.split('e') as [string, string];
  return [m.replace('-', '').replace('.', ''), Number(ex)];
}

function expSuffix(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** float4out/float8out. */
export function formatFloat(x: number, single: boolean, extraFloatDigits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  if (extraFloatDigits > 0) {
    // Ryu's shortest digits, fixed notation for exponents -4 .. 14 (float4: .. 5) as PostgreSQL prints them
    const [d, exp] = shortest(x, single);
    if (exp >= -4 && exp < (single ? 6 : 15)) return sign + fixed(d, exp);
    return `${sign}${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}${expSuffix(exp)}`;
  }
  // %.{N}g
  const p = Math.max(1, (single ? 6 : 15) + extraFloatDigits);
  const [m, ex] = Math.abs(x).toExponential(p - 1).split('e') as [string, string];
  const exp = Number(ex);
  if (exp < -4 || exp >= p) {
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    return sign + mant + expSuffix(exp);
  }
  let f = Math.abs(x).toFixed(p - 1 - exp);
  if (f.includes('.')) f = f.replace(/0+$/, '').replace(/\.$/, '');
  return sign + f;
}

function fixed(d: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${d}`;
  if (d.length <= exp + 1) return d + '0'.repeat(exp + 1 - d.length);
  return `${d.slice(0, exp + 1)}.${d.slice(exp + 1)}`;
}

const FLOAT_SYNTAX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** float4in/float8in: strtod syntax, NaN/Infinity/inf, overflow and underflow to zero are 22003. */
export function parseFloat8(text: string, single = false): number {
  const typeName = single ? 'real' : 'double precision';
  if (!FLOAT_SYNTAX.test(text)) {
    const t = text.trim().toLowerCase();
    if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
    if (t === 'infinity' || t === '+infinity' || t === 'inf' || t === '+inf') return Infinity;
    if (t === '-infinity' || t === '-inf') return -Infinity;
    throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${typeName}: "${text}"`);
  }
  const d = Number(text.trim());
  const v = single ? Math.fround(d) : d;
  const nonzero = /[1-9]/.test(text.replace(/[eE].*$/, ''));
  if (!Number.isFinite(v) || (v === 0 && nonzero)) {
    throw new SqlError(SqlState.numericValueOutOfRange, `"${text}" is out of range for type ${typeName}`);
  }
  return v;
}

// --- integers ------------------------------------------------------------------------------------------------

const INT_SYNTAX = /^\s*([+-]?)(\d+)\s*$/;
const INT_RANGE: Record<'int2' | 'int4', [bigint, bigint, string]> = {
  int2: [-32768n, 32767n, 'smallint'],
  int4: [-2147483648n, 2147483647n, 'integer'],
};
const INT64_MIN = -9223372036854775808n, INT64_MAX = 9223372036854775807n;

/** int2in/int4in. */
export function parseInteger(text: string, type: 'int2' | 'int4'): number {
  const [lo, hi, name] = INT_RANGE[type];
  // Plain digits, the common case, without the general syntax.
  const n = text.length;
  if (n > 0 && n < 10) {
    let v = 0, i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n && (type === 'int4' || v <= 32767)) return v;
  }
  const m = INT_SYNTAX.exec(text);
  if (m === null) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${name}: "${text}"`);
  if (m[2]!.length < 10) {
    const n = Number(m[1]! + m[2]!);
    if (n >= Number(lo) && n <= Number(hi)) return n + 0;
  } else {
    const b = BigInt(m[1]! + m[2]!);
    if (b >= lo && b <= hi) return Number(b);
  }
  throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type ${name}`);
}

/** int8in: exact, as a bigint. */
export function parseInt8(text: string): bigint {
  const m = INT_SYNTAX.exec(text);
  if (m === null) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type bigint: "${text}"`);
  const b = BigInt(m[1]! + m[2]!);
  if (b >= INT64_MIN && b <= INT64_MAX) return b;
  throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type bigint`);
}

function parseOid(text: string): number {
  const m = INT_SYNTAX.exec(text);
  if (m === null) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type oid: "${text}"`);
  const n = Number(m[1]! + m[2]!);
  if (n > 4294967295 || n < -2147483648) {
    throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type oid`);
  }
  return n < 0 ? n + 4294967296 : n;
}

// --- bool, bytea, uuid, strings ------------------------------------------------------------------------------

/** boolin: any unambiguous prefix of true/false/yes/no, on/off (2+ letters), 1/0. */
export function parseBool(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t.length > 0) {
    if ('true'.startsWith(t) || 'yes'.startsWith(t) || t === '1' || (t.length >= 2 && 'on'.startsWith(t))) return true;
    if ('false'.startsWith(t) || 'no'.startsWith(t) || t === '0' || (t.length >= 2 && 'off'.startsWith(t))) return false;
  }
  throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type boolean: "${text}"`);
}

const HEX = '0123456789abcdef';
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function byteaOut(b: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return s;
}

/** byteain: '\x' hex (whitespace between pairs allowed) or the escape format (\\ and \ooo). */
export function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) {
    const out: number[] = [];
    let i = 2;
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
      const hi = hexDigit(c);
      if (i + 1 >= text.length) {
        throw new SqlError(SqlState.invalidParameterValue, 'invalid hexadecimal data: odd number of digits');
      }
      const lo = hexDigit(text[i + 1]!);
      out.push(hi * 16 + lo);
      i += 2;
    }
    return Uint8Array.from(out);
  }
  const bytes = utf8Encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x5c) { out.push(c); continue; }
    const a = bytes[i + 1], b = bytes[i + 2], d = bytes[i + 3];
    if (a === 0x5c) { out.push(0x5c); i++; continue; }
    if (a !== undefined && b !== undefined && d !== undefined && a >= 0x30 && a <= 0x33 && b >= 0x30 && b <= 0x37
      && d >= 0x30 && d <= 0x37) {
      out.push((a - 0x30) * 64 + (b - 0x30) * 8 + (d - 0x30));
      i += 3;
      continue;
    }
    throw new SqlError(SqlState.invalidTextRepresentation, 'invalid input syntax for type bytea');
  }
  return Uint8Array.from(out);
}

function hexDigit(c: string): number {
  const v = HEX.indexOf(c.toLowerCase());
  if (v < 0) throw new SqlError(SqlState.invalidParameterValue, `invalid hexadecimal digit: "${c}"`);
  return v;
}

/** uuid_in: 32 hex digits, optional braces, a hyphen allowed after any group of four. */
export function parseUuid(text: string): string {
  const bad = (): never => {
    throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type uuid: "${text}"`);
  };
  let s = text;
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) bad();
    s = s.slice(1, -1);
  }
  let hex = '';
  for (let i = 0; i < s.length;) {
    const group = s.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(group)) bad();
    hex += group;
    i += 4;
    if (s[i] === '-' && hex.length < 32 && i + 1 < s.length) i++;
  }
  if (hex.length !== 32) bad();
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Length in characters (code points), as PostgreSQL counts them for varchar(n)/char(n). */
export function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) { n--; i++; }
  }
  return n;
}
/** The first n characters (code points) of s. */
export function charPrefix(s: string, n: number): string {
  if (s.length <= n) return s;
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return s.slice(0, i);
}

/**
 * Length coercion for varchar(n)/bpchar(n) as their input functions and assignment casts do it: too long
 * raises 22001 unless only spaces are cut; `explicit` (a cast) cuts silently. bpchar pads with spaces.
 */
export function applyCharTypmod(s: string, type: SqlType, explicit: boolean): string {
  if (type.typmod < 0) return s;
  const n = charLength(type.typmod);
  const len = charCount(s);
  if (len > n) {
    const head = charPrefix(s, n);
    if (!explicit && !/^ *$/.test(s.slice(head.length))) {
      const name = type.id === 'varchar' ? 'character varying' : 'character';
      throw new SqlError(SqlState.stringDataRightTruncation, `value too long for type ${name}(${n})`);
    }
    return head;
  }
  return type.id === 'bpchar' && len < n ? s + ' '.repeat(n - len) : s;
}

/** name: at most 63 bytes (NAMEDATALEN - 1), cut at a character boundary. */
function truncateName(s: string): string {
  if (s.length <= 21) return s;
  const b = utf8Encoder.encode(s);
  if (b.length <= 63) return s;
  let end = 63;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(b.subarray(0, end));
}

/** AdjustTimestampForTypmod / AdjustTimeForTypmod: round µs to `precision` fractional digits. */
export function roundMicros(us: number, precision: number): number {
  if (precision < 0 || precision >= 6 || !Number.isFinite(us)) return us;
  const scale = 10 ** (6 - precision);
  const r = Math.floor((Math.abs(us) + scale / 2) / scale) * scale;
  return us < 0 ? -r : r;
}

// --- text ----------------------------------------------------------------------------------------------------

const ctxOf = (o: TextOptions): DateTimeContext => ({ timeZone: o.timeZone, dateOrder: o.dateOrder });

/** typoutput: the text PostgreSQL would send for `value` (not null). */
export function textOut(type: SqlType, value: unknown, opts: TextOptions): string {
  const elem = elementType(type);
  if (elem !== undefined) {
    const out = (x: unknown) => textOut(elem, x, opts);
    return isVectorType(type) ? vectorOut(value as PgArray, out) : arrayOut(value as PgArray, out);
  }
  switch (type.id) {
    case 'bool': return value === true || value === 1 ? 't' : 'f';
    case 'int2': case 'int4': case 'oid': return String(value as number);
    case 'int8': return (value as bigint).toString();
    case 'float4': return formatFloat(value as number, true, opts.extraFloatDigits);
    case 'float8': return formatFloat(value as number, false, opts.extraFloatDigits);
    case 'numeric': return (value as Decimal).toString();
    case 'text': case 'varchar': case 'bpchar': case 'name': case 'char': case 'unknown': case 'json': case 'uuid':
      return value as string;
    case 'jsonb': return value as string;
    case 'date': return formatDate(value as number);
    case 'time': return formatTimeOfDay(value as number);
    case 'timestamp': return formatTimestamp(value as number);
    case 'timestamptz': return formatTimestamptz(value as number, opts.timeZone);
    case 'interval': return formatInterval(value as Interval);
    case 'bytea': return byteaOut(value as Uint8Array);
    case 'void': return '';
    case 'record': return Array.isArray(value) ? recordOut(value, opts) : String(value);
    case 'regproc': case 'regprocedure': case 'regoper': case 'regoperator': case 'regclass': case 'regtype':
    case 'regrole': case 'regnamespace': case 'regconfig':
      return opts.reg === undefined ? bareRegOut(value as number) : opts.reg.name(type.id, value as number);
    default: throw new SqlError(SqlState.internalError, `no output function for type ${type.id}`);
  }
}

/** record_out for a row of JS values: (a,b,"c d",) — types are inferred from the JS values. */
function recordOut(items: readonly unknown[], opts: TextOptions): string {
  return recordText(items.map((x) => {
    if (x === null || x === undefined) return null;
    return typeof x === 'boolean' ? (x ? 't' : 'f')
      : typeof x === 'number' ? formatFloat(x, false, opts.extraFloatDigits)
        : x instanceof Decimal ? x.toString() : x instanceof Uint8Array ? byteaOut(x) : String(x);
  }));
}

/** record_out's text from the fields' output texts (null for NULL): quoted where they need it. */
export function recordText(fields: readonly (string | null)[]): string {
  const parts = fields.map((s) => (s === null ? '' : s === '' || /[",\\()\s]/.test(s) ? `"${s.replace(/(["\\])/g, '$1$1')}"` : s));
  return `(${parts.join(',')})`;
}

/** typinput with the type's modifier applied (numeric(p,s), varchar(n), bpchar(n), timestamp(p), time(p)). */
export function textIn(type: SqlType, text: string, opts: TextOptions): unknown {
  const elem = elementType(type);
  if (elem !== undefined) {
    const one = (s: string) => textIn(elem, s, opts);
    return isVectorType(type) ? vectorIn(text, one) : arrayIn(text, one);
  }
  switch (type.id) {
    case 'bool': return parseBool(text);
    case 'int2': case 'int4': return parseInteger(text, type.id);
    case 'int8': return parseInt8(text);
    case 'oid': return parseOid(text);
    case 'float4': return parseFloat8(text, true);
    case 'float8': return parseFloat8(text, false);
    case 'numeric': {
      const d = Decimal.parse(text);
      return type.typmod >= 4 ? d.applyTypmod(numericPrecision(type.typmod), numericScale(type.typmod)) : d;
    }
    case 'text': case 'unknown': return text;
    case 'varchar': case 'bpchar': return applyCharTypmod(text, type, false);
    case 'name': return truncateName(text);
    case 'char': return text.length === 0 ? '' : charPrefix(text, 1);
    case 'json': return validateJson(text);
    case 'jsonb': return normalizeJsonb(text);
    case 'uuid': return parseUuid(text);
    case 'bytea': return parseBytea(text);
    case 'date': return parseDate(text, ctxOf(opts));
    case 'time': return roundMicros(parseTime(text, ctxOf(opts)), type.typmod);
    case 'timestamp': return roundMicros(parseTimestamp(text, false, ctxOf(opts)), type.typmod);
    case 'timestamptz': return roundMicros(parseTimestamp(text, true, ctxOf(opts)), type.typmod);
    case 'interval': return parseInterval(text);
    case 'void': return null;
    case 'record':
      throw new SqlError(SqlState.featureNotSupported, 'input of anonymous composite types is not implemented');
    case 'regproc': case 'regprocedure': case 'regoper': case 'regoperator': case 'regclass': case 'regtype':
    case 'regrole': case 'regnamespace': case 'regconfig':
      return regIn(type.id, text, opts);
    default: throw new SqlError(SqlState.internalError, `no input function for type ${type.id}`);
  }
}

/**
 * textIn for one type, resolved once: for a column's values (COPY), without finding the type's input
 * function per value.
 */
export function textInFor(type: SqlType, opts: TextOptions): (text: string) => unknown {
  if (elementType(type) !== undefined) return (text) => textIn(type, text, opts);
  switch (type.id) {
    case 'int2': case 'int4': { const id = type.id; return (text) => parseInteger(text, id); }
    case 'text': return (text) => text;
    case 'varchar': case 'bpchar': return (text) => applyCharTypmod(text, type, false);
    case 'date': { const ctx = ctxOf(opts); return (text) => parseDate(text, ctx); }
    default: return (text) => textIn(type, text, opts);
  }
}

/** The scale of numeric(p, s) columns whose values COPY reads as scaled doubles (scaledNumeric), if it is one. */
export function scaledNumericScale(type: SqlType): number | undefined {
  if (type.id !== 'numeric' || type.typmod < 4 || type.scaled !== undefined) return undefined;
  const p = numericPrecision(type.typmod), s = numericScale(type.typmod);
  // Every value then is an integer below 10^15 < 2^53 once scaled.
  return p <= 15 && s >= 0 && s <= 9 ? s : undefined;
}

const POW10_NUMBER: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * numeric(p, s)'s text input as the scaled double (value × 10^s) of the Decimal that textIn gives, for the
 * types scaledNumericScale accepts: plain decimal texts directly (rounded half away from zero at s digits,
 * as numeric_in does), others through Decimal, with numeric_in's errors.
 */
export function scaledNumericIn(type: SqlType): (text: string) => number {
  const scale = scaledNumericScale(type)!;
  const precision = numericPrecision(type.typmod);
  const limit = POW10_NUMBER[precision]!, unit = POW10_NUMBER[scale]!;
  const slow = (text: string): number => {
    const d = Decimal.parse(text).applyTypmod(precision, scale);
    if (!d.isFinite()) {
      throw new SqlError(SqlState.featureNotSupported, `cannot store ${d.toString()} in a decimal(${precision},${scale}) column`);
    }
    return Number(d.scale === scale ? d.coef : d.round(scale).coef);
  };
  return (text) => {
    const n = text.length;
    let i = 0, neg = false;
    const c0 = text.charCodeAt(0);
    if (c0 === 45 || c0 === 43) { neg = c0 === 45; i = 1; }
    let int = 0, intDigits = 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      int = int * 10 + d;
      intDigits++;
    }
    let frac = 0, fracDigits = 0, up = false, anyFrac = false;
    if (i < n && text.charCodeAt(i) === 46) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        anyFrac = true;
        if (fracDigits < scale) { frac = frac * 10 + d; fracDigits++; } else if (fracDigits === scale) { up = d >= 5; fracDigits++; }
      }
    }
    // Anything else (spaces, exponents, NaN, too many digits for a double) goes the Decimal way.
    if (i !== n || (intDigits === 0 && !anyFrac) || intDigits > 15) return slow(text);
    const kept = Math.min(fracDigits, scale);
    let x = int * unit + frac * POW10_NUMBER[scale - kept]!;
    if (up) x++;
    if (x >= limit) return slow(text);
    return neg && x !== 0 ? -x : x;
  };
}

// --- binary --------------------------------------------------------------------------------------------------

const PG_EPOCH_DAYS = 10957; // 2000-01-01 − 1970-01-01
const PG_EPOCH_MICROS = 946_684_800_000_000n;

const fixedBuf = (n: number): [Uint8Array, DataView] => {
  const b = new Uint8Array(n);
  return [b, new DataView(b.buffer)];
};

/** typsend. */
export function binaryOut(type: SqlType, value: unknown): Uint8Array {
  const elem = elementType(type);
  if (elem !== undefined) return arraySend(value as PgArray, TYPES[elem.id].oid, (x) => binaryOut(elem, x));
  switch (type.id) {
    case 'bool': return Uint8Array.of(value === true || value === 1 ? 1 : 0);
    case 'int2': { const [b, v] = fixedBuf(2); v.setInt16(0, value as number); return b; }
    case 'int4': { const [b, v] = fixedBuf(4); v.setInt32(0, value as number); return b; }
    case 'oid': case 'regproc': case 'regprocedure': case 'regoper': case 'regoperator': case 'regclass': case 'regtype':
    case 'regrole': case 'regnamespace': case 'regconfig': { const [b, v] = fixedBuf(4); v.setUint32(0, value as number); return b; }
    case 'int8': { const [b, v] = fixedBuf(8); v.setBigInt64(0, value as bigint); return b; }
    case 'float4': { const [b, v] = fixedBuf(4); v.setFloat32(0, value as number); return b; }
    case 'float8': { const [b, v] = fixedBuf(8); v.setFloat64(0, value as number); return b; }
    case 'numeric': return numericSend(value as Decimal);
    case 'date': {
      const [b, v] = fixedBuf(4);
      const d = value as number;
      v.setInt32(0, d === DATE_NEG_INFINITY || d === DATE_POS_INFINITY ? d : d - PG_EPOCH_DAYS);
      return b;
    }
    case 'time': { const [b, v] = fixedBuf(8); v.setBigInt64(0, BigInt(value as number)); return b; }
    case 'timestamp': case 'timestamptz': {
      const [b, v] = fixedBuf(8);
      const us = value as number;
      v.setBigInt64(0, us === Infinity ? INT64_MAX : us === -Infinity ? INT64_MIN : BigInt(us) - PG_EPOCH_MICROS);
      return b;
    }
    case 'interval': {
      const iv = value as Interval;
      const [b, v] = fixedBuf(16);
      v.setBigInt64(0, BigInt(iv.micros));
      v.setInt32(8, iv.days);
      v.setInt32(12, iv.months);
      return b;
    }
    case 'bytea': return value as Uint8Array;
    case 'uuid': {
      const hex = (value as string).replace(/-/g, '');
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return b;
    }
    case 'jsonb': {
      const t = utf8Encoder.encode(value as string);
      const b = new Uint8Array(t.length + 1);
      b[0] = 1;
      b.set(t, 1);
      return b;
    }
    case 'char': return utf8Encoder.encode(value as string).subarray(0, 1);
    case 'text': case 'varchar': case 'bpchar': case 'name': case 'unknown': case 'json':
      return utf8Encoder.encode(value as string);
    case 'void': return new Uint8Array(0);
    case 'record':
      throw new SqlError(SqlState.featureNotSupported, 'binary output of type record is not supported');
    default: throw new SqlError(SqlState.internalError, `no send function for type ${type.id}`);
  }
}

const NUMERIC_POS = 0x0000, NUMERIC_NEG = 0x4000, NUMERIC_NAN = 0xc000, NUMERIC_PINF = 0xd000, NUMERIC_NINF = 0xf000;

function numericSend(d: Decimal): Uint8Array {
  const { weight, digits } = d.nbaseDigits();
  const [b, v] = fixedBuf(8 + 2 * digits.length);
  v.setInt16(0, digits.length);
  v.setInt16(2, weight);
  v.setUint16(4, d.isNaN() ? NUMERIC_NAN : d.isInfinite() ? (d.sign() > 0 ? NUMERIC_PINF : NUMERIC_NINF)
    : d.sign() < 0 ? NUMERIC_NEG : NUMERIC_POS);
  v.setInt16(6, d.isFinite() ? d.scale : 0);
  digits.forEach((x, i) => v.setInt16(8 + 2 * i, x));
  return b;
}

function badBinary(what = 'incorrect binary data format'): SqlError {
  return new SqlError(SqlState.invalidBinaryRepresentation, what);
}

function numericRecv(b: Uint8Array, v: DataView): Decimal {
  if (b.length < 8) throw badBinary();
  const n = v.getInt16(0), weight = v.getInt16(2), sign = v.getUint16(4), dscale = v.getInt16(6);
  if (n < 0 || b.length !== 8 + 2 * n) throw badBinary();
  if (sign === NUMERIC_NAN) return Decimal.NaN;
  if (sign === NUMERIC_PINF) return Decimal.POSITIVE_INFINITY;
  if (sign === NUMERIC_NINF) return Decimal.NEGATIVE_INFINITY;
  if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG) throw badBinary('invalid sign in external "numeric" value');
  if (dscale < 0 || dscale > 0x3fff) throw badBinary('invalid scale in external "numeric" value');
  let coef = 0n;
  for (let i = 0; i < n; i++) {
    const dig = v.getInt16(8 + 2 * i);
    if (dig < 0 || dig >= 10000) throw badBinary('invalid digit in external "numeric" value');
    coef = coef * 10000n + BigInt(dig);
  }
  // value = coef × 10000^(weight − n + 1)
  const e4 = (weight - n + 1) * 4;
  let d = e4 >= 0 ? Decimal.of(coef * 10n ** BigInt(e4), 0) : Decimal.of(coef, -e4);
  if (sign === NUMERIC_NEG) d = d.neg();
  return d.round(dscale);
}

/** typreceive; malformed input raises 22P03. */
export function binaryIn(type: SqlType, bytes: Uint8Array): unknown {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number): void => { if (bytes.length !== n) throw badBinary(); };
  const elem = elementType(type);
  if (elem !== undefined) {
    const one = (b: Uint8Array) => binaryIn(elem, b);
    return isVectorType(type) ? vectorRecv(bytes, TYPES[elem.id].oid, type.id, one) : arrayRecv(bytes, TYPES[elem.id].oid, one);
  }
  switch (type.id) {
    case 'bool': need(1); return bytes[0] !== 0;
    case 'int2': need(2); return v.getInt16(0);
    case 'int4': need(4); return v.getInt32(0);
    case 'oid': case 'regproc': case 'regprocedure': case 'regoper': case 'regoperator': case 'regclass': case 'regtype':
    case 'regrole': case 'regnamespace': case 'regconfig': need(4); return v.getUint32(0);
    case 'int8': need(8); return v.getBigInt64(0);
    case 'float4': need(4); return v.getFloat32(0);
    case 'float8': need(8); return v.getFloat64(0);
    case 'numeric': return numericRecv(bytes, v);
    case 'date': {
      need(4);
      const d = v.getInt32(0);
      return d === DATE_NEG_INFINITY || d === DATE_POS_INFINITY ? d : d + PG_EPOCH_DAYS;
    }
    case 'time': need(8); return Number(v.getBigInt64(0));
    case 'timestamp': case 'timestamptz': {
      need(8);
      const x = v.getBigInt64(0);
      return x === INT64_MAX ? Infinity : x === INT64_MIN ? -Infinity : Number(x + PG_EPOCH_MICROS);
    }
    case 'interval': need(16); return { micros: Number(v.getBigInt64(0)), days: v.getInt32(8), months: v.getInt32(12) };
    case 'bytea': return bytes.slice();
    case 'uuid': {
      need(16);
      let h = '';
      for (const x of bytes) h += HEX[x >> 4]! + HEX[x & 15]!;
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'jsonb': {
      if (bytes.length < 1 || bytes[0] !== 1) throw badBinary(`unsupported jsonb version number ${bytes[0] ?? 0}`);
      return normalizeJsonb(decodeUtf8(bytes.subarray(1)));
    }
    case 'json': return validateJson(decodeUtf8(bytes));
    case 'char': return bytes.length === 0 ? '' : String.fromCharCode(bytes[0]!);
    case 'text': case 'varchar': case 'bpchar': case 'unknown': return decodeUtf8(bytes);
    case 'name': return truncateName(decodeUtf8(bytes));
    case 'void': return null;
    case 'record':
      throw new SqlError(SqlState.featureNotSupported, 'binary input of type record is not supported');
    default: throw new SqlError(SqlState.internalError, `no receive function for type ${type.id}`);
  }
}

function decodeUtf8(b: Uint8Array): string {
  try {
    return utf8Decoder.decode(b);
  } catch {
    throw new SqlError(SqlState.characterNotInRepertoire, 'invalid byte sequence for encoding "UTF8"');
  }
}

/** Which TypeIds have a text and binary form (all of them; `record` input is not supported). */
export const IO_TYPES: readonly TypeId[] = [
  'bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'varchar', 'bpchar', 'name', 'char',
  'date', 'time', 'timestamp', 'timestamptz', 'interval', 'bytea', 'oid', 'json', 'jsonb', 'uuid', 'unknown',
  'void', 'record', 'int2vector', 'oidvector', 'regproc', 'regprocedure', 'regoper', 'regoperator', 'regclass', 'regtype',
  'regrole', 'regnamespace', 'regconfig',
];
