/**
 * Arrow Data (as read from Parquet) → Basin Vectors of the table schema's types. Works on the raw buffers:
 * typed arrays are used in place, Int64 becomes an int8 column's BigInt64Array as it is (other Int64 columns:
 * time, oid, timestamps, are widened to doubles through an Int32 view, no BigInt per row), the validity bitmap
 * becomes a byte-per-row mask. Accepts what other writers put in files too: any integer
 * width, any timestamp unit, Date64, Large/dictionary-encoded strings.
 */
import * as arrow from 'apache-arrow';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import { sqlType, TYPES, type SqlType } from '../../common/index.ts';
import { allocValues, concat, internalize, take, type Vector } from '../../common/index.ts';
import { storedTextCodec } from '../schema/value-codec.ts';
import { storageKind } from './arrow-schema.ts';
import { readDecimal128 } from './decimal128.ts';

const Type = arrow.Type;
const TARGET = {
  u8: Float64Array, obj: Float64Array, // not numeric layouts; never chosen for number columns
  i16: Int16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array,
  i64: Float64Array, // int8 columns are read by int8Values, never through TARGET
} as const;
const INT64_MAX = 2n ** 63n - 1n;
const MS_PER_DAY = 86_400_000;

/** Byte-per-row null mask from an Arrow validity bitmap, or null when there are no NULLs. */
export function nullMask(data: arrow.Data): Uint8Array | null {
  const n = data.length;
  if (data.typeId === Type.Null) return new Uint8Array(n).fill(1);
  const bits = data.nullBitmap;
  if (data.nullCount === 0 || bits === undefined || bits.length === 0) return null;
  const mask = new Uint8Array(n);
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    const j = i + off;
    mask[i] = ((bits[j >> 3]! >> (j & 7)) & 1) ^ 1;
  }
  return mask;
}

/** An Int64-like buffer (BigInt64Array, or Int32 pairs) as doubles. */
function int64ToNumbers(values: ArrayBufferView, n: number, scale = 1): Float64Array {
  const w = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0)) * scale;
  return out;
}

/** Timestamps: the int64 extremes are PostgreSQL's infinite timestamps (DT_NOEND, DT_NOBEGIN). */
function infiniteTimestamps(values: ArrayBufferView, n: number, out: Float64Array): Float64Array {
  const w = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const hi = w[2 * i + 1]!, lo = w[2 * i]!;
    if (hi === 0x7fffffff && lo === -1) out[i] = Infinity;
    else if (hi === -0x80000000 && lo === 0) out[i] = -Infinity;
  }
  return out;
}

function unsupported(from: arrow.DataType, to: SqlType): SqlError {
  return new SqlError(SqlState.featureNotSupported, `cannot read Parquet column of type ${String(from)} as ${to.id}`);
}

/** Numeric (physical) values of any Arrow number-like column, converted to `to`'s physical layout. */
function numbers(data: arrow.Data, to: SqlType, n: number): Float64Array | Int32Array | Int16Array | Float32Array {
  const t = data.type;
  const v = data.values as ArrayBufferView & ArrayLike<number | bigint>;
  let f: ArrayLike<number>;
  switch (t.typeId) {
    case Type.Int: {
      const it = t as arrow.Int;
      if (it.bitWidth === 64) f = it.isSigned ? int64ToNumbers(v, n) : Float64Array.from(v as BigUint64Array, Number);
      else f = v as ArrayLike<number>;
      break;
    }
    case Type.Float: f = v as ArrayLike<number>; break;
    case Type.Date: f = (t as arrow.Date_).unit === arrow.DateUnit.DAY ? (v as Int32Array)
      : Float64Array.from(int64ToNumbers(v, n), (ms) => Math.floor(ms / MS_PER_DAY)); break;
    case Type.Timestamp: {
      const unit = (t as arrow.Timestamp).unit;
      if (unit === arrow.TimeUnit.NANOSECOND) {
        const b = new BigInt64Array(v.buffer, v.byteOffset, n);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const ns = b[i]!;
          const q = ns / 1000n;
          out[i] = Number(ns < 0n && q * 1000n !== ns ? q - 1n : q);
        }
        f = infiniteTimestamps(v, n, out);
      } else {
        f = infiniteTimestamps(v, n, int64ToNumbers(v, n, unit === arrow.TimeUnit.SECOND ? 1e6 : unit === arrow.TimeUnit.MILLISECOND ? 1e3 : 1));
      }
      break;
    }
    default: throw unsupported(t, to);
  }
  const Target = TARGET[TYPES[to.id].physical];
  if (f instanceof Target && f.length >= n) return f.subarray(0, n);
  const out = new Target(n);
  for (let i = 0; i < n; i++) out[i] = f[i]!;
  return out;
}

/**
 * An int8 column's values from any Arrow integer column: Int64 as it is (a view), narrower integers widened
 * (a file written before the Delta column was widened to long), UInt64 range-checked.
 */
function int8Values(data: arrow.Data, to: SqlType, n: number): BigInt64Array {
  const t = data.type;
  if (t.typeId !== Type.Int) throw unsupported(t, to);
  const it = t as arrow.Int;
  const v = data.values as ArrayBufferView & ArrayLike<number | bigint>;
  if (it.bitWidth === 64 && it.isSigned) {
    return v instanceof BigInt64Array ? v.subarray(0, n) : new BigInt64Array(v.buffer, v.byteOffset, n);
  }
  const out = new BigInt64Array(n);
  if (it.bitWidth === 64) {
    const u = v instanceof BigUint64Array ? v : new BigUint64Array(v.buffer, v.byteOffset, n);
    const nulls = nullMask(data);
    for (let i = 0; i < n; i++) {
      const x = u[i]!;
      if (x > INT64_MAX && (nulls === null || nulls[i] === 0)) {
        throw new SqlError(SqlState.numericValueOutOfRange, `value ${x} out of range for type bigint`);
      }
      out[i] = x;
    }
  } else {
    const a = v as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = BigInt(a[i]!);
  }
  return out;
}

function strings(data: arrow.Data, n: number): string[] {
  const tid = data.typeId;
  if (tid !== Type.Utf8 && tid !== Type.LargeUtf8 && tid !== Type.Binary && tid !== Type.LargeBinary) {
    throw unsupported(data.type, { id: 'text', typmod: -1 });
  }
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const bytes = data.values as Uint8Array;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offsets instanceof Int32Array) return internedStrings(buf, offsets, n);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = buf.toString('utf8', Number(offsets[i]!), Number(offsets[i + 1]!));
  return out;
}

/** Interning gives up on a column chunk once it has met this many distinct short strings. */
const MAX_INTERNED = 512;
/** Strings longer than this many bytes are not interned (codes, flags and names are short; comments are not). */
const MAX_INTERNED_BYTES = 32;

/**
 * Decode UTF-8 strings, sharing one string object among equal short values: a low-cardinality column (a
 * status, a mode, a country) decodes each distinct value once, holds 8 bytes per row in memory, and its
 * equal values are one object (hashed once, equal by identity). Values are found by a hash of their bytes and
 * compared byte for byte; a chunk with many distinct values goes back to decoding every row.
 */
function internedStrings(buf: Buffer, offsets: Int32Array, n: number): string[] {
  const out = new Array<string>(n);
  const seen = new Map<number, { readonly start: number; readonly length: number; readonly value: string }>();
  let own = 0; // bytes of the strings no other row shares
  let i = 0;
  for (; i < n && seen.size < MAX_INTERNED; i++) {
    const a = offsets[i]!, b = offsets[i + 1]!, length = b - a;
    if (length > MAX_INTERNED_BYTES) { out[i] = buf.toString('utf8', a, b); own += 2 * length + 16; continue; }
    let h = length;
    for (let j = a; j < b; j++) h = Math.imul(h ^ buf[j]!, 16777619);
    const e = seen.get(h);
    if (e !== undefined && e.length === length) {
      let same = true;
      for (let j = 0; j < length; j++) if (buf[a + j] !== buf[e.start + j]) { same = false; break; }
      if (same) { out[i] = e.value; continue; }
    }
    const value = internalize(buf.toString('utf8', a, b));
    if (e === undefined) seen.set(h, { start: a, length, value }); // on a hash collision the first value keeps the slot
    out[i] = value;
    own += 2 * length + 16;
  }
  if (i === n) SHARED_STRING_BYTES.set(out, own);
  for (; i < n; i++) out[i] = buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
  return out;
}

/** Arrays of interned strings and the bytes of their string objects (each counted once). */
const SHARED_STRING_BYTES = new WeakMap<readonly unknown[], number>();

/** The bytes of the strings of an array the reader interned (its rows hold 8-byte references), if it did. */
export function sharedStringBytes(values: readonly unknown[]): number | undefined {
  return SHARED_STRING_BYTES.get(values);
}

/** One Arrow array (a chunk of a column) as a Vector of type `to`. */
const TWO32 = 4294967296;

/**
 * Decimal128 values (four little-endian words each) as doubles scaled up by 10^shift more than stored, or
 * undefined when one is not an integer within ±(2^53 − 1) after that (the caller falls back to Decimals).
 */
function scaledDecimals(w: Uint32Array, n: number, nulls: Uint8Array | null, shift: number): Float64Array | undefined {
  if (shift < 0) return undefined;
  const factor = 10 ** shift;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const k = i * 4;
    const hi = w[k + 1]! | 0;
    const ext = hi < 0 ? 0xffffffff : 0;
    if (w[k + 2] !== ext || w[k + 3] !== ext) return undefined;
    const x = (hi * TWO32 + w[k]!) * factor;
    if (!(x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER)) return undefined;
    out[i] = x;
  }
  return out;
}

export function arrowToVector(data: arrow.Data, to: SqlType): Vector {
  const n = data.length;
  const nulls = nullMask(data);
  if (data.typeId === Type.Null) return { type: to, length: n, values: allocValues(to, n), nulls };
  if (data.typeId === Type.Dictionary) {
    const dict = data.dictionary;
    if (dict === undefined) throw unsupported(data.type, to);
    const raw = data.values as ArrayLike<number | bigint>;
    const keys = raw instanceof BigInt64Array || raw instanceof BigUint64Array ? Array.from(raw, Number) : (raw as ArrayLike<number>);
    const dictVec = concat(to, dict.data.map((d) => arrowToVector(d, to)));
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = nulls !== null && nulls[i] === 1 ? -1 : keys[i]!;
    return take(dictVec, idx, n);
  }
  switch (storageKind(to)) {
    case 'bool': {
      if (data.typeId !== Type.Bool) throw unsupported(data.type, to);
      const bits = data.values as Uint8Array;
      const out = new Uint8Array(n);
      const off = data.offset;
      for (let i = 0; i < n; i++) { const j = i + off; out[i] = (bits[j >> 3]! >> (j & 7)) & 1; }
      return { type: to, length: n, values: out, nulls };
    }
    case 'i64':
      if (to.id === 'int8') return { type: to, length: n, values: int8Values(data, to, n), nulls };
      return { type: to, length: n, values: numbers(data, to, n), nulls };
    case 'i16': case 'i32': case 'f32': case 'f64': case 'date':
      return { type: to, length: n, values: numbers(data, to, n), nulls };
    case 'decimal': {
      if (data.typeId !== Type.Decimal || (data.type as arrow.Decimal).bitWidth !== 128) throw unsupported(data.type, to);
      const scale = (data.type as arrow.Decimal).scale;
      const v = data.values as Uint32Array;
      if (to.scaled !== undefined) {
        const scaled = scaledDecimals(v, n, nulls, to.scaled - scale);
        if (scaled !== undefined) return { type: to, length: n, values: scaled, nulls };
        to = sqlType('numeric', to.typmod); // a value beyond the doubles' exact range: Decimals after all
      }
      const lo = new BigUint64Array(v.buffer, v.byteOffset, 2 * n);
      const hi = new BigInt64Array(v.buffer, v.byteOffset, 2 * n);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = readDecimal128(lo, hi, i, scale);
      return { type: to, length: n, values: out, nulls };
    }
    case 'text':
      return { type: to, length: n, values: strings(data, n), nulls };
    case 'encoded': {
      const s = strings(data, n);
      const out = new Array<unknown>(n);
      const decode = storedTextCodec(to).decode;
      for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = decode(s[i]!);
      return { type: to, length: n, values: out, nulls };
    }
    case 'binary': {
      const tid = data.typeId;
      if (tid !== Type.Binary && tid !== Type.LargeBinary && tid !== Type.Utf8 && tid !== Type.FixedSizeBinary) throw unsupported(data.type, to);
      const bytes = data.values as Uint8Array;
      const out = new Array<unknown>(n);
      if (tid === Type.FixedSizeBinary) {
        const w = (data.type as arrow.FixedSizeBinary).byteWidth;
        for (let i = 0; i < n; i++) out[i] = bytes.slice(i * w, (i + 1) * w);
      } else {
        const offsets = data.valueOffsets as Int32Array | BigInt64Array;
        for (let i = 0; i < n; i++) out[i] = bytes.slice(Number(offsets[i]!), Number(offsets[i + 1]!));
      }
      return { type: to, length: n, values: out, nulls };
    }
  }
}
