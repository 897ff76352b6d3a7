import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapF64x2, mapStrict2 } from '../kernel-helpers.ts';
import { overflow, underflow } from './float-errors.ts';
import { numericPower } from './numeric-math.ts';

/** dpow (float.c): its special cases for NaN, zero and negative bases, then pow() with range checks. */
export function powF(x: number, y: number): number {
  if (Number.isNaN(x)) return y === 0 ? 1 : NaN;
  if (Number.isNaN(y)) return x === 1 ? 1 : NaN;
  if (x === 0 && y < 0) {
    throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'zero raised to a negative power is undefined');
  }
  if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) {
    throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'a negative number raised to a non-integer power yields a complex result');
  }
  // POSIX: pow(1, y) = 1 and pow(-1, ±Inf) = 1, where JS gives NaN.
  if (x === 1 || (x === -1 && !Number.isFinite(y))) return 1;
  const r = Math.pow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw overflow();
  if (r === 0 && x !== 0 && Number.isFinite(x) && Number.isFinite(y)) throw underflow();
  return r;
}

export const power: ScalarFunction = {
  name: 'power',
  overloads: [
    { args: ['float8', 'float8'], returns: 'float8', kernel: mapF64x2(powF) },
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', numericPower) },
  ],
};
