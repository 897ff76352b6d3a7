/** ceil/floor/round/trunc: float8 and numeric overloads, and the (numeric, int4) forms of round and trunc. */
import type { ScalarFunction } from '../../../plan/index.ts';
import type { Decimal } from '../../../common/index.ts';
import { mapF64, mapStrict1, mapStrict2 } from '../kernel-helpers.ts';

/** C's rint(): round half to even, which is what PostgreSQL's round(float8) does. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x); // half up
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

export const ceil: ScalarFunction = {
  name: 'ceil',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(Math.ceil) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.ceil()) },
  ],
};

export const floor: ScalarFunction = {
  name: 'floor',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(Math.floor) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.floor()) },
  ],
};

export const round: ScalarFunction = {
  name: 'round',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(rint) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.round(0)) },
    { args: ['numeric', 'int4'], returns: 'numeric', kernel: mapStrict2('numeric', (d: Decimal, s: number) => d.round(s)) },
  ],
};

export const trunc: ScalarFunction = {
  name: 'trunc',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(Math.trunc) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.trunc(0)) },
    { args: ['numeric', 'int4'], returns: 'numeric', kernel: mapStrict2('numeric', (d: Decimal, s: number) => d.trunc(s)) },
  ],
};
