import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

/** Negative numbers print as their two's complement, as PostgreSQL's unsigned cast does. */
export const toHex: ScalarFunction = {
  name: 'to_hex',
  overloads: [
    { args: ['int4'], returns: 'text', kernel: mapStrict1('text', (n: number) => (n >>> 0).toString(16)) },
    { args: ['int8'], returns: 'text', kernel: mapStrict1('text', (n: bigint) => BigInt.asUintN(64, n).toString(16)) },
  ],
};
