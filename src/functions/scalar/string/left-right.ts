import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { charLength, charSlice } from './chars.ts';

/** left(s, n): first n characters; negative n: all but the last |n|. */
export const left: ScalarFunction = {
  name: 'left',
  overloads: [{
    args: ['text', 'int4'], returns: 'text',
    kernel: mapStrict2('text', (s: string, n: number) => (n >= 0 ? charSlice(s, 0, n) : charSlice(s, 0, charLength(s) + n))),
  }],
};

/** right(s, n): last n characters; negative n: all but the first |n|. */
export const right: ScalarFunction = {
  name: 'right',
  overloads: [{
    args: ['text', 'int4'], returns: 'text',
    kernel: mapStrict2('text', (s: string, n: number) => (n >= 0 ? charSlice(s, Math.max(0, charLength(s) - n)) : charSlice(s, -n))),
  }],
};
