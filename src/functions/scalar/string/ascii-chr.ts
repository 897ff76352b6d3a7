import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

/** Code point of the first character; 0 for ''. */
export const ascii: ScalarFunction = {
  name: 'ascii',
  overloads: [{ args: ['text'], returns: 'int4', kernel: mapStrict1('int4', (s: string) => s.codePointAt(0) ?? 0) }],
};

function chrOf(n: number): string {
  if (n < 0) throw new SqlError(SqlState.invalidParameterValue, 'character number must be positive');
  if (n === 0) throw new SqlError(SqlState.programLimitExceeded, 'null character not permitted');
  if (n > 0x10ffff) throw new SqlError(SqlState.programLimitExceeded, `requested character too large for encoding: ${n}`);
  if (n >= 0xd800 && n <= 0xdfff) throw new SqlError(SqlState.programLimitExceeded, `requested character not valid for encoding: ${n}`);
  return String.fromCodePoint(n);
}

export const chr: ScalarFunction = {
  name: 'chr',
  overloads: [{ args: ['int4'], returns: 'text', kernel: mapStrict1('text', chrOf) }],
};
