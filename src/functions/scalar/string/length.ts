import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { charLength } from './chars.ts';

/** bpcharlen: a char(n) value's length ignores its trailing spaces (the padding). */
const bpcharLength = (s: string): number => charLength(s.replace(/ +$/, ''));

/** length(text) counts characters; length(bytea) counts bytes; length(bpchar) ignores trailing spaces. */
export const length: ScalarFunction = {
  name: 'length',
  overloads: [
    { args: ['text'], returns: 'int4', kernel: mapStrict1('int4', charLength) },
    { args: ['bpchar'], returns: 'int4', kernel: mapStrict1('int4', bpcharLength) },
    { args: ['bytea'], returns: 'int4', kernel: mapStrict1('int4', (b: Uint8Array) => b.length) },
  ],
};

export const charLengthFn: ScalarFunction = {
  name: 'char_length',
  overloads: [
    { args: ['text'], returns: 'int4', kernel: mapStrict1('int4', charLength) },
    { args: ['bpchar'], returns: 'int4', kernel: mapStrict1('int4', bpcharLength) },
  ],
};
