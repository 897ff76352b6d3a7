import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../common/index.ts';
import { Decimal } from '../common/index.ts';
import { vectorFromValues } from '../common/index.ts';
import { compareBpchar, compareFloats, compareIntervals, compareStrings, valueComparator } from './compare.ts';
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
