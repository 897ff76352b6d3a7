/** make_date, make_timestamp, make_timestamptz, make_interval. Negative years mean BC, as in PostgreSQL. */
import type { ScalarFunction, ScalarOverload } from '../../../plan/index.ts';
import { SqlError, SqlState, type Interval, type TypeId } from '../../../common/index.ts';
import { checkTimeZone, daysFromCivil, daysInMonth, localToUtc, USECS_PER_DAY } from '../../../common/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';

const pad2 = (n: number): string => String(n).padStart(2, '0');

function makeDays(y: number, m: number, d: number): number {
  if (y === 0 || m < 1 || m > 12 || d < 1) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date field value out of range: ${y}-${pad2(m)}-${pad2(d)}`);
  }
  const astro = y < 0 ? y + 1 : y;
  if (d > daysInMonth(astro, m)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date field value out of range: ${y}-${pad2(m)}-${pad2(d)}`);
  }
  return daysFromCivil(astro, m, d);
}

function makeTimeMicros(h: number, mi: number, s: number): number {
  const us = Math.round(s * 1_000_000);
  if (h < 0 || h > 24 || mi < 0 || mi > 59 || !(s >= 0) || us > 60_000_000 || (h === 24 && (mi > 0 || us > 0))) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `time field value out of range: ${h}:${pad2(mi)}:${pad2(s)}`);
  }
  return ((h * 60 + mi) * 60) * 1_000_000 + us;
}

export const makeDate: ScalarFunction = {
  name: 'make_date',
  overloads: [{ args: ['int4', 'int4', 'int4'], returns: 'date', kernel: mapStrictN('date', (r) => makeDays(r[0] as number, r[1] as number, r[2] as number)) }],
};

const localOf = (r: unknown[]): number =>
  makeDays(r[0] as number, r[1] as number, r[2] as number) * USECS_PER_DAY + makeTimeMicros(r[3] as number, r[4] as number, r[5] as number);

export const makeTimestamp: ScalarFunction = {
  name: 'make_timestamp',
  overloads: [{ args: ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], returns: 'timestamp', kernel: mapStrictN('timestamp', localOf) }],
};

export const makeTimestamptz: ScalarFunction = {
  name: 'make_timestamptz',
  overloads: [
    {
      args: ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], returns: 'timestamptz', volatility: 'stable',
      kernel: mapStrictN('timestamptz', (r, ctx) => localToUtc(localOf(r), ctx.timeZone)),
    },
    {
      args: ['int4', 'int4', 'int4', 'int4', 'int4', 'float8', 'text'], returns: 'timestamptz', volatility: 'stable',
      kernel: mapStrictN('timestamptz', (r) => { checkTimeZone(r[6] as string); return localToUtc(localOf(r), r[6] as string); }),
    },
  ],
};

/** make_interval(years, months, weeks, days, hours, mins, secs): every argument defaults to 0. */
function makeInterval(r: readonly unknown[]): Interval {
  const a = (i: number): number => (r[i] as number | undefined) ?? 0;
  return {
    months: a(0) * 12 + a(1),
    days: a(2) * 7 + a(3),
    micros: (a(4) * 60 + a(5)) * 60_000_000 + Math.round(a(6) * 1_000_000),
  };
}

const ARG_TYPES: TypeId[] = ['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'];
/** One overload per arity stands in for PostgreSQL's parameter defaults. */
const intervalOverloads: ScalarOverload[] = ARG_TYPES.map((_, i) => ({
  args: ARG_TYPES.slice(0, i + 1), returns: 'interval' as const, kernel: mapStrictN('interval', makeInterval),
}));

export const makeIntervalFn: ScalarFunction = {
  name: 'make_interval',
  overloads: [{ args: [], returns: 'interval', kernel: mapStrictN('interval', makeInterval) }, ...intervalOverloads],
};
