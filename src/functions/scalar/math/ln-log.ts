/** ln, log (base 10, or an explicit base) and log10. log(float8) is log10, as in PostgreSQL. */
import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal, SqlError, SqlState } from '../../../common/index.ts';
import { mapF64, mapStrict1, mapStrict2 } from '../kernel-helpers.ts';
import { numericLn, numericLog } from './numeric-math.ts';

function checkLogArg(x: number): void {
  if (x === 0) throw new SqlError(SqlState.invalidArgumentForLogarithm, 'cannot take logarithm of zero');
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForLogarithm, 'cannot take logarithm of a negative number');
}
const lnF = (x: number): number => { checkLogArg(x); return Math.log(x); };
const log10F = (x: number): number => { checkLogArg(x); return Math.log10(x); };
const TEN = Decimal.fromInt(10);

export const ln: ScalarFunction = {
  name: 'ln',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(lnF) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', numericLn) },
  ],
};

export const log: ScalarFunction = {
  name: 'log',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(log10F) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => numericLog(TEN, d)) },
    { args: ['numeric', 'numeric'], returns: 'numeric', kernel: mapStrict2('numeric', numericLog) },
  ],
};

export const log10: ScalarFunction = {
  name: 'log10',
  overloads: [
    { args: ['float8'], returns: 'float8', kernel: mapF64(log10F) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => numericLog(TEN, d)) },
  ],
};
