/** Decimal ↔ Arrow Decimal128: a 128-bit two's complement little-endian integer scaled by 10^scale. */
import { Decimal } from '../../common/index.ts';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 38; i++, p *= 10n) POW10.push(p);

/** The coefficient of `d` at exactly `scale`, checked against `precision` (22003 like numeric_in). */
export function decimalToScaled(d: Decimal, precision: number, scale: number): bigint {
  if (!d.isFinite()) {
    throw new SqlError(SqlState.featureNotSupported, `cannot store ${d.toString()} in a decimal(${precision},${scale}) column`);
  }
  const coef = d.scale === scale ? d.coef : d.round(scale).coef;
  const limit = POW10[precision]!;
  if (coef >= limit || coef <= -limit) {
    throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than 10^${precision - scale}.`,
    });
  }
  return coef;
}

/** Write `coef` as Decimal128 number `i` of `words` (two 64-bit words per value, low word first). */
export function writeDecimal128(words: BigUint64Array, i: number, coef: bigint): void {
  words[2 * i] = BigInt.asUintN(64, coef);
  words[2 * i + 1] = BigInt.asUintN(64, coef >> 64n);
}

/**
 * Write an integer coefficient below 2^53 in magnitude (a scaled double) as Decimal128 number `i`, through
 * 32-bit words (`w`: the same buffer as Int32Array) without a BigInt.
 */
export function writeScaledDecimal128(w: Int32Array, i: number, x: number): void {
  const lo = x % 4294967296, hi = (x - lo) / 4294967296;
  // Two's complement of the 64-bit value x; the upper 64 bits are its sign.
  const sign = x < 0 ? -1 : 0;
  w[4 * i] = lo | 0;
  w[4 * i + 1] = (lo < 0 ? hi - 1 : hi) | 0;
  w[4 * i + 2] = sign;
  w[4 * i + 3] = sign;
}

/** Read Decimal128 number `i` of `words` (signed view) as a Decimal of `scale`. */
export function readDecimal128(lo: BigUint64Array, hi: BigInt64Array, i: number, scale: number): Decimal {
  const h = hi[2 * i + 1]!;
  const l = lo[2 * i]!;
  const coef = h === 0n ? l : h === -1n && l >= 0x8000000000000000n ? BigInt.asIntN(64, l) : (h << 64n) | l;
  return Decimal.of(coef, scale);
}
