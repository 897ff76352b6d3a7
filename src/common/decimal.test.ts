// Expected strings were checked against PostgreSQL 15.18 (psql, SELECT ...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.ts';
import { SqlError } from './errors.ts';

const d = (s: string): Decimal => Decimal.parse(s);
const throwsCode = (f: () => unknown, code: string, message?: string, detail?: string): void => {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof SqlError);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    if (detail !== undefined) assert.equal(e.detail, detail);
    return true;
  });
};

test('parse and print', () => {
  const cases: [string, string][] = [
    ['12', '12'], ['-1.50', '-1.50'], ['.5', '0.5'], ['1e5', '100000'], ['1.5E-3', '0.0015'], [' 7 ', '7'],
    ['1.50e1', '15.0'], ['-0.000', '0.000'], ['+3.', '3'], ['NaN', 'NaN'], ['Infinity', 'Infinity'],
    ['-inf', '-Infinity'], ['+INF', 'Infinity'], ['0001.10', '1.10'],
  ];
  for (const [i, o] of cases) assert.equal(d(i).toString(), o, i);
  for (const bad of ['abc', '', '1.2.3', '1e', '- 1', 'e5', '.']) {
    throwsCode(() => d(bad), '22P02', `invalid input syntax for type numeric: "${bad}"`);
  }
});

test('division scale follows select_div_scale', () => {
  assert.equal(d('1').div(d('3')).toString(), '0.33333333333333333333');
  assert.equal(d('10').div(d('4')).toString(), '2.5000000000000000');
  assert.equal(d('3').div(d('2')).toString(), '1.5000000000000000');
  assert.equal(d('100000').div(d('3')).toString(), '33333.333333333333');
  assert.equal(d('0.0001').div(d('7')).toString(), '0.000014285714285714285714');
  assert.equal(d('12345678').div(d('0.001')).toString(), '12345678000.00000000');
  assert.equal(d('1').div(d('7e10')).toString(), '0.0000000000142857142857142857');
  assert.equal(d('7e10').div(d('3')).toString(), '23333333333.33333333');
  assert.equal(d('0').div(d('5')).toString(), '0.00000000000000000000');
  assert.equal(d('99999.5').div(d('0.001')).toString(), '99999500.000000000000');
  assert.equal(d('1').div(Decimal.POSITIVE_INFINITY).toString(), '0');
  throwsCode(() => d('1').div(d('0.00')), '22012', 'division by zero');
  throwsCode(() => d('1').mod(d('0')), '22012', 'division by zero');
});

test('add, mul, mod scales and specials', () => {
  assert.equal(d('1.50').add(d('1')).toString(), '2.50');
  assert.equal(d('1.5').mul(d('2.25')).toString(), '3.375');
  assert.equal(d('5.5').mod(d('2')).toString(), '1.5');
  assert.equal(d('-5.5').mod(d('2')).toString(), '-1.5');
  assert.equal(d('5').mod(Decimal.POSITIVE_INFINITY).toString(), '5');
  assert.equal(d('-inf').add(d('1')).toString(), '-Infinity');
  assert.equal(d('inf').add(d('-inf')).toString(), 'NaN');
  assert.equal(d('inf').mul(d('0')).toString(), 'NaN');
  assert.equal(d('1.00').sub(d('1')).toString(), '0.00');
});

test('round, trunc, floor, ceil', () => {
  assert.equal(d('1234.5').round(-2).toString(), '1200');
  assert.equal(d('1.5').round(3).toString(), '1.500');
  assert.equal(d('-1.57').trunc(1).toString(), '-1.5');
  assert.equal(d('2.5').round().toString(), '3');
  assert.equal(d('-2.5').round().toString(), '-3');
  assert.equal(d('-0.5').ceil().toString(), '0');
  assert.equal(d('-0.5').floor().toString(), '-1');
  assert.equal(d('2.5').roundToBigInt(), 3n);
  assert.equal(d('-2.5').roundToBigInt(), -3n);
  assert.equal(d('-2.7').truncToBigInt(), -2n);
  throwsCode(() => Decimal.NaN.roundToBigInt('integer'), '0A000', 'cannot convert NaN to integer');
});

test('compare and hash', () => {
  assert.equal(d('1.0').cmp(d('1.00')), 0);
  assert.equal(d('1.0').hashKey(), d('1.000').hashKey());
  assert.notEqual(d('1.1').hashKey(), d('11').hashKey());
  assert.equal(d('0.00').hashKey(), d('0').hashKey());
  assert.equal(Decimal.NaN.cmp(Decimal.POSITIVE_INFINITY), 1);
  assert.equal(Decimal.NaN.cmp(Decimal.NaN), 0);
  assert.equal(Decimal.NEGATIVE_INFINITY.cmp(d('-1e100')), -1);
  assert.equal(Decimal.compare(d('-2'), d('1')), -1);
});

test('typmod', () => {
  assert.equal(d('1.0').applyTypmod(10, 2).toString(), '1.00');
  assert.equal(d('9.994').applyTypmod(3, 2).toString(), '9.99');
  assert.equal(d('0.012').applyTypmod(2, 3).toString(), '0.012');
  assert.equal(Decimal.NaN.applyTypmod(3, 1).toString(), 'NaN');
  throwsCode(() => d('123.456').applyTypmod(4, 2), '22003', 'numeric field overflow',
    'A field with precision 4, scale 2 must round to an absolute value less than 10^2.');
  throwsCode(() => d('0.12').applyTypmod(2, 3), '22003', 'numeric field overflow',
    'A field with precision 2, scale 3 must round to an absolute value less than 10^-1.');
  throwsCode(() => d('9.995').applyTypmod(3, 2), '22003', undefined,
    'A field with precision 3, scale 2 must round to an absolute value less than 10^1.');
  throwsCode(() => d('1').applyTypmod(2, 2), '22003', undefined,
    'A field with precision 2, scale 2 must round to an absolute value less than 1.');
  throwsCode(() => d('inf').applyTypmod(4, 2), '22003', undefined,
    'A field with precision 4, scale 2 cannot hold an infinite value.');
});

test('float conversions', () => {
  assert.equal(Decimal.fromNumber(0.1).toString(), '0.1');
  assert.equal(Decimal.fromNumber(1e20).toString(), '100000000000000000000');
  assert.equal(Decimal.fromNumber(1.23456789e-10).toString(), '0.000000000123456789');
  assert.equal(Decimal.fromNumber(123456789.123).toString(), '123456789.123');
  assert.equal(Decimal.fromNumber(Math.fround(0.1), 6).toString(), '0.1');
  assert.equal(Decimal.fromNumber(NaN).toString(), 'NaN');
  assert.equal(d('0.1').toNumber(), 0.1);
  assert.equal(Decimal.fromInt(-42n).toString(), '-42');
});

test('sqrt result scale', () => {
  assert.equal(d('2').sqrt().toString(), '1.414213562373095');
  assert.equal(d('100').sqrt().toString(), '10.000000000000000');
  assert.equal(d('0.0001').sqrt().toString(), '0.01000000000000000');
  assert.equal(d('1e20').sqrt().toString(), '10000000000.00000');
  assert.equal(d('2.000000').sqrt().toString(), '1.414213562373095');
});

test('nbase digits', () => {
  assert.deepEqual(d('12345.678').nbaseDigits(), { weight: 1, digits: [1, 2345, 6780] });
  assert.deepEqual(d('0.00012').nbaseDigits(), { weight: -1, digits: [1, 2000] });
});
