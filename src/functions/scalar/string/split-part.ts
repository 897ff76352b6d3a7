import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';

/** Field n (1-based; negative counts from the end) of s split on delim; '' when out of range. */
function splitPart(s: string, delim: string, n: number): string {
  if (n === 0) throw new SqlError(SqlState.invalidParameterValue, 'field position must not be zero');
  if (s === '') return '';
  // An empty delimiter leaves the whole string as the only field.
  const parts = delim === '' ? [s] : s.split(delim);
  const i = n > 0 ? n - 1 : parts.length + n;
  return i >= 0 && i < parts.length ? parts[i]! : '';
}

export const splitPartFn: ScalarFunction = {
  name: 'split_part',
  overloads: [{ args: ['text', 'text', 'int4'], returns: 'text', kernel: mapStrictN('text', (r) => splitPart(r[0] as string, r[1] as string, r[2] as number)) }],
};
