import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { chars } from './chars.ts';

export const reverse: ScalarFunction = {
  name: 'reverse',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', (s: string) => chars(s).reverse().join('')) }],
};
