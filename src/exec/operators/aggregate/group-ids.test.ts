import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, T, vectorFromValues, type Vector } from '../../../common/index.ts';
import { rowKeys } from '../../../kernels/index.ts';
import { GroupIds } from './group-ids.ts';

function assign(g: GroupIds, cols: Vector[]): { gids: number[]; fresh: [number, number][] } {
  const n = cols[0]!.length;
  const gids = new Int32Array(n);
  const fresh: [number, number][] = [];
  g.assign(cols, n, gids, (row, gid) => fresh.push([row, gid]));
  return { gids: [...gids], fresh };
}

test('one column: dense ids in order of first appearance, NULL a group of its own, across batches', () => {
  const g = new GroupIds();
  const a = assign(g, [vectorFromValues(T.int4, [7, 3, 7, null, 3])]);
  assert.deepEqual(a.gids, [0, 1, 0, 2, 1]);
  assert.deepEqual(a.fresh, [[0, 0], [1, 1], [3, 2]]);
  const b = assign(g, [vectorFromValues(T.int4, [null, 9, 7])]);
  assert.deepEqual(b.gids, [2, 3, 0]);
  assert.deepEqual(b.fresh, [[1, 3]]);
  assert.equal(g.count, 4);
});

test('several columns of mixed types: a group per distinct combination', () => {
  const g = new GroupIds();
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
  const g = new GroupIds();
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

for (const firstFollows of [true, false]) test(`key columns that follow the integer ones: same groups as keying every column, whatever the data (first batch ${firstFollows ? 'follows' : 'does not'})`, () => {
  // Random batches over int lead columns and text, bpchar, float, numeric and nullable rest columns, sometimes
  // dependent on the lead and sometimes not; the reference keys whole rows with rowKeys.
  let seed = 42;
  const rnd = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const g = new GroupIds();
  const ref = new Map<string, number>();
  const types = [T.int4, T.text, T.bpchar, T.float8, T.int8, T.numeric];
  for (let batch = 0; batch < 20; batch++) {
    const n = 1 + rnd(300);
    const lead = Array.from({ length: n }, () => (rnd(10) === 0 && !(batch === 0 && firstFollows) ? null : rnd(40)));
    // The first batch decides the shortcut (its other columns follow the lead); later ones break the rule too.
    const follows = (x: number | null, k: number): boolean => x !== null && ((batch === 0 && firstFollows) || rnd(k) !== 0);
    const text = lead.map((x) => (follows(x, 8) ? `name${x}` : rnd(5) === 0 ? null : `other${rnd(3)}`));
    const pad = lead.map((x) => (follows(x, 6) ? `p${x}` : rnd(2) === 0 ? `p${x}   ` : `q${rnd(2)}`));
    const float = lead.map((x) => (follows(x, 5) ? x! / 2 : [NaN, -0, 0, null][rnd(4)]!));
    const big = lead.map((x) => (x === null ? null : BigInt(x % 7)));
    // Fresh Decimal objects per row, equal in value (1.5 and 1.50 are one group).
    const num = lead.map((x) => (follows(x, 4) ? Decimal.parse(`${x}.5`) : x !== null && rnd(2) === 0 ? Decimal.parse(`${x}.50`) : null));
    const cols = [lead, text, pad, float, big, num].map((vals, j) => vectorFromValues(types[j]!, vals));
    const { gids, fresh } = assign(g, cols);
    const keys = rowKeys(cols, n, true) as string[];
    const expected: number[] = [], expectedFresh: [number, number][] = [];
    keys.forEach((k, i) => {
      let id = ref.get(k);
      if (id === undefined) { ref.set(k, id = ref.size); expectedFresh.push([i, id]); }
      expected.push(id);
    });
    assert.deepEqual(gids, expected, `batch ${batch}`);
    assert.deepEqual(fresh, expectedFresh);
  }
  assert.equal(g.count, ref.size);
});

test('find: the ids of groups there are, -1 for the rest, and no group added', () => {
  const find = (g: GroupIds, cols: Vector[]): number[] => {
    const out = new Int32Array(cols[0]!.length);
    g.find(cols, cols[0]!.length, out);
    return [...out];
  };
  // Before any group: nothing is known.
  assert.deepEqual(find(new GroupIds(), [vectorFromValues(T.int4, [1, 2])]), [-1, -1]);

  const one = new GroupIds();
  assign(one, [vectorFromValues(T.int4, [7, 3, null])]);
  assert.deepEqual(find(one, [vectorFromValues(T.int4, [3, 8, null, 7, 1000000])]), [1, -1, 2, 0, -1]);
  assert.equal(one.count, 3);
  const noNull = new GroupIds();
  assign(noNull, [vectorFromValues(T.text, ['a', 'b'])]);
  assert.deepEqual(find(noNull, [vectorFromValues(T.text, ['b', null, 'c', 'a'])]), [1, -1, -1, 0]);

  // An integer lead column with text and float columns following it, NaN among them (not === itself).
  const g = new GroupIds();
  const cols = (a: (number | null)[], b: (string | null)[], c: number[]) =>
    [vectorFromValues(T.int4, a), vectorFromValues(T.text, b), vectorFromValues(T.float8, c)];
  const a = assign(g, cols([1, 2, 1, 3], ['x', 'y', 'x', null], [NaN, 0.5, NaN, 1]));
  assert.deepEqual(a.gids, [0, 1, 0, 2]);
  assert.deepEqual(find(g, cols([1, 2, 2, 3, 4, 1], ['x', 'y', 'z', null, 'x', 'x'], [NaN, 0.5, 0.5, 1, NaN, 2])), [0, 1, -1, 2, -1, -1]);
  assign(g, cols([2], ['z'], [0.5]));
  assert.deepEqual(find(g, cols([2, 2, 1], ['z', 'y', 'x'], [0.5, 0.5, NaN])), [3, 1, 0]);
  assert.equal(g.count, 4);
});
