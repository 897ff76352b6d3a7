import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict2, mapStrictN } from '../kernel-helpers.ts';
import { pgSubstring } from './chars.ts';

export function checkLength(len: number): void {
  if (len < 0) throw new SqlError(SqlState.substringError, 'negative substring length not allowed');
}

function byteaSubstring(b: Uint8Array, start: number, length: number | undefined): Uint8Array {
  const s1 = Math.max(start, 1);
  if (length === undefined) return b.slice(s1 - 1);
  const e = start + length;
  if (e < 1) return new Uint8Array(0);
  return b.slice(s1 - 1, Math.max(s1 - 1, e - 1));
}

/** substr(s, start [, count]); substring() is the same function under its SQL-standard name. */
export const substr: ScalarFunction = {
  name: 'substr',
  overloads: [
    { args: ['text', 'int4'], returns: 'text', kernel: mapStrict2('text', (s: string, a: number) => pgSubstring(s, a, undefined)) },
    {
      args: ['text', 'int4', 'int4'], returns: 'text',
      kernel: mapStrictN('text', (r) => { checkLength(r[2] as number); return pgSubstring(r[0] as string, r[1] as number, r[2] as number); }),
    },
    { args: ['bytea', 'int4'], returns: 'bytea', kernel: mapStrict2('bytea', (b: Uint8Array, a: number) => byteaSubstring(b, a, undefined)) },
    {
      args: ['bytea', 'int4', 'int4'], returns: 'bytea',
      kernel: mapStrictN('bytea', (r) => { checkLength(r[2] as number); return byteaSubstring(r[0] as Uint8Array, r[1] as number, r[2] as number); }),
    },
  ],
};
