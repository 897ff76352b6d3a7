// Aggregate ORDER BY and the ordered-set aggregates; expected values are PostgreSQL 15's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, type SqlType } from '../../../common/index.ts';
import type { AggCall, Expr, SortKey } from '../../../plan/index.ts';
import { agg, aggNode, cmp, col, iv, lit, runRows, testContext, valuesNode } from '../../test-support.ts';
import { formatG } from './ordered-set.ts';

const f8 = T.float8, i4 = T.int4, tx = T.text;
const key = (expr: Expr, desc = false, nullsFirst = desc): SortKey => ({ expr, desc, nullsFirst });
const ordered = (call: AggCall, ...orderBy: SortKey[]): AggCall => ({ ...call, orderBy });
/** The AggCall the binder builds for `fn(direct) WITHIN GROUP (ORDER BY k)`. */
const withinGroup = (fn: string, direct: Expr[], k: SortKey, type: SqlType, filter: Expr | null = null): AggCall =>
  ({ fn, args: [], direct, orderBy: [k], distinct: false, filter, type });
const run = async (types: SqlType[], rows: unknown[][], aggs: AggCall[], groups: Expr[] = []): Promise<unknown[][]> =>
  runRows(aggNode(valuesNode(types, rows), groups, aggs), testContext({ batchSize: 2 }));

test('string_agg(x, d ORDER BY …): keys, directions, NULL placement, ties by a second key', async () => {
  const rows = [['a', 1], ['b', null], ['c', 2], ['d', null]];
  const sa = agg('string_agg', [col(0, tx), lit(',', tx)], tx);
  assert.deepEqual(await run([tx, i4], rows, [
    ordered(sa, key(col(1, i4), false, true)),
    ordered(sa, key(col(1, i4), true, false), key(col(0, tx))),
  ]), [['b,d,a,c', 'c,a,b,d']]);
});

test('ORDER BY per group, with FILTER', async () => {
  const rows = [[1, 'a', 1], [1, 'b', 2], [2, 'c', 3], [2, 'd', 4], [1, 'e', 3]];
  const call = { ...ordered(agg('string_agg', [col(1, tx), lit('', tx)], tx), key(col(2, i4), true)), filter: cmp('>', col(2, i4), lit(1, i4)) };
  const out = await run([i4, tx, i4], rows, [call], [col(0, i4)]);
  assert.deepEqual(out.sort((p, q) => (p[0] as number) - (q[0] as number)), [[1, 'eb'], [2, 'dc']]);
});

test('DISTINCT with and without ORDER BY: sorted input, as PostgreSQL feeds it', async () => {
  const rows = [['a', 1], ['b', 3], ['c', 2], ['a', 4]];
  const sa = agg('string_agg', [col(0, tx), lit(',', tx)], tx, { distinct: true });
  assert.deepEqual(await run([tx, i4], rows, [
    agg('string_agg', [col(0, tx), lit(',', tx)], tx, { distinct: false }), ordered(sa, key(col(0, tx), true)), sa,
    ordered(agg('string_agg', [col(0, tx), lit(',', tx)], tx), key(col(1, i4), true)),
  ]), [['a,b,c,a', 'c,b,a', 'a,b,c', 'a,b,c,a']]);
});

test('float sums follow the aggregate ORDER BY (rounding depends on it); DISTINCT sums in sorted order', async () => {
  const three = [[1, 1], [1e16, 2], [-1e16, 3]];
  const sum = agg('sum', [col(0, f8)], f8);
  assert.deepEqual(await run([f8, i4], three, [ordered(sum, key(col(1, i4))), ordered(sum, key(col(1, i4), true)), sum]), [[0, 1, 0]]);
  const d = [[1e16], [-1e16], [1]];
  assert.deepEqual(await run([f8], d, [agg('sum', [col(0, f8)], f8), agg('sum', [col(0, f8)], f8, { distinct: true }),
    agg('avg', [col(0, f8)], f8, { distinct: true })]), [[1, 0, 0]]);
});

const pct = (f: number | null): Expr[] => [lit(f, f8)];

test('percentile_cont / percentile_disc / mode: interpolation, direction, NULLs ignored', async () => {
  const rows = [[1], [2], [4], [4], [null], [10]];
  const x = col(0, f8);
  assert.deepEqual(await run([f8], rows, [
    withinGroup('percentile_cont', pct(0.5), key(x), f8), withinGroup('percentile_disc', pct(0.5), key(x), f8),
    withinGroup('mode', [], key(x), f8), withinGroup('percentile_cont', pct(0.25), key(x), f8),
    withinGroup('percentile_cont', pct(0.25), key(x, true), f8), withinGroup('percentile_disc', pct(0.25), key(x, true), f8),
    withinGroup('percentile_disc', pct(0), key(x), f8), withinGroup('percentile_disc', pct(1), key(x), f8),
    withinGroup('percentile_cont', pct(0.5), key(x, true, true), f8),
  ]), [[4, 4, 4, 2, 4, 4, 1, 10, 4]]);
  // Infinity and NaN sort last; lerp toward Infinity is Infinity
  assert.deepEqual(await run([f8], [[NaN], [1], [Infinity]], [withinGroup('percentile_cont', pct(0.5), key(x), f8)]), [[Infinity]]);
  assert.deepEqual(await run([f8], [[Infinity], [1], [-Infinity]], [withinGroup('percentile_cont', pct(0.75), key(x), f8)]), [[Infinity]]);
});

test('percentile_cont over interval; percentile_disc and mode keep the type; mode ties go to the first in order', async () => {
  const ivs = [[iv(0, 1, 0)], [iv(1, 0, 3 * 3600e6)], [iv(0, 2, 0)]];
  assert.deepEqual(await run([T.interval], ivs, [withinGroup('percentile_cont', pct(0.3), key(col(0, T.interval)), T.interval)]),
    [[iv(0, 1, 51840e6)]]);
  const words = [['b'], ['a'], ['c'], ['a'], ['c']];
  assert.deepEqual(await run([tx], words, [
    withinGroup('mode', [], key(col(0, tx)), tx), withinGroup('mode', [], key(col(0, tx), true), tx),
    withinGroup('percentile_disc', pct(0.5), key(col(0, tx)), tx),
  ]), [['a', 'c', 'b']]);
  assert.deepEqual(await run([T.int8], [[3n], [9007199254740993n], [9007199254740993n]], [withinGroup('mode', [], key(col(0, T.int8)), T.int8)]),
    [[9007199254740993n]]);
});

test('ordered-set: no rows, only NULLs, NULL fraction → NULL; direct arguments per group', async () => {
  const x = col(0, f8);
  const all = [withinGroup('percentile_cont', pct(0.5), key(x), f8), withinGroup('percentile_disc', pct(0.5), key(x), f8), withinGroup('mode', [], key(x), f8)];
  assert.deepEqual(await run([f8], [], all), [[null, null, null]]);
  assert.deepEqual(await run([f8], [[null]], all), [[null, null, null]]);
  assert.deepEqual(await run([f8], [[1]], [withinGroup('percentile_cont', pct(null), key(x), f8)]), [[null]]);
  // percentile_cont(x) WITHIN GROUP (ORDER BY y) GROUP BY x
  const out = await run([f8, f8], [[0.1, 1], [0.9, 2], [0.1, 5]], [withinGroup('percentile_cont', [col(0, f8)], key(col(1, f8)), f8)], [col(0, f8)]);
  assert.deepEqual(out.sort((p, q) => (p[0] as number) - (q[0] as number)), [[0.1, 1.4], [0.9, 2]]);
  // FILTER keeps rows out but not the fraction check
  const filtered = withinGroup('percentile_disc', pct(0.5), key(x), f8, cmp('>', x, lit(1, f8)));
  assert.deepEqual(await run([f8], [[1], [2], [3]], [filtered]), [[2]]);
});

test('a fraction outside [0, 1] is 22003, even over no rows or with every row filtered out', async () => {
  const x = col(0, f8);
  const bad = (f: number, filter: Expr | null = null): AggCall[] => [withinGroup('percentile_cont', pct(f), key(x), f8, filter)];
  await assert.rejects(run([f8], [], bad(1.5)), { code: '22003', message: 'percentile value 1.5 is not between 0 and 1' });
  await assert.rejects(run([f8], [[1]], bad(1.5, lit(false, T.bool))), { code: '22003' });
  await assert.rejects(run([f8], [[1]], [withinGroup('percentile_disc', pct(-0.1), key(x), f8)]),
    { code: '22003', message: 'percentile value -0.1 is not between 0 and 1' });
  await assert.rejects(run([f8], [[1]], bad(NaN)), { message: 'percentile value NaN is not between 0 and 1' });
  assert.deepEqual(await run([f8], [[1]], bad(1e-20)), [[1]]);
});

test('formatG prints as C %g does', () => {
  assert.deepEqual([1.5, -0.1, 1234567.5, 2, 1e-20, 0.0001, 0.00001234, Infinity, -Infinity, NaN, 123456].map(formatG),
    ['1.5', '-0.1', '1.23457e+06', '2', '1e-20', '0.0001', '1.234e-05', 'Infinity', '-Infinity', 'NaN', '123456']);
});
