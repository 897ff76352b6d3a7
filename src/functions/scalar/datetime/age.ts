/** age(a, b): symbolic difference in years, months, days and time, as PostgreSQL's timestamp_age. */
import type { ScalarFunction, EvalContext } from '../../../plan/index.ts';
import { SqlError, SqlState, type Interval } from '../../../common/index.ts';
import { daysInMonth, localToUtc } from '../../../common/index.ts';
import { mapStrict1, mapStrict2 } from '../kernel-helpers.ts';
import { fields, toLocal, USECS_PER_DAY } from './calendar.ts';

/** Both arguments as local wall-clock µs. */
function ageLocal(a: number, b: number): Interval {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  }
  const t1 = fields(a), t2 = fields(b);
  let fsec = t1.micro - t2.micro, sec = t1.second - t2.second, min = t1.minute - t2.minute, hour = t1.hour - t2.hour;
  let mday = t1.day - t2.day, mon = t1.month - t2.month, year = t1.year - t2.year;
  const neg = a < b;
  if (neg) { fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year; }
  while (fsec < 0) { fsec += 1_000_000; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  while (mday < 0) {
    mday += neg ? daysInMonth(t1.year, t1.month) : daysInMonth(t2.year, t2.month);
    mon--;
  }
  while (mon < 0) { mon += 12; year--; }
  if (neg) { fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year; }
  return { months: year * 12 + mon, days: mday, micros: ((hour * 60 + min) * 60 + sec) * 1_000_000 + fsec };
}

/** Midnight of the current date in the session zone, as local µs. */
const todayLocal = (ctx: EvalContext): number => {
  const { local } = toLocal(ctx.transactionStart, ctx.timeZone);
  return Math.floor(local / USECS_PER_DAY) * USECS_PER_DAY;
};

export const age: ScalarFunction = {
  name: 'age',
  overloads: [
    { args: ['timestamp', 'timestamp'], returns: 'interval', kernel: mapStrict2('interval', ageLocal) },
    {
      args: ['timestamptz', 'timestamptz'], returns: 'interval', volatility: 'stable',
      kernel: mapStrict2('interval', (a: number, b: number, ctx) => ageLocal(toLocal(a, ctx.timeZone).local, toLocal(b, ctx.timeZone).local)),
    },
    { args: ['timestamp'], returns: 'interval', volatility: 'stable', kernel: mapStrict1('interval', (b: number, ctx) => ageLocal(todayLocal(ctx), b)) },
    {
      args: ['timestamptz'], returns: 'interval', volatility: 'stable',
      kernel: mapStrict1('interval', (b: number, ctx) => {
        const midnight = localToUtc(todayLocal(ctx), ctx.timeZone);
        return ageLocal(toLocal(midnight, ctx.timeZone).local, toLocal(b, ctx.timeZone).local);
      }),
    },
  ],
};
