import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal } from '../../../common/index.ts';
import { mapF64, mapStrict1 } from '../kernel-helpers.ts';

/** sign(float8) keeps NaN; sign(numeric) is -1, 0 or 1 at scale 0, NaN for NaN. */
export const sign: ScalarFunction = {
  name: 'sign',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64((x) => (x > 0 ? 1 : x < 0 ? -1 : Number.isNaN(x) ? NaN : 0)) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => (d.isNaN() ? d : Decimal.fromInt(d.sign()))) },
  ],
};
