import { createHash } from 'node:crypto';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

export const md5: ScalarFunction = {
  name: 'md5',
  overloads: [
    { args: ['text'], returns: 'text', kernel: mapStrict1('text', (s: string) => createHash('md5').update(s, 'utf8').digest('hex')) },
    { args: ['bytea'], returns: 'text', kernel: mapStrict1('text', (b: Uint8Array) => createHash('md5').update(b).digest('hex')) },
  ],
};
