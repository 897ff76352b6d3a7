import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal, SqlError, SqlState } from '../../../common/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';

const bucketError = (msg: string): SqlError => new SqlError(SqlState.invalidArgumentForWidthBucketFunction, msg);
const intOverflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'integer out of range');

/** width_bucket_float8: equi-width buckets 1..count between the bounds, 0 below, count+1 above. */
function bucketFloat(x: number, lo: number, hi: number, count: number): number {
  if (count <= 0) throw bucketError('count must be greater than zero');
  if (Number.isNaN(x) || Number.isNaN(lo) || Number.isNaN(hi)) throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw bucketError('lower and upper bounds must be finite');
  if (lo === hi) throw bucketError('lower bound cannot equal upper bound');
  const up = lo < hi;
  if (up ? x < lo : x > lo) return 0;
  if (up ? x >= hi : x <= hi) {
    if (count === 2147483647) throw intOverflow();
    return count + 1;
  }
  const span = up ? hi - lo : lo - hi;
  const off = up ? x - lo : lo - x;
  const t = Number.isFinite(span) ? count * (off / span) : count * ((off / 2) / (span / 2));
  // The quotient can round up to exactly 1.0 for x just inside the upper bound; keep it in the last bucket.
  return Math.min(Math.trunc(t), count - 1) + 1;
}

/** width_bucket_numeric: the same with exact arithmetic. */
function bucketNumeric(x: Decimal, lo: Decimal, hi: Decimal, count: number): number {
  if (count <= 0) throw bucketError('count must be greater than zero');
  if (x.isNaN() || lo.isNaN() || hi.isNaN()) throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  if (!lo.isFinite() || !hi.isFinite()) throw bucketError('lower and upper bounds must be finite');
  const c = lo.cmp(hi);
  if (c === 0) throw bucketError('lower bound cannot equal upper bound');
  const n = Decimal.fromInt(count);
  if (c < 0) {
    if (x.cmp(lo) < 0) return 0;
    if (x.cmp(hi) >= 0) { if (count === 2147483647) throw intOverflow(); return count + 1; }
    return Number(x.sub(lo).mul(n).divTrunc(hi.sub(lo)).toBigInt()) + 1;
  }
  if (x.cmp(lo) > 0) return 0;
  if (x.cmp(hi) <= 0) { if (count === 2147483647) throw intOverflow(); return count + 1; }
  return Number(lo.sub(x).mul(n).divTrunc(lo.sub(hi)).toBigInt()) + 1;
}

export const widthBucket: ScalarFunction = {
  name: 'width_bucket',
  overloads: [
    { args: ['float8', 'float8', 'float8', 'int4'], returns: 'int4', kernel: mapStrictN('int4', (r) => bucketFloat(r[0] as number, r[1] as number, r[2] as number, r[3] as number)) },
    { args: ['numeric', 'numeric', 'numeric', 'int4'], returns: 'int4', kernel: mapStrictN('int4', (r) => bucketNumeric(r[0] as Decimal, r[1] as Decimal, r[2] as Decimal, r[3] as number)) },
  ],
};
