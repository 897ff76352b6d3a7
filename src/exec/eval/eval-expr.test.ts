import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../common/index.ts';
import { USECS_PER_DAY, daysFromCivil } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import { and, arith, cmp, col, dec, evalRows, iv, lit, or, rejectsWith, testContext } from '../test-support.ts';

const i4 = T.int4, i8 = T.int8, i2 = T.int2;

test('integer arithmetic, truncating division, modulo sign', async () => {
  const rows = [[7, 2], [-7, 2], [7, -2], [-7, -2]];
  assert.deepEqual(await evalRows(arith('/', col(0, i4), col(1, i4)), [i4, i4], rows), [3, -3, -3, 3]);
  assert.deepEqual(await evalRows(arith('%', col(0, i4), col(1, i4)), [i4, i4], rows), [1, -1, 1, -1]);
  assert.deepEqual(await evalRows(arith('+', col(0, i4), col(1, i4)), [i4, i4], [[1, null], [2, 3]]), [null, 5]);
});

test('integer overflow raises 22003 per type', async () => {
  await rejectsWith(evalRows(arith('+', col(0, i4), lit(1, i4)), [i4], [[2147483647]]), '22003', 'integer out of range');
  await rejectsWith(evalRows(arith('*', col(0, i2), lit(2, i2)), [i2], [[20000]]), '22003', 'smallint out of range');
  await rejectsWith(evalRows(arith('*', col(0, i8), lit(4n, i8)), [i8], [[2n ** 62n]]), '22003', 'bigint out of range');
  await rejectsWith(evalRows(arith('+', col(0, i8), lit(1n, i8)), [i8], [[9223372036854775807n]]), '22003', 'bigint out of range');
  await rejectsWith(evalRows({ kind: 'negate', arg: col(0, i8), type: i8 }, [i8], [[-9223372036854775808n]]), '22003', 'bigint out of range');
  await rejectsWith(evalRows(arith('/', col(0, i8), lit(-1n, i8)), [i8], [[-9223372036854775808n]]), '22003', 'bigint out of range');
  assert.deepEqual(await evalRows(arith('%', col(0, i8), lit(-1n, i8)), [i8], [[-9223372036854775808n]]), [0n]);
  await rejectsWith(evalRows(arith('/', col(0, i4), lit(-1, i4)), [i4], [[-2147483648]]), '22003', 'integer out of range');
  await rejectsWith(evalRows({ kind: 'negate', arg: col(0, i4), type: i4 }, [i4], [[-2147483648]]), '22003');
  assert.deepEqual(await evalRows(arith('%', col(0, i4), lit(-1, i4)), [i4], [[-2147483648]]), [0]);
});

test('division by zero raises 22012 for int, float and numeric; NULL rows never raise', async () => {
  await rejectsWith(evalRows(arith('/', col(0, i4), col(1, i4)), [i4, i4], [[1, 0]]), '22012', 'division by zero');
  await rejectsWith(evalRows(arith('%', col(0, i8), col(1, i8)), [i8, i8], [[1n, 0n]]), '22012');
  await rejectsWith(evalRows(arith('/', col(0, T.float8), lit(0, T.float8)), [T.float8], [[1.5]]), '22012');
  await rejectsWith(evalRows(arith('/', col(0, T.numeric), lit(dec('0'), T.numeric)), [T.numeric], [[dec('1')]]), '22012');
  assert.deepEqual(await evalRows(arith('/', col(0, i4), col(1, i4)), [i4, i4], [[null, 0], [4, 2]]), [null, 2]);
});

test('float overflow and numeric arithmetic keep PostgreSQL scales', async () => {
  await rejectsWith(evalRows(arith('*', col(0, T.float8), lit(10, T.float8)), [T.float8], [[1e308]]), '22003', 'value out of range: overflow');
  const n = T.numeric;
  assert.deepEqual(await evalRows(arith('+', col(0, n), col(1, n)), [n, n], [[dec('1.50'), dec('1')]]), ['2.50']);
  assert.deepEqual(await evalRows(arith('/', col(0, n), col(1, n)), [n, n], [[dec('1'), dec('3')]]), ['0.33333333333333333333']);
});

test('int8 beyond 2^53 stays exact: values are bigints', async () => {
  const big = 2n ** 53n;
  assert.deepEqual(await evalRows(arith('+', col(0, i8), lit(1n, i8)), [i8], [[big]]), [9007199254740993n]);
  assert.deepEqual(await evalRows(arith('-', col(0, i8), lit(1n, i8)), [i8], [[-9223372036854775807n]]), [-9223372036854775808n]);
  // comparisons against constants and parameters, differing only beyond 2^53
  const rows = [[9007199254740992n], [9007199254740993n], [null]];
  assert.deepEqual(await evalRows(cmp('=', col(0, i8), lit(9007199254740993n, i8)), [i8], rows), [false, true, null]);
  const ctx = testContext({ params: [9007199254740993n] });
  assert.deepEqual(await evalRows(cmp('<', col(0, i8), { kind: 'param', index: 0, type: i8 }), [i8], rows, ctx), [true, false, null]);
  assert.deepEqual(await evalRows({ kind: 'param', index: 0, type: i8 }, [i8], [[1n]], ctx), [9007199254740993n]);
});

test('comparisons: NULL yields NULL; text vs varchar; bpchar ignores trailing spaces; NaN is largest', async () => {
  assert.deepEqual(await evalRows(cmp('<', col(0, i4), col(1, i4)), [i4, i4], [[1, 2], [2, 1], [null, 1], [1, null]]), [true, false, null, null]);
  assert.deepEqual(await evalRows(cmp('=', col(0, T.text), col(1, T.varchar)), [T.text, T.varchar], [['a', 'a'], ['a', 'b']]), [true, false]);
  assert.deepEqual(await evalRows(cmp('=', col(0, T.bpchar), lit('ab', T.bpchar)), [T.bpchar], [['ab  '], ['ab']]), [true, true]);
  assert.deepEqual(await evalRows(cmp('>', col(0, T.float8), lit(1e300, T.float8)), [T.float8], [[NaN]]), [true]);
  assert.deepEqual(await evalRows(cmp('=', col(0, T.float8), col(0, T.float8)), [T.float8], [[NaN]]), [true]);
  // Code point order: U+FFFD sorts before U+1F600 (UTF-16 order would say otherwise).
  assert.deepEqual(await evalRows(cmp('<', col(0, T.text), col(1, T.text)), [T.text, T.text], [['\uFFFD', '😀']]), [true]);
  assert.deepEqual(await evalRows(cmp('=', col(0, T.numeric), col(1, T.numeric)), [T.numeric, T.numeric], [[dec('1.0'), dec('1.00')]]), [true]);
  assert.deepEqual(await evalRows(cmp('=', col(0, T.interval), col(1, T.interval)), [T.interval, T.interval], [[iv(1, 0, 0), iv(0, 30, 0)]]), [true]);
});

test('IS DISTINCT FROM treats NULLs as equal values', async () => {
  const e: Expr = { kind: 'is-distinct', negate: false, left: col(0, i4), right: col(1, i4), type: T.bool };
  assert.deepEqual(await evalRows(e, [i4, i4], [[1, 1], [1, null], [null, null]]), [false, true, false]);
});

test('three-valued AND / OR / NOT', async () => {
  const b = T.bool;
  const rows = [[true, null], [false, null], [null, null], [true, false], [null, true]];
  assert.deepEqual(await evalRows(and(col(0, b), col(1, b)), [b, b], rows), [null, false, null, false, null]);
  assert.deepEqual(await evalRows(or(col(0, b), col(1, b)), [b, b], rows), [true, null, null, true, true]);
  assert.deepEqual(await evalRows({ kind: 'not', arg: col(0, b), type: b }, [b], [[true], [null], [false]]), [false, null, true]);
});

test('AND evaluates later arguments only where undecided: b <> 0 AND a / b > 1', async () => {
  const e = and(cmp('<>', col(1, i4), lit(0, i4)), cmp('>', arith('/', col(0, i4), col(1, i4)), lit(1, i4)));
  assert.deepEqual(await evalRows(e, [i4, i4], [[10, 0], [10, 2], [1, 1], [null, 0]]), [false, true, false, false]);
  const o = or(cmp('=', col(1, i4), lit(0, i4)), cmp('>', arith('/', col(0, i4), col(1, i4)), lit(1, i4)));
  assert.deepEqual(await evalRows(o, [i4, i4], [[10, 0], [10, 2], [1, 1]]), [true, true, false]);
});

test('CASE runs each branch only on the rows reaching it', async () => {
  const e: Expr = {
    kind: 'case',
    whens: [{ when: cmp('<>', col(1, i4), lit(0, i4)), then: arith('/', col(0, i4), col(1, i4)) }],
    else: lit(null, i4), type: i4,
  };
  assert.deepEqual(await evalRows(e, [i4, i4], [[10, 0], [10, 3], [5, null], [8, -2]]), [null, 3, null, -4]);
  const e2: Expr = {
    kind: 'case',
    whens: [
      { when: cmp('=', col(0, i4), lit(1, i4)), then: lit('one', T.text) },
      { when: cmp('=', col(0, i4), lit(2, i4)), then: lit('two', T.text) },
    ],
    else: lit('many', T.text), type: T.text,
  };
  assert.deepEqual(await evalRows(e2, [i4], [[1], [2], [3], [null]]), ['one', 'two', 'many', 'many']);
});

test('COALESCE evaluates later arguments only where earlier ones were NULL', async () => {
  const e: Expr = { kind: 'coalesce', args: [col(0, i4), arith('/', lit(1, i4), col(1, i4)), lit(7, i4)], type: i4 };
  assert.deepEqual(await evalRows(e, [i4, i4], [[5, 0], [null, 1], [null, null]]), [5, 1, 7]);
});

test('GREATEST / LEAST ignore NULLs', async () => {
  const g: Expr = { kind: 'greatest', args: [col(0, i4), col(1, i4)], type: i4 };
  const l: Expr = { kind: 'least', args: [col(0, T.text), col(1, T.text)], type: T.text };
  assert.deepEqual(await evalRows(g, [i4, i4], [[1, 2], [null, 3], [null, null]]), [2, 3, null]);
  assert.deepEqual(await evalRows(l, [T.text, T.text], [['b', 'a'], ['x', null]]), ['a', 'x']);
});

const like = (pattern: string, escape: string | null, ci = false, negate = false): Expr => ({
  kind: 'like', arg: col(0, T.text), pattern: lit(pattern, T.text), escape: escape === null ? null : lit(escape, T.text),
  caseInsensitive: ci, negate, type: T.bool,
});

test('LIKE / ILIKE with %, _, escapes and regex metacharacters', async () => {
  const rows = [['abc'], ['aXc'], ['ABC'], ['a%c'], [null], ['a.c\nx']];
  assert.deepEqual(await evalRows(like('a_c', null), [T.text], rows), [true, true, false, true, null, false]);
  assert.deepEqual(await evalRows(like('a\\%c', null), [T.text], rows), [false, false, false, true, null, false]);
  assert.deepEqual(await evalRows(like('a#%c', '#'), [T.text], rows), [false, false, false, true, null, false]);
  assert.deepEqual(await evalRows(like('abc', null, true), [T.text], rows), [true, false, true, false, null, false]);
  assert.deepEqual(await evalRows(like('a.c%', null), [T.text], rows), [false, false, false, false, null, true]);
  assert.deepEqual(await evalRows(like('a%', null, false, true), [T.text], rows), [false, false, true, false, null, false]);
  await rejectsWith(evalRows(like('ab\\', null), [T.text], rows), '22025', 'LIKE pattern must not end with escape character');
});

test('IN lists: NULL when no match and a NULL is involved', async () => {
  const inl = (list: Expr[], negate = false): Expr => ({ kind: 'in-list', arg: col(0, i4), list, negate, type: T.bool });
  const rows = [[1], [3], [null]];
  assert.deepEqual(await evalRows(inl([lit(1, i4), lit(null, i4)]), [i4], rows), [true, null, null]);
  assert.deepEqual(await evalRows(inl([lit(1, i4), lit(2, i4)]), [i4], rows), [true, false, null]);
  assert.deepEqual(await evalRows(inl([lit(1, i4), lit(null, i4)], true), [i4], rows), [false, null, null]);
  const many = [1, 2, 4, 5, 6].map((x) => lit(x, i4));
  assert.deepEqual(await evalRows(inl([...many, lit(null, i4)]), [i4], rows), [true, null, null]);
  assert.deepEqual(await evalRows(inl(many, true), [i4], rows), [false, true, null]);
});

test('IS NULL / IS TRUE / IS UNKNOWN never yield NULL', async () => {
  const b = T.bool;
  assert.deepEqual(await evalRows({ kind: 'is-null', negate: false, arg: col(0, i4), type: b }, [i4], [[1], [null]]), [false, true]);
  assert.deepEqual(await evalRows({ kind: 'is-bool', test: 'true', negate: true, arg: col(0, b), type: b }, [b], [[true], [false], [null]]), [false, true, true]);
  assert.deepEqual(await evalRows({ kind: 'is-bool', test: 'unknown', negate: false, arg: col(0, b), type: b }, [b], [[true], [null]]), [false, true]);
});

test('date and time arithmetic', async () => {
  const d = (y: number, m: number, day: number): number => daysFromCivil(y, m, day);
  const ts = (y: number, m: number, day: number, h = 0): number => d(y, m, day) * USECS_PER_DAY + h * 3_600_000_000;
  assert.deepEqual(await evalRows(arith('+', col(0, T.date), lit(1, i4), T.date), [T.date], [[d(2024, 2, 28)]]), [d(2024, 2, 29)]);
  assert.deepEqual(await evalRows(arith('-', col(0, T.date), col(1, T.date), i4), [T.date, T.date], [[d(2024, 3, 1), d(2024, 2, 1)]]), [29]);
  // Month steps clamp the day: Jan 31 + 1 month = Feb 29 (leap year).
  assert.deepEqual(await evalRows(arith('+', col(0, T.timestamp), lit(iv(1, 0, 0), T.interval), T.timestamp), [T.timestamp], [[ts(2024, 1, 31, 5)]]), [ts(2024, 2, 29, 5)]);
  assert.deepEqual(await evalRows(arith('+', col(0, T.date), lit(iv(1, 1, 3_600_000_000), T.interval), T.timestamp), [T.date], [[d(2023, 1, 31)]]), [ts(2023, 3, 1, 1)]);
  assert.deepEqual(await evalRows(arith('-', col(0, T.timestamp), col(1, T.timestamp), T.interval), [T.timestamp, T.timestamp], [[ts(2024, 1, 3, 6), ts(2024, 1, 1)]]), [iv(0, 2, 6 * 3_600_000_000)]);
  assert.deepEqual(await evalRows(arith('*', col(0, T.interval), lit(1.5, T.float8), T.interval), [T.interval], [[iv(1, 1, 0)]]), [iv(1, 16, 12 * 3_600_000_000)]);
  // timestamptz + 1 day across the US DST change keeps the wall-clock time.
  const ctx = testContext({ timeZone: 'America/New_York' });
  const before = Date.UTC(2024, 2, 9, 17) * 1000; // 2024-03-09 12:00 EST
  assert.deepEqual(await evalRows(arith('+', col(0, T.timestamptz), lit(iv(0, 1, 0), T.interval), T.timestamptz), [T.timestamptz], [[before]], ctx),
    [Date.UTC(2024, 2, 10, 16) * 1000]); // 2024-03-10 12:00 EDT
});

test('parameters and concatenation', async () => {
  const ctx = testContext({ params: [5] });
  assert.deepEqual(await evalRows(arith('+', col(0, i4), { kind: 'param', index: 0, type: i4 }), [i4], [[1], [null]], ctx), [6, null]);
  assert.deepEqual(await evalRows({ kind: 'concat', left: col(0, T.text), right: lit('!', T.text), type: T.text }, [T.text], [['hi'], [null]]), ['hi!', null]);
});
