import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { chars } from './chars.ts';

/** Each character of s found in `from` becomes the character at the same place in `to`, or is dropped. */
function translateOf(s: string, from: string, to: string): string {
  const f = chars(from);
  const t = chars(to);
  const map = new Map<string, string>();
  for (let i = 0; i < f.length; i++) if (!map.has(f[i]!)) map.set(f[i]!, i < t.length ? t[i]! : '');
  let out = '';
  for (const c of chars(s)) out += map.get(c) ?? c;
  return out;
}

export const translate: ScalarFunction = {
  name: 'translate',
  overloads: [{ args: ['text', 'text', 'text'], returns: 'text', kernel: mapStrictN('text', (r) => translateOf(r[0] as string, r[1] as string, r[2] as string)) }],
};
