/**
 * exp, ln, log and power for numeric, with PostgreSQL's result scales (numeric.c: numeric_exp, numeric_ln,
 * log_var, power_var) and results correctly rounded (half away from zero) at that scale. The values are
 * computed in bigint fixed point with guard digits rather than with PostgreSQL's own digit loops; the
 * scales, special values and error messages are PostgreSQL's.
 */
import { Decimal, isqrt, SqlError, SqlState } from '../../../common/index.ts';
import { divisionByZero } from './float-errors.ts';

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const GUARD = 12;

const P10: bigint[] = [1n];
const pow10 = (n: number): bigint => { while (P10.length <= n) P10.push(P10[P10.length - 1]! * 10n); return P10[n]!; };
const babs = (x: bigint): bigint => (x < 0n ? -x : x);
const digits = (x: bigint): number => (x === 0n ? 0 : babs(x).toString().length);
/** n / d rounded half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  if (d < 0n) { n = -n; d = -d; }
  const q = n / d, r = n - q * d;
  if (r === 0n) return q;
  return babs(r) * 2n >= d ? (n < 0n ? q - 1n : q + 1n) : q;
}
const clampScale = (s: number): number => Math.min(Math.max(s, 0), MAX_DISPLAY_SCALE);
const overflowsNumeric = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value overflows numeric format');

/** x as a fixed-point integer at scale w (rounded). */
function fixed(x: Decimal, w: number): bigint {
  return w >= x.scale ? x.coef * pow10(w - x.scale) : divRound(x.coef, pow10(x.scale - w));
}
/** A fixed-point value at scale w rounded to a Decimal of scale s. */
const toDecimal = (v: bigint, w: number, s: number): Decimal => Decimal.of(w >= s ? divRound(v, pow10(w - s)) : v * pow10(s - w), s);



/** Decimal exponent of the leading digit: 123.4 → 2, 0.05 → -2. */
const dweight = (x: Decimal): number => digits(x.coef) - 1 - x.scale;

/** estimate_ln_dweight: approximate decimal weight of ln(x). */
function estimateLnDweight(x: Decimal): number {
  if (x.sign() <= 0) return 0;
  if (x.cmp(Decimal.parse('0.9')) >= 0 && x.cmp(Decimal.parse('1.1')) <= 0) {
    const d = x.sub(Decimal.ONE);
    return d.isZero() ? 0 : dweight(d);
  }
  // ln(x) ≈ ln(leading digits) + exponent·ln(10), from the first 8 significant digits
  const lead = Number(babs(x.coef).toString().slice(0, 8));
  const e = dweight(x) - (Math.min(8, digits(x.coef)) - 1);
  const ln = Math.log(lead) + e * Math.LN10;
  return ln === 0 ? 0 : Math.trunc(Math.log10(Math.abs(ln)));
}

/** ln(m) for 1 ≤ m < 10 given at scale w, result at scale w (error a few units of 10^-w·2^7). */
function lnSmall(m: bigint, w: number): bigint {
  const one = pow10(w);
  const R = 8;
  let y = m;
  for (let i = 0; i < R; i++) y = isqrt(y * one); // m^(1/256), within 1% of 1
  // ln(y) = 2·atanh(z), z = (y − 1)/(y + 1)
  const z = ((y - one) * one) / (y + one);
  const z2 = (z * z) / one;
  let term = z, sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) / one;
  }
  return 2n * sum * (1n << BigInt(R));
}

const ln10Cache = new Map<number, bigint>();
function ln10(w: number): bigint {
  let v = ln10Cache.get(w);
  if (v === undefined) {
    v = divRound(lnSmall(pow10(w + 7), w + 6), pow10(6)); // 10^(1/256) is still within 1% of 1
    ln10Cache.set(w, v);
  }
  return v;
}

/** ln(x) for x > 0 as fixed point at scale w. */
function lnFixed(x: Decimal, w: number): bigint {
  const k = dweight(x); // x = m·10^k, 1 ≤ m < 10
  const g = w + GUARD + String(Math.abs(k)).length;
  const m = x.scale + k <= g ? x.coef * pow10(g - x.scale - k) : divRound(x.coef, pow10(x.scale + k - g));
  const r = lnSmall(m, g) + BigInt(k) * ln10(g);
  return divRound(r, pow10(g - w));
}

function checkLnArg(x: Decimal): void {
  if (x.isZero()) throw new SqlError(SqlState.invalidArgumentForLogarithm, 'cannot take logarithm of zero');
  if (x.sign() < 0) throw new SqlError(SqlState.invalidArgumentForLogarithm, 'cannot take logarithm of a negative number');
}

export function numericLn(x: Decimal): Decimal {
  if (x.isNaN()) return x;
  checkLnArg(x);
  if (x.isInfinite()) return x;
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - estimateLnDweight(x), x.scale));
  return toDecimal(lnFixed(x, rscale + GUARD), rscale + GUARD, rscale);
}

/** log_var: ln(num)/ln(base) at PostgreSQL's scale. */
export function numericLog(base: Decimal, num: Decimal): Decimal {
  if (base.isNaN() || num.isNaN()) return Decimal.NaN;
  checkLnArg(base);
  checkLnArg(num);
  if (base.isInfinite() || num.isInfinite()) {
    if (base.isInfinite() && num.isInfinite()) return Decimal.NaN;
    return num.isInfinite() ? Decimal.POSITIVE_INFINITY : Decimal.ZERO;
  }
  const bw = estimateLnDweight(base), nw = estimateLnDweight(num);
  const rw = nw - bw;
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - rw, base.scale, num.scale));
  const w = rscale + Math.max(rw, 0) + GUARD;
  const lb = lnFixed(base, w + Math.max(-bw, 0));
  if (lb === 0n) throw divisionByZero();
  const ln = lnFixed(num, w + Math.max(-bw, 0));
  return Decimal.of(divRound(ln * pow10(rscale), lb), rscale);
}

/** e^x at scale rscale. */
function expAt(x: Decimal, rscale: number): Decimal {
  const val = x.toNumber();
  if (val * 0.434294481903252 > 131072) throw overflowsNumeric();
  const intDigits = Math.max(0, Math.ceil(val * 0.434294481903252) + 1);
  // halve the argument k times so the series converges fast, square the result back k times
  const k = Math.max(0, Math.ceil(Math.log2(Math.abs(val) / 0.01)));
  const w = rscale + intDigits + GUARD + Math.ceil(k * 0.302);
  if (val < 0 && -val * 0.434294481903252 > rscale + 2) return Decimal.of(0n, rscale);
  const one = pow10(w);
  const t = divRound(fixed(x, w), 1n << BigInt(k));
  let term = one, sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = (term * t) / one / n;
  }
  for (let i = 0; i < k; i++) sum = (sum * sum) / one;
  return toDecimal(sum, w, rscale);
}

export function numericExp(x: Decimal): Decimal {
  if (x.isNaN()) return x;
  if (x.isInfinite()) return x.sign() > 0 ? x : Decimal.ZERO;
  let val = x.toNumber() * 0.434294481903252;
  val = Math.max(-2000, Math.min(2000, val));
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - Math.trunc(val), x.scale));
  return expAt(x, rscale);
}

/** base^exp exactly for an integer exponent, rounded to rscale (power_var_int's result). */
function powerInt(base: Decimal, e: bigint, rscale: number): Decimal {
  if (e === 0n) return Decimal.of(pow10(rscale), rscale);
  if (base.isZero()) {
    if (e < 0n) throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'zero raised to a negative power is undefined');
    return Decimal.of(0n, rscale);
  }
  const est = Number(e) * Math.log10(Math.abs(base.toNumber()));
  if (est > 131072) throw overflowsNumeric();
  if (est < -(rscale + 2)) return Decimal.of(0n, rscale);
  const ae = e < 0n ? -e : e;
  // Exact while the power stays small; beyond that, through exp(e·ln|base|) at the same result scale.
  if (digits(base.coef) * Number(ae) > 4000) {
    const r = expLn(base.abs(), Decimal.fromInt(e), rscale, est / 0.434294481903252);
    return base.sign() < 0 && ae % 2n === 1n ? r.neg() : r;
  }
  const num = base.coef ** ae; // value = num / 10^(scale·ae)
  const sc = base.scale * Number(ae);
  if (e > 0n) return Decimal.of(sc >= rscale ? divRound(num, pow10(sc - rscale)) : num * pow10(rscale - sc), rscale);
  return Decimal.of(divRound(pow10(sc + rscale), num), rscale);
}

export function numericPower(x: Decimal, y: Decimal): Decimal {
  if (x.isNaN()) return y.isZero() ? Decimal.ONE : Decimal.NaN;
  if (y.isNaN()) return x.cmp(Decimal.ONE) === 0 ? Decimal.ONE : Decimal.NaN;
  if (x.isZero() && y.sign() < 0) {
    throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'zero raised to a negative power is undefined');
  }
  if (x.sign() < 0 && y.isFinite() && !y.isInteger()) {
    throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'a negative number raised to a non-integer power yields a complex result');
  }
  if (!x.isFinite() || !y.isFinite()) {
    const r = Math.pow(x.toNumber(), y.toNumber());
    if (x.cmp(Decimal.ONE) === 0 || y.isZero()) return Decimal.ONE;
    return r === Infinity ? Decimal.POSITIVE_INFINITY : r === -Infinity ? Decimal.NEGATIVE_INFINITY : Decimal.ZERO;
  }
  if (y.isInteger() && Math.abs(y.toNumber()) <= 2147483647) {
    return powerInt(x, y.truncToBigInt(), clampScale(Math.max(MIN_SIG_DIGITS, x.scale)));
  }
  if (x.isZero()) return Decimal.of(0n, MIN_SIG_DIGITS);
  const neg = x.sign() < 0;
  const ax = x.abs();
  // approximate ln of the result decides its scale (power_var)
  const lnApprox = Math.log(Math.abs(ax.toNumber())) * y.toNumber();
  if (Math.abs(lnApprox) > 131072 * 3.01) {
    if (lnApprox > 0) throw overflowsNumeric();
    return Decimal.of(0n, MAX_DISPLAY_SCALE);
  }
  const val = lnApprox * 0.434294481903252;
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - Math.trunc(val), x.scale, y.scale));
  const r = expLn(ax, y, rscale, lnApprox);
  return neg ? r.neg() : r;
}

/** x^y = exp(y·ln x) for x > 0 at scale rscale; lnApprox ≈ y·ln x. */
function expLn(x: Decimal, y: Decimal, rscale: number, lnApprox: number): Decimal {
  // y·ln(x) needs enough digits that its absolute error stays below 10^-(rscale + result digits)
  const w = rscale + Math.max(0, Math.ceil(lnApprox * 0.434294481903252)) + GUARD + Math.max(0, dweight(y));
  const l = lnFixed(x, w);
  const prod = divRound(l * y.coef, pow10(y.scale)); // scale w
  return expAt(Decimal.of(prod, w), rscale);
}
