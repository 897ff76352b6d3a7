/**
 * RANGE frames with an offset: PostgreSQL's in_range support functions. `inRange(val, base, sub, less)` is
 * whether `val` lies on the `less` side of `base ∓ offset` (val <= sum when less, val >= sum otherwise),
 * with PostgreSQL's handling of infinities and NaN, so frame edges match its own exactly. Values are the
 * physical values of the ORDER BY column; both are non-NULL.
 */
import type { Interval, SqlType } from '../../../common/index.ts';
import { Decimal } from '../../../common/index.ts';
import { compareIntervals, intervalSpan, timestampPlusInterval, timestamptzPlusInterval } from '../../../kernels/index.ts';
import { invalidRangeOffset, unsupported } from './errors.ts';

export type InRange = (val: unknown, base: unknown, sub: boolean, less: boolean) => boolean;

const DAY_US = 86_400_000_000;
const negate = (iv: Interval): Interval => ({ months: -iv.months, days: -iv.days, micros: -iv.micros });

function asInterval(offset: unknown): Interval {
  if (typeof offset === 'number') return { months: 0, days: 0, micros: offset };
  return offset as Interval;
}

function checkInterval(iv: Interval): Interval {
  if (intervalSpan(iv) < 0n) throw invalidRangeOffset();
  return iv;
}

/** The in_range function for an ORDER BY column of type `type` and a (non-NULL) `offset`; validates the offset. */
export function makeInRange(type: SqlType, offset: unknown, timeZone: string): InRange {
  switch (type.id) {
    case 'int2': case 'int4': {
      const off = Number(offset as number | bigint);
      if (off < 0) throw invalidRangeOffset();
      return (val, base, sub, less) => {
        const sum = sub ? (base as number) - off : (base as number) + off;
        return less ? (val as number) <= sum : (val as number) >= sum;
      };
    }
    case 'int8': {
      const off = BigInt(offset as number | bigint);
      if (off < 0n) throw invalidRangeOffset();
      return (val, base, sub, less) => {
        const sum = sub ? (base as bigint) - off : (base as bigint) + off;
        return less ? (val as bigint) <= sum : (val as bigint) >= sum;
      };
    }
    case 'float4': case 'float8': {
      const off = typeof offset === 'bigint' ? Number(offset) : offset instanceof Decimal ? offset.toNumber() : offset as number;
      if (Number.isNaN(off) || off < 0) throw invalidRangeOffset();
      return (v, b, sub, less) => {
        const val = v as number, base = b as number;
        if (Number.isNaN(val)) return Number.isNaN(base) ? true : !less; // NaN sorts above everything
        if (Number.isNaN(base)) return less;
        // base ∓ offset would be NaN (±Inf ∓ Inf): every value is in the frame
        if (off === Infinity && Math.abs(base) === Infinity && (sub ? base > 0 : base < 0)) return true;
        const sum = sub ? base - off : base + off;
        return less ? val <= sum : val >= sum;
      };
    }
    case 'numeric': {
      const off = offset instanceof Decimal ? offset : Decimal.fromInt(offset as number | bigint);
      if (off.isNaN() || off.sign() < 0) throw invalidRangeOffset();
      return (v, b, sub, less) => {
        const val = v as Decimal, base = b as Decimal;
        if (val.isNaN()) return base.isNaN() ? true : !less;
        if (base.isNaN()) return less;
        if (off.isInfinite()) {
          if (base.isInfinite() && base.sign() === (sub ? 1 : -1)) return true;
          if (sub) return less ? val.isInfinite() && val.sign() < 0 : true;
          return less ? true : val.isInfinite() && val.sign() > 0;
        }
        const sum = sub ? base.sub(off) : base.add(off);
        const c = val.cmp(sum);
        return less ? c <= 0 : c >= 0;
      };
    }
    case 'date': case 'timestamp': case 'timestamptz': {
      const iv = checkInterval(asInterval(offset));
      const neg = negate(iv);
      const scale = type.id === 'date' ? DAY_US : 1;
      const plus = type.id === 'timestamptz'
        ? (ts: number, x: Interval): number => timestamptzPlusInterval(ts, x, timeZone)
        : timestampPlusInterval;
      return (v, b, sub, less) => {
        const val = (v as number) * scale;
        const sum = plus((b as number) * scale, sub ? neg : iv);
        return less ? val <= sum : val >= sum;
      };
    }
    case 'time': {
      const us = asInterval(offset).micros;
      if (us < 0) throw invalidRangeOffset();
      return (val, base, sub, less) => {
        const sum = sub ? (base as number) - us : (base as number) + us;
        return less ? (val as number) <= sum : (val as number) >= sum;
      };
    }
    case 'interval': {
      const iv = checkInterval(asInterval(offset));
      return (v, b, sub, less) => {
        const base = b as Interval;
        const sum = sub
          ? { months: base.months - iv.months, days: base.days - iv.days, micros: base.micros - iv.micros }
          : { months: base.months + iv.months, days: base.days + iv.days, micros: base.micros + iv.micros };
        const c = compareIntervals(v as Interval, sum);
        return less ? c <= 0 : c >= 0;
      };
    }
    default:
      throw unsupported(`RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${type.id}`);
  }
}
