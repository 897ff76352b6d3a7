import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1, mapStrict2 } from '../kernel-helpers.ts';
import { chars } from './chars.ts';

/** Remove the longest run of characters from `set` at the start and/or end of s. */
function trimChars(s: string, set: string, left: boolean, right: boolean): string {
  if (s === '' || set === '') return s;
  const cs = chars(s);
  const members = new Set(chars(set));
  let from = 0;
  let to = cs.length;
  if (left) while (from < to && members.has(cs[from]!)) from++;
  if (right) while (to > from && members.has(cs[to - 1]!)) to--;
  return from === 0 && to === cs.length ? s : cs.slice(from, to).join('');
}

/** Trimming without a set removes spaces only (not tabs or newlines), as PostgreSQL does. */
function trimSpaces(s: string, left: boolean, right: boolean): string {
  let from = 0;
  let to = s.length;
  if (left) while (from < to && s.charCodeAt(from) === 32) from++;
  if (right) while (to > from && s.charCodeAt(to - 1) === 32) to--;
  return s.slice(from, to);
}

const make = (name: string, left: boolean, right: boolean): ScalarFunction => ({
  name,
  overloads: [
    { args: ['text'], returns: 'text', kernel: mapStrict1('text', (s: string) => trimSpaces(s, left, right)) },
    { args: ['text', 'text'], returns: 'text', kernel: mapStrict2('text', (s: string, set: string) => trimChars(s, set, left, right)) },
  ],
});

export const btrim = make('btrim', true, true);
export const ltrim = make('ltrim', true, false);
export const rtrim = make('rtrim', false, true);
