// Expected values were checked against a real PostgreSQL 15.18 (SELECT of the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '../../../common/index.ts';
import { call, callError, callVec } from '../test-support.ts';

const D = (s: string): Decimal => Decimal.parse(s);
const num = (name: string, ...args: string[]): string =>
  (call(name, args.map(() => 'numeric'), ...args.map(D)) as Decimal).toString();

test('abs keeps the type and checks integer range', () => {
  assert.deepEqual(callVec('abs', ['int4'], [[-3, null, 5]]).values, [3, null, 5]);
  assert.equal(callVec('abs', ['int4'], [[-3]]).vector.values instanceof Int32Array, true);
  assert.deepEqual(callError('abs', ['int4'], -2147483648), { code: '22003', message: 'integer out of range' });
  assert.deepEqual(callError('abs', ['int2'], -32768), { code: '22003', message: 'smallint out of range' });
  assert.equal(num('abs', '-1.50'), '1.50');
});

test('rounding: float8 round is half-even (rint), numeric round is half away from zero', () => {
  assert.deepEqual(callVec('round', ['float8'], [[2.5, -2.5, 3.5, null]]).values, [2, -2, 4, null]);
  assert.equal(num('round', '2.5'), '3');
  assert.equal(num('round', '-2.5'), '-3');
  assert.equal((call('round', ['numeric', 'int4'], D('1.2345'), 2) as Decimal).toString(), '1.23');
  assert.equal((call('round', ['numeric', 'int4'], D('1234.5'), -2) as Decimal).toString(), '1200');
  assert.equal((call('trunc', ['numeric', 'int4'], D('1.999'), 2) as Decimal).toString(), '1.99');
  assert.equal(num('trunc', '-1.5'), '-1');
  assert.equal(call('trunc', ['float8'], -2.7), -2);
  assert.ok(Object.is(call('ceil', ['float8'], -0.5), -0));
  assert.equal(call('floor', ['float8'], -1.5), -2);
  assert.equal(num('ceil', '1.01'), '2');
  assert.equal(num('ceiling', '1.01'), '2');
  assert.equal(num('floor', '-1.01'), '-2');
});

test('sign, sqrt, cbrt', () => {
  assert.equal(call('sign', ['float8'], -3.5), -1);
  assert.equal(num('sign', '2.000'), '1');
  assert.equal(call('cbrt', ['float8'], 27), 3.0000000000000004); // glibc's cbrt, not Math.cbrt
  assert.equal(call('cbrt', ['float8'], -8), -2);
  assert.equal(call('sqrt', ['float8'], 2), 1.4142135623730951);
  assert.deepEqual(callError('sqrt', ['float8'], -1), { code: '2201F', message: 'cannot take square root of a negative number' });
  assert.deepEqual(callError('sqrt', ['numeric'], D('-1')), { code: '2201F', message: 'cannot take square root of a negative number' });
});

test('exp, ln, log, power over float8 with PostgreSQL errors', () => {
  assert.equal(call('exp', ['float8'], 1), 2.718281828459045);
  assert.equal(call('ln', ['float8'], 10), 2.302585092994046);
  assert.equal(call('log', ['float8'], 100), 2);
  assert.equal(call('log10', ['float8'], 1000), 3);
  assert.deepEqual(callError('exp', ['float8'], 1000), { code: '22003', message: 'value out of range: overflow' });
  assert.deepEqual(callError('exp', ['float8'], -1000), { code: '22003', message: 'value out of range: underflow' });
  assert.deepEqual(callError('ln', ['float8'], 0), { code: '2201E', message: 'cannot take logarithm of zero' });
  assert.deepEqual(callError('log10', ['float8'], -1), { code: '2201E', message: 'cannot take logarithm of a negative number' });
  assert.deepEqual(callError('power', ['float8', 'float8'], 0, -1), { code: '2201F', message: 'zero raised to a negative power is undefined' });
  assert.deepEqual(callError('pow', ['float8', 'float8'], -1, 0.5),
    { code: '2201F', message: 'a negative number raised to a non-integer power yields a complex result' });
  assert.deepEqual(callError('power', ['float8', 'float8'], 10, 400), { code: '22003', message: 'value out of range: overflow' });
});

test('numeric exp/ln/log/power use PostgreSQL result scales', () => {
  assert.equal(num('exp', '1'), '2.7182818284590452');
  assert.equal(num('exp', '10'), '22026.465794806717');
  assert.equal(num('exp', '-10'), '0.00004539992976248485');
  assert.equal(num('exp', '100'), '26881171418161354484126255515800135873611119');
  assert.equal(num('ln', '2'), '0.6931471805599453');
  assert.equal(num('ln', '1.01'), '0.009950330853168083');
  assert.equal(num('ln', '1e-10'), '-23.025850929940457');
  assert.equal(num('log', '2'), '0.3010299956639812');
  assert.equal(num('log', '2.0', '1000'), '9.9657842846620870');
  assert.equal(num('log10', '0.001'), '-3.0000000000000000');
  assert.equal(num('power', '2', '10'), '1024.0000000000000000');
  assert.equal(num('power', '3', '-1'), '0.3333333333333333');
  assert.equal(num('power', '2', '0.5'), '1.4142135623730950');
  assert.equal(num('power', '1.0000001', '1000000'), '1.1051709125497934');
  assert.equal(num('power', '0.9', '-300'), '53363851653771.0765910895134433');
  assert.deepEqual(callError('ln', ['numeric'], D('0')), { code: '2201E', message: 'cannot take logarithm of zero' });
  assert.deepEqual(callError('log', ['numeric', 'numeric'], D('1'), D('10')), { code: '22012', message: 'division by zero' });
  assert.deepEqual(callError('exp', ['numeric'], D('1e6')), { code: '22003', message: 'value overflows numeric format' });
});

test('mod and div', () => {
  assert.deepEqual(callVec('mod', ['int4', 'int4'], [[-7, 7, null], [2, -3, 0]]).values, [-1, 1, null]);
  assert.deepEqual(callError('mod', ['int4', 'int4'], 5, 0), { code: '22012', message: 'division by zero' });
  assert.equal(num('mod', '-7.5', '2'), '-1.5');
  assert.equal(num('div', '-7.5', '2'), '-3');
  assert.deepEqual(callError('div', ['numeric', 'numeric'], D('5'), D('0')), { code: '22012', message: 'division by zero' });
});

test('trigonometry and angles', () => {
  assert.equal(call('degrees', ['float8'], 1), 57.29577951308232);
  assert.equal(call('radians', ['float8'], 180), 3.141592653589793);
  assert.equal(call('pi', []), 3.141592653589793);
  assert.equal(call('cot', ['float8'], 0), Infinity);
  assert.equal(call('atan2', ['float8', 'float8'], 1, 2), 0.4636476090008061);
  assert.deepEqual(callError('asin', ['float8'], 2), { code: '22003', message: 'input is out of range' });
  assert.deepEqual(callError('sin', ['float8'], Infinity), { code: '22003', message: 'input is out of range' });
});

test('width_bucket, gcd, lcm, factorial, scale', () => {
  assert.equal(call('width_bucket', ['numeric', 'numeric', 'numeric', 'int4'], D('5.35'), D('0.024'), D('10.06'), 5), 3);
  assert.equal(call('width_bucket', ['float8', 'float8', 'float8', 'int4'], 5, 10, 0, 5), 3);
  assert.equal(call('width_bucket', ['float8', 'float8', 'float8', 'int4'], 10, 0, 10, 5), 6);
  assert.deepEqual(callError('width_bucket', ['float8', 'float8', 'float8', 'int4'], 1, 0, 0, 5),
    { code: '2201G', message: 'lower bound cannot equal upper bound' });
  assert.deepEqual(callError('width_bucket', ['float8', 'float8', 'float8', 'int4'], 1, 0, 1, 0),
    { code: '2201G', message: 'count must be greater than zero' });
  assert.equal(call('gcd', ['int4', 'int4'], 12, 18), 6);
  assert.equal(call('lcm', ['int4', 'int4'], 4, 6), 12);
  assert.deepEqual(callError('gcd', ['int4', 'int4'], -2147483648, 0), { code: '22003', message: 'integer out of range' });
  assert.equal(num('gcd', '12.5', '5.25'), '0.25');
  assert.equal(num('lcm', '1.5', '2.25'), '4.50');
  assert.equal((call('factorial', ['int8'], 20n) as Decimal).toString(), '2432902008176640000');
  assert.deepEqual(callError('factorial', ['int8'], -1n), { code: '22003', message: 'factorial of a negative number is undefined' });
  assert.equal(call('scale', ['numeric'], D('1.500')), 3);
  assert.equal(call('min_scale', ['numeric'], D('1.500')), 1);
  assert.equal(num('trim_scale', '1.500'), '1.5');
});

// Checked against PostgreSQL 15.18: int8 functions take and return bigints, exactly, with 22003 at the edges.
test('int8 overloads: abs, mod, gcd, lcm', () => {
  const MAX = 9223372036854775807n, MIN = -9223372036854775808n;
  const bigintOutOfRange = { code: '22003', message: 'bigint out of range' };
  assert.equal(call('abs', ['int8'], -9007199254740993n), 9007199254740993n);
  assert.equal(call('abs', ['int8'], -MAX), MAX);
  assert.deepEqual(callError('abs', ['int8'], MIN), bigintOutOfRange);
  assert.equal(call('mod', ['int8', 'int8'], -9007199254740993n, 10n), -3n);
  assert.equal(call('mod', ['int8', 'int8'], MIN, -1n), 0n);
  assert.deepEqual(callError('mod', ['int8', 'int8'], 1n, 0n), { code: '22012', message: 'division by zero' });
  assert.equal(call('gcd', ['int8', 'int8'], 9007199254740993n * 3n, 9007199254740993n * 2n), 9007199254740993n);
  assert.deepEqual(callError('gcd', ['int8', 'int8'], MIN, 0n), bigintOutOfRange);
  assert.equal(call('lcm', ['int8', 'int8'], 4294967296n, 6n), 12884901888n);
  assert.deepEqual(callError('lcm', ['int8', 'int8'], MIN, 1n), bigintOutOfRange);
  assert.ok(callVec('abs', ['int8'], [[1n, null]]).vector.values instanceof BigInt64Array);
});

test('random is volatile and draws from the session; setseed checks its range', () => {
  const r = callVec('random', [], []);
  assert.equal(typeof r.values[0], 'number');
  assert.deepEqual(callError('setseed', ['float8'], 2), { code: '22023', message: 'setseed parameter 2 is out of allowed range [-1,1]' });
});
