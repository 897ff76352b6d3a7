import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';

/** PostgreSQL refuses results over 1 GB; JS strings top out well below that, so check before allocating. */
const MAX_LEN = (1 << 29) - 24;

function repeatOf(s: string, n: number): string {
  if (n <= 0 || s === '') return '';
  if (s.length * n > MAX_LEN) throw new SqlError(SqlState.programLimitExceeded, 'requested length too large');
  return s.repeat(n);
}

export const repeat: ScalarFunction = {
  name: 'repeat',
  overloads: [{ args: ['text', 'int4'], returns: 'text', kernel: mapStrict2('text', repeatOf) }],
};
