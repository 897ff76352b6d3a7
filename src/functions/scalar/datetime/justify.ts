/** justify_days (30-day months), justify_hours (24-hour days) and justify_interval (both, signs made consistent). */
import type { ScalarFunction } from '../../../plan/index.ts';
import type { Interval } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

const DAY = 86_400_000_000;
const tdiv = (a: number, b: number): number => Math.trunc(a / b);
const clean = (x: number): number => (x === 0 ? 0 : x);

function justifyDays(iv: Interval): Interval {
  let months = iv.months + tdiv(iv.days, 30);
  let days = iv.days % 30;
  if (months > 0 && days < 0) { days += 30; months--; } else if (months < 0 && days > 0) { days -= 30; months++; }
  return { months: clean(months), days: clean(days), micros: iv.micros };
}

function justifyHours(iv: Interval): Interval {
  let days = iv.days + tdiv(iv.micros, DAY);
  let micros = iv.micros % DAY;
  if (days > 0 && micros < 0) { micros += DAY; days--; } else if (days < 0 && micros > 0) { micros -= DAY; days++; }
  return { months: iv.months, days: clean(days), micros: clean(micros) };
}

function justifyInterval(iv: Interval): Interval {
  let { months, days, micros } = iv;
  if ((days > 0 && micros > 0) || (days < 0 && micros < 0)) { months += tdiv(days, 30); days %= 30; }
  days += tdiv(micros, DAY);
  micros %= DAY;
  months += tdiv(days, 30);
  days %= 30;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0))) { days += 30; months--; }
  else if (months < 0 && (days > 0 || (days === 0 && micros > 0))) { days -= 30; months++; }
  if (days > 0 && micros < 0) { micros += DAY; days--; } else if (days < 0 && micros > 0) { micros -= DAY; days++; }
  return { months: clean(months), days: clean(days), micros: clean(micros) };
}

const f = (name: string, fn: (iv: Interval) => Interval): ScalarFunction =>
  ({ name, overloads: [{ args: ['interval'], returns: 'interval', kernel: mapStrict1('interval', fn) }] });

export const justifyDaysFn = f('justify_days', justifyDays);
export const justifyHoursFn = f('justify_hours', justifyHours);
export const justifyIntervalFn = f('justify_interval', justifyInterval);
