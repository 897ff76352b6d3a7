import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, vectorFromValues, type Vector } from '../../../common/index.ts';
import { GroupIds } from './group-ids.ts';

function assign(g: GroupIds, cols: Vector[]): { gids: number[]; fresh: [number, number][] } {
  const n = cols[0]!.length;
  const gids = new Int32Array(n);
  const fresh: [number, number][] = [];
  g.assign(cols, n, gids, (row, gid) => fresh.push([row, gid]));
  return { gids: [...gids], fresh };
}

test('one column: dense ids in order of first appearance, NULL a group of its own, across batches', () => {
  const g = new GroupIds(1);
  const a = assign(g, [vectorFromValues(T.int4, [7, 3, 7, null, 3])]);
  assert.deepEqual(a.gids, [0, 1, 0, 2, 1]);
  assert.deepEqual(a.fresh, [[0, 0], [1, 1], [3, 2]]);
  const b = assign(g, [vectorFromValues(T.int4, [null, 9, 7])]);
  assert.deepEqual(b.gids, [2, 3, 0]);
  assert.deepEqual(b.fresh, [[1, 3]]);
  assert.equal(g.count, 4);
});

test('several columns of mixed types: a group per distinct combination', () => {
  const g = new GroupIds(3);
  const a = assign(g, [
    vectorFromValues(T.text, ['A', 'N', 'A', 'A', 'N']),
    vectorFromValues(T.int8, [1n, 1n, 1n, 2n, 1n]),
    vectorFromValues(T.float8, [0.5, 0.5, 0.5, 0.5, NaN]),
  ]);
  assert.deepEqual(a.gids, [0, 1, 0, 2, 3]);
  const b = assign(g, [vectorFromValues(T.text, ['N', 'A']), vectorFromValues(T.int8, [1n, 2n]), vectorFromValues(T.float8, [NaN, -0.5])]);
  assert.deepEqual(b.gids, [3, 4]);
  assert.deepEqual(b.fresh, [[1, 4]]);
});

test('many groups: the tables grow and keep every id', () => {
  const g = new GroupIds(2);
  const n = 50_000;
  const x = vectorFromValues(T.int4, Array.from({ length: n }, (_, i) => i % 1000));
  const y = vectorFromValues(T.int4, Array.from({ length: n }, (_, i) => Math.floor(i / 1000)));
  const a = assign(g, [x, y]);
  assert.equal(g.count, n);
  assert.deepEqual(a.gids.slice(0, 3), [0, 1, 2]);
  const again = assign(g, [x, y]);
  assert.deepEqual(again.gids, a.gids);
  assert.equal(again.fresh.length, 0);
});
