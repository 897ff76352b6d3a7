/**
 * Kernels over scaled numeric columns (see scaledNumeric in common/types.ts): each value a double holding the
 * value × 10^scale, an integer within ±(2^53 − 1). +, −, × and comparisons then run on doubles, exactly: a
 * result is kept only when every value of it is such an integer, which makes it the same as Decimal
 * arithmetic's (PostgreSQL's numeric: a sum at the larger scale, a product at the sum of the scales). A
 * kernel returns undefined where it cannot be exact, and the caller goes the Decimal way instead.
 */
import { Decimal, scaledNumeric, sqlType, type SqlType, type Vector } from '../common/index.ts';
import { compareNumberArrays, type CompareOp } from './compare.ts';

const MAX = Number.MAX_SAFE_INTEGER;
/** Scales up to this are worth holding scaled (10^MAX_SCALE stays far below 2^53). */
const MAX_SCALE = 9;
const POW10: readonly number[] = Array.from({ length: 2 * MAX_SCALE + 1 }, (_, i) => 10 ** i);

function unionNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b === null ? null : b.slice(0, n);
  if (b === null) return a.slice(0, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** A Decimal as a scaled double at `scale` (≥ its own), or undefined when that is not exact. */
export function scaledValue(d: Decimal, scale: number): number | undefined {
  if (!d.isFinite() || d.scale > scale || scale > 2 * MAX_SCALE) return undefined;
  const x = Number(d.coef) * POW10[scale - d.scale]!;
  return Math.abs(x) <= MAX && Number.isInteger(x) && BigInt(x) === d.coef * 10n ** BigInt(scale - d.scale) ? x : undefined;
}

/**
 * A numeric vector as a scaled one: itself when it is, else its Decimals at the largest scale among them
 * (at most MAX_SCALE), or undefined when one is not finite or does not fit.
 */
export function toScaled(v: Vector): Vector | undefined {
  if (v.type.scaled !== undefined) return v;
  if (v.type.id !== 'numeric') return undefined;
  const n = v.length, a = v.values as (Decimal | undefined)[], m = v.nulls;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    if (m !== null && m[i] === 1) continue;
    const d = a[i]!;
    if (!d.isFinite()) return undefined;
    if (d.scale > scale) scale = d.scale;
  }
  if (scale > MAX_SCALE) return undefined;
  const out = new Float64Array(n);
  let last: Decimal | undefined, lastX = 0;
  for (let i = 0; i < n; i++) {
    if (m !== null && m[i] === 1) continue;
    const d = a[i]!;
    if (d !== last) {
      const x = scaledValue(d, scale);
      if (x === undefined) return undefined;
      last = d;
      lastX = x;
    }
    out[i] = lastX;
  }
  return { type: scaledNumeric(v.type.typmod, scale), length: n, values: out, nulls: m };
}

/** `a` (at scale `from`) at scale `to` ≥ from, or undefined when a value leaves the exact range. */
function rescale(a: Float64Array, n: number, from: number, to: number): Float64Array | undefined {
  if (from === to) return a;
  if (to > 2 * MAX_SCALE) return undefined;
  const f = POW10[to - from]!;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i]! * f;
    if (x > MAX || x < -MAX) return undefined;
    out[i] = x;
  }
  return out;
}

/** l op r for +, −, × over numeric vectors at least one of which is scaled; undefined: use Decimals. */
export function scaledArith(op: string, l: Vector, r: Vector, type: SqlType): Vector | undefined {
  if (op !== '+' && op !== '-' && op !== '*') return undefined;
  const ls = toScaled(l), rs = toScaled(r);
  if (ls === undefined || rs === undefined) return undefined;
  const n = l.length, sl = ls.type.scaled!, sr = rs.type.scaled!;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  let a = ls.values as Float64Array, b = rs.values as Float64Array;
  const out = new Float64Array(n);
  let scale: number;
  if (op === '*') {
    scale = sl + sr;
    if (scale > 2 * MAX_SCALE) return undefined;
    for (let i = 0; i < n; i++) {
      const x = a[i]! * b[i]!;
      if (x > MAX || x < -MAX) return undefined;
      out[i] = x;
    }
  } else {
    scale = Math.max(sl, sr);
    const ra = rescale(a, n, sl, scale), rb = rescale(b, n, sr, scale);
    if (ra === undefined || rb === undefined) return undefined;
    a = ra;
    b = rb;
    if (op === '+') {
      for (let i = 0; i < n; i++) {
        const x = a[i]! + b[i]!;
        if (x > MAX || x < -MAX) return undefined;
        out[i] = x;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = a[i]! - b[i]!;
        if (x > MAX || x < -MAX) return undefined;
        out[i] = x;
      }
    }
  }
  // Values in NULL slots are unspecified; a NaN there must not be mistaken for an overflow, and is not:
  // NaN > MAX is false.
  return { type: scaledNumeric(type.typmod, scale), length: n, values: out, nulls };
}

/**
 * v op c (or c op v when `constLeft`) for a scaled v and a numeric constant, in one pass without a column
 * of the constant: the same values and scale as scaledArith over a constant column; undefined where that is
 * undefined.
 */
export function scaledArithConstant(op: string, v: Vector, c: Decimal, constLeft: boolean, type: SqlType): Vector | undefined {
  if ((op !== '+' && op !== '-' && op !== '*') || !c.isFinite() || c.scale > MAX_SCALE) return undefined;
  const n = v.length, sv = v.type.scaled!, a = v.values as Float64Array;
  const cs = Math.max(0, c.scale);
  const out = new Float64Array(n);
  let scale: number;
  if (op === '*') {
    scale = sv + cs;
    const k = scaledValue(c, cs);
    if (k === undefined || scale > 2 * MAX_SCALE) return undefined;
    for (let i = 0; i < n; i++) {
      const x = a[i]! * k;
      if (x > MAX || x < -MAX) return undefined;
      out[i] = x;
    }
  } else {
    scale = Math.max(sv, cs);
    const k = scaledValue(c, scale);
    if (k === undefined || scale > 2 * MAX_SCALE) return undefined;
    const f = POW10[scale - sv]!;
    // v − c adds −c; c − v adds c to −v.
    const negate = op === '-' && constLeft, add = op === '-' && !constLeft ? -k : k;
    for (let i = 0; i < n; i++) {
      const y = a[i]! * f;
      if (y > MAX || y < -MAX) return undefined;
      const x = (negate ? -y : y) + add;
      if (x > MAX || x < -MAX) return undefined;
      out[i] = x;
    }
  }
  return { type: scaledNumeric(type.typmod, scale), length: n, values: out, nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

/** −v of a scaled vector. */
export function scaledNegate(v: Vector, type: SqlType): Vector {
  const n = v.length, a = v.values as Float64Array, out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = -a[i]! + 0;
  return { type: scaledNumeric(type.typmod, v.type.scaled!), length: n, values: out, nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

/** l op r over numeric vectors at least one of which is scaled; undefined: compare Decimals. */
export function scaledCompare(op: CompareOp, l: Vector, r: Vector, resultType: SqlType): Vector | undefined {
  const ls = toScaled(l), rs = toScaled(r);
  if (ls === undefined || rs === undefined) return undefined;
  const n = l.length, scale = Math.max(ls.type.scaled!, rs.type.scaled!);
  const a = rescale(ls.values as Float64Array, n, ls.type.scaled!, scale);
  const b = rescale(rs.values as Float64Array, n, rs.type.scaled!, scale);
  if (a === undefined || b === undefined) return undefined;
  const out = new Uint8Array(n);
  compareNumberArrays(op, a, b, n, out);
  return { type: resultType, length: n, values: out, nulls: unionNulls(l.nulls, r.nulls, n) };
}

/** l op c for a scaled l and a numeric constant; undefined: compare Decimals. */
export function scaledCompareConstant(op: CompareOp, l: Vector, c: Decimal, resultType: SqlType): Vector | undefined {
  if (!c.isFinite()) return undefined;
  const n = l.length, sl = l.type.scaled!, scale = Math.max(sl, c.scale);
  const k = scaledValue(c, scale);
  const a = rescale(l.values as Float64Array, n, sl, scale);
  if (k === undefined || a === undefined) return undefined;
  const out = new Uint8Array(n);
  compareNumberArrays(op, a, k, n, out);
  return { type: resultType, length: n, values: out, nulls: l.nulls === null ? null : l.nulls.slice(0, n) };
}

/**
 * A scaled numeric as float8: the quotient of two exact doubles, correctly rounded, as numeric's cast (which
 * reads the decimal text) is.
 */
export function scaledToFloat8(v: Vector, type: SqlType): Vector {
  const n = v.length, a = v.values as Float64Array, f = 10 ** v.type.scaled!;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! / f;
  return { type, length: n, values: out, nulls: v.nulls };
}

/** The plain numeric type a scaled one stands for. */
export const unscaledType = (t: SqlType): SqlType => (t.scaled === undefined ? t : sqlType('numeric', t.typmod));
