import type { ScalarFunction } from '../../../plan/index.ts';
import type { Decimal } from '../../../common/index.ts';
import { mapI64x2, mapNum2, mapStrict2 } from '../kernel-helpers.ts';
import { divisionByZero } from './float-errors.ts';

/** Integer remainder with the sign of the dividend (C's %), NULL rows skipped so 0 divisors there are fine. */
const intMod = (x: number, y: number): number => {
  if (y === 0) throw divisionByZero();
  const r = x % y;
  return r === 0 ? 0 : r; // no -0 in integer columns
};

/** int8mod: bigint remainder (sign of the dividend); MIN % -1 is 0 as in PostgreSQL. */
const int8Mod = (x: bigint, y: bigint): bigint => {
  if (y === 0n) throw divisionByZero();
  return y === -1n ? 0n : x % y;
};

export const mod: ScalarFunction = {
  name: 'mod',
  overloads: [
    { args: ['int2', 'int2'], returns: 'int2', kernel: mapNum2('int2', intMod) },
    { args: ['int4', 'int4'], returns: 'int4', kernel: mapNum2('int4', intMod) },
    { args: ['int8', 'int8'], returns: 'int8', kernel: mapI64x2(int8Mod) },
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', (a: Decimal, b: Decimal) => a.mod(b)) },
  ],
};

/** div(numeric, numeric): the quotient truncated toward zero, scale 0. */
export const div: ScalarFunction = {
  name: 'div',
  overloads: [
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', (a: Decimal, b: Decimal) => a.divTrunc(b)) },
  ],
};
