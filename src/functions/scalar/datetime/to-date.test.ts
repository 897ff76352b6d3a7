// Expected values were checked against a real PostgreSQL 15 (SELECT of the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatTimestamptz } from '../../../common/index.ts';
import { call, callCtx, callError, testContext } from '../test-support.ts';

const date = (s: string, f: string): string => formatDate(call('to_date', ['text', 'text'], s, f) as number);
const stamp = (s: string, f: string, zone = 'UTC'): string =>
  formatTimestamptz(callCtx(testContext({ timeZone: zone }), 'to_timestamp', ['text', 'text'], s, f) as number, zone);

test('to_date reads fixed-width and separated fields', () => {
  assert.equal(date('2024-02-29', 'YYYY-MM-DD'), '2024-02-29');
  assert.equal(date('20240229', 'YYYYMMDD'), '2024-02-29');
  assert.equal(date('2024/2/5', 'YYYY/MM/DD'), '2024-02-05');
  assert.equal(date('05 Dec 2000', 'DD Mon YYYY'), '2000-12-05');
  assert.equal(date('December 5, 2000', 'Month DD, YYYY'), '2000-12-05');
  assert.equal(date('2024 060', 'YYYY DDD'), '2024-02-29');
  assert.equal(date('99-1-1', 'YY-MM-DD'), '1999-01-01');
  assert.equal(date('3 4 21 01', 'W MM CC YY'), '2001-04-15');
  assert.equal(date('2458872', 'J'), '2020-01-23');
  assert.equal(date('44-02-01 BC', 'YYYY-MM-DD BC'), '0044-02-01 BC');
  assert.equal(date('2020-53-5', 'IYYY-IW-ID'), '2021-01-01');
  assert.equal(date('2024x01', 'YYYYxMM'), '2024-01-01');
});

test('to_date errors as PostgreSQL words them', () => {
  assert.deepEqual(callError('to_date', ['text', 'text'], '2024-02-30', 'YYYY-MM-DD'),
    { code: '22008', message: 'date/time field value out of range: "2024-02-30"' });
  assert.deepEqual(callError('to_date', ['text', 'text'], '202', 'YYYYMMDD'),
    { code: '22007', message: 'source string too short for "YYYY" formatting field' });
  assert.deepEqual(callError('to_date', ['text', 'text'], 'abc', 'YYYY'), { code: '22007', message: 'invalid value "abc" for "YYYY"' });
  assert.deepEqual(callError('to_date', ['text', 'text'], '2024 Foo', 'YYYY Mon'), { code: '22007', message: 'invalid value "Foo" for "Mon"' });
  assert.deepEqual(callError('to_date', ['text', 'text'], '2024-02-01 2023', 'YYYY-MM-DD YYYY'),
    { code: '22007', message: 'conflicting values for "YYYY" field in formatting string' });
});

test('to_timestamp: clock, fractions, zones', () => {
  assert.equal(stamp('2024-02-29 13:05:09.123', 'YYYY-MM-DD HH24:MI:SS.MS'), '2024-02-29 13:05:09.123+00');
  assert.equal(stamp('05:30 PM', 'HH:MI AM'), '0001-01-01 17:30:00+00 BC');
  assert.equal(stamp('2024-01-01 10:00 +05:30', 'YYYY-MM-DD HH24:MI TZH:TZM'), '2024-01-01 04:30:00+00');
  assert.equal(stamp('2024-01-01 10:00 -03', 'YYYY-MM-DD HH24:MI TZH'), '2024-01-01 13:00:00+00');
  assert.equal(stamp('2000    JUN', 'YYYY MON'), '2000-06-01 00:00:00+00');
  assert.equal(stamp('2024-07-01 12:00', 'YYYY-MM-DD HH24:MI', 'America/New_York'), '2024-07-01 12:00:00-04');
  assert.deepEqual(callError('to_timestamp', ['text', 'text'], '13:00 PM', 'HH:MI AM'),
    { code: '22007', message: 'hour "13" is invalid for the 12-hour clock' });
});
