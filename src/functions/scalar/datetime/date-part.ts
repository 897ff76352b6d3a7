/**
 * extract(field, x) → numeric and date_part(field, x) → float8, as PostgreSQL 14+ computes them: integer fields
 * agree; fractional ones (second, milliseconds, epoch, julian) are exact decimals for extract and doubles,
 * computed PostgreSQL's way, for date_part.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal, T, type Interval, type SqlType } from '../../../common/index.ts';
import { DATE_NEG_INFINITY, DATE_POS_INFINITY } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { parseUnit, unsupported } from './units.ts';
import { dayOfWeek, dayOfYear, fields, isoWeek, julianDay, toLocal, USECS_PER_DAY } from './calendar.ts';

type Part = number | Decimal | null;
const int = (x: number): Decimal => Decimal.fromInt(x);
const tdiv = (a: number, b: number): number => Math.trunc(a / b);

/** Year-derived fields follow PostgreSQL's rules for BC years (astronomical year y ≤ 0 is 1 − y BC). */
function yearPart(unit: string, y: number): number {
  switch (unit) {
    case 'year': return y > 0 ? y : y - 1;
    case 'decade': return y >= 0 ? tdiv(y, 10) : -tdiv(8 - (y - 1), 10);
    case 'century': return y > 0 ? tdiv(y + 99, 100) : -tdiv(99 - (y - 1), 100);
    default: return y > 0 ? tdiv(y + 999, 1000) : -tdiv(999 - (y - 1), 1000); // millennium
  }
}

/** Fields of a timestamp (local wall-clock µs); `offset` is set for timestamptz. */
const identity = (x: number): Part => x;

function timestampPart(text: string, us: number, type: SqlType, offset: number | null, utc: number, numeric: boolean): Part {
  const unit = parseUnit(text, type);
  if (!Number.isFinite(us)) {
    const sign = us > 0 ? 1 : -1;
    switch (unit) {
      case 'epoch': case 'year': case 'decade': case 'century': case 'millennium': case 'julian': case 'isoyear':
        return numeric ? (sign > 0 ? Decimal.POSITIVE_INFINITY : Decimal.NEGATIVE_INFINITY) : sign * Infinity;
      case 'timezone': case 'timezone_hour': case 'timezone_minute':
        if (offset === null) throw unsupported(text, type);
        return null;
      default: return null;
    }
  }
  const f = fields(us);
  const days = Math.floor(us / USECS_PER_DAY);
  const secUs = f.second * 1_000_000 + f.micro;
  const n = numeric ? int : identity;
  switch (unit) {
    case 'microseconds': return n(secUs);
    case 'milliseconds': return numeric ? Decimal.of(BigInt(secUs), 3) : f.second * 1000 + f.micro / 1000;
    case 'second': return numeric ? Decimal.of(BigInt(secUs), 6) : f.second + f.micro / 1_000_000;
    case 'minute': return n(f.minute);
    case 'hour': return n(f.hour);
    case 'day': return n(f.day);
    case 'month': return n(f.month);
    case 'quarter': return n(tdiv(f.month - 1, 3) + 1);
    case 'week': return n(isoWeek(days).week);
    case 'year': case 'decade': case 'century': case 'millennium': return n(yearPart(unit, f.year));
    case 'dow': return n(dayOfWeek(days));
    case 'isodow': return n(dayOfWeek(days) || 7);
    case 'doy': return n(dayOfYear(days));
    case 'isoyear': { const y = isoWeek(days).isoyear; return n(y > 0 ? y : y - 1); }
    case 'epoch': return numeric ? Decimal.of(BigInt(utc), 6) : utc / 1_000_000;
    case 'julian': {
      const tod = us - days * USECS_PER_DAY;
      if (numeric) return int(julianDay(days)).add(Decimal.fromInt(tod).div(Decimal.fromInt(USECS_PER_DAY)));
      return julianDay(days) + (((f.hour * 60 + f.minute) * 60 + f.second) + f.micro / 1_000_000) / 86400;
    }
    case 'timezone': case 'timezone_hour': case 'timezone_minute': {
      if (offset === null) throw unsupported(text, type);
      return n(unit === 'timezone' ? offset : unit === 'timezone_hour' ? tdiv(offset, 3600) : tdiv(offset, 60) % 60);
    }
  }
}

function datePart(text: string, d: number): Decimal | null {
  const unit = parseUnit(text, T.date);
  if (d === DATE_NEG_INFINITY || d === DATE_POS_INFINITY) {
    if (['epoch', 'year', 'decade', 'century', 'millennium', 'julian', 'isoyear'].includes(unit)) {
      return d > 0 ? Decimal.POSITIVE_INFINITY : Decimal.NEGATIVE_INFINITY;
    }
    if (['day', 'month', 'quarter', 'week', 'dow', 'isodow', 'doy'].includes(unit)) return null;
    throw unsupported(text, T.date);
  }
  switch (unit) {
    case 'day': case 'month': case 'quarter': case 'week': case 'year': case 'decade': case 'century':
    case 'millennium': case 'dow': case 'isodow': case 'doy': case 'isoyear':
      return timestampPart(text, d * USECS_PER_DAY, T.timestamp, null, d * USECS_PER_DAY, true) as Decimal;
    case 'julian': return int(julianDay(d));
    case 'epoch': return int(d * 86400);
    default: throw unsupported(text, T.date);
  }
}

function intervalPart(text: string, iv: Interval, numeric: boolean): Part {
  const unit = parseUnit(text, T.interval);
  const n = (x: number): Part => (numeric ? int(x) : x);
  const secUs = iv.micros % 60_000_000; // seconds and fraction, with the sign of the time part
  const year = tdiv(iv.months, 12);
  switch (unit) {
    case 'microseconds': return n(secUs);
    case 'milliseconds': return numeric ? Decimal.of(BigInt(secUs), 3) : tdiv(secUs, 1_000_000) * 1000 + (secUs % 1_000_000) / 1000;
    case 'second': return numeric ? Decimal.of(BigInt(secUs), 6) : tdiv(secUs, 1_000_000) + (secUs % 1_000_000) / 1_000_000;
    case 'minute': return n(tdiv(iv.micros, 60_000_000) % 60);
    case 'hour': return n(tdiv(iv.micros, 3_600_000_000));
    case 'day': return n(iv.days);
    case 'month': return n(iv.months % 12);
    case 'quarter': return n(tdiv(iv.months % 12, 3) + 1);
    case 'year': return n(year);
    case 'decade': return n(tdiv(year, 10));
    case 'century': return n(tdiv(year, 100));
    case 'millennium': return n(tdiv(year, 1000));
    case 'epoch': {
      if (numeric) {
        const sec = BigInt(year) * 31557600n + BigInt(iv.months % 12) * 2592000n + BigInt(iv.days) * 86400n;
        return Decimal.of(sec * 1_000_000n + BigInt(iv.micros), 6);
      }
      let r = iv.micros / 1_000_000;
      r += 365.25 * 86400 * year;
      r += 30 * 86400 * (iv.months % 12);
      r += 86400 * iv.days;
      return r;
    }
    default: throw unsupported(text, T.interval);
  }
}

const tsOverloads = (numeric: boolean) => {
  const out = numeric ? 'numeric' as const : 'float8' as const;
  return [
    { args: ['text', 'timestamp'] as const, returns: out, kernel: mapStrict2(out, (u: string, us: number) => timestampPart(u, us, T.timestamp, null, us, numeric)) },
    {
      args: ['text', 'timestamptz'] as const, returns: out, volatility: 'stable' as const,
      kernel: mapStrict2(out, (u: string, us: number, ctx) => {
        if (!Number.isFinite(us)) return timestampPart(u, us, T.timestamptz, 0, us, numeric);
        const { local, offset } = toLocal(us, ctx.timeZone);
        return timestampPart(u, local, T.timestamptz, offset, us, numeric);
      }),
    },
    { args: ['text', 'interval'] as const, returns: out, kernel: mapStrict2(out, (u: string, iv: Interval) => intervalPart(u, iv, numeric)) },
  ];
};

export const extract: ScalarFunction = {
  name: 'extract',
  overloads: [
    { args: ['text', 'date'], returns: 'numeric', kernel: mapStrict2('numeric', datePart) },
    ...tsOverloads(true),
  ],
};

/** date_part(text, date) is PostgreSQL's SQL wrapper over the timestamp form. */
export const datePartFn: ScalarFunction = {
  name: 'date_part',
  overloads: [
    { args: ['text', 'date'], returns: 'float8', kernel: mapStrict2('float8', (u: string, d: number) => {
      const us = d === DATE_POS_INFINITY ? Infinity : d === DATE_NEG_INFINITY ? -Infinity : d * USECS_PER_DAY;
      return timestampPart(u, us, T.timestamp, null, us, false) as number | null;
    }) },
    ...tsOverloads(false),
  ],
};
