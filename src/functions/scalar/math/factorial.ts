import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal, SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

function factorialOf(n: bigint): Decimal {
  if (n < 0n) throw new SqlError(SqlState.numericValueOutOfRange, 'factorial of a negative number is undefined');
  // numeric's weight limit: beyond about 32177! the result no longer fits (PostgreSQL: "value overflows numeric format").
  if (n > 32177n) throw new SqlError(SqlState.numericValueOutOfRange, 'value overflows numeric format');
  let r = 1n;
  for (let i = 2n; i <= n; i++) r *= i;
  return Decimal.fromInt(r);
}

export const factorial: ScalarFunction = {
  name: 'factorial',
  overloads: [{ args: ['int8'], returns: 'numeric', kernel: mapStrict1('numeric', factorialOf) }],
};
