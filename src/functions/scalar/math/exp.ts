import type { ScalarFunction } from '../../../plan/index.ts';
import type { Decimal } from '../../../common/index.ts';
import { mapF64, mapStrict1 } from '../kernel-helpers.ts';
import { overflow, underflow } from './float-errors.ts';
import { numericExp } from './numeric-math.ts';

function expF(x: number): number {
  const r = Math.exp(x);
  if (r === Infinity && Number.isFinite(x)) throw overflow();
  if (r === 0 && Number.isFinite(x)) throw underflow();
  return r;
}

export const exp: ScalarFunction = {
  name: 'exp',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(expF) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => numericExp(d)) },
  ],
};
