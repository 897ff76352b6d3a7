/** The checks PostgreSQL's float.c makes after computing a result, with its exact messages. */
import { SqlError, SqlState } from '../../../common/index.ts';

export const overflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
export const underflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
export const inputOutOfRange = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'input is out of range');

/** float_overflow_error / float_underflow_error as check_float8_val applies them. */
export function checkFloat(r: number, infOk: boolean, zeroOk: boolean): number {
  if (r === Infinity || r === -Infinity) { if (!infOk) throw overflow(); }
  else if (r === 0 && !zeroOk) throw underflow();
  return r;
}

export const intOutOfRange = (type: 'int2' | 'int4' | 'int8'): SqlError =>
  new SqlError(SqlState.numericValueOutOfRange, `${type === 'int2' ? 'smallint' : type === 'int4' ? 'integer' : 'bigint'} out of range`);

const LIMITS = { int2: [-32768, 32767], int4: [-2147483648, 2147483647] } as const;

/** x, or 22003 when outside the range of the integer type. */
export function checkInt(x: number, type: 'int2' | 'int4'): number {
  const [lo, hi] = LIMITS[type];
  if (x < lo || x > hi) throw intOutOfRange(type);
  return x;
}

export const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** x, or 22003 "bigint out of range" when outside ±2^63. */
export function checkInt8(x: bigint): bigint {
  if (x < INT64_MIN || x > INT64_MAX) throw intOutOfRange('int8');
  return x;
}

export const divisionByZero = (): SqlError => new SqlError(SqlState.divisionByZero, 'division by zero');
