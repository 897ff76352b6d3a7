/**
 * Statistical aggregates as PostgreSQL computes them, so results agree to the last digit:
 * - stddev/variance over float4/float8: the Youngs-Cramer transition (float8_accum) and its finals;
 * - stddev/variance over integers and numeric: exact sums of X and X² and numeric_stddev_internal's scales
 *   (the division's select_div_scale, then a square root rounded at that scale);
 * - corr, covar_*, regr_*: the two-variable Youngs-Cramer transition (float8_regr_accum). regr_*(Y, X):
 *   the first argument is the dependent variable.
 */
import { Decimal, isqrt, SqlError, SqlState, type SqlType, type Vector } from '../../../common/index.ts';
import { grow, growArray, type Accumulator } from './accumulator.ts';

export type VarianceKind = 'var_pop' | 'var_samp' | 'stddev_pop' | 'stddev_samp';

const overflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
const inf = (v: number): boolean => v === Infinity || v === -Infinity;

/** float8_accum's state per group: N, Sx, Sxx. */
export class FloatVariance implements Accumulator {
  private n = new Float64Array(16);
  private sx = new Float64Array(16);
  private sxx = new Float64Array(16);
  constructor(private readonly type: SqlType, private readonly kind: VarianceKind) {}

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void {
    this.n = grow(this.n, numGroups);
    this.sx = grow(this.sx, numGroups);
    this.sxx = grow(this.sxx, numGroups);
    const a = inputs[0]!.values as Float64Array, n = this.n, sx = this.sx, sxx = this.sxx;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const x = a[i]!, n0 = n[g]!, sx0 = sx[g]!;
      const N = n0 + 1, Sx = sx0 + x;
      let Sxx = sxx[g]!;
      if (n0 > 0) {
        const tmp = x * N - Sx;
        Sxx += (tmp * tmp) / (N * n0);
        if (inf(Sx) || inf(Sxx)) {
          if (!inf(sx0) && !inf(x)) throw overflow(); // finite inputs, infinite sums
          Sxx = NaN;
        }
      } else if (!Number.isFinite(x)) {
        Sxx = NaN; // a first Inf/NaN must not leave "variance 0" behind
      }
      n[g] = N; sx[g] = Sx; sxx[g] = Sxx;
    }
  }

  finish(numGroups: number): Vector {
    const out = new Float64Array(numGroups);
    const nulls = new Uint8Array(numGroups);
    const samp = this.kind === 'var_samp' || this.kind === 'stddev_samp';
    const root = this.kind === 'stddev_pop' || this.kind === 'stddev_samp';
    for (let g = 0; g < numGroups; g++) {
      const N = g < this.n.length ? this.n[g]! : 0;
      if (samp ? N <= 1 : N === 0) { nulls[g] = 1; continue; }
      const v = this.sxx[g]! / (samp ? N - 1 : N);
      out[g] = root ? Math.sqrt(v) : v;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/** Exact Σx and Σx² per group (bigints for integer input, Decimals for numeric) and NaN/±Infinity seen. */
export class NumericVariance implements Accumulator {
  private n = new Float64Array(16);
  private special = new Uint8Array(16);
  private readonly sx: (bigint | Decimal)[] = [];
  private readonly sxx: (bigint | Decimal)[] = [];
  constructor(private readonly type: SqlType, private readonly kind: VarianceKind, private readonly argType: SqlType) {}

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void {
    this.n = grow(this.n, numGroups);
    this.special = grow(this.special, numGroups);
    const id = this.argType.id;
    const zero = id === 'numeric' ? Decimal.ZERO : 0n;
    growArray(this.sx, numGroups, zero);
    growArray(this.sxx, numGroups, zero);
    const n = this.n, sx = this.sx, sxx = this.sxx;
    if (id === 'numeric') {
      const a = inputs[0]!.values as Decimal[];
      for (let k = 0; k < count; k++) {
        const i = rows[k]!, g = gids[i]!, x = a[i]!;
        n[g]!++;
        if (!x.isFinite()) { this.special[g] = 1; continue; }
        sx[g] = (sx[g] as Decimal).add(x);
        sxx[g] = (sxx[g] as Decimal).add(x.mul(x));
      }
      return;
    }
    const a = inputs[0]!.values as ArrayLike<number | bigint>;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!, x = BigInt(a[i]!);
      n[g]!++;
      sx[g] = (sx[g] as bigint) + x;
      sxx[g] = (sxx[g] as bigint) + x * x;
    }
  }

  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    const samp = this.kind === 'var_samp' || this.kind === 'stddev_samp';
    const root = this.kind === 'stddev_pop' || this.kind === 'stddev_samp';
    for (let g = 0; g < numGroups; g++) {
      const N = g < this.n.length ? this.n[g]! : 0;
      if (N === 0) { nulls[g] = 1; continue; }
      if (this.special[g] === 1) { out[g] = Decimal.NaN; continue; } // checked before the N ≤ 1 rule, as PostgreSQL
      if (samp && N <= 1) { nulls[g] = 1; continue; }
      const x = this.sx[g]!, xx = this.sxx[g]!;
      out[g] = numericStddev(N, typeof x === 'bigint' ? Decimal.fromInt(x) : x,
        typeof xx === 'bigint' ? Decimal.fromInt(xx) : xx, samp, root);
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/**
 * numeric_stddev_internal: (N·Σx² − (Σx)²) / (N·(N−1) or N²), exact up to the division, whose scale
 * (select_div_scale) is also the scale the square root is rounded to. A numerator ≤ 0 gives 0 (scale 0).
 */
export function numericStddev(n: number, sumX: Decimal, sumX2: Decimal, sample: boolean, root: boolean): Decimal {
  const N = Decimal.fromInt(n);
  const numerator = N.mul(sumX2).sub(sumX.mul(sumX));
  if (numerator.sign() <= 0) return Decimal.ZERO;
  const q = numerator.div(Decimal.fromInt(sample ? n * (n - 1) : n * n));
  return root ? sqrtAtScale(q, q.scale) : q;
}

/** √x (x > 0) rounded half up at `rscale` digits: the integer root with one extra digit, then rounded. */
function sqrtAtScale(x: Decimal, rscale: number): Decimal {
  const e = 2 * rscale - x.scale + 2;
  const scaled = e >= 0 ? x.coef * 10n ** BigInt(e) : x.coef / 10n ** BigInt(-e);
  const r = isqrt(scaled);
  return Decimal.of((r + 5n) / 10n, rscale);
}



export type RegressionFn = 'corr' | 'covar_pop' | 'covar_samp' | 'regr_slope' | 'regr_intercept' | 'regr_r2'
  | 'regr_count' | 'regr_avgx' | 'regr_avgy' | 'regr_sxx' | 'regr_syy' | 'regr_sxy';

/** float8_regr_accum's state per group: N, Sx, Sxx, Sy, Syy, Sxy; inputs are (Y, X). */
export class Regression implements Accumulator {
  private s: Float64Array[] = Array.from({ length: 6 }, () => new Float64Array(16));
  constructor(private readonly type: SqlType, private readonly fn: RegressionFn) {}

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void {
    this.s = this.s.map((a) => grow(a, numGroups));
    const [n, sx, sxx, sy, syy, sxy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const ay = inputs[0]!.values as Float64Array, ax = inputs[1]!.values as Float64Array;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const x = ax[i]!, y = ay[i]!, n0 = n[g]!, sx0 = sx[g]!, sy0 = sy[g]!;
      const N = n0 + 1, Sx = sx0 + x, Sy = sy0 + y;
      let Sxx = sxx[g]!, Syy = syy[g]!, Sxy = sxy[g]!;
      if (n0 > 0) {
        const tx = x * N - Sx, ty = y * N - Sy;
        const scale = 1 / (N * n0);
        Sxx += tx * tx * scale;
        Syy += ty * ty * scale;
        Sxy += tx * ty * scale;
        if (inf(Sx) || inf(Sxx) || inf(Sy) || inf(Syy) || inf(Sxy)) {
          if (((inf(Sx) || inf(Sxx)) && !inf(sx0) && !inf(x))
            || ((inf(Sy) || inf(Syy)) && !inf(sy0) && !inf(y))
            || (inf(Sxy) && !inf(sx0) && !inf(x) && !inf(sy0) && !inf(y))) throw overflow();
          if (inf(Sxx)) Sxx = NaN;
          if (inf(Syy)) Syy = NaN;
          if (inf(Sxy)) Sxy = NaN;
        }
      } else {
        if (!Number.isFinite(x)) Sxx = Sxy = NaN;
        if (!Number.isFinite(y)) Syy = Sxy = NaN;
      }
      n[g] = N; sx[g] = Sx; sxx[g] = Sxx; sy[g] = Sy; syy[g] = Syy; sxy[g] = Sxy;
    }
  }

  finish(numGroups: number): Vector {
    const [n, sx, sxx, sy, syy, sxy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    if (this.fn === 'regr_count') {
      const out = new BigInt64Array(numGroups);
      for (let g = 0; g < numGroups && g < n.length; g++) out[g] = BigInt(n[g]!);
      return { type: this.type, length: numGroups, values: out, nulls: null };
    }
    const out = new Float64Array(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const N = g < n.length ? n[g]! : 0;
      const r = N < 1 ? null : regressionFinal(this.fn, N, sx[g]!, sxx[g]!, sy[g]!, syy[g]!, sxy[g]!);
      if (r === null) nulls[g] = 1; else out[g] = r;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/** The float8_regr_* / float8_corr / float8_covar_* finals for N ≥ 1; null where PostgreSQL returns NULL. */
function regressionFinal(fn: RegressionFn, N: number, Sx: number, Sxx: number, Sy: number, Syy: number, Sxy: number): number | null {
  switch (fn) {
    case 'regr_sxx': return Sxx;
    case 'regr_syy': return Syy;
    case 'regr_sxy': return Sxy;
    case 'regr_avgx': return Sx / N;
    case 'regr_avgy': return Sy / N;
    case 'covar_pop': return Sxy / N;
    case 'covar_samp': return N < 2 ? null : Sxy / (N - 1);
    case 'corr': return Sxx === 0 || Syy === 0 ? null : Sxy / Math.sqrt(Sxx * Syy);
    case 'regr_r2': return Sxx === 0 ? null : Syy === 0 ? 1 : (Sxy * Sxy) / (Sxx * Syy);
    case 'regr_slope': return Sxx === 0 ? null : Sxy / Sxx;
    case 'regr_intercept': return Sxx === 0 ? null : (Sy - (Sx * Sxy) / Sxx) / N;
    case 'regr_count': return N;
  }
}
