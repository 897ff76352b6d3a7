import { Decimal } from './decimal.ts';
import { physicalOf, sqlType, type SqlType } from './types.ts';

/**
 * Columnar data. A Vector is one column of a Batch: a TypedArray of values (or, for strings, numerics,
 * intervals and bytea, a plain array of JS values) plus a null mask.
 *
 * The null mask is a byte per row (1 = NULL), or `null` when the column has no NULLs. Arrow packs validity
 * into bits; in JavaScript a byte per row is cheaper to test and set in tight loops, and it converts to and
 * from Arrow bitmaps at the storage boundary. Strings are JS strings rather than UTF-8 bytes + offsets
 * because comparison, hashing (Map keys) and LIKE run on V8 strings without decoding.
 *
 * The value in a NULL slot is unspecified (0, 0n, '' or undefined) and must never be read as data.
 *
 * Code that copies values generically (take, concat, slice) treats every TypedArray alike; element-wise
 * copies work for BigInt64Array too (bigint in, bigint out), but a BigInt64Array never mixes with a
 * number array in one `set`.
 */
export type Values = Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array | unknown[];

export interface Vector {
  readonly type: SqlType;
  readonly length: number;
  readonly values: Values;
  readonly nulls: Uint8Array | null;
}

export interface Batch {
  readonly columns: readonly Vector[];
  readonly length: number;
}

/** Allocate value storage of the physical layout of `type`. */
export function allocValues(type: SqlType, length: number): Values {
  switch (physicalOf(type)) {
    case 'u8': return new Uint8Array(length);
    case 'i16': return new Int16Array(length);
    case 'i32': return new Int32Array(length);
    case 'i64': return new BigInt64Array(length);
    case 'f32': return new Float32Array(length);
    case 'f64': return new Float64Array(length);
    case 'obj': return new Array<unknown>(length);
  }
}

export const vector = (type: SqlType, values: Values, nulls: Uint8Array | null, length = values.length): Vector =>
  ({ type, length, values, nulls });

/** The JS value at row i (see types.ts for the representation), or null. Not for hot loops. */
export function getValue(v: Vector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  const x = v.values[i];
  if (v.type.scaled !== undefined) return Decimal.of(BigInt(x as number), v.type.scaled);
  return v.type.id === 'bool' ? x === 1 : x;
}

/** Is v a numeric column held scaled (see scaledNumeric)? */
export const isScaled = (v: Vector): boolean => v.type.scaled !== undefined;

/** v with a scaled numeric column turned into Decimals, as every consumer but the scaled-aware ones reads it. */
export function unscaledVector(v: Vector): Vector {
  const scale = v.type.scaled;
  if (scale === undefined) return v;
  const n = v.length, a = v.values as Float64Array, m = v.nulls;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) if (m === null || m[i] === 0) out[i] = Decimal.of(BigInt(a[i]!), scale);
  return { type: sqlType('numeric', v.type.typmod), length: n, values: out, nulls: m };
}

/** The batch with its scaled columns unscaled (the batch itself when it has none). */
export function unscaledBatch(b: Batch): Batch {
  let any = false;
  for (const c of b.columns) if (c.type.scaled !== undefined) { any = true; break; }
  return any ? { columns: b.columns.map(unscaledVector), length: b.length } : b;
}

/** Build a Vector from JS values (null for NULL). Not for hot loops. */
export function vectorFromValues(type: SqlType, items: readonly unknown[]): Vector {
  const n = items.length;
  const values = allocValues(type, n);
  let nulls: Uint8Array | null = null;
  const isBool = type.id === 'bool';
  for (let i = 0; i < n; i++) {
    const x = items[i];
    if (x === null || x === undefined) {
      nulls ??= new Uint8Array(n);
      nulls[i] = 1;
    } else if (isBool) {
      (values as Uint8Array)[i] = x ? 1 : 0;
    } else {
      (values as unknown[])[i] = x;
    }
  }
  return { type, length: n, values, nulls };
}

/** A Vector of `length` copies of one value. */
export function constantVector(type: SqlType, value: unknown, length: number): Vector {
  const values = allocValues(type, length);
  if (value === null || value === undefined) {
    return { type, length, values, nulls: new Uint8Array(length).fill(1) };
  }
  if (Array.isArray(values)) values.fill(value);
  else if (values instanceof BigInt64Array) values.fill(value as bigint);
  else (values as Float64Array).fill(type.id === 'bool' ? (value ? 1 : 0) : (value as number));
  return { type, length, values, nulls: null };
}

/** Rows `idx[0..n)` of v, in that order. An index of -1 yields NULL (used by outer joins). */
export function take(v: Vector, idx: Int32Array | readonly number[], n = idx.length): Vector {
  const src = v.values;
  const srcNulls = v.nulls;
  // One loop per storage kind, so each stays monomorphic in the JIT.
  let out: Values;
  if (src instanceof Float64Array) out = takeF64(src, idx, n);
  else if (Array.isArray(src)) out = takeArray(src, idx, n);
  else if (src instanceof Int32Array) out = takeI32(src, idx, n);
  else if (src instanceof Uint8Array) out = takeU8(src, idx, n);
  else if (src instanceof BigInt64Array) out = takeI64(src, idx, n);
  else {
    out = allocValues(v.type, n);
    for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) (out as Float64Array)[i] = (src as unknown as Float64Array)[j]!; }
  }
  let nulls: Uint8Array | null = null;
  if (srcNulls !== null) {
    for (let i = 0; i < n; i++) {
      const j = idx[i]!;
      if (j < 0 || srcNulls[j] === 1) { nulls ??= new Uint8Array(n); nulls[i] = 1; }
    }
  } else {
    for (let i = 0; i < n; i++) if (idx[i]! < 0) { nulls ??= new Uint8Array(n); nulls[i] = 1; }
  }
  return { type: v.type, length: n, values: out, nulls };
}

function takeF64(src: Float64Array, idx: Int32Array | readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) out[i] = src[j]!; }
  return out;
}

function takeI32(src: Int32Array, idx: Int32Array | readonly number[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) out[i] = src[j]!; }
  return out;
}

function takeU8(src: Uint8Array, idx: Int32Array | readonly number[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) out[i] = src[j]!; }
  return out;
}

function takeI64(src: BigInt64Array, idx: Int32Array | readonly number[], n: number): BigInt64Array {
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) out[i] = src[j]!; }
  return out;
}

function takeArray(src: readonly unknown[], idx: Int32Array | readonly number[], n: number): unknown[] {
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) { const j = idx[i]!; out[i] = j >= 0 ? src[j] : undefined; }
  return out;
}

/**
 * Row rows[i] of sources[from[i]], for i in [0, n): rows gathered from several vectors of one type (a merge of
 * sorted runs). Scaled numerics stay scaled when every source is at one scale; otherwise they become Decimals.
 */
export function gather(sources: readonly Vector[], from: Int32Array, rows: Int32Array, n: number): Vector {
  const first = sources[0]!;
  if (first.type.scaled !== undefined && !sources.every((v) => v.type.scaled === first.type.scaled)) {
    sources = sources.map(unscaledVector);
  }
  const type = sources[0]!.type;
  const values = allocValues(type, n);
  const src = sources.map((v) => v.values as unknown as ArrayLike<unknown>);
  const out = values as unknown as unknown[];
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = sources[from[i]!]!;
    const r = rows[i]!;
    if (v.nulls !== null && v.nulls[r] === 1) { nulls ??= new Uint8Array(n); nulls[i] = 1; continue; }
    out[i] = src[from[i]!]![r];
  }
  return { type, length: n, values, nulls };
}

/**
 * About how many bytes a batch holds: TypedArrays exactly, JS values (strings, Decimals) estimated from a
 * sample of them. For deciding when an operator has gathered more than work_mem, not for accounting to the byte.
 */
export function batchBytes(b: Batch): number {
  let bytes = 0;
  for (const v of b.columns) {
    bytes += (v.nulls === null ? 0 : b.length) + 64;
    const values = v.values;
    if (!Array.isArray(values)) { bytes += (values as Float64Array).BYTES_PER_ELEMENT * b.length; continue; }
    const step = Math.max(1, Math.floor(b.length / 64));
    let sampled = 0, sum = 0;
    for (let i = 0; i < b.length; i += step) {
      const x = values[i];
      sum += typeof x === 'string' ? 2 * x.length + 24 : x instanceof Uint8Array ? x.byteLength + 64 : 48;
      sampled++;
    }
    bytes += 8 * b.length + (sampled === 0 ? 0 : (sum / sampled) * b.length);
  }
  return bytes;
}

/** Rows [start, end) of v. Shares TypedArray storage (subarray) where it can. */
export function slice(v: Vector, start: number, end: number): Vector {
  const values = Array.isArray(v.values) ? v.values.slice(start, end) : (v.values as Float64Array).subarray(start, end);
  return { type: v.type, length: end - start, values, nulls: v.nulls === null ? null : v.nulls.subarray(start, end) };
}

export function sliceBatch(b: Batch, start: number, end: number): Batch {
  return { columns: b.columns.map((c) => slice(c, start, end)), length: end - start };
}

export function takeBatch(b: Batch, idx: Int32Array | readonly number[], n = idx.length): Batch {
  return { columns: b.columns.map((c) => take(c, idx, n)), length: n };
}

/**
 * Concatenate vectors of the same type into one. Scaled numeric parts (see scaledNumeric) stay scaled when
 * they all are at one scale; otherwise they become Decimals.
 */
export function concat(type: SqlType, parts: readonly Vector[]): Vector {
  if (parts.some((p) => p.type.scaled !== undefined)) {
    const scale = parts[0]!.type.scaled;
    if (scale !== undefined && parts.every((p) => p.type.scaled === scale)) type = parts[0]!.type;
    else parts = parts.map(unscaledVector);
  }
  let n = 0;
  for (const p of parts) n += p.length;
  const values = allocValues(type, n);
  let nulls: Uint8Array | null = null;
  let off = 0;
  for (const p of parts) {
    if (Array.isArray(values)) {
      const src = p.values as unknown[];
      for (let i = 0; i < p.length; i++) values[off + i] = src[i];
    } else {
      (values as Float64Array).set(p.values as Float64Array, off);
    }
    if (p.nulls !== null) {
      nulls ??= new Uint8Array(n);
      nulls.set(p.nulls.subarray(0, p.length), off);
    }
    off += p.length;
  }
  return { type, length: n, values, nulls };
}

/** Concatenate batches with these column types into one: the only batch as it is, an empty batch for none. */
export function concatBatches(types: readonly SqlType[], batches: readonly Batch[]): Batch {
  if (batches.length === 1) return batches[0]!;
  if (batches.length === 0) return emptyBatch(types);
  const length = batches.reduce((s, b) => s + b.length, 0);
  return { columns: types.map((t, j) => concat(t, batches.map((b) => b.columns[j]!))), length };
}

export const emptyBatch = (types: readonly SqlType[]): Batch =>
  ({ columns: types.map((t) => ({ type: t, length: 0, values: allocValues(t, 0), nulls: null })), length: 0 });

/** Count of NULLs in v. */
export function nullCount(v: Vector): number {
  if (v.nulls === null) return 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) c += v.nulls[i]!;
  return c;
}

/**
 * The engine's own copy of a string (what a property key becomes): two such strings are equal exactly when
 * they are one object, so `===` between them compares no characters. For the few distinct values of a
 * low-cardinality column and the constants filters compare them with.
 */
export function internalize(s: string): string {
  const o: Record<string, 0> = { [s]: 0 };
  for (const k in o) return k;
  return s;
}
