// Expected strings were checked against PostgreSQL 15.18 (DateStyle ISO, MDY; IntervalStyle postgres).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as D from './datetime.ts';
import { SqlError } from './errors.ts';

const ctx = { timeZone: 'UTC', dateOrder: 'MDY' as const };
const run = (f: () => string): string => {
  try { return f(); } catch (e) { if (e instanceof SqlError) return `ERR ${e.code} ${e.message}${e.hint ? ` HINT ${e.hint}` : ''}`; throw e; }
};
const check = (cases: [string, string][], f: (s: string) => string): void => {
  for (const [input, want] of cases) assert.equal(run(() => f(input)), want, input);
};

test('date input and output', () => check([
  ['2024-02-30', 'ERR 22008 date/time field value out of range: "2024-02-30"'],
  ['13/1/2024', 'ERR 22008 date/time field value out of range: "13/1/2024" HINT Perhaps you need a different "datestyle" setting.'],
  ['1/13/2024', '2024-01-13'], ['foo', 'ERR 22007 invalid input syntax for type date: "foo"'],
  ['99999-01-01', '99999-01-01'], ['0044-03-15 BC', '0044-03-15 BC'], ['5874897-12-31', '5874897-12-31'],
  ['4713-11-24 BC', '4713-11-24 BC'], ['5874898-01-01', 'ERR 22008 date out of range: "5874898-01-01"'],
  ['Jan 5 2024', '2024-01-05'], ['5 Jan 2024', '2024-01-05'], ['January 8, 1999', '1999-01-08'],
  ['08-Jan-1999', '1999-01-08'], ['1999-Jan-08', '1999-01-08'], ['20240131', '2024-01-31'], ['1/2/99', '1999-01-02'],
  ['1/2/69', '2069-01-02'], ['1/2/70', '1970-01-02'], ['2024-01-31 12:34:56', '2024-01-31'], ['epoch', '1970-01-01'],
  ['infinity', 'infinity'], ['1-2-2024', '2024-01-02'], ['2024/1/5', '2024-01-05'], ['2000-02-29', '2000-02-29'],
  ['1900-02-29', 'ERR 22008 date/time field value out of range: "1900-02-29"'], ['1969-12-31', '1969-12-31'],
], (s) => D.formatDate(D.parseDate(s, ctx))));

test('date order settings', () => {
  assert.equal(D.formatDate(D.parseDate('1/2/2024', { ...ctx, dateOrder: 'DMY' })), '2024-02-01');
  assert.equal(D.formatDate(D.parseDate('1/2/2024', ctx)), '2024-01-02');
  assert.equal(D.parseDate('today', { ...ctx, now: 86400e6 * 3 + 5 }), 3);
  assert.equal(D.parseDate('tomorrow', { ...ctx, now: 86400e6 * 3 + 5 }), 4);
});

test('calendar', () => {
  assert.equal(D.daysFromCivil(1970, 1, 1), 0);
  assert.equal(D.daysFromCivil(1969, 12, 31), -1);
  assert.deepEqual(D.civilFromDays(D.daysFromCivil(0, 2, 29)), { year: 0, month: 2, day: 29 });
  assert.equal(D.formatDate(D.daysFromCivil(0, 2, 29)), '0001-02-29 BC');
  assert.equal(D.formatTimestamp(-1), '1969-12-31 23:59:59.999999');
});

test('timestamp input', () => check([
  ['294277-01-01', 'ERR 22008 timestamp out of range: "294277-01-01"'], ['-infinity', '-infinity'],
  ['2024-01-31T12:34:56.1234567', '2024-01-31 12:34:56.123457'], ['2024-01-31 23:59:60', '2024-02-01 00:00:00'],
  ['2024-01-31 24:00', '2024-02-01 00:00:00'], ['2024-01-31 12:00 pm', '2024-01-31 12:00:00'],
  ['2024-01-31 12:00 am', '2024-01-31 00:00:00'], ['2024-01-31 12:00+05', '2024-01-31 12:00:00'],
  ['2024-01-01 25:00', 'ERR 22008 date/time field value out of range: "2024-01-01 25:00"'],
], (s) => D.formatTimestamp(D.parseTimestamp(s, false, ctx))));

test('timestamptz input, zones and DST', () => {
  const cases: [string, string, string][] = [
    ['2024-01-31 12:34:56.789+02', 'UTC', '2024-01-31 10:34:56.789+00'],
    ['2024-01-31 12:34:56 Europe/Paris', 'UTC', '2024-01-31 11:34:56+00'],
    ['2024-01-31 01:00:00+05:30', 'UTC', '2024-01-30 19:30:00+00'],
    ['2024-01-31 01:00 PST', 'UTC', '2024-01-31 09:00:00+00'],
    ['2024-03-10 02:30', 'America/New_York', '2024-03-10 03:30:00-04'], // spring-forward gap
    ['2024-11-03 01:30', 'America/New_York', '2024-11-03 01:30:00-05'], // fall-back overlap
    ['1800-01-01', 'America/New_York', '1800-01-01 00:00:00-04:56:02'],
    ['1800-01-01', 'Europe/Paris', '1800-01-01 00:00:00+00:09:21'],
    ['1900-01-01 12:00:00.5', 'Europe/Paris', '1900-01-01 12:00:00.5+00:09:21'],
    ['2024-01-01 00:00Z', '+05', '2024-01-01 05:00:00+05'],
    ['2024-01-01 00:00Z', 'UTC+5', '2023-12-31 19:00:00-05'],
  ];
  for (const [s, z, want] of cases) {
    assert.equal(D.formatTimestamptz(D.parseTimestamp(s, true, { ...ctx, timeZone: z }), z), want, `${s} @ ${z}`);
  }
  assert.throws(() => D.checkTimeZone('Mars/Base'), /time zone "Mars\/Base" not recognized/);
});

test('interval input and output', () => check([
  ['1 day 2 hours', '1 day 02:00:00'], ['1-2', '1 year 2 mons'], ['3 4:05:06', '3 days 04:05:06'], ['P1Y2M', '1 year 2 mons'],
  ['@ 1 minute ago', '-00:01:00'], ['-1 day +2 hours', '-1 days +02:00:00'], ['0', '00:00:00'], ['1.5 days', '1 day 12:00:00'],
  ['1.5 mon', '1 mon 15 days'], ['1.01 years', '1 year'], ['-1:30', '-01:30:00'], ['36 hours', '36:00:00'], ['5', '00:00:05'],
  ['1 microsecond', '00:00:00.000001'], ['-1-2', '-1 years -2 mons'], ['P1W', '7 days'], ['PT1.5S', '00:00:01.5'],
  ['1 day -1 hour', '1 day -01:00:00'], ['2 mons -3 days', '2 mons -3 days'], ['-1 year -2 mons', '-1 years -2 mons'],
  ['10 millenniums', '10000 years'], ['1 week 2 days', '9 days'],
  ['1 fortnight', 'ERR 22007 invalid input syntax for type interval: "1 fortnight"'],
  ['1 day 2 hours 3 minutes 4.5 seconds ago', '-1 days -02:03:04.5'], ['-00:00:01', '-00:00:01'],
  ['1 year -1 day', '1 year -1 days'], ['100 hours', '100:00:00'], ['1 mon 1 day 00:00:00.000001', '1 mon 1 day 00:00:00.000001'],
  ['P0001-02-03T04:05:06', '1 year 2 mons 3 days 04:05:06'], ['1.5 weeks', '10 days 12:00:00'], ['-1.5 hours', '-01:30:00'],
  ['1 min 90 sec', '00:02:30'], ['-1', '-00:00:01'],
], (s) => D.formatInterval(D.parseInterval(s))));

test('time input', () => check([
  ['12:34:56.5', '12:34:56.5'], ['24:00', '24:00:00'], ['allballs', '00:00:00'], ['1:2', '01:02:00'],
  ['25:00', 'ERR 22008 date/time field value out of range: "25:00"'],
], (s) => D.formatTimeOfDay(D.parseTime(s, ctx))));
