import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';

/**
 * PostgreSQL `numeric`: an exact decimal value `coef × 10^-scale` plus the special values NaN, +Infinity and
 * -Infinity (PostgreSQL 14+). `scale` is the display scale (dscale): it is never negative and is kept through
 * arithmetic exactly as PostgreSQL keeps it, so `1.50 + 1` prints `2.50`. Values are immutable.
 *
 * Ordering follows PostgreSQL: -Infinity < finite < +Infinity < NaN, and NaN equals NaN.
 * There is no negative zero: a zero coefficient prints without a sign.
 */
type Kind = 0 | 1 | 2 | 3; // finite, NaN, +Infinity, -Infinity
const FINITE = 0, NAN = 1, PINF = 2, NINF = 3;

/** PostgreSQL's limits (numeric.c). */
const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const MAX_RESULT_SCALE = 2000;
const MAX_PRECISION = 1000;

const POW10: bigint[] = [1n];
const pow10 = (n: number): bigint => {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[n]!;
};
const babs = (x: bigint): bigint => (x < 0n ? -x : x);

/** q = n / d rounded half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  if (d < 0n) { n = -n; d = -d; }
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  if (babs(r) * 2n >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

const NUMERIC_SYNTAX = /^\s*([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?\s*$/;

/**
 * The plain form `[-+]d…[.d…]` of at most 15 digits, read without the general syntax: its value, or undefined
 * for anything else.
 */
function parsePlain(s: string): Decimal | undefined {
  const n = s.length;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) { neg = c0 === 45; i = 1; }
  let v = 0, digits = 0, scale = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) { v = v * 10 + (c - 48); digits++; if (scale >= 0) scale++; }
    else if (c === 46 && scale < 0) scale = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  return Decimal.of(BigInt(neg ? -v : v), scale < 0 ? 0 : scale);
}

export class Decimal {
  /** The coefficient (0n for the special values). */
  readonly coef: bigint;
  private readonly dscale: number;
  private readonly kind: Kind;

  private constructor(coef: bigint, scale: number, kind: Kind = FINITE) {
    this.coef = coef;
    this.dscale = scale;
    this.kind = kind;
  }

  static readonly NaN = new Decimal(0n, 0, NAN);
  static readonly POSITIVE_INFINITY = new Decimal(0n, 0, PINF);
  static readonly NEGATIVE_INFINITY = new Decimal(0n, 0, NINF);
  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** A finite value `coef × 10^-scale` (scale ≥ 0). */
  static of(coef: bigint, scale = 0): Decimal {
    if (scale < 0) return new Decimal(coef * pow10(-scale), 0);
    return new Decimal(coef, scale);
  }

  /** numeric_in: digits, point, exponent, surrounding whitespace, NaN and [+-]Infinity/inf in any case. */
  static parse(s: string): Decimal {
    const fast = parsePlain(s);
    if (fast !== undefined) return fast;
    const m = NUMERIC_SYNTAX.exec(s);
    if (m === null) {
      const t = s.trim().toLowerCase();
      if (t === 'nan') return Decimal.NaN;
      if (t === 'infinity' || t === '+infinity' || t === 'inf' || t === '+inf') return Decimal.POSITIVE_INFINITY;
      if (t === '-infinity' || t === '-inf') return Decimal.NEGATIVE_INFINITY;
      throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type numeric: "${s}"`);
    }
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    let scale = frac.length;
    if (m[5] !== undefined) {
      const exp = Number(m[5]);
      if (!(Math.abs(exp) <= MAX_PRECISION)) {
        throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type numeric: "${s}"`);
      }
      scale -= exp;
    }
    let coef = BigInt(intPart + frac);
    if (scale < 0) { coef *= pow10(-scale); scale = 0; }
    return new Decimal(m[1] === '-' ? -coef : coef, scale);
  }

  static fromInt(n: number | bigint): Decimal {
    if (typeof n === 'number') {
      if (!Number.isInteger(n)) throw new RangeError(`Decimal.fromInt: not an integer: ${n}`);
      return new Decimal(BigInt(n), 0);
    }
    return new Decimal(n, 0);
  }

  /**
   * float8 → numeric as PostgreSQL does it: print with 15 significant digits (%.15g, trailing zeros dropped)
   * and read that back. `digits` = 6 gives float4 → numeric.
   */
  static fromNumber(n: number, digits = 15): Decimal {
    if (Number.isNaN(n)) return Decimal.NaN;
    if (n === Infinity) return Decimal.POSITIVE_INFINITY;
    if (n === -Infinity) return Decimal.NEGATIVE_INFINITY;
    const p = n.toPrecision(digits); // e.g. "1.50000000000000e+21" or "0.100000000000000"
    const [mant, exp] = p.split('e') as [string, string | undefined];
    const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    return Decimal.parse(exp === undefined ? trimmed : `${trimmed}e${exp}`);
  }

  get scale(): number { return this.dscale; }
  isNaN(): boolean { return this.kind === NAN; }
  isFinite(): boolean { return this.kind === FINITE; }
  isInfinite(): boolean { return this.kind === PINF || this.kind === NINF; }
  isZero(): boolean { return this.kind === FINITE && this.coef === 0n; }
  /** -1, 0 or 1; NaN → NaN (as PostgreSQL's sign(NaN) is NaN). */
  sign(): number {
    if (this.kind === NAN) return NaN;
    if (this.kind === PINF) return 1;
    if (this.kind === NINF) return -1;
    return this.coef > 0n ? 1 : this.coef < 0n ? -1 : 0;
  }
  isInteger(): boolean {
    return this.kind === FINITE && (this.dscale === 0 || this.coef % pow10(this.dscale) === 0n);
  }

  /** The coefficient rescaled to `scale` (≥ this.scale, finite only). */
  private coefAt(scale: number): bigint {
    return scale === this.dscale ? this.coef : this.coef * pow10(scale - this.dscale);
  }

  add(o: Decimal): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) return specialAdd(this.kind, o.kind);
    const s = Math.max(this.dscale, o.dscale);
    return new Decimal(this.coefAt(s) + o.coefAt(s), s);
  }

  sub(o: Decimal): Decimal { return this.add(o.neg()); }

  mul(o: Decimal): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) {
      if (this.kind === NAN || o.kind === NAN) return Decimal.NaN;
      const sa = this.sign(), sb = o.sign();
      if (sa === 0 || sb === 0) return Decimal.NaN; // Inf × 0
      return sa * sb > 0 ? Decimal.POSITIVE_INFINITY : Decimal.NEGATIVE_INFINITY;
    }
    return new Decimal(this.coef * o.coef, this.dscale + o.dscale);
  }

  /** numeric_div: result scale from select_div_scale, rounded half away from zero. */
  div(o: Decimal): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) return specialDiv(this, o);
    if (o.coef === 0n) throw divisionByZero();
    return this.divScale(o, selectDivScale(this, o));
  }

  /** this / o exactly rounded to `rscale` digits (div_var with round = true). */
  divScale(o: Decimal, rscale: number): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) return specialDiv(this, o);
    if (o.coef === 0n) throw divisionByZero();
    // this.coef·10^-a / (o.coef·10^-b) = q·10^-rscale  ⇒  q = this.coef·10^(rscale+b-a) / o.coef
    const e = rscale + o.dscale - this.dscale;
    const n = e >= 0 ? this.coef * pow10(e) : this.coef;
    const d = e >= 0 ? o.coef : o.coef * pow10(-e);
    return new Decimal(divRound(n, d), rscale);
  }

  /** Truncated quotient (div(x, y) in SQL), scale 0. */
  divTrunc(o: Decimal): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) {
      const r = specialDiv(this, o);
      return r.kind === FINITE ? Decimal.ZERO : r;
    }
    if (o.coef === 0n) throw divisionByZero();
    const s = Math.max(this.dscale, o.dscale);
    return new Decimal(this.coefAt(s) / o.coefAt(s), 0);
  }

  /** numeric_mod: sign of the dividend, scale max of the two. */
  mod(o: Decimal): Decimal {
    if (this.kind !== FINITE || o.kind !== FINITE) {
      if (this.kind === NAN || o.kind === NAN || this.kind !== FINITE) return Decimal.NaN;
      return this; // finite % ±Infinity
    }
    if (o.coef === 0n) throw divisionByZero();
    const s = Math.max(this.dscale, o.dscale);
    return new Decimal(this.coefAt(s) % o.coefAt(s), s);
  }

  neg(): Decimal {
    if (this.kind === PINF) return Decimal.NEGATIVE_INFINITY;
    if (this.kind === NINF) return Decimal.POSITIVE_INFINITY;
    if (this.kind === NAN) return this;
    return new Decimal(-this.coef, this.dscale);
  }

  abs(): Decimal {
    if (this.kind === NINF) return Decimal.POSITIVE_INFINITY;
    if (this.kind !== FINITE || this.coef >= 0n) return this;
    return new Decimal(-this.coef, this.dscale);
  }

  cmp(o: Decimal): -1 | 0 | 1 {
    if (this.kind !== FINITE || o.kind !== FINITE) {
      const ra = RANK[this.kind], rb = RANK[o.kind];
      if (ra !== rb) return ra < rb ? -1 : 1;
      if (this.kind !== FINITE) return 0;
    }
    const s = Math.max(this.dscale, o.dscale);
    const a = this.coefAt(s), b = o.coefAt(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  static compare(a: Decimal, b: Decimal): -1 | 0 | 1 { return a.cmp(b); }
  eq(o: Decimal): boolean { return this.cmp(o) === 0; }

  /** round(x, s): half away from zero; a negative s rounds left of the point (display scale then 0). */
  round(scale = 0): Decimal {
    if (this.kind !== FINITE) return this;
    scale = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, scale));
    if (scale >= this.dscale) return new Decimal(this.coefAt(scale), scale);
    const c = divRound(this.coef, pow10(this.dscale - scale));
    return scale >= 0 ? new Decimal(c, scale) : new Decimal(c * pow10(-scale), 0);
  }

  /** trunc(x, s): toward zero. */
  trunc(scale = 0): Decimal {
    if (this.kind !== FINITE) return this;
    scale = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, scale));
    if (scale >= this.dscale) return new Decimal(this.coefAt(scale), scale);
    const c = this.coef / pow10(this.dscale - scale);
    return scale >= 0 ? new Decimal(c, scale) : new Decimal(c * pow10(-scale), 0);
  }

  floor(): Decimal {
    if (this.kind !== FINITE) return this;
    const p = pow10(this.dscale);
    let q = this.coef / p;
    if (this.coef < 0n && q * p !== this.coef) q -= 1n;
    return new Decimal(q, 0);
  }

  ceil(): Decimal {
    if (this.kind !== FINITE) return this;
    const p = pow10(this.dscale);
    let q = this.coef / p;
    if (this.coef > 0n && q * p !== this.coef) q += 1n;
    return new Decimal(q, 0);
  }

  /** numeric_out: plain notation with exactly `scale` fractional digits. */
  toString(): string {
    if (this.kind === NAN) return 'NaN';
    if (this.kind === PINF) return 'Infinity';
    if (this.kind === NINF) return '-Infinity';
    const neg = this.coef < 0n;
    let digits = babs(this.coef).toString();
    if (this.dscale === 0) return neg ? `-${digits}` : digits;
    if (digits.length <= this.dscale) digits = '0'.repeat(this.dscale - digits.length + 1) + digits;
    const cut = digits.length - this.dscale;
    return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  /** numeric_float8: the nearest double; a finite value beyond its range raises 22003 like float8in. */
  toNumber(): number {
    if (this.kind === NAN) return NaN;
    if (this.kind === PINF) return Infinity;
    if (this.kind === NINF) return -Infinity;
    const x = Number(this.toString());
    if (!Number.isFinite(x)) {
      throw new SqlError(SqlState.numericValueOutOfRange, `"${this.toString()}" is out of range for type double precision`);
    }
    return x;
  }

  /** numeric → integer as PostgreSQL casts it: rounded half away from zero. NaN/Infinity raise 0A000. */
  roundToBigInt(typeName = 'bigint'): bigint {
    this.checkConvertible(typeName);
    return this.dscale === 0 ? this.coef : divRound(this.coef, pow10(this.dscale));
  }
  /** Same as roundToBigInt(): PostgreSQL's numeric → int conversion rounds, it never truncates. */
  toBigInt(typeName = 'bigint'): bigint { return this.roundToBigInt(typeName); }
  /** The integer part, toward zero (trunc()). */
  truncToBigInt(typeName = 'bigint'): bigint {
    this.checkConvertible(typeName);
    return this.dscale === 0 ? this.coef : this.coef / pow10(this.dscale);
  }
  private checkConvertible(typeName: string): void {
    if (this.kind === NAN) throw new SqlError(SqlState.featureNotSupported, `cannot convert NaN to ${typeName}`);
    if (this.kind !== FINITE) throw new SqlError(SqlState.featureNotSupported, `cannot convert infinity to ${typeName}`);
  }

  /** Equal values (1.0 and 1.00) give equal keys; unequal values give different keys. */
  hashKey(): string {
    if (this.kind !== FINITE) return this.toString();
    if (this.coef === 0n) return '0';
    let c = this.coef, s = this.dscale;
    while (s > 0 && c % 10n === 0n) { c /= 10n; s--; }
    return s === 0 ? c.toString() : `${c}e-${s}`;
  }

  /**
   * apply_typmod for numeric(precision, scale): round to `scale`, then raise 22003 when the rounded value has
   * more than precision − scale digits left of the point. NaN passes; ±Infinity never fits.
   */
  applyTypmod(precision: number, scale: number): Decimal {
    const maxDigits = precision - scale;
    if (this.kind === NAN) return this;
    if (this.kind !== FINITE) {
      throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
        detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
      });
    }
    const r = this.round(scale);
    // More than maxDigits digits before the point is |coef| ≥ 10^precision at this scale.
    if (r.coef !== 0n) {
      if (babs(r.coef) >= pow10(precision)) {
        throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
          detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${maxDigits !== 0 ? `10^${maxDigits}` : '1'}.`,
        });
      }
    }
    return r;
  }

  /** Base-10000 weight and first digit as PostgreSQL stores the value (for select_div_scale and send). */
  nbaseDigits(): { weight: number; digits: number[] } {
    if (this.kind !== FINITE || this.coef === 0n) return { weight: 0, digits: [] };
    const s4 = Math.ceil(this.dscale / 4) * 4;
    let c = babs(this.coefAt(s4));
    const digits: number[] = [];
    while (c > 0n) { digits.push(Number(c % 10000n)); c /= 10000n; }
    digits.reverse();
    let weight = digits.length - 1 - s4 / 4;
    while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
    while (digits.length > 0 && digits[0] === 0) { digits.shift(); weight--; }
    return { weight, digits };
  }

  /** sqrt(x): PostgreSQL's result scale (≥ 16 significant digits), rounded. Negative → 2201F. */
  sqrt(): Decimal {
    if (this.kind === NAN || this.kind === PINF) return this;
    if (this.kind === NINF || this.coef < 0n) {
      throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'cannot take square root of a negative number');
    }
    // numeric_sqrt: sweight = (weight + 1) * DEC_DIGITS / 2 - 1; rscale = 16 - sweight, clamped.
    const { weight } = this.nbaseDigits();
    const sweight = Math.trunc(((weight + 1) * 4) / 2) - 1;
    let rscale = MIN_SIG_DIGITS - sweight;
    rscale = Math.max(rscale, this.dscale, 0);
    rscale = Math.min(rscale, MAX_DISPLAY_SCALE);
    if (this.coef === 0n) return new Decimal(0n, rscale);
    // isqrt of coef·10^(2·rscale − dscale) (made even), rounded half up
    const e = 2 * rscale - this.dscale + 2; // two extra digits for rounding
    const n = this.coef * pow10(e);
    const r = isqrt(n); // floor(sqrt), scale rscale + 1
    return new Decimal(divRound(r, 10n), rscale);
  }
}

const RANK: Record<Kind, number> = { [NINF]: 0, [FINITE]: 1, [PINF]: 2, [NAN]: 3 } as Record<Kind, number>;

/** ⌊√n⌋ for n ≥ 0: Newton's iteration from an overestimate (2^⌈bits/2⌉ ≥ √n) decreases to it. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function divisionByZero(): SqlError {
  return new SqlError(SqlState.divisionByZero, 'division by zero');
}

function specialAdd(a: Kind, b: Kind): Decimal {
  if (a === NAN || b === NAN) return Decimal.NaN;
  if (a === PINF) return b === NINF ? Decimal.NaN : Decimal.POSITIVE_INFINITY;
  if (a === NINF) return b === PINF ? Decimal.NaN : Decimal.NEGATIVE_INFINITY;
  return b === PINF ? Decimal.POSITIVE_INFINITY : Decimal.NEGATIVE_INFINITY;
}

function specialDiv(a: Decimal, b: Decimal): Decimal {
  if (a.isNaN() || b.isNaN()) return Decimal.NaN;
  if (a.isInfinite()) {
    if (b.isInfinite()) return Decimal.NaN;
    const s = b.sign();
    if (s === 0) throw divisionByZero();
    return s * a.sign() > 0 ? Decimal.POSITIVE_INFINITY : Decimal.NEGATIVE_INFINITY;
  }
  return Decimal.ZERO; // finite / ±Infinity
}

/** select_div_scale (numeric.c): at least 16 significant digits, estimated from base-10000 weights. */
function selectDivScale(a: Decimal, b: Decimal): number {
  const na = a.nbaseDigits(), nb = b.nbaseDigits();
  const w1 = na.digits.length > 0 ? na.weight : 0, f1 = na.digits[0] ?? 0;
  const w2 = nb.digits.length > 0 ? nb.weight : 0, f2 = nb.digits[0] ?? 0;
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}
