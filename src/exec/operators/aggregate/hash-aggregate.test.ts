import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../../common/index.ts';
import { agg, aggNode, cmp, col, dec, lit, runRows, testContext, valuesNode } from '../../test-support.ts';

const i4 = T.int4, i8 = T.int8, tx = T.text;
const input = valuesNode([tx, i4, T.bool], [
  ['a', 1, true], ['b', 2, false], ['a', 3, null], [null, 4, true], ['b', null, true], [null, 5, false], ['a', 1, true],
]);
const byKey = (rows: unknown[][]): unknown[][] => [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));

test('grouped count/sum/avg/min/max with NULLs grouping together', async () => {
  const plan = aggNode(input, [col(0, tx)], [
    agg('count_star', [], i8), agg('count', [col(1, i4)], i8), agg('sum', [col(1, i4)], i8),
    agg('avg', [col(1, i4)], T.numeric), agg('min', [col(1, i4)], i4), agg('max', [col(0, tx)], tx),
  ]);
  assert.deepEqual(byKey(await runRows(plan)), byKey([
    ['a', 3n, 3n, 5n, '1.6666666666666667', 1, 'a'],
    ['b', 2n, 1n, 2n, '2.0000000000000000', 2, 'b'],
    [null, 2n, 2n, 9n, '4.5000000000000000', 4, null],
  ]));
});

test('bool_and / bool_or / every and string_agg', async () => {
  const plan = aggNode(input, [col(0, tx)], [
    agg('bool_and', [col(2, T.bool)], T.bool), agg('bool_or', [col(2, T.bool)], T.bool), agg('every', [col(2, T.bool)], T.bool),
    agg('string_agg', [{ kind: 'cast', arg: col(1, i4), mode: 'explicit', type: tx }, lit(',', tx)], tx),
  ]);
  assert.deepEqual(byKey(await runRows(plan)), byKey([
    ['a', true, true, true, '1,3,1'], ['b', false, true, false, '2'], [null, false, true, false, '4,5'],
  ]));
});

test('DISTINCT and FILTER', async () => {
  const plan = aggNode(input, [], [
    agg('count', [col(1, i4)], i8, { distinct: true }),
    agg('sum', [col(1, i4)], i8, { distinct: true }),
    agg('count_star', [], i8, { filter: cmp('>', col(1, i4), lit(2, i4)) }),
    agg('sum', [col(1, i4)], i8, { filter: col(2, T.bool) }),
    agg('string_agg', [col(0, tx), lit('|', tx)], tx, { distinct: true }),
  ]);
  assert.deepEqual(await runRows(plan), [[5n, 15n, 3n, 6n, 'a|b']]);
});

test('no GROUP BY over zero rows: one row (count 0, others NULL); with GROUP BY: none', async () => {
  const empty = valuesNode([i4], []);
  assert.deepEqual(await runRows(aggNode(empty, [], [agg('count_star', [], i8), agg('sum', [col(0, i4)], i8), agg('max', [col(0, i4)], i4)])),
    [[0n, null, null]]);
  assert.deepEqual(await runRows(aggNode(empty, [col(0, i4)], [agg('count_star', [], i8)])), []);
});

test('sum(int8) stays exact past 2^53; avg of 1 and 2 is 1.5000000000000000', async () => {
  const big = valuesNode([i8], [[2n ** 53n - 1n], [2n ** 53n - 1n], [3n]]);
  assert.deepEqual(await runRows(aggNode(big, [], [agg('sum', [col(0, i8)], T.numeric)])), [['18014398509481985']]);
  const two = valuesNode([i4], [[1], [2]]);
  assert.deepEqual(await runRows(aggNode(two, [], [agg('avg', [col(0, i4)], T.numeric), agg('avg', [col(0, i4)], T.numeric, { distinct: true })])),
    [['1.5000000000000000', '1.5000000000000000']]);
  const nums = valuesNode([T.numeric], [[dec('1.5')], [dec('2.25')]]);
  assert.deepEqual(await runRows(aggNode(nums, [], [agg('sum', [col(0, T.numeric)], T.numeric), agg('avg', [col(0, T.numeric)], T.numeric)])),
    [['3.75', '1.8750000000000000']]);
  const fl = valuesNode([T.float8], [[0.5], [1.5], [null]]);
  assert.deepEqual(await runRows(aggNode(fl, [], [agg('sum', [col(0, T.float8)], T.float8), agg('avg', [col(0, T.float8)], T.float8)])), [[2, 1]]);
});

test('many groups across batches, multi-column keys', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => [i % 7, i % 3 === 0 ? null : `k${i % 5}`]);
  const plan = aggNode(valuesNode([i4, tx], rows), [col(0, i4), col(1, tx)], [agg('count_star', [], i8)]);
  const out = await runRows(plan, testContext({ batchSize: 256 }));
  assert.equal(out.length, 7 * 6);
  assert.equal(out.reduce((s, r) => s + (r[2] as bigint), 0n), 5000n);
});

// Checked against PostgreSQL 15.18 (sum(int8) is numeric, sum(int4) and count are bigint).
test('int8 aggregates are exact over the whole range and past it', async () => {
  const MAX = 9223372036854775807n, MIN = -9223372036854775808n;
  const edge = valuesNode([i8, tx], [[MAX, 'x'], [1n, 'x'], [MIN, 'y'], [-1n, 'y'], [9007199254740993n, 'z'], [null, 'z']]);
  const plan = aggNode(edge, [col(1, tx)], [
    agg('sum', [col(0, i8)], T.numeric), agg('avg', [col(0, i8)], T.numeric), agg('min', [col(0, i8)], i8),
    agg('max', [col(0, i8)], i8), agg('count', [col(0, i8)], i8), agg('count_star', [], i8),
    agg('count', [col(0, i8)], i8, { distinct: true }),
  ]);
  assert.deepEqual(byKey(await runRows(plan)), [
    ['x', '9223372036854775808', '4611686018427387904', 1n, MAX, 2n, 2n, 2n],
    ['y', '-9223372036854775809', '-4611686018427387905', MIN, -1n, 2n, 2n, 2n],
    ['z', '9007199254740993', '9007199254740993.0000', 9007199254740993n, 9007199254740993n, 1n, 2n, 1n],
  ]);
  // groups keyed by values that differ only beyond 2^53 stay apart
  const close = valuesNode([i8], [[9007199254740992n], [9007199254740993n], [9007199254740993n]]);
  assert.deepEqual(await runRows(aggNode(close, [col(0, i8)], [agg('count_star', [], i8)])),
    [[9007199254740992n, 1n], [9007199254740993n, 2n]]);
  // sum(int4) is bigint, range-checked only at the end
  const ints = valuesNode([i4], [[2147483647], [2147483647]]);
  assert.deepEqual(await runRows(aggNode(ints, [], [agg('sum', [col(0, i4)], i8)])), [[4294967294n]]);
});
