/**
 * Date/time arithmetic as PostgreSQL does it (timestamp.c, date.c): month steps clamp the day of month
 * (Jan 31 + 1 month = Feb 28/29), then days, then the time part; for timestamptz the month and day steps
 * happen on the wall clock of the session time zone (so + '1 day' across a DST change keeps the local time).
 * Infinite dates and timestamps stay infinite.
 */
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import type { Interval, SqlType } from '../common/index.ts';
import { allocValues, type Vector } from '../common/index.ts';
import {
  DATE_NEG_INFINITY, DATE_POS_INFINITY, USECS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, localToUtc, zoneOffset,
} from '../common/index.ts';
import { divisionByZero, unionNulls, type ArithOp } from './arith.ts';

const FIRST_DAY = daysFromCivil(-4713, 11, 24);
const LAST_DATE = daysFromCivil(5874897, 12, 31);
const TS_MIN = FIRST_DAY * USECS_PER_DAY;
const TS_END = daysFromCivil(294277, 1, 1) * USECS_PER_DAY;

const dateRange = (): SqlError => new SqlError(SqlState.datetimeFieldOverflow, 'date out of range');
const tsRange = (): SqlError => new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
const ivRange = (): SqlError => new SqlError(SqlState.datetimeFieldOverflow, 'interval out of range');

const dateFinite = (d: number): boolean => d !== DATE_NEG_INFINITY && d !== DATE_POS_INFINITY;

function checkDate(d: number): number {
  if (d < FIRST_DAY || d > LAST_DATE) throw dateRange();
  return d;
}
function checkTs(t: number): number {
  if (!(t >= TS_MIN && t < TS_END)) throw tsRange();
  return t;
}

/** Add months to a day number, clamping the day of month. */
function addMonthsToDays(days: number, months: number): number {
  const { year, month, day } = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** timestamp (wall clock) + interval. */
export function timestampPlusInterval(ts: number, iv: Interval): number {
  if (!Number.isFinite(ts)) return ts;
  let t = ts;
  if (iv.months !== 0 || iv.days !== 0) {
    const days = Math.floor(t / USECS_PER_DAY);
    const tod = t - days * USECS_PER_DAY;
    let d = days;
    if (iv.months !== 0) { d = addMonthsToDays(d, iv.months); checkTs(d * USECS_PER_DAY + tod); }
    d += iv.days;
    t = d * USECS_PER_DAY + tod;
  }
  return checkTs(t + iv.micros);
}

/** timestamptz + interval: months and days on the wall clock of `zone`. */
export function timestamptzPlusInterval(ts: number, iv: Interval, zone: string): number {
  if (!Number.isFinite(ts)) return ts;
  let t = ts;
  if (iv.months !== 0 || iv.days !== 0) {
    const local = t + zoneOffset(zone, t) * 1_000_000;
    const days = Math.floor(local / USECS_PER_DAY);
    const tod = local - days * USECS_PER_DAY;
    let d = days;
    if (iv.months !== 0) d = addMonthsToDays(d, iv.months);
    d += iv.days;
    t = localToUtc(checkTs(d * USECS_PER_DAY + tod), zone);
  }
  return checkTs(t + iv.micros);
}

const negInterval = (iv: Interval): Interval => ({ months: -iv.months + 0, days: -iv.days + 0, micros: -iv.micros + 0 });

function checkInterval(months: number, days: number, micros: number): Interval {
  if (months > 2147483647 || months < -2147483648 || days > 2147483647 || days < -2147483648 || !Number.isSafeInteger(micros)) {
    throw ivRange();
  }
  return { months: months + 0, days: days + 0, micros: micros + 0 };
}

/** timestamp - timestamp: µs difference, whole days split off (interval_justify_hours). */
export function timestampDiff(a: number, b: number): Interval {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, 'cannot subtract infinite timestamps');
  }
  const diff = a - b;
  const days = Math.trunc(diff / USECS_PER_DAY);
  return checkInterval(0, days, diff - days * USECS_PER_DAY);
}

const TSROUND = (x: number): number => Math.round(x * 1e6) / 1e6;
/** C's rint: round half to even. */
const rint = (x: number): number => {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** interval_mul (PostgreSQL 15): fractional months and days cascade down to days and time. */
export function intervalMul(iv: Interval, factor: number): Interval {
  if (Number.isNaN(factor)) throw ivRange();
  const m = iv.months * factor, d = iv.days * factor;
  if (!(Math.abs(m) <= 2147483647) || !(Math.abs(d) <= 2147483647)) throw ivRange();
  const months = Math.trunc(m);
  let days = Math.trunc(d);
  const monthRemainderDays = TSROUND((m - months) * 30);
  let secRemainder = TSROUND((d - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * 86400);
  if (Math.abs(secRemainder) >= 86400) {
    const wd = Math.trunc(secRemainder / 86400);
    days += wd;
    secRemainder -= wd * 86400;
  }
  days += Math.trunc(monthRemainderDays);
  const micros = rint(iv.micros * factor + secRemainder * 1e6);
  return checkInterval(months, days, micros);
}

/** interval_div (PostgreSQL 15). */
export function intervalDiv(iv: Interval, divisor: number): Interval {
  if (divisor === 0) throw divisionByZero();
  const m = iv.months / divisor, d = iv.days / divisor;
  const months = Math.trunc(m);
  let days = Math.trunc(d);
  const monthRemainderDays = TSROUND((m - months) * 30);
  let secRemainder = TSROUND((d - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * 86400);
  if (Math.abs(secRemainder) >= 86400) {
    const wd = Math.trunc(secRemainder / 86400);
    days += wd;
    secRemainder -= wd * 86400;
  }
  days += Math.trunc(monthRemainderDays);
  const micros = rint(iv.micros / divisor + secRemainder * 1e6);
  return checkInterval(months, days, micros);
}

type Fn = (a: unknown, b: unknown, zone: string) => unknown;

/** The per-value function for (left type, op, right type), or undefined when there is no such operator. */
function pick(lt: string, op: ArithOp, rt: string): Fn | undefined {
  const key = `${lt} ${op} ${rt}`;
  switch (key) {
    // PostgreSQL has only date ± int4; the int8 forms (a bigint day count) are kept for plans that build them.
    case 'date + int4': case 'date + int2': case 'date + int8':
      return (a, b) => (dateFinite(a as number) ? checkDate((a as number) + Number(b)) : a);
    case 'int4 + date': case 'int2 + date': case 'int8 + date':
      return (a, b) => (dateFinite(b as number) ? checkDate(Number(a) + (b as number)) : b);
    case 'date - int4': case 'date - int2': case 'date - int8':
      return (a, b) => (dateFinite(a as number) ? checkDate((a as number) - Number(b)) : a);
    case 'date - date':
      return (a, b) => {
        if (!dateFinite(a as number) || !dateFinite(b as number)) {
          throw new SqlError(SqlState.datetimeFieldOverflow, 'cannot subtract infinite dates');
        }
        return (a as number) - (b as number);
      };
    case 'date + interval':
      return (a, b) => timestampPlusInterval(dateToTs(a as number), b as Interval);
    case 'interval + date':
      return (a, b) => timestampPlusInterval(dateToTs(b as number), a as Interval);
    case 'date - interval':
      return (a, b) => timestampPlusInterval(dateToTs(a as number), negInterval(b as Interval));
    case 'date + time': return (a, b) => checkTs(dateToTs(a as number) + (b as number));
    case 'time + date': return (a, b) => checkTs(dateToTs(b as number) + (a as number));
    case 'timestamp + interval': return (a, b) => timestampPlusInterval(a as number, b as Interval);
    case 'interval + timestamp': return (a, b) => timestampPlusInterval(b as number, a as Interval);
    case 'timestamp - interval': return (a, b) => timestampPlusInterval(a as number, negInterval(b as Interval));
    case 'timestamptz + interval': return (a, b, z) => timestamptzPlusInterval(a as number, b as Interval, z);
    case 'interval + timestamptz': return (a, b, z) => timestamptzPlusInterval(b as number, a as Interval, z);
    case 'timestamptz - interval': return (a, b, z) => timestamptzPlusInterval(a as number, negInterval(b as Interval), z);
    case 'timestamp - timestamp': case 'timestamptz - timestamptz':
      return (a, b) => timestampDiff(a as number, b as number);
    case 'time + interval': return (a, b) => timePlus(a as number, (b as Interval).micros);
    case 'interval + time': return (a, b) => timePlus(b as number, (a as Interval).micros);
    case 'time - interval': return (a, b) => timePlus(a as number, -(b as Interval).micros);
    case 'time - time': return (a, b) => checkInterval(0, 0, (a as number) - (b as number));
    case 'interval + interval':
      return (a, b) => { const x = a as Interval, y = b as Interval; return checkInterval(x.months + y.months, x.days + y.days, x.micros + y.micros); };
    case 'interval - interval':
      return (a, b) => { const x = a as Interval, y = b as Interval; return checkInterval(x.months - y.months, x.days - y.days, x.micros - y.micros); };
    case 'interval * float8': return (a, b) => intervalMul(a as Interval, b as number);
    case 'float8 * interval': return (a, b) => intervalMul(b as Interval, a as number);
    case 'interval / float8': return (a, b) => intervalDiv(a as Interval, b as number);
    default: return undefined;
  }
}

const dateToTs = (d: number): number =>
  d === DATE_NEG_INFINITY ? -Infinity : d === DATE_POS_INFINITY ? Infinity : d * USECS_PER_DAY;

function timePlus(t: number, micros: number): number {
  let r = (t + micros) % USECS_PER_DAY;
  if (r < 0) r += USECS_PER_DAY;
  return r;
}

/** Date/time arithmetic over two columns; undefined when (l.type op r.type) is not a date/time operator. */
export function datetimeArith(op: ArithOp, l: Vector, r: Vector, type: SqlType, zone: string): Vector | undefined {
  const f = pick(l.type.id, op, r.type.id);
  if (f === undefined) return undefined;
  const n = l.length;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const out = allocValues(type, n) as unknown[];
  const a = l.values as ArrayLike<unknown>, b = r.values as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = f(a[i], b[i], zone);
  }
  return { type, length: n, values: out as never, nulls };
}

/** Unary minus of an interval. */
export function negateInterval(v: Vector, type: SqlType): Vector {
  const n = v.length;
  const out = new Array<unknown>(n);
  const a = v.values as Interval[];
  for (let i = 0; i < n; i++) if (v.nulls === null || v.nulls[i] === 0) out[i] = checkInterval(-a[i]!.months, -a[i]!.days, -a[i]!.micros);
  return { type, length: n, values: out, nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}
