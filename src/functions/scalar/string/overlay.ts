import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { charLength, pgSubstring } from './chars.ts';

/** overlay(s PLACING r FROM p [FOR n]) = substr(s, 1, p-1) || r || substr(s, p+n); n defaults to length(r). */
function overlayOf(s: string, r: string, p: number, n: number): string {
  if (p <= 0) throw new SqlError(SqlState.substringError, 'negative substring length not allowed');
  return pgSubstring(s, 1, p - 1) + r + pgSubstring(s, p + n, undefined);
}

export const overlay: ScalarFunction = {
  name: 'overlay',
  overloads: [
    { args: ['text', 'text', 'int4'], returns: 'text', kernel: mapStrictN('text', (a) => overlayOf(a[0] as string, a[1] as string, a[2] as number, charLength(a[1] as string))) },
    { args: ['text', 'text', 'int4', 'int4'], returns: 'text', kernel: mapStrictN('text', (a) => overlayOf(a[0] as string, a[1] as string, a[2] as number, a[3] as number)) },
  ],
};
