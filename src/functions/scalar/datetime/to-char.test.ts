// Expected values were checked against a real PostgreSQL 15 (SELECT of the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, daysFromCivil, type Interval } from '../../../common/index.ts';
import { call, callCtx, callError, testContext } from '../test-support.ts';

const ts = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) * 1000;
const T1 = ts('2024-02-29 13:05:09.123') + 456;
const fmt = (f: string, x = T1): unknown => call('to_char', ['timestamp', 'text'], x, f);
const num = (x: string, f: string): unknown => call('to_char', ['numeric', 'text'], Decimal.parse(x), f);

test('to_char(timestamp): years, months, days', () => {
  assert.equal(fmt('YYYY YYY YY Y IYYY Y,YYY CC'), '2024 024 24 4 2024 2,024 21');
  assert.equal(fmt('MM Mon MON mon Month|MONTH|FMMonth RM rm Q'), '02 Feb FEB feb February |FEBRUARY |February II   ii   1');
  assert.equal(fmt('DD DDD D ID IDDD Dy DY Day|FMDay W WW IW J'), '29 060 5 4 060 Thu THU Thursday |Thursday 5 09 09 2460370');
  assert.equal(fmt('FMDD FMMM FMDDD DDth DDTH FMDDth'), '29 2 60 29th 29TH 29th');
  assert.equal(fmt('YYYY BC B.C. ad CC', daysFromCivil(-56, 3, 15) * 86_400_000_000), '0057 BC B.C. bc -01');
  assert.equal(call('to_char', ['timestamp', 'text'], ts('2021-01-01 00:00'), 'IYYY-IW-ID IDDD WW'), '2020-53-5 369 01');
});

test('to_char(timestamp): time of day, quoting, escapes', () => {
  assert.equal(fmt('HH HH12 HH24 MI SS MS US FF1 FF3 FF6 SSSS AM am P.M.'), '01 01 13 05 09 123 123456 1 123 123456 47109 PM pm P.M.');
  assert.equal(fmt('FMHH:FMMI'), '1:5');
  assert.equal(fmt('HH12 AM', ts('2024-01-01 00:00')), '12 AM');
  assert.equal(fmt('"quoted YYYY" YYYY \\"MM\\" "a\\"b"'), 'quoted YYYY 2024 "02" a"b');
  assert.equal(fmt('TZ|TZH:TZM|OF'), '|+00:00|+00');
  assert.equal(call('to_char', ['timestamp', 'text'], Infinity, 'YYYY'), null);
  assert.equal(fmt(''), null);
});

test('to_char(timestamptz) prints in the session zone', () => {
  const ny = testContext({ timeZone: 'America/New_York' });
  assert.equal(callCtx(ny, 'to_char', ['timestamptz', 'text'], ts('2024-07-01 12:00'), 'YYYY-MM-DD HH24:MI TZ tz OF TZH TZM FMOF'),
    '2024-07-01 08:00 EDT edt -04 -04 00 -4');
  assert.equal(call('to_char', ['timestamptz', 'text'], T1, 'HH24 TZ OF'), '13 UTC +00');
});

test('to_char(interval)', () => {
  const iv = (months: number, days: number, micros: number): Interval => ({ months, days, micros });
  const h = 3_600_000_000;
  assert.equal(call('to_char', ['interval', 'text'], iv(14, 3, 15 * h + 245_500_000), 'YYYY MM DD HH24 HH MI SS MS US SSSS AM Q WW RM'),
    '0001 02 03 15 03 04 05 500 500000 54245 PM 1 61 II  ');
  assert.equal(call('to_char', ['interval', 'text'], iv(-14, -3, -(4 * h + 306_789_000)), 'YYYY MM DD HH24 HH MI SS MS US SSSS'),
    '-0001 -02 -3 -04 -04 -05 -06 -789 -789000 -14706');
  assert.equal(call('to_char', ['interval', 'text'], iv(-3, 0, 0), 'RM'), 'X   ');
  assert.deepEqual(callError('to_char', ['interval', 'text'], iv(0, 1, 0), 'Day'),
    { code: '22007', message: 'invalid format specification for an interval value' });
});

test('to_char(number): digits, signs, fill mode, overflow', () => {
  assert.equal(num('123.456', '999.99'), ' 123.46');
  assert.equal(num('-123.456', '999.99'), '-123.46');
  assert.equal(num('0.5', '9.99'), '  .50');
  assert.equal(num('0.5', '0.99'), ' 0.50');
  assert.equal(num('0.5', 'FM9.99'), '.5');
  assert.equal(num('12', 'FM9.99'), '#.##');
  assert.equal(num('99.96', '99.9'), ' ##.#');
  assert.equal(call('to_char', ['int4', 'text'], 1234567, '9,999,999'), ' 1,234,567');
  assert.equal(call('to_char', ['int4', 'text'], 1234567, '999,999'), ' ###,###');
  assert.equal(call('to_char', ['int4', 'text'], -12, '0000'), '-0012');
  assert.equal(call('to_char', ['int4', 'text'], 12, 'FM0000'), '0012');
  assert.equal(num('-12.5', 'S999.9'), ' -12.5');
  assert.equal(num('12.5', '999.9S'), ' 12.5+');
  assert.equal(num('-12.5', '999.9MI'), ' 12.5-');
  assert.equal(num('12.5', '999.9PL'), '  12.5+');
  assert.equal(num('-12.5', 'SG999.9'), '- 12.5');
  assert.equal(num('-12.5', '999.9PR'), ' <12.5>');
  assert.equal(num('12.5', 'FM999.9PR'), '12.5');
  assert.equal(num('100', 'FM999.'), '100');
  assert.equal(num('100', 'FM999.9'), '100.');
  assert.equal(num('100', 'FM999.090'), '100.000');
  assert.equal(num('-0.1', 'FM0.99'), '-0.1');
  assert.equal(num('3148.5', 'L9G999D99'), '  3,148.50');
  assert.equal(num('485', '"Number:"999'), 'Number: 485');
  assert.equal(call('to_char', ['int8', 'text'], -9223372036854775808n, '9999999999999999999'), '-9223372036854775808');
  assert.equal(num('12', ''), '');
});

test('to_char(number): EEEE, V, RN, TH and float rounding', () => {
  assert.equal(num('12345', '9.99EEEE'), ' 1.23e+04');
  assert.equal(num('-0.00012345', '9.999EEEE'), '-1.235e-04');
  assert.equal(call('to_char', ['float8', 'text'], 125, '9.9EEEE'), ' 1.2e+02'); // C's printf: ties to even
  assert.equal(call('to_char', ['float8', 'text'], 1e100, '9.99EEEE'), ' 1.00e+100');
  assert.equal(call('to_char', ['int4', 'text'], 12, '99V9'), ' 120');
  assert.equal(num('12.34', '99V99'), ' 1234');
  assert.equal(call('to_char', ['int4', 'text'], 1999, 'RN'), '        MCMXCIX');
  assert.equal(call('to_char', ['int4', 'text'], 4, 'FMrn'), 'iv');
  assert.equal(call('to_char', ['int4', 'text'], 0, 'RN'), '###############');
  assert.equal(call('to_char', ['int4', 'text'], 21, '999th'), '  21st');
  assert.equal(call('to_char', ['int4', 'text'], 12, '99TH'), ' 12TH');
  assert.equal(call('to_char', ['float8', 'text'], 2.5, '9'), ' 2');
  assert.equal(call('to_char', ['float8', 'text'], 0.125, '9.99'), '  .12');
  assert.equal(call('to_char', ['float8', 'text'], 123456789.123456789, '999999999.999999999'), ' 123456789.123457');
  assert.equal(call('to_char', ['float4', 'text'], Math.fround(1.1), '9.9999999'), ' 1.10000');
  assert.deepEqual(callError('to_char', ['int4', 'text'], 1, 'S9S'), { code: '42601', message: 'cannot use "S" twice' });
});
