import {
  allocValues, castContext, Decimal, elementType, isOidLike, isRegType, PgArray, T, numericPrecision, numericScale, SqlError, SqlState, textIn, textOut, TYPES,
  type CastContext, type Interval, type SqlType, type TextOptions, type TypeId, type Values, type Vector,
} from '../common/index.ts';
import { applyCharTypmod, parseFloat8, roundMicros } from '../common/index.ts';
import { DATE_NEG_INFINITY, DATE_POS_INFINITY, localToUtc, USECS_PER_DAY, zoneOffset } from '../common/index.ts';

/**
 * Casts between SQL types, one value (castValue, for constant folding) or a whole column (castVector) —
 * the conversions PostgreSQL's cast functions and I/O conversion casts perform. int8 values are bigints
 * (BigInt64Array columns), so every conversion to or from int8 is exact and range-checked as PostgreSQL's.
 *
 * `mode` matters for length coercion: an explicit cast to varchar(n)/char(n) truncates silently, an
 * assignment raises 22001 unless only spaces are cut.
 */
export type CastMode = 'explicit' | 'assignment' | 'implicit';

/** pg_cast's context for from → to (see common/cast-rules.ts), or undefined when no cast exists. */
export function canCast(from: SqlType, to: SqlType): CastContext | undefined {
  return castContext(from, to);
}

const INT_NAME = { int2: 'smallint', int4: 'integer', int8: 'bigint' } as const;
const INT_MIN = { int2: -32768, int4: -2147483648 } as const;
const INT_MAX_EXCL = { int2: 32768, int4: 2147483648 } as const;
type IntId = keyof typeof INT_NAME;
const isInt = (id: TypeId): id is IntId => id === 'int2' || id === 'int4' || id === 'int8';
const isString = (id: TypeId): boolean => TYPES[id].category === 'S' || id === 'unknown' || id === 'char';

const outOfRange = (id: IntId): SqlError => new SqlError(SqlState.numericValueOutOfRange, `${INT_NAME[id]} out of range`);

/** rint(): round half to even, as float → int casts do. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function checkInt(x: number, to: 'int2' | 'int4'): number {
  if (!(x >= INT_MIN[to] && x < INT_MAX_EXCL[to])) throw outOfRange(to);
  return x + 0;
}

function float4Of(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) && Number.isFinite(x)) throw new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
  if (f === 0 && x !== 0) throw new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
  return f;
}

function numericTypmod(d: Decimal, to: SqlType): Decimal {
  return to.typmod >= 4 ? d.applyTypmod(numericPrecision(to.typmod), numericScale(to.typmod)) : d;
}

const BIG_INT_MIN: Record<IntId, bigint> = { int2: -32768n, int4: -2147483648n, int8: -9223372036854775808n };
const BIG_INT_MAX: Record<IntId, bigint> = { int2: 32767n, int4: 2147483647n, int8: 9223372036854775807n };

function numericToInt(d: Decimal, to: 'int2' | 'int4'): number {
  return Number(numericToBigInt(d, to));
}

/** numeric_int8 (and the range-checked bigint behind numeric_int2/int4): rounds half away from zero. */
function numericToBigInt(d: Decimal, to: IntId): bigint {
  const b = d.roundToBigInt(INT_NAME[to]);
  if (b < BIG_INT_MIN[to] || b > BIG_INT_MAX[to]) throw outOfRange(to);
  return b;
}

/** int8 → int2/int4 (int82, int84). */
function bigIntToInt(b: bigint, to: 'int2' | 'int4'): number {
  if (b < BIG_INT_MIN[to] || b > BIG_INT_MAX[to]) throw outOfRange(to);
  return Number(b);
}

/** dtoi8/ftoi8: rint, then the range test PostgreSQL makes on the double (−2^63 ≤ x < 2^63; NaN fails). */
function floatToInt8(x: number): bigint {
  const r = rint(x);
  if (!(r >= -9223372036854775808 && r < 9223372036854775808)) throw outOfRange('int8');
  return BigInt(r);
}

const TWO_53 = 2n ** 53n;

/**
 * i8tof: one correctly rounded conversion int64 → float4. Number(b) then Math.fround would round twice,
 * which differs from C's single rounding for a few values beyond 2^53; round to 24 bits in bigint instead.
 */
export function int8ToFloat4(b: bigint): number {
  if (b <= TWO_53 && b >= -TWO_53) return Math.fround(Number(b));
  const neg = b < 0n, m = neg ? -b : b;
  const shift = BigInt(m.toString(2).length - 24);
  let q = m >> shift;
  const rem = m - (q << shift), half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const f = Number(q) * 2 ** Number(shift); // q ≤ 2^24, so exact
  return neg ? -f : f;
}

/** Casts from or to int8 (a bigint); undefined when there is no such direct cast. */
function castInt8Value(value: unknown, f: TypeId, to: SqlType): unknown {
  const t = to.id;
  if (f === 'int8') {
    const b = value as bigint;
    switch (t) {
      case 'int2': case 'int4': return bigIntToInt(b, t);
      case 'float4': return int8ToFloat4(b);
      case 'float8': return Number(b);
      case 'numeric': return numericTypmod(Decimal.fromInt(b), to);
      case 'oid':
        if (b < 0n || b > 4294967295n) throw new SqlError(SqlState.numericValueOutOfRange, 'OID out of range');
        return Number(b);
      default: return undefined;
    }
  }
  switch (f) {
    case 'int2': case 'int4': case 'oid': return BigInt(value as number);
    case 'float4': case 'float8': return floatToInt8(value as number);
    case 'numeric': return numericToBigInt(value as Decimal, 'int8');
    case 'jsonb': return numericToBigInt(jsonbNumber(value as string, 'int8'), 'int8');
    default: return undefined;
  }
}

function jsonbKind(text: string): string {
  const c = text[0];
  return c === '{' ? 'object' : c === '[' ? 'array' : c === '"' ? 'string' : c === 't' || c === 'f' ? 'boolean'
    : c === 'n' ? 'null' : 'numeric';
}

/** Cast one non-null value; null passes through. */
export function castValue(value: unknown, from: SqlType, to: SqlType, mode: CastMode, opts: TextOptions): unknown {
  if (value === null || value === undefined) return null;
  // The reg* types are OIDs: between them and oid nothing changes; to and from numbers they convert as oid
  // does; to and from strings through their I/O functions (type-io, which asks the catalog for names).
  if (isOidLike(from) && isOidLike(to)) return value;
  if (isRegType(to) && !isString(from.id)) return castValue(value, from, T.oid, mode, opts);
  if (isRegType(from) && !isString(to.id)) return castValue(value, T.oid, to, mode, opts);
  const f = from.id, t = to.id;
  const explicit = mode === 'explicit';
  // to the string types: as the source's output function prints it (char(n) → text drops trailing spaces),
  // except bool → text/varchar/bpchar, which is booltext ('true'/'false', not the output function's 't'/'f')
  if (t === 'text' || t === 'varchar' || t === 'bpchar' || t === 'name') {
    let s = isString(f) ? (value as string)
      : f === 'bool' && t !== 'name' ? (value === true || value === 1 ? 'true' : 'false')
      : textOut(from, value, opts);
    if (f === 'bpchar' && t !== 'bpchar') s = s.replace(/ +$/, '');
    if (t === 'name') return textIn(to, s, opts);
    return t === 'text' ? s : applyCharTypmod(s, to, explicit);
  }
  if (isString(f)) return textIn(to, value as string, opts);
  const fe = elementType(from), te = elementType(to);
  if (fe !== undefined && te !== undefined) {
    // array_coerce: element by element, keeping the shape.
    const a = value as PgArray;
    return new PgArray(a.items.map((x) => (x === null ? null : castValue(x, fe, te, mode, opts))), a.dims, a.lbounds);
  }
  if (f === t) {
    switch (t) {
      case 'numeric': return numericTypmod(value as Decimal, to);
      case 'timestamp': case 'timestamptz': case 'time': return roundMicros(value as number, to.typmod);
      default: return value;
    }
  }
  if (f === 'int8' || t === 'int8') {
    const y = castInt8Value(value, f, to);
    if (y !== undefined) return y;
    return textIn(to, textOut(from, value, opts), opts);
  }
  const x = value as number;
  switch (t) {
    case 'int2': case 'int4':
      if (isInt(f)) return checkInt(x, t);
      if (f === 'float4' || f === 'float8') return checkInt(rint(x), t);
      if (f === 'numeric') return numericToInt(value as Decimal, t);
      if (f === 'bool' && t === 'int4') return value === true || value === 1 ? 1 : 0;
      if (f === 'oid') return t === 'int4' ? x | 0 : x;
      if (f === 'jsonb') return numericToInt(jsonbNumber(value as string, t), t);
      break;
    case 'float4':
      if (isInt(f) || f === 'float8') return float4Of(x);
      if (f === 'numeric') return parseFloat8((value as Decimal).toString(), true);
      if (f === 'jsonb') return parseFloat8(jsonbNumber(value as string, t).toString(), true);
      break;
    case 'float8':
      if (isInt(f) || f === 'float4') return x;
      if (f === 'numeric') return (value as Decimal).toNumber();
      if (f === 'jsonb') return jsonbNumber(value as string, t).toNumber();
      break;
    case 'numeric':
      if (isInt(f)) return numericTypmod(Decimal.fromInt(x), to);
      if (f === 'float4' || f === 'float8') return numericTypmod(Decimal.fromNumber(x, f === 'float4' ? 6 : 15), to);
      if (f === 'jsonb') return numericTypmod(jsonbNumber(value as string, t), to);
      break;
    case 'oid':
      if (f === 'int4' || f === 'int2') return x < 0 ? x + 4294967296 : x;
      break;
    case 'bool':
      if (f === 'int4') return x !== 0;
      if (f === 'jsonb') {
        if (value === 'true' || value === 'false') return value === 'true';
        throw jsonbCastError(value as string, t);
      }
      break;
    case 'date':
      if (f === 'timestamp' || f === 'timestamptz') {
        if (!Number.isFinite(x)) return x > 0 ? DATE_POS_INFINITY : DATE_NEG_INFINITY;
        const local = f === 'timestamptz' ? x + zoneOffset(opts.timeZone, x) * 1e6 : x;
        return Math.floor(local / USECS_PER_DAY);
      }
      break;
    case 'timestamp': case 'timestamptz':
      if (f === 'date') {
        if (x === DATE_POS_INFINITY) return Infinity;
        if (x === DATE_NEG_INFINITY) return -Infinity;
        return t === 'timestamp' ? x * USECS_PER_DAY : localToUtc(x * USECS_PER_DAY, opts.timeZone);
      }
      if (!Number.isFinite(x)) return x;
      if (f === 'timestamp') return roundMicros(localToUtc(x, opts.timeZone), to.typmod);
      if (f === 'timestamptz') return roundMicros(x + zoneOffset(opts.timeZone, x) * 1e6, to.typmod);
      break;
    case 'time':
      if (f === 'timestamp' || f === 'timestamptz') {
        if (!Number.isFinite(x)) break;
        const local = f === 'timestamptz' ? x + zoneOffset(opts.timeZone, x) * 1e6 : x;
        return roundMicros(local - Math.floor(local / USECS_PER_DAY) * USECS_PER_DAY, to.typmod);
      }
      if (f === 'interval') {
        const us = (value as Interval).micros % USECS_PER_DAY;
        return us < 0 ? us + USECS_PER_DAY : us;
      }
      break;
    case 'interval':
      if (f === 'time') return { months: 0, days: 0, micros: x } satisfies Interval;
      break;
    case 'jsonb':
      if (f === 'json') return textIn(to, value as string, opts);
      break;
    case 'json':
      if (f === 'jsonb') return value;
      break;
    default:
      break;
  }
  // every type has an explicit I/O conversion cast through text
  return textIn(to, textOut(from, value, opts), opts);
}

function jsonbNumber(text: string, to: TypeId): Decimal {
  if (jsonbKind(text) !== 'numeric') throw jsonbCastError(text, to);
  return Decimal.parse(text);
}
function jsonbCastError(text: string, to: TypeId): SqlError {
  return new SqlError(SqlState.invalidParameterValue, `cannot cast jsonb ${jsonbKind(text)} to type ${TYPES[to].sqlName}`);
}

/** Cast a column. Numeric-to-numeric casts run over the TypedArrays directly; the rest go value by value. */
export function castVector(v: Vector, to: SqlType, mode: CastMode, opts: TextOptions): Vector {
  const f = v.type.id, t = to.id, n = v.length, nulls = v.nulls;
  if (f === t && to.typmod === v.type.typmod) return v;
  if (f === t && to.typmod < 0 && t !== 'bpchar') return { type: to, length: n, values: v.values, nulls };
  // varchar → text (what comparing a varchar column with a literal binds to) keeps the strings as they are.
  if (f === 'varchar' && (t === 'text' || (t === 'varchar' && to.typmod < 0))) return { type: to, length: n, values: v.values, nulls };
  // oid ↔ regclass, regproc, …: the same OIDs under another name.
  if (isOidLike(v.type) && isOidLike(to)) return { type: to, length: n, values: v.values, nulls };
  if (isRegType(v.type) && t !== 'text' && t !== 'varchar' && t !== 'bpchar' && t !== 'name') {
    return castVector({ type: T.oid, length: n, values: v.values, nulls }, to, mode, opts);
  }
  const src = v.values as Float64Array; // any numeric TypedArray; read with [i]
  const out = allocValues(to, n);
  const live = (i: number): boolean => nulls === null || nulls[i] === 0;
  if ((f === 'int8' || t === 'int8') && isNumber(f) && isNumber(t)) return castInt8Vector(v, to, out as NumArray);
  if ((isInt(f) || f === 'float4' || f === 'float8') && (isInt(t) || t === 'float4' || t === 'float8')) {
    const dst = out as Float64Array;
    if (t === 'int2' || t === 'int4') {
      const lo = INT_MIN[t], hi = INT_MAX_EXCL[t], round = f === 'float4' || f === 'float8';
      for (let i = 0; i < n; i++) {
        if (!live(i)) continue;
        const x = round ? rint(src[i]!) : src[i]!;
        if (!(x >= lo && x < hi)) throw outOfRange(t);
        dst[i] = x;
      }
    } else if (t === 'float4' && f !== 'int2') {
      for (let i = 0; i < n; i++) if (live(i)) dst[i] = float4Of(src[i]!);
    } else {
      for (let i = 0; i < n; i++) dst[i] = src[i]!;
    }
    return { type: to, length: n, values: out, nulls };
  }
  if (f === 'bool' && t === 'int4') {
    const dst = out as Int32Array;
    for (let i = 0; i < n; i++) dst[i] = src[i]!;
    return { type: to, length: n, values: out, nulls };
  }
  if (f === 'int4' && t === 'bool') {
    const dst = out as Uint8Array;
    for (let i = 0; i < n; i++) dst[i] = src[i]! !== 0 ? 1 : 0;
    return { type: to, length: n, values: out, nulls };
  }
  return castGeneric(v, to, mode, opts, out);
}

const isNumber = (id: TypeId): boolean => isInt(id) || id === 'float4' || id === 'float8';
type NumArray = Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** int8 ↔ int2/int4/float4/float8 over TypedArrays; one conversion per row, none when both sides are int8. */
function castInt8Vector(v: Vector, to: SqlType, out: NumArray): Vector {
  const f = v.type.id, t = to.id, n = v.length, nulls = v.nulls;
  const live = (i: number): boolean => nulls === null || nulls[i] === 0;
  if (f === 'int8') {
    const src = v.values as BigInt64Array;
    if (t === 'float8') {
      const dst = out as Float64Array;
      for (let i = 0; i < n; i++) dst[i] = Number(src[i]!);
    } else if (t === 'float4') {
      const dst = out as Float32Array;
      for (let i = 0; i < n; i++) if (live(i)) dst[i] = int8ToFloat4(src[i]!);
    } else {
      const dst = out as Int32Array, it = t as 'int2' | 'int4';
      const lo = BIG_INT_MIN[it], hi = BIG_INT_MAX[it];
      for (let i = 0; i < n; i++) {
        const x = src[i]!;
        if ((x < lo || x > hi) && live(i)) throw outOfRange(it);
        dst[i] = Number(x);
      }
    }
  } else {
    const src = v.values as Float64Array, dst = out as BigInt64Array;
    if (f === 'float4' || f === 'float8') {
      for (let i = 0; i < n; i++) if (live(i)) dst[i] = floatToInt8(src[i]!);
    } else {
      for (let i = 0; i < n; i++) dst[i] = BigInt(src[i]!);
    }
  }
  return { type: to, length: n, values: out, nulls };
}

function castGeneric(v: Vector, to: SqlType, mode: CastMode, opts: TextOptions, out: Values): Vector {
  const n = v.length, nulls = v.nulls, src = v.values;
  const fromBool = v.type.id === 'bool', toBool = to.id === 'bool';
  let outNulls = nulls;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = fromBool ? src[i] === 1 : src[i];
    const y = castValue(x, v.type, to, mode, opts);
    if (y === null) { // void
      if (outNulls === nulls) outNulls = nulls === null ? new Uint8Array(n) : nulls.slice();
      outNulls![i] = 1;
      continue;
    }
    if (toBool) (out as Uint8Array)[i] = y ? 1 : 0;
    else (out as unknown[])[i] = y;
  }
  return { type: to, length: n, values: out, nulls: outNulls };
}
