// Expected values are PostgreSQL 15's output for the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, type SqlType } from '../../../common/index.ts';
import { agg, aggNode, col, dec, runRows, valuesNode } from '../../test-support.ts';
import type { AggCall } from '../../../plan/index.ts';

const f8 = T.float8, i8 = T.int8, num = T.numeric, tx = T.text;
const VARIANCES = ['stddev', 'variance', 'stddev_pop', 'var_pop', 'var_samp', 'stddev_samp'];
const variances = (arg: SqlType, type: SqlType): AggCall[] => VARIANCES.map((fn) => agg(fn, [col(0, arg)], type));
const one = async (types: SqlType[], rows: unknown[][], aggs: AggCall[]): Promise<unknown[]> =>
  (await runRows(aggNode(valuesNode(types, rows), [], aggs)))[0]!;

test('numeric stddev/variance over integers: exact sums, select_div_scale, root rounded at that scale', async () => {
  assert.deepEqual(await one([T.int4], [[1], [2], [4], [null]], variances(T.int4, num)), [
    '1.5275252316519467', '2.3333333333333333', '1.2472191289246471', '1.5555555555555556', '2.3333333333333333', '1.5275252316519467',
  ]);
  // large int8: the division's scale falls to 0
  assert.deepEqual(await one([i8], [[123456789012n], [-98765432109n], [5n]], variances(i8, num).slice(0, 4)),
    ['111339499499', '12396484148755779508614', '90908320663', '8264322765837186339076']);
  // all equal: the numerator is 0, printed as 0 (scale 0); one row: samp is NULL, pop is 0
  assert.deepEqual(await one([i8], [[1n], [1n], [1n]], variances(i8, num).slice(0, 4)), ['0', '0', '0', '0']);
  assert.deepEqual(await one([T.int2], [[5]], variances(T.int2, num).slice(0, 4)), [null, null, '0', '0']);
  assert.deepEqual(await one([T.int4], [[null]], variances(T.int4, num).slice(0, 4)), [null, null, null, null]);
  assert.deepEqual(await one([T.int4], [], variances(T.int4, num).slice(0, 4)), [null, null, null, null]);
});

test('numeric stddev/variance over numeric: scales follow the inputs; NaN and Infinity give NaN', async () => {
  assert.deepEqual(await one([num], [[dec('1.5')], [dec('2.25')], [dec('4.125')]], variances(num, num).slice(0, 4)),
    ['1.3520817282989960', '1.8281250000000000', '1.1039701082909809', '1.2187500000000000']);
  assert.deepEqual(await one([num], [[dec('1e20')], [dec('1e-20')], [dec('3')]], variances(num, num).slice(0, 4)), [
    '57735026918962576450.0488526464113069180130507764989531591186',
    '3333333333333333333233333333333333333335.9999999999999999999900000000000000000000',
    '47140452079103168292.6825173591367217612684376970994955608223',
    '2222222222222222222155555555555555555557.3333333333333333333266666666666666666667',
  ]);
  assert.deepEqual(await one([num], [[dec('5.0')]], variances(num, num).slice(0, 4)), [null, null, '0', '0']);
  assert.deepEqual(await one([num], [[dec('Infinity')], [dec('1')]], variances(num, num).slice(0, 4)), ['NaN', 'NaN', 'NaN', 'NaN']);
  assert.deepEqual(await one([num], [[dec('NaN')], [dec('1')]], variances(num, num).slice(0, 4)), ['NaN', 'NaN', 'NaN', 'NaN']);
});

test('float stddev/variance: Youngs-Cramer, to the last digit; Inf gives NaN; overflow is 22003', async () => {
  assert.deepEqual(await one([f8], [[0.1], [0.2], [0.7]], variances(f8, f8).slice(0, 4)),
    [0.3214550253664317, 0.10333333333333328, 0.26246692913372693, 0.06888888888888885]);
  const r4 = [[Math.fround(0.1)], [Math.fround(0.2)], [Math.fround(0.7)]];
  assert.deepEqual(await one([T.float4], r4, variances(T.float4, f8).slice(0, 4)),
    [0.32145501740876287, 0.10333332821726805, 0.26246692263631755, 0.0688888854781787]);
  assert.deepEqual(await one([f8], [[Infinity], [1]], [agg('stddev', [col(0, f8)], f8), agg('var_pop', [col(0, f8)], f8)]), [NaN, NaN]);
  assert.deepEqual(await one([f8], [[5]], variances(f8, f8).slice(0, 4)), [null, null, 0, 0]);
  await assert.rejects(one([f8], [[1e308], [-1e308]], [agg('var_pop', [col(0, f8)], f8)]),
    { code: '22003', message: 'value out of range: overflow' });
});

// (group, y, x): 23 rows with NULLs in either column
const ROWS: [string, number | null, number | null][] = [
  ['a', 0, 0], ['b', 49.693, 234], ['b', 99.385, 221], ['a', 149.078, null], ['b', null, 195], ['b', 85.164, 182.01],
  ['a', 134.856, 169.01], ['b', 21.249, 156.01], ['b', 70.942, 143.01], ['a', null, 130.01], ['b', 7.027, null],
  ['b', 56.72, 104.01], ['a', 106.412, 91.01], ['b', 156.105, 78.01], ['b', null, 65.01], ['a', 92.191, 52.02],
  ['b', 141.883, 39.02], ['b', 28.276, null], ['a', 77.969, 13.02], ['b', null, 0.02], ['b', 14.054, 234.02],
  ['a', 63.747, 221.02], ['b', 113.439, 208.02],
];
const REGR = ['corr', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx',
  'regr_avgy', 'regr_sxx', 'regr_syy', 'regr_sxy'];
const regr = (y: number, x: number): AggCall[] => REGR.map((fn) => agg(fn, [col(y, f8), col(x, f8)], fn === 'regr_count' ? i8 : f8));

test('corr, covar_*, regr_* (Y, X) per group, pairs with a NULL skipped', async () => {
  const plan = aggNode(valuesNode([tx, f8, f8], ROWS), [col(0, tx)], [
    ...regr(1, 2),
    agg('stddev', [col(2, f8)], f8), agg('variance', [col(2, f8)], f8), agg('stddev_pop', [col(2, f8)], f8),
    agg('var_pop', [col(2, f8)], f8), agg('stddev', [col(1, f8)], f8), agg('var_pop', [col(1, f8)], f8),
  ]);
  const out = (await runRows(plan)).sort((p, q) => String(p[0]).localeCompare(String(q[0])));
  // PostgreSQL's `... WHERE g = 'a'` (input order; its GROUP BY sorts first, which reorders rows within a group)
  assert.deepEqual(out, [
    ['a', 0.4514703385701822, 1521.6003588888886, 1825.9204306666663, 0.23486271058934222, 57.82019516689534,
      0.20382546660867495, 6n, 91.01333333333332, 79.19583333333334, 38872.080333333346, 10519.799826833332, 9129.602153333331,
      81.82865408016576, 6695.928628571429, 75.75861268475266, 5739.367395918367, 49.507022612958664, 2100.810246857143],
    ['b', -0.5525718590416141, -1625.6082253999998, -1806.2313615555552, -0.38462986649869857, 142.3699465816734,
      0.3053356594047054, 10n, 159.911, 80.8634, 42264.22249000001, 20477.708890399997, -16256.082253999997,
      78.7156066124055, 6196.146724358975, 75.627508574952, 5719.520053254439, 49.87533798191854, 2280.2535605763887],
  ]);
});

test('regression edge cases: no rows (regr_count 0), one row, zero variance', async () => {
  assert.deepEqual(await one([f8, f8], [], regr(0, 1)), [null, null, null, null, null, null, 0n, null, null, null, null, null]);
  assert.deepEqual(await one([f8, f8], [[1, 2]], regr(0, 1)), [null, 0, null, null, null, null, 1n, 2, 1, 0, 0, 0]);
  const [corr, slope, r2] = await one([f8, f8], [[1, 2], [1, 3]], regr(0, 1).filter((a) => ['corr', 'regr_r2', 'regr_slope'].includes(a.fn)));
  assert.deepEqual([corr, r2, slope], [null, 1, 0]);
  assert.deepEqual(await one([f8, f8], [[1, 2], [2, 2]], regr(0, 1).slice(0, 6)), [null, 0, 0, null, null, null]);
  assert.deepEqual(await one([f8, f8], [[1, 2], [2, 3], [5, 1]], [agg('corr', [col(0, f8), col(1, f8)], f8)]), [-0.7205766921228921]);
});

test('bit_and / bit_or / bit_xor over int2, int4, int8; NULL over no rows; DISTINCT matters for bit_xor', async () => {
  const bits = (t: SqlType, opts = {}): AggCall[] => ['bit_and', 'bit_or', 'bit_xor'].map((fn) => agg(fn, [col(0, t)], t, opts));
  assert.deepEqual(await one([T.int4], [[12], [10], [null], [7]], bits(T.int4)), [0, 15, 1]);
  assert.deepEqual(await one([T.int2], [[-3], [5]], bits(T.int2)), [5, -3, -8]);
  assert.deepEqual(await one([i8], [[-1n], [9223372036854775807n], [-9223372036854775808n]], bits(i8)), [0n, -1n, 0n]);
  assert.deepEqual(await one([T.int4], [], bits(T.int4)), [null, null, null]);
  assert.deepEqual(await one([T.int4], [[3], [3], [5]], bits(T.int4, { distinct: true })), [1, 7, 6]);
});
