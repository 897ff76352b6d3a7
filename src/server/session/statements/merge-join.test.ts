import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, vectorFromValues, type Batch, type DataFile, type SqlType } from '../../../common/index.ts';
import type { ExecContext } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import type { TableStorage } from '../../../storage/index.ts';
import { MergeJoin } from './merge-join.ts';

const exec: ExecContext = {
  timeZone: 'UTC', transactionStart: 0, statementStart: 0, checkCancel: () => {},
  session: { user: 'u', database: 'd', backendPid: 1, setting: () => undefined, searchPath: () => ['public'], random: () => 0.5, setSeed: () => {} },
  storage: {} as TableStorage, params: [], batchSize: 1024, textOptions: { timeZone: 'UTC', extraFloatDigits: 1, dateOrder: 'MDY' },
};

const batch = (types: SqlType[], rows: unknown[][]): Batch =>
  ({ columns: types.map((t, j) => vectorFromValues(t, rows.map((r) => r[j]))), length: rows.length });
const col = (index: number, type: SqlType): Expr => ({ kind: 'column', index, type, name: `c${index}` });
const eq = (l: Expr, r: Expr): Expr => ({ kind: 'compare', op: '=', left: l, right: r, type: T.bool });
const gt = (l: Expr, r: Expr): Expr => ({ kind: 'compare', op: '>', left: l, right: r, type: T.bool });
const and = (...args: Expr[]): Expr => ({ kind: 'and', args, type: T.bool });
const columns = [{ name: 'id', type: T.int4 }, { name: 'v', type: T.text }];
// Merge row: target (id, v), then source (id, w).
const source = batch([T.int4, T.int4], [[2, 20], [5, 50], [null, 0], [2, 21], [9, 90]]);
const target = batch([T.int4, T.text], [[1, 'a'], [2, 'b'], [null, 'n'], [9, 'z']]);
const pairsOf = (p: { target: Int32Array; source: Int32Array; length: number }): number[][] =>
  Array.from({ length: p.length }, (_, k) => [p.target[k]!, p.source[k]!]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);

test('equi-keys probe a hash table of the source; NULL keys never match; the rest filters pairs', async () => {
  const join = await MergeJoin.build(eq(col(0, T.int4), col(2, T.int4)), 2, source, columns, exec);
  assert.deepEqual(pairsOf(await join.pairs(target, exec)), [[1, 0], [1, 3], [3, 4]]);
  const filtered = await MergeJoin.build(and(eq(col(2, T.int4), col(0, T.int4)), gt(col(3, T.int4), { kind: 'const', value: 20, type: T.int4 })), 2, source, columns, exec);
  assert.deepEqual(pairsOf(await filtered.pairs(target, exec)), [[1, 3], [3, 4]]);
});

test('without equi-keys every pair is a candidate; a constant condition is decided once', async () => {
  const join = await MergeJoin.build(gt(col(2, T.int4), col(0, T.int4)), 2, source, columns, exec);
  assert.deepEqual(pairsOf(await join.pairs(target, exec)), [[0, 0], [0, 1], [0, 3], [0, 4], [1, 1], [1, 4]]);
  const never = await MergeJoin.build({ kind: 'const', value: false, type: T.bool }, 2, source, columns, exec);
  assert.equal((await never.pairs(target, exec)).length, 0);
  assert.equal(never.mayMatch({ path: 'f', size: 1, modificationTime: 0, stats: undefined }), false);
  const always = await MergeJoin.build({ kind: 'const', value: true, type: T.bool }, 2, source, columns, exec);
  assert.equal((await always.pairs(target, exec)).length, target.length * source.length);
});

test('files whose key range holds no source key are ruled out by their stats', async () => {
  const join = await MergeJoin.build(eq(col(0, T.int4), col(2, T.int4)), 2, source, columns, exec);
  const file = (min: number | undefined, max: number | undefined, nulls = 0, rows = 10): DataFile => ({
    path: 'f', size: 1, modificationTime: 0,
    stats: { numRecords: rows, minValues: min === undefined ? {} : { id: min }, maxValues: max === undefined ? {} : { id: max }, nullCount: { id: nulls } },
  });
  assert.equal(join.mayMatch(file(3, 4)), false, 'between the source keys 2 and 5');
  assert.equal(join.mayMatch(file(10, 20)), false, 'above every source key');
  assert.equal(join.mayMatch(file(-5, 1)), false, 'below every source key');
  assert.equal(join.mayMatch(file(3, 5)), true);
  assert.equal(join.mayMatch(file(9, 9)), true);
  assert.equal(join.mayMatch(file(undefined, undefined)), true, 'no stats: must read');
  assert.equal(join.mayMatch(file(undefined, undefined, 10, 10)), false, 'all keys NULL');
  assert.equal(join.mayMatch({ path: 'f', size: 1, modificationTime: 0, stats: undefined }), true);
});
