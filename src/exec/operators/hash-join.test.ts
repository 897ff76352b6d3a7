import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../common/index.ts';
import type { JoinNode, LogicalPlan } from '../../plan/index.ts';
import { and, arith, cmp, col, joinNode, runRows, testContext, valuesNode } from '../test-support.ts';

const i4 = T.int4, tx = T.text;
const L = valuesNode([i4, tx], [[1, 'a'], [2, 'b'], [2, 'b2'], [null, 'n'], [4, 'd']]);
const R = valuesNode([i4, tx], [[2, 'x'], [3, 'y'], [null, 'z'], [1, 'w'], [2, 'v']]);
const eq = cmp('=', col(0, i4), col(2, i4));
const sorted = (rows: unknown[][]): unknown[][] => rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as unknown[]);

test('inner join on equal keys; NULL keys never match', async () => {
  assert.deepEqual(sorted(await runRows(joinNode('inner', L, R, eq))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'x'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'x'], [2, 'b2', 2, 'v'],
  ]));
});

test('left, right and full joins pad unmatched rows with NULLs', async () => {
  assert.deepEqual(sorted(await runRows(joinNode('left', L, R, eq))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'x'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'x'], [2, 'b2', 2, 'v'],
    [null, 'n', null, null], [4, 'd', null, null],
  ]));
  assert.deepEqual(sorted(await runRows(joinNode('right', L, R, eq))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'x'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'x'], [2, 'b2', 2, 'v'],
    [null, null, 3, 'y'], [null, null, null, 'z'],
  ]));
  assert.deepEqual(sorted(await runRows(joinNode('full', L, R, eq))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'x'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'x'], [2, 'b2', 2, 'v'],
    [null, 'n', null, null], [4, 'd', null, null], [null, null, 3, 'y'], [null, null, null, 'z'],
  ]));
});

test('the residual is part of the ON condition for outer joins', async () => {
  const on = and(eq, cmp('<>', col(3, tx), { kind: 'const', value: 'x', type: tx }));
  assert.deepEqual(sorted(await runRows(joinNode('left', L, R, on))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'v'], [null, 'n', null, null], [4, 'd', null, null],
  ]));
  assert.deepEqual(sorted(await runRows(joinNode('full', L, R, on))), sorted([
    [1, 'a', 1, 'w'], [2, 'b', 2, 'v'], [2, 'b2', 2, 'v'], [null, 'n', null, null], [4, 'd', null, null],
    [null, null, 2, 'x'], [null, null, 3, 'y'], [null, null, null, 'z'],
  ]));
});

test('semi and anti joins (anti = NOT EXISTS: NULL-keyed rows are kept)', async () => {
  assert.deepEqual(sorted(await runRows(joinNode('semi', L, R, eq))), sorted([[1, 'a'], [2, 'b'], [2, 'b2']]));
  assert.deepEqual(sorted(await runRows(joinNode('anti', L, R, eq))), sorted([[null, 'n'], [4, 'd']]));
  const on = and(eq, cmp('=', col(3, tx), { kind: 'const', value: 'v', type: tx }));
  assert.deepEqual(sorted(await runRows(joinNode('semi', L, R, on))), sorted([[2, 'b'], [2, 'b2']]));
  assert.deepEqual(sorted(await runRows(joinNode('anti', L, R, on))), sorted([[1, 'a'], [null, 'n'], [4, 'd']]));
});

test('non-equi conditions and cross joins use the nested loop', async () => {
  const lt = cmp('<', col(0, i4), col(2, i4));
  assert.deepEqual(sorted(await runRows(joinNode('inner', L, R, lt))), sorted([
    [1, 'a', 2, 'x'], [1, 'a', 3, 'y'], [1, 'a', 2, 'v'], [2, 'b', 3, 'y'], [2, 'b2', 3, 'y'],
  ]));
  assert.equal((await runRows(joinNode('cross', L, R, null))).length, 25);
  const onExpr = cmp('=', arith('+', col(0, i4), { kind: 'const', value: 1, type: i4 }), col(2, i4));
  assert.deepEqual(sorted(await runRows(joinNode('left', L, R, onExpr))), sorted([
    [1, 'a', 2, 'x'], [1, 'a', 2, 'v'], [2, 'b', 3, 'y'], [2, 'b2', 3, 'y'], [null, 'n', null, null], [4, 'd', null, null],
  ]));
});

test('joins with an empty side, and many pairs across small batches', async () => {
  const empty = valuesNode([i4, tx], []);
  assert.deepEqual(await runRows(joinNode('inner', L, empty, eq)), []);
  assert.equal((await runRows(joinNode('left', L, empty, eq))).length, 5);
  assert.equal((await runRows(joinNode('full', empty, R, eq))).length, 5);
  const many = valuesNode([i4], Array.from({ length: 300 }, () => [7]));
  const rows = await runRows(joinNode('inner', many, many, cmp('=', col(0, i4), col(1, i4))), testContext({ batchSize: 64 }));
  assert.equal(rows.length, 90000);
});

test('a cancelled statement stops inside a join with 57014', async () => {
  const ctx = testContext({ batchSize: 64 });
  const many = valuesNode([i4], Array.from({ length: 300 }, () => [7]));
  let n = 0;
  await assert.rejects(async () => {
    for await (const b of (await import('../execute.ts')).executePlan(joinNode('inner', many, many, cmp('=', col(0, i4), col(1, i4))), ctx)) {
      n += b.length;
      ctx.cancel();
    }
  }, (e: { code?: string }) => e.code === '57014');
  assert.ok(n < 90000);
});

const leftBuilt = (p: LogicalPlan): LogicalPlan => ({ ...(p as JoinNode), buildLeft: true });

test('semi and anti joins built on the left side give the same rows, in the left order', async () => {
  const on = and(eq, cmp('<>', col(3, tx), { kind: 'const', value: 'x', type: tx }));
  for (const cond of [eq, on]) {
    for (const type of ['semi', 'anti'] as const) {
      const plain = await runRows(joinNode(type, L, R, cond));
      const built = await runRows(leftBuilt(joinNode(type, L, R, cond)));
      assert.deepEqual(built, plain, `${type} ${cond === on ? 'with' : 'without'} a residual`);
    }
  }
  assert.deepEqual(await runRows(leftBuilt(joinNode('semi', L, R, on))), [[1, 'a'], [2, 'b'], [2, 'b2']]);
  assert.deepEqual(await runRows(leftBuilt(joinNode('anti', L, R, on))), [[null, 'n'], [4, 'd']]);
});
