import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2, mapStrictN } from '../kernel-helpers.ts';
import { chars, charLength, charSlice } from './chars.ts';

/** Pad s to len characters with repeats of fill (on the left or right); longer strings are truncated. */
function pad(s: string, len: number, fill: string, left: boolean): string {
  if (len <= 0) return '';
  const n = charLength(s);
  if (n >= len || fill === '') return n > len ? charSlice(s, 0, len) : s;
  const f = chars(fill);
  let p = '';
  for (let i = 0, k = len - n; i < k; i++) p += f[i % f.length];
  return left ? p + s : s + p;
}

const make = (name: string, left: boolean): ScalarFunction => ({
  name,
  overloads: [
    { args: ['text', 'int4'], returns: 'text', kernel: mapStrict2('text', (s: string, n: number) => pad(s, n, ' ', left)) },
    { args: ['text', 'int4', 'text'], returns: 'text', kernel: mapStrictN('text', (r) => pad(r[0] as string, r[1] as number, r[2] as string, left)) },
  ],
});

export const lpad = make('lpad', true);
export const rpad = make('rpad', false);
