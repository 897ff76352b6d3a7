// Expected values were checked against a real PostgreSQL 15.18 (SELECT of the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, type Interval } from '../../../common/index.ts';
import { call, callCtx, callError, callVec, testContext } from '../test-support.ts';

const ts = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) * 1000 + (/\.\d{4,6}$/.test(s) ? Number(s.slice(-3)) : 0);
const iv = (months: number, days: number, micros: number): Interval => ({ months, days, micros });
const NY = testContext({ timeZone: 'America/New_York' });
const T1 = ts('2024-02-29 13:45:30.500');

test('extract → numeric and date_part → float8 on a timestamp', () => {
  const ex = (f: string): string => (call('extract', ['text', 'timestamp'], f, T1) as Decimal).toString();
  const dp = (f: string): unknown => call('date_part', ['text', 'timestamp'], f, T1);
  const want: Record<string, [string, number]> = {
    microseconds: ['30500000', 30500000], milliseconds: ['30500.000', 30500], second: ['30.500000', 30.5],
    minute: ['45', 45], hour: ['13', 13], day: ['29', 29], month: ['2', 2], quarter: ['1', 1], year: ['2024', 2024],
    decade: ['202', 202], century: ['21', 21], millennium: ['3', 3], dow: ['4', 4], isodow: ['4', 4], doy: ['60', 60],
    week: ['9', 9], isoyear: ['2024', 2024], epoch: ['1709214330.500000', 1709214330.5],
    julian: ['2460370.57326967592592592593', 2460370.573269676],
  };
  for (const [f, [n, d]] of Object.entries(want)) {
    assert.equal(ex(f), n, `extract ${f}`);
    assert.equal(dp(f), d, `date_part ${f}`);
  }
  assert.equal(ex('SECONDS'), '30.500000');
  assert.deepEqual(callError('extract', ['text', 'timestamp'], 'foo', T1),
    { code: '22023', message: 'unit "foo" not recognized for type timestamp without time zone' });
  assert.deepEqual(callError('extract', ['text', 'timestamp'], 'timezone', T1),
    { code: '0A000', message: 'unit "timezone" not supported for type timestamp without time zone' });
});

test('BC years, infinity, dates, time zones', () => {
  const bc1 = ts('0000-01-01 00:00:00'); // 1 BC
  assert.equal((call('extract', ['text', 'timestamp'], 'year', bc1) as Decimal).toString(), '-1');
  assert.equal((call('extract', ['text', 'timestamp'], 'century', bc1) as Decimal).toString(), '-1');
  assert.equal((call('extract', ['text', 'timestamp'], 'epoch', Infinity) as Decimal).toString(), 'Infinity');
  assert.equal(call('date_part', ['text', 'timestamp'], 'day', Infinity), null);
  const d = 19782; // 2024-02-29
  const exd = (f: string): string => (call('extract', ['text', 'date'], f, d) as Decimal).toString();
  assert.deepEqual(['day', 'epoch', 'julian', 'week', 'doy'].map(exd), ['29', '1709164800', '2460370', '9', '60']);
  assert.deepEqual(callError('extract', ['text', 'date'], 'hour', d), { code: '0A000', message: 'unit "hour" not supported for type date' });
  assert.equal(call('date_part', ['text', 'date'], 'year', d), 2024);
  const t = ts('2024-07-01 00:00:00');
  assert.equal(callCtx(NY, 'date_part', ['text', 'timestamptz'], 'timezone', t), -14400);
  assert.equal(callCtx(NY, 'date_part', ['text', 'timestamptz'], 'hour', t), 20);
  assert.equal((callCtx(NY, 'extract', ['text', 'timestamptz'], 'julian', t) as Decimal).toString(), '2460492.83333333333333333333');
});

test('extract from interval', () => {
  const v = iv(14, 3, ((4 * 60 + 5) * 60 + 6) * 1e6 + 789000);
  const ex = (f: string): string => (call('extract', ['text', 'interval'], f, v) as Decimal).toString();
  assert.deepEqual(['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'month', 'quarter', 'year', 'epoch'].map(ex),
    ['6789000', '6789.000', '6.789000', '5', '4', '3', '2', '1', '1', '37015506.789000']);
  assert.equal(call('date_part', ['text', 'interval'], 'epoch', v), 37015506.789000005);
  const neg = iv(-14, -3, -(((4 * 60 + 5) * 60 + 6) * 1e6 + 789000));
  assert.equal((call('extract', ['text', 'interval'], 'quarter', neg) as Decimal).toString(), '1');
  assert.equal((call('extract', ['text', 'interval'], 'second', neg) as Decimal).toString(), '-6.789000');
  assert.deepEqual(callError('extract', ['text', 'interval'], 'dow', v), { code: '0A000', message: 'unit "dow" not supported for type interval' });
});

test('date_trunc', () => {
  const tr = (u: string, s: string): unknown => call('date_trunc', ['text', 'timestamp'], u, ts(s));
  assert.equal(tr('century', '2024-05-05 10:00:00'), ts('2001-01-01 00:00:00'));
  assert.equal(tr('millennium', '2024-05-05 00:00:00'), ts('2001-01-01 00:00:00'));
  assert.equal(tr('decade', '2024-05-05 00:00:00'), ts('2020-01-01 00:00:00'));
  assert.equal(tr('week', '2024-02-29 13:00:00'), ts('2024-02-26 00:00:00'));
  assert.equal(tr('quarter', '2024-05-05 00:00:00'), ts('2024-04-01 00:00:00'));
  assert.equal(tr('milliseconds', '2024-05-05 10:00:00.123456'), ts('2024-05-05 10:00:00.123'));
  assert.deepEqual(callError('date_trunc', ['text', 'timestamp'], 'foo', 0),
    { code: '22023', message: 'unit "foo" not recognized for type timestamp without time zone' });
  assert.equal(callCtx(NY, 'date_trunc', ['text', 'timestamptz'], 'day', ts('2024-03-10 12:00:00')), ts('2024-03-10 05:00:00'));
  assert.equal(callCtx(NY, 'date_trunc', ['text', 'timestamptz'], 'hour', ts('2024-11-03 05:30:00')), ts('2024-11-03 05:00:00'));
  assert.equal(callCtx(NY, 'date_trunc', ['text', 'timestamptz'], 'hour', ts('2024-11-03 06:30:00')), ts('2024-11-03 06:00:00'));
  assert.equal(call('date_trunc', ['text', 'timestamptz', 'text'], 'day', ts('2024-03-10 12:00:00'), 'Asia/Tokyo'), ts('2024-03-09 15:00:00'));
  const v = iv(17, 3, ((4 * 60 + 5) * 60 + 6) * 1e6);
  assert.deepEqual(call('date_trunc', ['text', 'interval'], 'year', v), iv(12, 0, 0));
  assert.deepEqual(call('date_trunc', ['text', 'interval'], 'hour', v), iv(17, 3, 4 * 3600e6));
  assert.deepEqual(call('date_trunc', ['text', 'interval'], 'quarter', iv(5, 0, 0)), iv(3, 0, 0));
  const e = callError('date_trunc', ['text', 'interval'], 'week', v);
  assert.deepEqual(e, { code: '0A000', message: 'unit "week" not supported for type interval' });
});

test('now family reads the context', () => {
  const ctx = testContext();
  assert.equal(callCtx(ctx, 'now', []), ctx.transactionStart);
  assert.equal(callCtx(ctx, 'transaction_timestamp', []), ctx.transactionStart);
  assert.equal(callCtx(ctx, 'statement_timestamp', []), ctx.statementStart);
  const c = callVec('clock_timestamp', [], []).values[0] as number;
  assert.ok(Math.abs(c - Date.now() * 1000) < 5e6);
});

test('age', () => {
  const a = (x: string, y: string): unknown => call('age', ['timestamp', 'timestamp'], ts(x), ts(y));
  assert.deepEqual(a('2024-03-01 00:00:00', '2023-01-31 00:00:00'), iv(13, 1, 0));
  assert.deepEqual(a('2023-01-31 00:00:00', '2024-03-01 00:00:00'), iv(-13, -1, 0));
  assert.deepEqual(a('2024-01-01 10:00:00', '2024-01-01 12:30:15.500'), iv(0, 0, -(2 * 3600 + 30 * 60 + 15.5) * 1e6));
  assert.deepEqual(callCtx(NY, 'age', ['timestamptz', 'timestamptz'], ts('2024-03-01 05:00:00'), ts('2023-01-31 17:00:00')), iv(13, 0, 12 * 3600e6));
  // transactionStart of testContext is 2024-01-15 12:30:45 UTC, so age(x) counts from 2024-01-15 00:00
  assert.deepEqual(call('age', ['timestamp'], ts('2023-01-31 00:00:00')), iv(11, 15, 0));
});

test('make_*, justify_*, isfinite, to_timestamp', () => {
  assert.equal(call('make_date', ['int4', 'int4', 'int4'], 2024, 2, 29), 19782);
  assert.deepEqual(callError('make_date', ['int4', 'int4', 'int4'], 2023, 2, 29), { code: '22008', message: 'date field value out of range: 2023-02-29' });
  assert.deepEqual(callError('make_date', ['int4', 'int4', 'int4'], 0, 1, 1), { code: '22008', message: 'date field value out of range: 0-01-01' });
  const mt = ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'] as const;
  assert.equal(call('make_timestamp', [...mt], 2024, 2, 29, 13, 45, 30.5), T1);
  assert.equal(call('make_timestamp', [...mt], 2024, 2, 29, 24, 0, 0), ts('2024-03-01 00:00:00'));
  assert.deepEqual(callError('make_timestamp', [...mt], 2024, 2, 29, 25, 0, 0), { code: '22008', message: 'time field value out of range: 25:00:00' });
  assert.deepEqual(call('make_interval', ['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'], 1, 2, 3, 4, 5, 6, 7.5),
    iv(14, 25, ((5 * 60 + 6) * 60 + 7.5) * 1e6));
  assert.deepEqual(call('justify_days', ['interval'], iv(0, 35, 0)), iv(1, 5, 0));
  assert.deepEqual(call('justify_hours', ['interval'], iv(0, 0, 27 * 3600e6)), iv(0, 1, 3 * 3600e6));
  assert.deepEqual(call('justify_interval', ['interval'], iv(1, 0, -3600e6)), iv(0, 29, 23 * 3600e6));
  assert.deepEqual(call('justify_days', ['interval'], iv(1, -35, 0)), iv(0, -5, 0));
  assert.equal(call('isfinite', ['date'], 2147483647), false);
  assert.equal(call('isfinite', ['timestamp'], 0), true);
  assert.equal(call('to_timestamp', ['float8'], 1709214330.5), T1);
  assert.equal(call('to_timestamp', ['float8'], Infinity), Infinity);
  assert.deepEqual(callError('to_timestamp', ['float8'], NaN), { code: '22008', message: 'timestamp cannot be NaN' });
});
