/**
 * Lift per-value JS functions into vectorized ScalarKernels.
 *
 * Strict helpers (`mapStrict*`) copy the union of the argument null masks into the result and call `f` only
 * for rows where every argument is non-NULL; `f` may still return `null` to produce a NULL (e.g. a lookup
 * that finds nothing). Non-strict helpers (`mapLazyN`) hand NULL arguments to `f` as `null`.
 *
 * Values reach `f` in their JS representation (types.ts): bool arrives as boolean, everything else as the
 * element read from the column (int8 as a bigint). The numeric fast paths (`mapF64`, `mapI32`, `mapF64x2`,
 * and for int8 `mapI64`, `mapI64x2`) read and write the TypedArrays directly and never box.
 */
import type { ScalarKernel, EvalContext } from '../../plan/index.ts';
import { allocValues, sqlType, type SqlType, type TypeId, type Values, type Vector } from '../../common/index.ts';

type Out = TypeId | SqlType;
const outType = (t: Out): SqlType => (typeof t === 'string' ? sqlType(t) : t);

/** Union of the null masks of `args` over n rows, or null when no argument has NULLs (never aliases input). */
export function unionNulls(args: readonly Vector[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const a of args) {
    const m = a.nulls;
    if (m === null) continue;
    if (out === null) {
      out = m.slice(0, n);
    } else {
      for (let i = 0; i < n; i++) out[i]! |= m[i]!;
    }
  }
  return out;
}

/** The column as JS values, with bool converted from 0/1 (used by the generic paths). */
function readable(v: Vector): Values {
  if (v.type.id !== 'bool') return v.values;
  const src = v.values as Uint8Array;
  const out = new Array<boolean>(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] === 1;
  return out;
}

/** Store one JS value into output storage. Returns false when the value is null (caller marks NULL). */
function makeWriter(type: SqlType): (values: Values, i: number, x: unknown) => void {
  if (type.id === 'bool') return (values, i, x) => { (values as Uint8Array)[i] = x ? 1 : 0; };
  return (values, i, x) => { (values as unknown[])[i] = x; };
}

/** f(a) per non-NULL row. */
export function mapStrict1<A, R>(out: Out, f: (a: A, ctx: EvalContext) => R | null): ScalarKernel {
  const type = outType(out);
  const write = makeWriter(type);
  return (args, n, ctx) => {
    const a = readable(args[0]!) as unknown as ArrayLike<A>;
    const values = allocValues(type, n);
    let nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const r = f(a[i]!, ctx);
      if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else write(values, i, r);
    }
    return { type, length: n, values, nulls };
  };
}

/** f(a, b) per row where both are non-NULL. */
export function mapStrict2<A, B, R>(out: Out, f: (a: A, b: B, ctx: EvalContext) => R | null): ScalarKernel {
  const type = outType(out);
  const write = makeWriter(type);
  return (args, n, ctx) => {
    const a = readable(args[0]!) as unknown as ArrayLike<A>;
    const b = readable(args[1]!) as unknown as ArrayLike<B>;
    const values = allocValues(type, n);
    let nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const r = f(a[i]!, b[i]!, ctx);
      if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else write(values, i, r);
    }
    return { type, length: n, values, nulls };
  };
}

/** f(row) per row where every argument is non-NULL; `row` is reused between calls (copy it to keep it). */
export function mapStrictN<R>(out: Out, f: (row: unknown[], ctx: EvalContext) => R | null): ScalarKernel {
  const type = outType(out);
  const write = makeWriter(type);
  return (args, n, ctx) => {
    const cols = args.map(readable) as unknown[][];
    const k = cols.length;
    const row = new Array<unknown>(k);
    const values = allocValues(type, n);
    let nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      for (let j = 0; j < k; j++) row[j] = cols[j]![i];
      const r = f(row, ctx);
      if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else write(values, i, r);
    }
    return { type, length: n, values, nulls };
  };
}

/** Non-strict: f(row) for every row, NULL arguments passed as null; f returns null for a NULL result. */
export function mapLazyN<R>(out: Out, f: (row: unknown[], ctx: EvalContext) => R | null): ScalarKernel {
  const type = outType(out);
  const write = makeWriter(type);
  return (args, n, ctx) => {
    const cols = args.map(readable) as unknown[][];
    const masks = args.map((a) => a.nulls);
    const k = cols.length;
    const row = new Array<unknown>(k);
    const values = allocValues(type, n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const m = masks[j]!;
        row[j] = m !== null && m[i] === 1 ? null : cols[j]![i];
      }
      const r = f(row, ctx);
      if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else write(values, i, r);
    }
    return { type, length: n, values, nulls };
  };
}

/** A kernel with no arguments evaluated once per row (volatile: random()) or once per call. */
export function mapNullary<R>(out: Out, f: (ctx: EvalContext) => R, perRow: boolean): ScalarKernel {
  const type = outType(out);
  const write = makeWriter(type);
  return (_args, n, ctx) => {
    const values = allocValues(type, n);
    if (perRow) {
      for (let i = 0; i < n; i++) write(values, i, f(ctx));
    } else {
      const x = f(ctx);
      for (let i = 0; i < n; i++) write(values, i, x);
    }
    return { type, length: n, values, nulls: null };
  };
}

// ---- numeric fast paths: numeric TypedArray in, numeric TypedArray out --------------------------------------

type NumArray = Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * f over a number column (int2/int4/float4/float8/oid/date/timestamp) into a number column of `out`.
 * Not for int8, whose columns hold bigints: see mapI64 / mapI64x2.
 * The loop indexes TypedArrays directly; NULL slots are computed too (cheaper than branching) and masked.
 * Use only where f cannot throw on garbage in a NULL slot: see `mapNumChecked` otherwise.
 */
export function mapNum1(out: TypeId, f: (x: number) => number): ScalarKernel {
  const type = sqlType(out);
  return (args, n) => {
    const a = args[0]!;
    const src = a.values as NumArray;
    const dst = allocValues(type, n) as NumArray;
    for (let i = 0; i < n; i++) dst[i] = f(src[i]!);
    return { type, length: n, values: dst, nulls: a.nulls === null ? null : a.nulls.slice(0, n) };
  };
}

/** Like mapNum1 but skips NULL rows, for f that may throw (range checks, domain errors). */
export function mapNumChecked(out: TypeId, f: (x: number) => number): ScalarKernel {
  const type = sqlType(out);
  return (args, n) => {
    const a = args[0]!;
    const src = a.values as NumArray;
    const dst = allocValues(type, n) as NumArray;
    const m = a.nulls;
    if (m === null) {
      for (let i = 0; i < n; i++) dst[i] = f(src[i]!);
    } else {
      for (let i = 0; i < n; i++) if (m[i] === 0) dst[i] = f(src[i]!);
    }
    return { type, length: n, values: dst, nulls: m === null ? null : m.slice(0, n) };
  };
}

/** f over two number columns into a number column; skips NULL rows (f may throw). */
export function mapNum2(out: TypeId, f: (x: number, y: number) => number): ScalarKernel {
  const type = sqlType(out);
  return (args, n) => {
    const a = args[0]!.values as NumArray;
    const b = args[1]!.values as NumArray;
    const dst = allocValues(type, n) as NumArray;
    const m = unionNulls(args, n);
    if (m === null) {
      for (let i = 0; i < n; i++) dst[i] = f(a[i]!, b[i]!);
    } else {
      for (let i = 0; i < n; i++) if (m[i] === 0) dst[i] = f(a[i]!, b[i]!);
    }
    return { type, length: n, values: dst, nulls: m };
  };
}

/** int8 → int8 over BigInt64Arrays (abs): bigint in, bigint out, no conversion; skips NULL rows (f may throw). */
export function mapI64(f: (x: bigint) => bigint): ScalarKernel {
  const type = sqlType('int8');
  return (args, n) => {
    const a = args[0]!;
    const src = a.values as BigInt64Array;
    const dst = new BigInt64Array(n);
    const m = a.nulls;
    if (m === null) {
      for (let i = 0; i < n; i++) dst[i] = f(src[i]!);
    } else {
      for (let i = 0; i < n; i++) if (m[i] === 0) dst[i] = f(src[i]!);
    }
    return { type, length: n, values: dst, nulls: m === null ? null : m.slice(0, n) };
  };
}

/** (int8, int8) → int8 over BigInt64Arrays (mod, gcd, lcm); skips NULL rows (f may throw). */
export function mapI64x2(f: (x: bigint, y: bigint) => bigint): ScalarKernel {
  const type = sqlType('int8');
  return (args, n) => {
    const a = args[0]!.values as BigInt64Array;
    const b = args[1]!.values as BigInt64Array;
    const dst = new BigInt64Array(n);
    const m = unionNulls(args, n);
    if (m === null) {
      for (let i = 0; i < n; i++) dst[i] = f(a[i]!, b[i]!);
    } else {
      for (let i = 0; i < n; i++) if (m[i] === 0) dst[i] = f(a[i]!, b[i]!);
    }
    return { type, length: n, values: dst, nulls: m };
  };
}

/** Float8 → float8 specialised for the common case (sqrt, exp, sin…): Float64Array in and out. */
export function mapF64(f: (x: number) => number): ScalarKernel {
  const type = sqlType('float8');
  return (args, n) => {
    const a = args[0]!;
    const src = a.values as Float64Array;
    const dst = new Float64Array(n);
    const m = a.nulls;
    if (m === null) {
      for (let i = 0; i < n; i++) dst[i] = f(src[i]!);
    } else {
      for (let i = 0; i < n; i++) if (m[i] === 0) dst[i] = f(src[i]!);
    }
    return { type, length: n, values: dst, nulls: m === null ? null : m.slice(0, n) };
  };
}

/** (float8, float8) → float8 over Float64Arrays. */
export function mapF64x2(f: (x: number, y: number) => number): ScalarKernel {
  return mapNum2('float8', f);
}

/** int4 → int4 over Int32Arrays. */
export function mapI32(f: (x: number) => number): ScalarKernel {
  return mapNumChecked('int4', f);
}
