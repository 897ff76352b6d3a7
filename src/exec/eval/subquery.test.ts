import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import type { LogicalPlan } from '../../plan/index.ts';
import {
  agg, aggNode, arith, cmp, col, filterNode, lit, outer, projectNode, rejectsWith, runRows, subquery, testContext, valuesNode,
} from '../test-support.ts';

const i4 = T.int4, i8 = T.int8;
// orders(customer, amount)
const orders = valuesNode([i4, i4], [[1, 10], [1, 20], [2, 5], [null, 7]]);
// customers(id)
const customers = valuesNode([i4], [[1], [2], [3], [null]]);

test('correlated scalar subquery: per-row aggregate, NULL for no rows', async () => {
  const sub = aggNode(filterNode(orders, cmp('=', col(0, i4), outer(1, 0, i4))), [], [agg('sum', [col(1, i4)], i8)]);
  const plan = projectNode(customers, [col(0, i4), subquery('scalar', sub, i8, { correlated: true })]);
  assert.deepEqual(await runRows(plan), [[1, 30n], [2, 5n], [3, null], [null, null]]);
});

test('scalar subquery with more than one row raises 21000; none gives NULL', async () => {
  const plan = projectNode(customers, [subquery('scalar', projectNode(orders, [col(1, i4)]), i4)]);
  await rejectsWith(runRows(plan), '21000', 'more than one row returned by a subquery used as an expression');
  const none = projectNode(valuesNode([i4], [[1]]), [subquery('scalar', filterNode(orders, lit(false, T.bool)), i4)]);
  assert.deepEqual(await runRows(none), [[null]]);
  // Correlated: fails only for the row that finds two.
  const sub = projectNode(filterNode(orders, cmp('=', col(0, i4), outer(1, 0, i4))), [col(1, i4)]);
  await rejectsWith(runRows(projectNode(customers, [subquery('scalar', sub, i4, { correlated: true })])), '21000');
  assert.deepEqual(await runRows(projectNode(valuesNode([i4], [[2], [3]]), [subquery('scalar', sub, i4, { correlated: true })])), [[5], [null]]);
});

test('correlated EXISTS and NOT EXISTS as filters', async () => {
  const sub = filterNode(orders, cmp('=', col(0, i4), outer(1, 0, i4)));
  const exists = subquery('exists', sub, T.bool, { correlated: true });
  assert.deepEqual(await runRows(filterNode(customers, exists)), [[1], [2]]);
  assert.deepEqual(await runRows(filterNode(customers, { kind: 'not', arg: exists, type: T.bool })), [[3], [null]]);
});

test('IN / NOT IN subqueries with NULLs in three-valued logic', async () => {
  const amounts = projectNode(orders, [col(0, i4)]); // 1, 1, 2, NULL
  const probe = valuesNode([i4], [[1], [3], [null]]);
  const inSub = subquery('any', amounts, T.bool, { arg: col(0, i4), op: '=' });
  const notIn = subquery('all', amounts, T.bool, { arg: col(0, i4), op: '<>' });
  assert.deepEqual(await runRows(projectNode(probe, [inSub, notIn])), [[true, false], [null, null], [null, null]]);
  const noNulls = filterNode(amounts, { kind: 'is-null', negate: true, arg: col(0, i4), type: T.bool });
  const in2 = subquery('any', noNulls, T.bool, { arg: col(0, i4), op: '=' });
  const notIn2 = subquery('all', noNulls, T.bool, { arg: col(0, i4), op: '<>' });
  assert.deepEqual(await runRows(projectNode(probe, [in2, notIn2])), [[true, false], [false, true], [null, null]]);
  const empty = filterNode(amounts, lit(false, T.bool));
  assert.deepEqual(await runRows(projectNode(probe, [subquery('any', empty, T.bool, { arg: col(0, i4), op: '=' }),
    subquery('all', empty, T.bool, { arg: col(0, i4), op: '<>' })])), [[false, true], [false, true], [false, true]]);
  // > ALL / < ANY
  assert.deepEqual(await runRows(projectNode(valuesNode([i4], [[3], [0]]), [
    subquery('all', noNulls, T.bool, { arg: col(0, i4), op: '>' }), subquery('any', noNulls, T.bool, { arg: col(0, i4), op: '<' }),
  ])), [[true, false], [false, true]]);
});

test('correlated IN subquery', async () => {
  // customers c WHERE 20 IN (SELECT amount FROM orders WHERE customer = c.id)
  const sub = projectNode(filterNode(orders, cmp('=', col(0, i4), outer(1, 0, i4))), [col(1, i4)]);
  const e = subquery('any', sub, T.bool, { arg: lit(20, i4), op: '=', correlated: true });
  assert.deepEqual(await runRows(filterNode(customers, e)), [[1]]);
});

test('uncorrelated subqueries run once per statement', async () => {
  let runs = 0;
  const counting: LogicalPlan = projectNode(valuesNode([i4], [[1]]), [{
    kind: 'call', name: 'tick', args: [], type: i4,
    overload: { args: [], returns: 'int4', kernel: (_a, n) => { runs++; return { type: i4, length: n, values: new Int32Array(n).fill(42), nulls: null }; } },
  }]);
  const plan = projectNode(valuesNode([i4], Array.from({ length: 10 }, (_, i) => [i])), [arith('+', col(0, i4), subquery('scalar', counting, i4))]);
  const rows = await runRows(plan, testContext({ batchSize: 3 }));
  assert.equal(rows.length, 10);
  assert.deepEqual(rows[9], [51]);
  assert.equal(runs, 1);
});

test('subqueries inside CASE run only for rows reaching their branch', async () => {
  // CASE WHEN x <> 0 THEN (SELECT 10 / outer.x) ELSE -1 END
  const sub = projectNode(valuesNode([i4], [[1]]), [arith('/', lit(10, i4), outer(1, 0, i4))]);
  const e: Expr = {
    kind: 'case', whens: [{ when: cmp('<>', col(0, i4), lit(0, i4)), then: subquery('scalar', sub, i4, { correlated: true }) }],
    else: lit(-1, i4), type: i4,
  };
  assert.deepEqual(await runRows(projectNode(valuesNode([i4], [[2], [0], [5]]), [e])), [[5], [-1], [2]]);
});

test('depth-2 outer references reach the grandparent row', async () => {
  // SELECT (SELECT (SELECT o.x + 100)) FROM (VALUES (1), (2)) o(x)
  const inner = projectNode(valuesNode([i4], [[0]]), [arith('+', outer(2, 0, i4), lit(100, i4))]);
  const middle = projectNode(valuesNode([i4], [[0]]), [subquery('scalar', inner, i4, { correlated: true })]);
  const plan = projectNode(valuesNode([i4], [[1], [2]]), [subquery('scalar', middle, i4, { correlated: true })]);
  assert.deepEqual(await runRows(plan), [[101], [102]]);
});
