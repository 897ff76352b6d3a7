import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { byteLength } from './chars.ts';

/** octet_length(bpchar) (bpcharoctetlen) counts the padding; bit_length has no bpchar overload, so it does not. */
export const octetLength: ScalarFunction = {
  name: 'octet_length',
  overloads: [
    { args: ['text'], returns: 'int4', kernel: mapStrict1('int4', byteLength) },
    { args: ['bpchar'], returns: 'int4', kernel: mapStrict1('int4', byteLength) },
    { args: ['bytea'], returns: 'int4', kernel: mapStrict1('int4', (b: Uint8Array) => b.length) },
  ],
};

export const bitLength: ScalarFunction = {
  name: 'bit_length',
  overloads: [
    { args: ['text'], returns: 'int4', kernel: mapStrict1('int4', (s: string) => byteLength(s) * 8) },
    { args: ['bytea'], returns: 'int4', kernel: mapStrict1('int4', (b: Uint8Array) => b.length * 8) },
  ],
};
