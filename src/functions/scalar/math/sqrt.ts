import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState, type Decimal } from '../../../common/index.ts';
import { mapF64, mapStrict1 } from '../kernel-helpers.ts';

function sqrtF(x: number): number {
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForPowerFunction, 'cannot take square root of a negative number');
  return Math.sqrt(x);
}

export const sqrt: ScalarFunction = {
  name: 'sqrt',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(sqrtF) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.sqrt()) },
  ],
};
