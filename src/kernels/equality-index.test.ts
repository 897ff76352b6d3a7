import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, vectorFromValues } from '../common/index.ts';
import { EqualityIndex, indexable } from './equality-index.ts';

const rows = (r: Int32Array[]) => r.map((a) => [...a]);

test('integer parts: every row equal to a key, per part and ascending; NULLs and foreign keys never match', () => {
  const idx = EqualityIndex.build([
    vectorFromValues(T.int4, [5, 1, 5, null]),
    vectorFromValues(T.int4, [2, 5]),
    vectorFromValues(T.int4, []),
  ])!;
  assert.deepEqual(rows(idx.rows([5])), [[0, 2], [1], []]);
  assert.deepEqual(rows(idx.rows([2, 1, 2])), [[1], [0], []]);
  assert.deepEqual(rows(idx.rows([null, 9, 2.5])), [[], [], []]);
  assert.deepEqual(rows(idx.rows([5n])), [[0, 2], [1], []]);
});

test('int8 and dates index; an int8 beyond 2^53 makes the column unindexable', () => {
  const big = EqualityIndex.build([vectorFromValues(T.int8, [1n, -7n])])!;
  assert.deepEqual(rows(big.rows([-7n, 1])), [[0, 1]]);
  assert.deepEqual(rows(big.rows([2n ** 60n])), [[]]);
  assert.equal(EqualityIndex.build([vectorFromValues(T.int8, [1n, 2n ** 60n])]), undefined);
  assert.deepEqual(rows(EqualityIndex.build([vectorFromValues(T.date, [10, 20, 10])])!.rows([10])), [[0, 2]]);
});

test('strings match exactly; only exact-equality types are indexable', () => {
  const idx = EqualityIndex.build([vectorFromValues(T.text, ['a', 'b ', null, 'a']), vectorFromValues(T.text, ['b'])])!;
  assert.deepEqual(rows(idx.rows(['a'])), [[0, 3], []]);
  assert.deepEqual(rows(idx.rows(['b'])), [[], [0]]);
  assert.deepEqual(rows(idx.rows(['b ', 'c', 1])), [[1], []]);
  assert.ok(indexable(T.int4) && indexable(T.varchar) && indexable(T.date));
  for (const t of [T.float8, T.numeric, T.bpchar, T.bool, T.timestamp]) assert.equal(indexable(t), false, t.id);
  assert.equal(EqualityIndex.build([vectorFromValues(T.float8, [1])]), undefined);
});
