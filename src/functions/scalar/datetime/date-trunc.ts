/** date_trunc(unit, timestamp | timestamptz [, zone] | interval). timestamptz truncates in the session zone. */
import type { ScalarFunction } from '../../../plan/index.ts';
import { T, type Interval, type SqlType } from '../../../common/index.ts';
import { checkTimeZone, localToUtc, microsFromFields } from '../../../common/index.ts';
import { mapStrict2, mapStrictN } from '../kernel-helpers.ts';
import { parseUnit, unsupported } from './units.ts';
import { dayOfWeek, fields, toLocal, USECS_PER_DAY } from './calendar.ts';

const tdiv = (a: number, b: number): number => Math.trunc(a / b);

/** Truncate local wall-clock µs to `unit` (timestamp_trunc's cascade, BC years included). */
export function truncLocal(text: string, us: number, type: SqlType): number {
  const unit = parseUnit(text, type);
  if (!Number.isFinite(us)) return us;
  if (unit === 'week') {
    const days = Math.floor(us / USECS_PER_DAY);
    return (days - ((dayOfWeek(days) + 6) % 7)) * USECS_PER_DAY;
  }
  const f = fields(us);
  let { year, month, day, hour, minute, second, micro } = f;
  switch (unit) {
    case 'millennium':
      year = year > 0 ? tdiv(year + 999, 1000) * 1000 - 999 : -tdiv(999 - (year - 1), 1000) * 1000 + 1;
      month = 1; day = 1; hour = minute = second = micro = 0; break;
    case 'century':
      year = year > 0 ? tdiv(year + 99, 100) * 100 - 99 : -tdiv(99 - (year - 1), 100) * 100 + 1;
      month = 1; day = 1; hour = minute = second = micro = 0; break;
    case 'decade':
      year = year > 0 ? tdiv(year, 10) * 10 : -tdiv(8 - (year - 1), 10) * 10;
      month = 1; day = 1; hour = minute = second = micro = 0; break;
    case 'year': month = 1; day = 1; hour = minute = second = micro = 0; break;
    case 'quarter': month = 3 * tdiv(month - 1, 3) + 1; day = 1; hour = minute = second = micro = 0; break;
    case 'month': day = 1; hour = minute = second = micro = 0; break;
    case 'day': hour = minute = second = micro = 0; break;
    case 'hour': minute = second = micro = 0; break;
    case 'minute': second = micro = 0; break;
    case 'second': micro = 0; break;
    case 'milliseconds': micro = tdiv(micro, 1000) * 1000; break;
    case 'microseconds': break;
    default: throw unsupported(text, type);
  }
  return microsFromFields({ year, month, day, hour, minute, second, micro });
}

function truncTz(text: string, us: number, zone: string): number {
  if (!Number.isFinite(us)) { parseUnit(text, T.timestamptz); return us; }
  const { local } = toLocal(us, zone);
  const t = truncLocal(text, local, T.timestamptz);
  // Units below a day keep the instant's own offset (no DST re-resolution), as PostgreSQL does.
  const unit = parseUnit(text, T.timestamptz);
  if (unit === 'hour' || unit === 'minute' || unit === 'second' || unit === 'milliseconds' || unit === 'microseconds') {
    return us - (local - t);
  }
  return localToUtc(t, zone);
}

function truncInterval(text: string, iv: Interval): Interval {
  const unit = parseUnit(text, T.interval);
  let year = tdiv(iv.months, 12), mon = iv.months % 12, day = iv.days;
  let hour = tdiv(iv.micros, 3_600_000_000);
  let rest = iv.micros - hour * 3_600_000_000;
  let minute = tdiv(rest, 60_000_000);
  rest -= minute * 60_000_000;
  let second = tdiv(rest, 1_000_000);
  let micro = rest - second * 1_000_000;
  switch (unit) {
    case 'millennium': year = tdiv(year, 1000) * 1000; mon = 0; day = hour = minute = second = micro = 0; break;
    case 'century': year = tdiv(year, 100) * 100; mon = 0; day = hour = minute = second = micro = 0; break;
    case 'decade': year = tdiv(year, 10) * 10; mon = 0; day = hour = minute = second = micro = 0; break;
    case 'year': mon = 0; day = hour = minute = second = micro = 0; break;
    case 'quarter': mon = 3 * tdiv(mon, 3); day = hour = minute = second = micro = 0; break;
    case 'month': day = hour = minute = second = micro = 0; break;
    case 'day': hour = minute = second = micro = 0; break;
    case 'hour': minute = second = micro = 0; break;
    case 'minute': second = micro = 0; break;
    case 'second': micro = 0; break;
    case 'milliseconds': micro = tdiv(micro, 1000) * 1000; break;
    case 'microseconds': break;
    case 'week': throw unsupported(text, T.interval, 'Months usually have fractional weeks.');
    default: throw unsupported(text, T.interval);
  }
  return { months: year * 12 + mon, days: day, micros: ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro };
}

export const dateTrunc: ScalarFunction = {
  name: 'date_trunc',
  overloads: [
    { args: ['text', 'timestamp'], returns: 'timestamp', kernel: mapStrict2('timestamp', (u: string, us: number) => truncLocal(u, us, T.timestamp)) },
    { args: ['text', 'timestamptz'], returns: 'timestamptz', volatility: 'stable', kernel: mapStrict2('timestamptz', (u: string, us: number, ctx) => truncTz(u, us, ctx.timeZone)) },
    {
      args: ['text', 'timestamptz', 'text'], returns: 'timestamptz',
      kernel: mapStrictN('timestamptz', (r) => { checkTimeZone(r[2] as string); return truncTz(r[0] as string, r[1] as number, r[2] as string); }),
    },
    { args: ['text', 'interval'], returns: 'interval', kernel: mapStrict2('interval', truncInterval) },
  ],
};

