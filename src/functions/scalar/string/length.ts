import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { charLength } from './chars.ts';

/** length(text) counts characters; length(bytea) counts bytes. char_length/character_length are text only. */
export const length: ScalarFunction = {
  name: 'length',
  overloads: [
    { args: ['text'], returns: 'int4', kernel: mapStrict1('int4', charLength) },
    { args: ['bytea'], returns: 'int4', kernel: mapStrict1('int4', (b: Uint8Array) => b.length) },
  ],
};

export const charLengthFn: ScalarFunction = {
  name: 'char_length',
  overloads: [{ args: ['text'], returns: 'int4', kernel: mapStrict1('int4', charLength) }],
};
