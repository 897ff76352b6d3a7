// Expected values come from PostgreSQL 15.18 running the same queries over the same rows (shown above each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, type SqlType } from '../../../common/index.ts';
import type { Expr, FrameBound, LogicalPlan, SortKey, WindowFrame, WindowFunc } from '../../../plan/index.ts';
import { computedColumn } from '../../../plan/index.ts';
import { arith, cmp, col, dec, iv, lit, rejectsWith, runRows, testContext, valuesNode } from '../../test-support.ts';

const I = T.int4, I8 = T.int8, TX = T.text, B = T.bool, F8 = T.float8, N = T.numeric;

// create temp table t(id int, g text, x int, b bool, s text); insert into t values …
const T_ROWS = [
  [1, 'a', 1, true, 'p'], [2, 'a', 1, false, 'q'], [3, 'a', 2, null, 'r'], [4, 'a', null, true, null], [5, 'a', 4, true, 's'],
  [6, 'b', 3, false, 't'], [7, 'b', 3, true, 'u'], [8, null, 5, true, 'v'], [9, null, null, null, 'w'], [10, 'b', 7, true, null],
];
const t = valuesNode([I, TX, I, B, TX], T_ROWS);
const id = col(0, I), g = col(1, TX), x = col(2, I), b = col(3, B), s = col(4, TX);

const asc = (expr: Expr, nullsFirst = false): SortKey => ({ expr, desc: false, nullsFirst });
const desc = (expr: Expr, nullsFirst = true): SortKey => ({ expr, desc: true, nullsFirst });
const UP: FrameBound = { kind: 'unbounded_preceding' }, UF: FrameBound = { kind: 'unbounded_following' };
const CUR: FrameBound = { kind: 'current_row' };
const pre = (n: unknown, type: SqlType = I8): FrameBound => ({ kind: 'preceding', offset: lit(typeof n === 'number' && type.id === 'int8' ? BigInt(n) : n, type) });
const fol = (n: unknown, type: SqlType = I8): FrameBound => ({ kind: 'following', offset: lit(typeof n === 'number' && type.id === 'int8' ? BigInt(n) : n, type) });
const frame = (mode: WindowFrame['mode'], start: FrameBound, end: FrameBound, exclude: WindowFrame['exclude'] = 'no_others'): WindowFrame =>
  ({ mode, start, end, exclude });
const DEFAULT = frame('range', UP, CUR);

interface Over { partitionBy?: Expr[]; orderBy?: SortKey[]; frame?: WindowFrame; filter?: Expr }
const wf = (fn: string, args: Expr[], type: SqlType, over: Over = {}): WindowFunc => ({
  fn, args, type, filter: over.filter ?? null, partitionBy: over.partitionBy ?? [], orderBy: over.orderBy ?? [],
  frame: over.frame ?? DEFAULT,
});
const windowNode = (input: LogicalPlan, funcs: WindowFunc[]): LogicalPlan => ({
  kind: 'window', input, funcs, schema: [...input.schema, ...funcs.map((f, i) => computedColumn(`w${i}`, f.type))],
});

/** Run, order by the first column (id), keep id and the window columns. */
async function run(funcs: WindowFunc[], input: LogicalPlan = t, ctx = testContext()): Promise<unknown[][]> {
  const width = input.schema.length;
  const rows = await runRows(windowNode(input, funcs), ctx);
  return rows.sort((p, q) => (p[0] as number) - (q[0] as number)).map((r) => [r[0], ...r.slice(width)]);
}

test('ranking: row_number, rank, dense_rank, percent_rank, cume_dist, ntile with ties and NULLs', async () => {
  // select id, row_number() over w, rank() over w, dense_rank() over w, percent_rank() over w, cume_dist() over w,
  //   ntile(3) over w, rank() over (order by x desc nulls first), ntile(4) over (order by id)
  // from t window w as (partition by g order by x) order by id;
  const w: Over = { partitionBy: [g], orderBy: [asc(x)] };
  assert.deepEqual(await run([
    wf('row_number', [], I8, w), wf('rank', [], I8, w), wf('dense_rank', [], I8, w), wf('percent_rank', [], F8, w),
    wf('cume_dist', [], F8, w), wf('ntile', [lit(3, I)], I, w), wf('rank', [], I8, { orderBy: [desc(x)] }),
    wf('ntile', [lit(4, I)], I, { orderBy: [asc(id)] }),
  ]), [
    [1, 1n, 1n, 1n, 0, 0.4, 1, 9n, 1],
    [2, 2n, 1n, 1n, 0, 0.4, 1, 9n, 1],
    [3, 3n, 3n, 2n, 0.5, 0.6, 2, 8n, 1],
    [4, 5n, 5n, 4n, 1, 1, 3, 1n, 2],
    [5, 4n, 4n, 3n, 0.75, 0.8, 2, 5n, 2],
    [6, 1n, 1n, 1n, 0, 0.6666666666666666, 1, 6n, 2],
    [7, 2n, 1n, 1n, 0, 0.6666666666666666, 2, 6n, 3],
    [8, 1n, 1n, 1n, 0, 0.5, 1, 4n, 3],
    [9, 2n, 2n, 2n, 1, 1, 2, 1n, 4],
    [10, 3n, 3n, 2n, 1, 1, 3, 3n, 4],
  ]);
});

test('ranking without ORDER BY: every row is a peer', async () => {
  // select id, rank() over (), dense_rank() over (), percent_rank() over (), cume_dist() over () from t — all 1,1,0,1
  const rows = await run([wf('rank', [], I8), wf('dense_rank', [], I8), wf('percent_rank', [], F8), wf('cume_dist', [], F8)]);
  for (const r of rows) assert.deepEqual(r.slice(1), [1n, 1n, 0, 1]);
});

test('lag / lead with offsets, defaults, NULL offset and offset 0', async () => {
  // select id, lag(x) over w, lead(x, 2) over w, lag(x, 1, -1) over w, lead(s, -1, 'z') over w, lag(x, null) over w,
  //   lead(x, 0) over w from t window w as (partition by g order by x, id) order by id;
  const w: Over = { partitionBy: [g], orderBy: [asc(x), asc(id)] };
  assert.deepEqual(await run([
    wf('lag', [x], I, w), wf('lead', [x, lit(2, I)], I, w), wf('lag', [x, lit(1, I), lit(-1, I)], I, w),
    wf('lead', [s, lit(-1, I), lit('z', TX)], TX, w), wf('lag', [x, lit(null, I)], I, w), wf('lead', [x, lit(0, I)], I, w),
  ]), [
    [1, null, 2, -1, 'z', null, 1],
    [2, 1, 4, 1, 'p', null, 1],
    [3, 1, null, 1, 'q', null, 2],
    [4, 4, null, 4, 's', null, null],
    [5, 2, null, 2, 'r', null, 4],
    [6, null, 7, -1, 'z', null, 3],
    [7, 3, null, 3, 't', null, 3],
    [8, null, null, -1, 'z', null, 5],
    [9, 5, null, 5, 'v', null, null],
    [10, 3, null, 3, 'u', null, 7],
  ]);
});

test('first_value / last_value / nth_value respect the frame and EXCLUDE', async () => {
  // select id, first_value(s) over w, last_value(s) over w, nth_value(s, 2) over w,
  //   first_value(s) over (w rows between 1 preceding and 1 following exclude current row),
  //   last_value(s) over (w rows between 1 preceding and 1 following exclude current row),
  //   nth_value(s, 3) over (w range between unbounded preceding and unbounded following exclude ties)
  // from t window w as (partition by g order by x) order by id;
  const w: Over = { partitionBy: [g], orderBy: [asc(x)] };
  const r11 = { ...w, frame: frame('rows', pre(1), fol(1), 'current_row') };
  assert.deepEqual(await run([
    wf('first_value', [s], TX, w), wf('last_value', [s], TX, w), wf('nth_value', [s, lit(2, I)], TX, w),
    wf('first_value', [s], TX, r11), wf('last_value', [s], TX, r11),
    wf('nth_value', [s, lit(3, I)], TX, { ...w, frame: frame('range', UP, UF, 'ties') }),
  ]), [
    [1, 'p', 'q', 'q', 'q', 'q', 's'],
    [2, 'p', 'q', 'q', 'p', 'r', 's'],
    [3, 'p', 'r', 'q', 'q', 's', 'r'],
    [4, 'p', null, 'q', 's', 's', 'r'],
    [5, 'p', 's', 'q', 'r', null, 'r'],
    [6, 't', 'u', 'u', 'u', 'u', null],
    [7, 't', 'u', 'u', 't', null, null],
    [8, 'v', 'v', null, 'w', 'w', null],
    [9, 'v', 'w', 'w', 'v', 'v', null],
    [10, 't', null, 'u', 'u', 'u', null],
  ]);
});

test('aggregates over the default frame include peers; without ORDER BY the whole partition', async () => {
  // select id, count(*) over w, count(x) over w, sum(x) over w, avg(x) over w, min(s) over w, max(x) over w,
  //   bool_and(b) over w, bool_or(b) over w, string_agg(s, ',') over w
  // from t window w as (partition by g order by x) order by id;
  const w: Over = { partitionBy: [g], orderBy: [asc(x)] };
  assert.deepEqual(await run([
    wf('count_star', [], I8, w), wf('count', [x], I8, w), wf('sum', [x], I8, w), wf('avg', [x], N, w),
    wf('min', [s], TX, w), wf('max', [x], I, w), wf('bool_and', [b], B, w), wf('bool_or', [b], B, w),
    wf('string_agg', [s, lit(',', TX)], TX, w),
  ]), [
    [1, 2n, 2n, 2n, '1.00000000000000000000', 'p', 1, false, true, 'p,q'],
    [2, 2n, 2n, 2n, '1.00000000000000000000', 'p', 1, false, true, 'p,q'],
    [3, 3n, 3n, 4n, '1.3333333333333333', 'p', 2, false, true, 'p,q,r'],
    [4, 5n, 4n, 8n, '2.0000000000000000', 'p', 4, false, true, 'p,q,r,s'],
    [5, 4n, 4n, 8n, '2.0000000000000000', 'p', 4, false, true, 'p,q,r,s'],
    [6, 2n, 2n, 6n, '3.0000000000000000', 't', 3, false, true, 't,u'],
    [7, 2n, 2n, 6n, '3.0000000000000000', 't', 3, false, true, 't,u'],
    [8, 1n, 1n, 5n, '5.0000000000000000', 'v', 5, true, true, 'v'],
    [9, 2n, 1n, 5n, '5.0000000000000000', 'v', 5, true, true, 'v,w'],
    [10, 3n, 3n, 13n, '4.3333333333333333', 't', 7, false, true, 't,u'],
  ]);
  // select sum(x) over (partition by g), count(*) over () from t: a 13/8, b 13, NULL partition 5
  const whole = await run([wf('sum', [x], I8, { partitionBy: [g] }), wf('count_star', [], I8)]);
  assert.deepEqual(whole.map((r) => [r[1], r[2]]), [[8n, 10n], [8n, 10n], [8n, 10n], [8n, 10n], [8n, 10n], [13n, 10n], [13n, 10n], [5n, 10n], [5n, 10n], [13n, 10n]]);
});

test('ROWS, GROUPS and RANGE frames with offsets, ascending and descending, NULL order keys', async () => {
  // select id,
  //  sum(x) over (order by x, id rows between 1 preceding and 1 following),
  //  string_agg(s, ',') over (order by x, id rows between 2 preceding and 1 preceding),
  //  sum(x) over (order by x groups between 1 preceding and current row),
  //  count(*) over (order by x groups between current row and 1 following),
  //  string_agg(s, ',') over (order by x range between 2 preceding and 1 following),
  //  sum(x) over (order by x desc range between 1 preceding and 2 following),
  //  count(*) over (order by x nulls first range between 1 following and 3 following),
  //  sum(x) over (order by x range between current row and unbounded following)
  // from t order by id;
  const byXid = [asc(x), asc(id)], byX = [asc(x)];
  assert.deepEqual(await run([
    wf('sum', [x], I8, { orderBy: byXid, frame: frame('rows', pre(1), fol(1)) }),
    wf('string_agg', [s, lit(',', TX)], TX, { orderBy: byXid, frame: frame('rows', pre(2), pre(1)) }),
    wf('sum', [x], I8, { orderBy: byX, frame: frame('groups', pre(1), CUR) }),
    wf('count_star', [], I8, { orderBy: byX, frame: frame('groups', CUR, fol(1)) }),
    wf('string_agg', [s, lit(',', TX)], TX, { orderBy: byX, frame: frame('range', pre(2), fol(1)) }),
    wf('sum', [x], I8, { orderBy: [desc(x, false)], frame: frame('range', pre(1), fol(2)) }),
    wf('count_star', [], I8, { orderBy: [asc(x, true)], frame: frame('range', fol(1), fol(3)) }),
    wf('sum', [x], I8, { orderBy: byX, frame: frame('range', CUR, UF) }),
  ]), [
    [1, 2n, null, 2n, 3n, 'p,q,r', 4n, 4n, 26n],
    [2, 4n, 'p', 2n, 3n, 'p,q,r', 4n, 4n, 26n],
    [3, 6n, 'p,q', 4n, 3n, 'p,q,r,t,u', 10n, 4n, 24n],
    [4, 7n, 'v', 7n, 2n, 'w', null, 2n, null],
    [5, 12n, 't,u', 10n, 2n, 'r,t,u,s,v', 17n, 2n, 16n],
    [6, 8n, 'q,r', 8n, 3n, 'p,q,r,t,u,s', 14n, 2n, 22n],
    [7, 10n, 'r,t', 8n, 3n, 'p,q,r,t,u,s', 14n, 2n, 22n],
    [8, 16n, 'u,s', 9n, 2n, 't,u,s,v', 15n, 1n, 12n],
    [9, null, null, 7n, 2n, 'w', null, 2n, null],
    [10, 12n, 's,v', 12n, 3n, 'v', 12n, 0n, 7n],
  ]);
});

test('EXCLUDE CURRENT ROW / GROUP / TIES, with and without an inverse transition', async () => {
  // select id,
  //  sum(x) over (order by x rows between unbounded preceding and current row exclude current row),
  //  string_agg(s, ',') over (order by x range between unbounded preceding and unbounded following exclude group),
  //  string_agg(s, ',') over (order by x groups between 1 preceding and 1 following exclude ties),
  //  count(*) over (order by x range unbounded preceding exclude ties),
  //  sum(x) over (order by x range unbounded preceding exclude group),
  //  min(x) over (order by x rows between 1 preceding and 1 following exclude current row),
  //  bool_and(b) over (order by id rows between 1 preceding and 1 following exclude current row)
  // from t order by id;
  const byX = [asc(x)];
  assert.deepEqual(await run([
    wf('sum', [x], I8, { orderBy: byX, frame: frame('rows', UP, CUR, 'current_row') }),
    wf('string_agg', [s, lit(',', TX)], TX, { orderBy: byX, frame: frame('range', UP, UF, 'group') }),
    wf('string_agg', [s, lit(',', TX)], TX, { orderBy: byX, frame: frame('groups', pre(1), fol(1), 'ties') }),
    wf('count_star', [], I8, { orderBy: byX, frame: frame('range', UP, CUR, 'ties') }),
    wf('sum', [x], I8, { orderBy: byX, frame: frame('range', UP, CUR, 'group') }),
    wf('min', [x], I, { orderBy: byX, frame: frame('rows', pre(1), fol(1), 'current_row') }),
    wf('bool_and', [b], B, { orderBy: [asc(id)], frame: frame('rows', pre(1), fol(1), 'current_row') }),
  ]), [
    [1, null, 'r,t,u,s,v,w', 'p,r', 1n, null, 1, false],
    [2, 1n, 'r,t,u,s,v,w', 'q,r', 1n, null, 1, true],
    [3, 2n, 'p,q,t,u,s,v,w', 'p,q,r,t,u', 3n, 2n, 1, false],
    [4, 26n, 'p,q,r,t,u,s,v', null, 9n, 26n, 7, true],
    [5, 10n, 'p,q,r,t,u,v,w', 't,u,s,v', 6n, 10n, 3, false],
    [6, 4n, 'p,q,r,s,v,w', 'r,t,s', 4n, 4n, 2, true],
    [7, 7n, 'p,q,r,s,v,w', 'r,u,s', 4n, 4n, 3, false],
    [8, 14n, 'p,q,r,t,u,s,w', 's,v', 7n, 14n, 4, true],
    [9, 26n, 'p,q,r,t,u,s,v', 'w', 9n, 26n, null, true],
    [10, 19n, 'p,q,r,t,u,s,v,w', 'v,w', 8n, 19n, 5, null],
  ]);
});

test('FILTER and empty frames (count 0, others NULL)', async () => {
  // select id, count(*) filter (where b) over (order by id), sum(x) filter (where x > 1) over (partition by g),
  //  string_agg(s, '-') filter (where id % 2 = 0) over (order by id rows between 1 preceding and 3 following),
  //  count(x) over (order by id rows between 2 following and 1 following),
  //  sum(x) over (order by id rows between 1 preceding and 2 preceding),
  //  sum(x) over (order by x range between 2 preceding and 3 preceding),
  //  count(*) over (order by id rows between unbounded preceding and 3 preceding)
  // from t order by id;
  const even = cmp('=', arith('%', id, lit(2, I)), lit(0, I));
  const byId = [asc(id)];
  assert.deepEqual(await run([
    wf('count_star', [], I8, { orderBy: byId, filter: b }),
    wf('sum', [x], I8, { partitionBy: [g], filter: cmp('>', x, lit(1, I)) }),
    wf('string_agg', [s, lit('-', TX)], TX, { orderBy: byId, frame: frame('rows', pre(1), fol(3)), filter: even }),
    wf('count', [x], I8, { orderBy: byId, frame: frame('rows', fol(2), fol(1)) }),
    wf('sum', [x], I8, { orderBy: byId, frame: frame('rows', pre(1), pre(2)) }),
    wf('sum', [x], I8, { orderBy: [asc(x)], frame: frame('range', pre(2, I8), pre(3, I8)) }),
    wf('count_star', [], I8, { orderBy: byId, frame: frame('rows', UP, pre(3)) }),
  ]), [
    [1, 1n, 6n, 'q', 0n, null, null, 0n],
    [2, 1n, 6n, 'q', 0n, null, null, 0n],
    [3, 1n, 6n, 'q-t', 0n, null, null, 0n],
    [4, 2n, 6n, 't', 0n, null, null, 1n],
    [5, 3n, 6n, 't-v', 0n, null, null, 2n],
    [6, 3n, 13n, 't-v', 0n, null, null, 3n],
    [7, 4n, 13n, 't-v', 0n, null, null, 4n],
    [8, 5n, 5n, 'v', 0n, null, null, 5n],
    [9, 5n, 5n, 'v', 0n, null, null, 6n],
    [10, 6n, 13n, null, 0n, null, null, 7n],
  ]);
});

const F4 = T.float4, IV = T.interval;
const text = (e: Expr): Expr => ({ kind: 'cast', arg: e, mode: 'explicit', type: TX });

test('result types as the aggregate operator: int8 sums exact, numeric scale, NaN, float4, interval', async () => {
  // select id, sum(v) over w, avg(v) over w, sum(n) over r, avg(n) over r, sum(f) over r, avg(f) over w, sum(r4) over w,
  //   max(n) over r, sum(i) over r, avg(i) over w
  // from (values (1, 9223372036854775807::int8, 1.25::numeric, 0.1::float8, 1.5::float4, '1 day'::interval),
  //   (2, 1::int8, 2, 0.2, 2.25, '2 hours'), (3, -5::int8, 3, 0.3, 0.1, '-1 month'), (4, null, 'NaN', null, null, null),
  //   (5, 2, 0.125, 1e10, 1e30, '30 days')) v(id, v, n, f, r4, i)
  // window w as (order by id), r as (order by id rows between 1 preceding and current row) order by id;
  const H = 3_600_000_000;
  const input = valuesNode([I, I8, N, F8, F4, IV], [
    [1, 9223372036854775807n, dec('1.25'), 0.1, 1.5, iv(0, 1, 0)],
    [2, 1n, dec('2'), 0.2, 2.25, iv(0, 0, 2 * H)],
    [3, -5n, dec('3'), 0.3, 0.1, iv(-1, 0, 0)],
    [4, null, dec('NaN'), null, null, null],
    [5, 2n, dec('0.125'), 1e10, 1e30, iv(0, 30, 0)],
  ]);
  const [v, n, f, r4, i] = [col(1, I8), col(2, N), col(3, F8), col(4, F4), col(5, IV)];
  const w: Over = { orderBy: [asc(col(0, I))] }, r: Over = { ...w, frame: frame('rows', pre(1), CUR) };
  const rows = await run([
    wf('sum', [v], N, w), wf('avg', [v], N, w), wf('sum', [n], N, r), wf('avg', [n], N, r), wf('sum', [f], F8, r),
    wf('avg', [f], F8, w), wf('sum', [r4], F4, w), wf('max', [n], N, r), wf('sum', [i], IV, r), wf('avg', [i], IV, w),
  ], input);
  const f4 = Math.fround;
  assert.deepEqual(rows, [
    [1, '9223372036854775807', '9223372036854775807', '1.25', '1.25000000000000000000', 0.1, 0.1, 1.5, '1.25', iv(0, 1, 0), iv(0, 1, 0)],
    [2, '9223372036854775808', '4611686018427387904', '3.25', '1.6250000000000000', 0.30000000000000004, 0.15000000000000002, 3.75, '2',
      iv(0, 1, 2 * H), iv(0, 0, 13 * H)],
    // the 1.25 left the frame: PostgreSQL restarts, so the sum's scale drops back to 0 ("5", not "5.00")
    [3, '9223372036854775803', '3074457345618258601', '5', '2.5000000000000000', 0.5, 0.20000000000000004, f4(3.75 + f4(0.1)), '3',
      iv(-1, 0, 2 * H), iv(0, -10, 8 * H + 40 * 60_000_000)],
    [4, '9223372036854775803', '3074457345618258601', 'NaN', 'NaN', 0.3, 0.20000000000000004, f4(3.75 + f4(0.1)), 'NaN', iv(-1, 0, 0),
      iv(0, -10, 8 * H + 40 * 60_000_000)],
    [5, '9223372036854775805', '2305843009213693951', 'NaN', 'NaN', 10000000000, 2500000000.15, f4(f4(3.75 + f4(0.1)) + f4(1e30)), 'NaN',
      iv(0, 30, 0), iv(0, 0, 6 * H + 30 * 60_000_000)],
  ]);
});

test('RANGE offsets over date, timestamp, timestamptz, int8 at its limits, numeric, float with infinities/NaN, interval', async () => {
  // select id, count(*) over (order by d range between '1 day' preceding and '2 days' following),
  //   string_agg(id::text, ',') over (order by ts desc range between '1 hour' preceding and current row),
  //   count(*) over (order by big range between 10 preceding and 10 following),
  //   sum(id) over (order by num range between 0.5 preceding and 0.5 following),
  //   string_agg(id::text, ',') over (order by fl range between 1 preceding and 'Infinity' following),
  //   count(*) over (order by iv range between '1 day' preceding and current row),
  //   count(*) over (order by tz range between '1 day' preceding and current row)
  // from (values (1, '2024-01-01'::date, '2024-01-01 10:00'::timestamp, 9223372036854775800::int8, 1.0::numeric, 1.0::float8,
  //   '1 day'::interval, '2024-03-09 12:00+00'::timestamptz), (2, '2024-01-02', '2024-01-01 10:30', 9223372036854775807, 1.5,
  //   'Infinity', '36 hours', '2024-03-10 12:00+00'), (3, '2024-01-04', '2024-01-01 11:30', -9223372036854775808, 2.0,
  //   '-Infinity', '2 days', '2024-03-11 11:00+00'), (4, null, null, null, null, 'NaN', null, null), (5, '2024-01-02',
  //   '2024-01-01 09:30', 0, 'NaN', 2.0, '1 month', '2024-03-11 12:30+00')) v(id, d, ts, big, num, fl, iv, tz) order by id;
  // (TimeZone UTC)
  const H = 3_600_000_000, day = (y: number, m: number, dd: number): number => Date.UTC(y, m - 1, dd) / 86_400_000;
  const ts = (h: number, m: number): number => Date.UTC(2024, 0, 1, h, m) * 1000;
  const tz = (d: number, h: number, m = 0): number => Date.UTC(2024, 2, d, h, m) * 1000;
  const input = valuesNode([I, T.date, T.timestamp, I8, N, F8, IV, T.timestamptz], [
    [1, day(2024, 1, 1), ts(10, 0), 9223372036854775800n, dec('1.0'), 1.0, iv(0, 1, 0), tz(9, 12)],
    [2, day(2024, 1, 2), ts(10, 30), 9223372036854775807n, dec('1.5'), Infinity, iv(0, 0, 36 * H), tz(10, 12)],
    [3, day(2024, 1, 4), ts(11, 30), -9223372036854775808n, dec('2.0'), -Infinity, iv(0, 2, 0), tz(11, 11)],
    [4, null, null, null, null, NaN, null, null],
    [5, day(2024, 1, 2), ts(9, 30), 0n, dec('NaN'), 2.0, iv(1, 0, 0), tz(11, 12, 30)],
  ]);
  const c = (j: number, type: SqlType): Expr => col(j, type);
  const over = (key: SortKey, start: FrameBound, end: FrameBound): Over => ({ orderBy: [key], frame: frame('range', start, end) });
  const rows = await run([
    wf('count_star', [], I8, over(asc(c(1, T.date)), pre(iv(0, 1, 0), IV), fol(iv(0, 2, 0), IV))),
    wf('string_agg', [text(c(0, I)), lit(',', TX)], TX, over(desc(c(2, T.timestamp)), pre(iv(0, 0, H), IV), CUR)),
    wf('count_star', [], I8, over(asc(c(3, I8)), pre(10), fol(10))),
    wf('sum', [c(0, I)], I8, over(asc(c(4, N)), pre(dec('0.5'), N), fol(dec('0.5'), N))),
    wf('string_agg', [text(c(0, I)), lit(',', TX)], TX, over(asc(c(5, F8)), pre(1, F8), fol(Infinity, F8))),
    wf('count_star', [], I8, over(asc(c(6, IV)), pre(iv(0, 1, 0), IV), CUR)),
    wf('count_star', [], I8, over(asc(c(7, T.timestamptz)), pre(iv(0, 1, 0), IV), CUR)),
  ], input);
  assert.deepEqual(rows, [
    [1, 3n, '2,1', 2n, 3n, '1,5,2', 1n, 1n],
    [2, 4n, '3,2', 2n, 6n, '2', 2n, 2n],
    [3, 1n, '3', 1n, 5n, '3,1,5,2', 3n, 2n],
    [4, 1n, '4', 1n, 4n, '4', 1n, 1n],
    [5, 4n, '2,1,5', 1n, 5n, '1,5,2', 1n, 2n],
  ]);
});

test('errors: ntile and nth_value arguments, negative and NULL frame offsets', async () => {
  const one = valuesNode([I], [[1]]), none = valuesNode([I], []);
  const v = col(0, I), byV: Over = { orderBy: [asc(v)] };
  // select ntile(0) over () …
  await rejectsWith(run([wf('ntile', [lit(0, I)], I)], one), '22014', 'argument of ntile must be greater than zero');
  // select nth_value(x, 0) over () …
  await rejectsWith(run([wf('nth_value', [v, lit(0, I)], I)], one), '22016', 'argument of nth_value must be greater than zero');
  // select sum(x) over (order by x range between -1 preceding and current row) …
  await rejectsWith(run([wf('sum', [v], I8, { ...byV, frame: frame('range', pre(-1), CUR) })], one),
    '22013', 'invalid preceding or following size in window function');
  // select sum(x) over (order by x rows between 1 preceding and -1 following) … (even over no rows)
  await rejectsWith(run([wf('sum', [v], I8, { ...byV, frame: frame('rows', pre(1), fol(-1)) })], none),
    '22013', 'frame ending offset must not be negative');
  // select sum(x) over (order by x rows between null preceding and current row) …
  await rejectsWith(run([wf('sum', [v], I8, { ...byV, frame: frame('rows', { kind: 'preceding', offset: lit(null, I8) }, CUR) })], one),
    '22004', 'frame starting offset must not be null');
  // select ntile(null) over (), ntile(x) over (order by x) from (values (3), (1), (2)) v(x): NULLs; 1, 1, 1
  const three = valuesNode([I], [[3], [1], [2]]);
  assert.deepEqual(await run([wf('ntile', [lit(null, I)], I), wf('ntile', [v], I, byV)], three), [[1, null, 1], [2, null, 1], [3, null, 1]]);
});

test('no input rows: no output rows', async () => {
  assert.deepEqual(await run([wf('row_number', [], I8), wf('sum', [col(0, I)], I8)], valuesNode([I], [])), []);
});

test('many rows across batches: running and sliding sums per partition match a direct computation', async () => {
  const n = 20000;
  const rows = Array.from({ length: n }, (_, i) => [i, i % 7, (i * 37) % 101]);
  const input = valuesNode([I, I, I], rows);
  const [k, p, v] = [col(0, I), col(1, I), col(2, I)];
  const w: Over = { partitionBy: [p], orderBy: [asc(k)] };
  const out = await run([
    wf('sum', [v], I8, w), wf('row_number', [], I8, w),
    wf('sum', [v], I8, { ...w, frame: frame('rows', pre(3), fol(2)) }),
    wf('max', [v], I, { ...w, frame: frame('rows', pre(2), CUR) }),
  ], input, testContext({ batchSize: 333 }));
  assert.equal(out.length, n);
  const byPart = new Map<number, number[]>();
  for (const r of rows) { const a = byPart.get(r[1]!) ?? []; a.push(r[2]!); byPart.set(r[1]!, a); }
  for (const r of out) {
    const i = r[0] as number, vals = byPart.get(i % 7)!, pos = Math.floor(i / 7);
    const sum = (a: number, b: number): bigint => BigInt(vals.slice(Math.max(0, a), Math.min(vals.length, b)).reduce((x, y) => x + y, 0));
    assert.deepEqual(r.slice(1), [sum(0, pos + 1), BigInt(pos + 1), sum(pos - 3, pos + 3), Math.max(...vals.slice(Math.max(0, pos - 2), pos + 1))]);
  }
});

test('a cancelled statement stops', async () => {
  const ctx = testContext();
  ctx.cancel();
  await rejectsWith(run([wf('row_number', [], I8)], t, ctx), '57014');
});
