import type { ScalarFunction } from '../../../plan/index.ts';
import { DATE_NEG_INFINITY, DATE_POS_INFINITY } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

export const isfinite: ScalarFunction = {
  name: 'isfinite',
  overloads: [
    { args: ['date'], returns: 'bool', kernel: mapStrict1('bool', (d: number) => d !== DATE_NEG_INFINITY && d !== DATE_POS_INFINITY) },
    { args: ['timestamp'], returns: 'bool', kernel: mapStrict1('bool', Number.isFinite) },
    { args: ['timestamptz'], returns: 'bool', kernel: mapStrict1('bool', Number.isFinite) },
    { args: ['interval'], returns: 'bool', kernel: mapStrict1('bool', () => true) },
  ],
};
