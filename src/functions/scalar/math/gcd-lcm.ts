import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal } from '../../../common/index.ts';
import { mapI64x2, mapNum2, mapStrict2 } from '../kernel-helpers.ts';
import { checkInt, checkInt8 } from './float-errors.ts';

const bgcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** Integer gcd/lcm: results are non-negative; a result that does not fit the type raises 22003. */
const int4Gcd = (x: number, y: number): number => checkInt(Number(bgcd(BigInt(x), BigInt(y))), 'int4');
const int4Lcm = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : checkInt(Number(blcm(BigInt(x), BigInt(y))), 'int4'));
const int8Gcd = (x: bigint, y: bigint): bigint => checkInt8(bgcd(x, y));
const int8Lcm = (x: bigint, y: bigint): bigint => (x === 0n || y === 0n ? 0n : checkInt8(blcm(x, y)));

function blcm(a: bigint, b: bigint): bigint {
  const l = (a / bgcd(a, b)) * b;
  return l < 0n ? -l : l;
}

/** Numeric gcd/lcm work on the coefficients at the larger of the two scales; NaN or infinity gives NaN. */
function numGcd(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) return Decimal.NaN;
  const s = Math.max(a.scale, b.scale);
  return Decimal.of(bgcd(a.round(s).coef, b.round(s).coef), s);
}

function numLcm(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) return Decimal.NaN;
  const s = Math.max(a.scale, b.scale);
  const x = a.round(s).coef, y = b.round(s).coef;
  if (x === 0n || y === 0n) return Decimal.of(0n, s);
  const l = (x / bgcd(x, y)) * y;
  return Decimal.of(l < 0n ? -l : l, s);
}

export const gcd: ScalarFunction = {
  name: 'gcd',
  overloads: [
    { args: ['int4', 'int4'], returns: 'int4', kernel: mapNum2('int4', int4Gcd) },
    { args: ['int8', 'int8'], returns: 'int8', kernel: mapI64x2(int8Gcd) },
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', numGcd) },
  ],
};

export const lcm: ScalarFunction = {
  name: 'lcm',
  overloads: [
    { args: ['int4', 'int4'], returns: 'int4', kernel: mapNum2('int4', int4Lcm) },
    { args: ['int8', 'int8'], returns: 'int8', kernel: mapI64x2(int8Lcm) },
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', numLcm) },
  ],
};
