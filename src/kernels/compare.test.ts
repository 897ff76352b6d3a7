import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../common/index.ts';
import { Decimal } from '../common/index.ts';
import { vectorFromValues } from '../common/index.ts';
import { SqlError, getValue, type Vector } from '../common/index.ts';
import { compareBpchar, compareFloats, compareIntervals, compareStrings, compareVectors, compareWithConstant, valueComparator } from './compare.ts';
import { negateVector, numericArith } from './arith.ts';
import { rowKeys } from './hash.ts';
import { compileLike } from './like.ts';
import { sortPermutation } from './sort.ts';

test('string order is by code point; bpchar ignores trailing spaces', () => {
  assert.equal(compareStrings('a', 'b'), -1);
  assert.equal(compareStrings('ab', 'a'), 1);
  assert.equal(compareStrings('\uFFFD', '\u{1F600}'), -1);
  assert.equal(compareStrings('B', 'a'), -1); // C collation: uppercase first
  assert.equal(compareBpchar('ab  ', 'ab'), 0);
  assert.equal(compareBpchar('ab ', 'ab\t'), -1);
});

test('floats: NaN equals NaN and sorts last; intervals compare by span', () => {
  assert.equal(compareFloats(NaN, NaN), 0);
  assert.equal(compareFloats(NaN, Infinity), 1);
  assert.equal(compareFloats(-0, 0), 0);
  assert.equal(compareIntervals({ months: 1, days: 0, micros: 0 }, { months: 0, days: 30, micros: 0 }), 0);
  assert.equal(compareIntervals({ months: 0, days: 1, micros: 0 }, { months: 0, days: 0, micros: 86_400_000_001 }), -1);
  assert.equal(valueComparator(T.int4, T.numeric)(2, Decimal.parse('1.5')), 1);
});

test('hash keys agree with equality', () => {
  const k = (t: typeof T.int4, xs: unknown[]): unknown[] => rowKeys([vectorFromValues(t, xs)], xs.length, false);
  const [a, b] = k(T.numeric, [Decimal.parse('1.0'), Decimal.parse('1.000')]);
  assert.equal(a, b);
  const [c, d] = k(T.bpchar, ['x  ', 'x']);
  assert.equal(c, d);
  const [e, f] = k(T.interval, [{ months: 1, days: 0, micros: 0 }, { months: 0, days: 30, micros: 0 }]);
  assert.equal(e, f);
  assert.deepEqual(k(T.int4, [1, null]), [1, null]);
  // Composite keys: no collisions between ('a,b', 'c') and ('a', 'b,c'); NULL vs 'null' string differ.
  const two = rowKeys([vectorFromValues(T.text, ['a,b', 'a', null]), vectorFromValues(T.text, ['c', 'b,c', 'x'])], 3, true);
  assert.notEqual(two[0], two[1]);
  const nul = rowKeys([vectorFromValues(T.text, [null, 'null']), vectorFromValues(T.int4, [1, 1])], 2, true);
  assert.notEqual(nul[0], nul[1]);
  assert.deepEqual(rowKeys([vectorFromValues(T.text, [null]), vectorFromValues(T.int4, [1])], 1, false), [null]);
});

test('LIKE compiles once per pattern and anchors', () => {
  assert.equal(compileLike('a%', null, false), compileLike('a%', null, false));
  assert.ok(compileLike('a%', null, false).test('abc'));
  assert.ok(!compileLike('b', null, false).test('abc'));
  assert.ok(compileLike('(x)', '', false).test('(x)'));
  assert.ok(compileLike('\\\\', null, false).test('\\'));
});

test('sortPermutation is stable and places NULLs by flag', () => {
  const v = vectorFromValues(T.int4, [3, null, 1, 3, null]);
  assert.deepEqual([...sortPermutation([{ vector: v, desc: false, nullsFirst: false }], 5, () => {})], [2, 0, 3, 1, 4]);
  assert.deepEqual([...sortPermutation([{ vector: v, desc: true, nullsFirst: true }], 5, () => {})], [1, 4, 0, 3, 2]);
});

// int8 values are bigints; the pairs below differ only beyond 2^53, where doubles would make them equal.
const A = 9007199254740992n, B = 9007199254740993n;
const MAX = 9223372036854775807n, MIN = -9223372036854775808n;
const vals = (v: Vector): unknown[] => Array.from({ length: v.length }, (_, i) => getValue(v, i));

test('int8 comparisons are exact beyond 2^53', () => {
  const l = vectorFromValues(T.int8, [A, B, MAX, null]), r = vectorFromValues(T.int8, [B, B, MIN, 1n]);
  assert.deepEqual(vals(compareVectors('=', l, r, T.bool)), [false, true, false, null]);
  assert.deepEqual(vals(compareVectors('<', l, r, T.bool)), [true, false, false, null]);
  assert.deepEqual(vals(compareWithConstant('=', l, B, T.int8, T.bool)), [false, true, false, null]);
  assert.deepEqual(vals(compareWithConstant('>', l, A, T.int8, T.bool)), [false, true, true, null]);
  assert.equal(valueComparator(T.int8)(A, B), -1);
  assert.equal(valueComparator(T.int8)(MAX, MAX), 0);
  assert.equal(valueComparator(T.int8, T.numeric)(B, Decimal.parse('9007199254740992.5')), 1);
  assert.equal(valueComparator(T.int8, T.float8)(B, 2 ** 53), 1);
  assert.equal(valueComparator(T.int8, T.float8)(MAX, NaN), -1);
  assert.equal(valueComparator(T.int4, T.int8)(5, 5n), 0);
});

test('int8 hash keys are equal exactly when the values are', () => {
  const keys = rowKeys([vectorFromValues(T.int8, [A - 1n, B, B, 5n, null, MAX, MIN, A])], 8, false);
  assert.deepEqual(keys, [9007199254740991, '9007199254740993', '9007199254740993', 5, null, '9223372036854775807', '-9223372036854775808', '9007199254740992']);
  assert.notEqual(keys[7], keys[1]);
  const two = rowKeys([vectorFromValues(T.int8, [A, B, B]), vectorFromValues(T.text, ['x', 'x', 'x'])], 3, true);
  assert.notEqual(two[0], two[1]);
  assert.equal(two[1], two[2]);
});

test('int8 sorts exactly', () => {
  const v = vectorFromValues(T.int8, [B, null, MIN, A, MAX]);
  assert.deepEqual([...sortPermutation([{ vector: v, desc: false, nullsFirst: false }], 5, () => {})], [2, 3, 0, 4, 1]);
});

// Checked against PostgreSQL 15.18.
test('int8 arithmetic is exact and raises 22003 on overflow', () => {
  const overflow = (f: () => unknown): void => {
    assert.throws(f, (e: unknown) => e instanceof SqlError && e.code === '22003' && e.message === 'bigint out of range');
  };
  const v = (xs: (bigint | null)[]): Vector => vectorFromValues(T.int8, xs);
  assert.deepEqual(vals(numericArith('+', v([A, MAX - 1n, null]), v([1n, 1n, MAX]), T.int8)!), [B, MAX, null]);
  assert.deepEqual(vals(numericArith('*', v([3037000499n]), v([3037000499n]), T.int8)!), [9223372030926249001n]);
  assert.deepEqual(vals(numericArith('/', v([-7n, MIN, 7n]), v([2n, 1n, -1n]), T.int8)!), [-3n, MIN, -7n]);
  assert.deepEqual(vals(numericArith('%', v([-7n, MIN]), v([2n, -1n]), T.int8)!), [-1n, 0n]);
  overflow(() => numericArith('+', v([MAX]), v([1n]), T.int8));
  overflow(() => numericArith('-', v([MIN]), v([1n]), T.int8));
  overflow(() => numericArith('*', v([4294967296n]), v([2147483648n]), T.int8));
  overflow(() => numericArith('/', v([MIN]), v([-1n]), T.int8));
  overflow(() => negateVector(v([MIN]), T.int8));
  assert.deepEqual(vals(negateVector(v([MAX, null, 0n]), T.int8)!), [-MAX, null, 0n]);
  // NULL rows never raise, whatever their slots hold
  const withNull = { ...v([MAX, 1n]), nulls: Uint8Array.of(1, 0) };
  assert.deepEqual(vals(numericArith('+', withNull, v([1n, 1n]), T.int8)!), [null, 2n]);
  assert.deepEqual(vals(numericArith('/', v([1n, 4n]), { ...v([0n, 2n]), nulls: Uint8Array.of(1, 0) }, T.int8)!), [null, 2n]);
  assert.throws(() => numericArith('/', v([1n]), v([0n]), T.int8), (e: unknown) => e instanceof SqlError && e.code === '22012');
});
