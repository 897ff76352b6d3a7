/** The TPC-H answer comparison (bench/tpch/compare.ts) must catch what differs and accept what may. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffAnswers } from '../../bench/tpch/compare.ts';

test('equal answers, numbers within the tolerance, rows in another order where no key orders them', () => {
  assert.equal(diffAnswers([['a', '1.50']], [['a', '1.5']], []), undefined);
  assert.equal(diffAnswers([['x', '0.0499476902173913']], [['x', '0.04994769021739130435']], []), undefined);
  assert.equal(diffAnswers([['a', '1'], ['b', '2']], [['b', '2'], ['a', '1']], []), undefined);
  // Rows that tie on the ORDER BY column may come in either order.
  assert.equal(diffAnswers([['1', 'x'], ['1', 'y'], ['2', 'z']], [['1', 'y'], ['1', 'x'], ['2', 'z']], [0]), undefined);
  assert.equal(diffAnswers([[null, '1995-03-15']], [[null, '1995-03-15']], [1]), undefined);
});

test('differences are reported: a value, a NULL, a row count, a column count, the order of sort keys', () => {
  assert.match(diffAnswers([['a', '1.50']], [['a', '1.51']], []) ?? '', /row differs/);
  assert.match(diffAnswers([['a', '1']], [['a', null]], []) ?? '', /row differs/);
  assert.match(diffAnswers([['a'], ['b']], [['a']], []) ?? '', /1 rows, expected 2/);
  assert.match(diffAnswers([['a', '1']], [['a', '1', '2']], []) ?? '', /columns/);
  assert.match(diffAnswers([['1', 'x'], ['2', 'z']], [['2', 'z'], ['1', 'x']], [0]) ?? '', /order differs at row 1/);
  assert.match(diffAnswers([['FRANCE']], [['france']], []) ?? '', /row differs/);
  assert.match(diffAnswers([['1995-03-15']], [['1995-03-16']], []) ?? '', /row differs/);
});
