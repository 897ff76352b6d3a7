import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal, getValue, scaledNumeric, T, vectorFromValues, type Batch, type SqlType, type Vector } from '../../common/index.ts';
import type { CompareOp, Expr } from '../../plan/index.ts';
import { filterBatch } from '../operators/batch-util.ts';
import { and, cmp, col, lit, or, testContext } from '../test-support.ts';
import { CompiledFilter } from './compiled-filter.ts';

/** A deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMERIC = { id: 'numeric', typmod: ((15 << 16) | 2) + 4 } as SqlType;
const BPCHAR = { id: 'bpchar', typmod: 4 + 4 } as SqlType;
const VARCHAR = { id: 'varchar', typmod: 10 + 4 } as SqlType;

/** Column kinds of the test batch: the plan type, a value generator, and constants to compare with. */
const KINDS: { type: SqlType; value: (r: () => number) => unknown; constant: (r: () => number) => unknown }[] = [
  { type: T.int4, value: (r) => Math.floor(r() * 10) - 3, constant: (r) => Math.floor(r() * 10) - 3 },
  { type: T.int8, value: (r) => BigInt(Math.floor(r() * 10)), constant: (r) => BigInt(Math.floor(r() * 10)) },
  { type: T.float8, value: (r) => [NaN, -0, 0, 1.5, -2, Infinity][Math.floor(r() * 6)], constant: (r) => [0, 1.5, -2, Infinity, -0][Math.floor(r() * 5)] },
  { type: T.text, value: (r) => ['a', 'b', 'ab', '', 'B', '\u{1F600}', '\uE000'][Math.floor(r() * 7)], constant: (r) => ['a', 'ab', 'B', '\uE000', 'zz'][Math.floor(r() * 5)] },
  { type: VARCHAR, value: (r) => ['x', 'y', 'xy'][Math.floor(r() * 3)], constant: (r) => ['x', 'xy', 'q'][Math.floor(r() * 3)] },
  { type: BPCHAR, value: (r) => ['ab  ', 'ab', 'b   ', 'a'][Math.floor(r() * 4)], constant: (r) => ['ab', 'ab ', 'b', 'c'][Math.floor(r() * 4)] },
  { type: NUMERIC, value: (r) => Math.floor(r() * 9) - 4, constant: (r) => Decimal.parse(['0.01', '-0.02', '0', '0.035', '0.04'][Math.floor(r() * 5)]!) },
  { type: T.bool, value: (r) => r() < 0.5, constant: (r) => r() < 0.5 },
  { type: T.date, value: (r) => Math.floor(r() * 5), constant: (r) => Math.floor(r() * 5) },
];

function batch(r: () => number, n: number): Batch {
  const columns: Vector[] = KINDS.map((k, j) => {
    const withNulls = j % 2 === 0;
    const values = Array.from({ length: n }, () => (withNulls && r() < 0.2 ? null : k.value(r)));
    if (k.type === NUMERIC) {
      // Scaled numeric storage: hundredths as doubles, as scans deliver numeric(15,2).
      const v = vectorFromValues(T.float8, values);
      return { ...v, type: scaledNumeric(NUMERIC.typmod, 2) };
    }
    return vectorFromValues(k.type, values);
  });
  return { columns, length: n };
}

const OPS: CompareOp[] = ['=', '<>', '<', '<=', '>', '>='];

function predicate(r: () => number, depth: number): Expr {
  const pick = r();
  if (depth > 0 && pick < 0.3) {
    const args = [predicate(r, depth - 1), predicate(r, depth - 1), ...(r() < 0.3 ? [predicate(r, depth - 1)] : [])];
    return r() < 0.5 ? and(...args) : or(...args);
  }
  if (depth > 0 && pick < 0.4) return { kind: 'not', arg: predicate(r, depth - 1), type: T.bool };
  const j = Math.floor(r() * KINDS.length), k = KINDS[j]!;
  const c = col(j, k.type);
  const constant = (): Expr => (r() < 0.1 ? lit(null, k.type) : lit(k.constant(r), k.type === NUMERIC ? T.numeric : k.type));
  const leaf = r();
  if (leaf < 0.1) return { kind: 'is-null', negate: r() < 0.5, arg: c, type: T.bool };
  if (k.type === T.bool && leaf < 0.3) return c;
  if (leaf < 0.35 && k.type === T.text) {
    return { kind: 'like', arg: c, pattern: lit(['a%', '%b', '_', 'a_'][Math.floor(r() * 4)], T.text), escape: null, caseInsensitive: false, negate: r() < 0.5, type: T.bool };
  }
  if (leaf < 0.5) {
    const list = Array.from({ length: 1 + Math.floor(r() * 10) }, constant);
    return { kind: 'in-list', arg: c, list, negate: r() < 0.5, type: T.bool };
  }
  if (leaf < 0.55 && (k.type === T.int4 || k.type === T.text)) {
    const other = KINDS.findIndex((x, i) => i !== j && x.type === k.type);
    if (other >= 0) return cmp(OPS[Math.floor(r() * 6)]!, c, col(other, k.type));
  }
  const op = OPS[Math.floor(r() * 6)]!;
  return r() < 0.5 ? cmp(op, c, constant()) : cmp(op, constant(), c);
}

const rowsOf = (b: Batch | null): unknown[][] =>
  b === null ? [] : Array.from({ length: b.length }, (_, i) => b.columns.map((v) => {
    const x = getValue(v, i);
    return typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x instanceof Decimal ? x.toString() : x;
  }));

test('compiled filters keep exactly the rows the evaluated predicate keeps (random predicates, NULLs, NaN, padding)', async () => {
  const r = prng(20261124);
  const ctx = testContext();
  // A second text column for column-to-column comparisons.
  KINDS.push({ type: T.text, value: KINDS[3]!.value, constant: KINDS[3]!.constant });
  KINDS.push({ type: T.int4, value: KINDS[0]!.value, constant: KINDS[0]!.constant });
  for (let round = 0; round < 400; round++) {
    const b = batch(r, 64);
    const pred = predicate(r, 3);
    const expected = rowsOf(await filterBatch(pred, b, ctx));
    const actual = rowsOf(await new CompiledFilter(pred, ctx).apply(b));
    assert.deepEqual(actual, expected, `round ${round}: ${JSON.stringify(pred, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  }
});

test('conjuncts the generated code cannot read still filter, after the compiled ones', async () => {
  const ctx = testContext();
  const b: Batch = { columns: [vectorFromValues(T.int4, [1, 2, 3, 4]), vectorFromValues(T.int4, [0, 1, 0, 1])], length: 4 };
  // 10 / c1 > 5 raises for c1 = 0, but only rows with c0 >= 2 reach it... and those have c1 = 0 at row 2.
  const pred = and(cmp('>=', col(0, T.int4), lit(2, T.int4)), cmp('=', col(1, T.int4), lit(1, T.int4)),
    cmp('>', { kind: 'arith', op: '/', left: lit(10, T.int4), right: col(1, T.int4), type: T.int4 }, lit(5, T.int4)));
  assert.deepEqual(rowsOf(await new CompiledFilter(pred, ctx).apply(b)), [[2, 1], [4, 1]]);
});
