import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, type ColumnSchema, type DataFile } from '../common/index.ts';
import type { Expr } from '../plan/index.ts';
import { mayMatch } from './stats-pruning.ts';

const columns: ColumnSchema[] = [{ name: 'a', type: T.int4, nullable: true }, { name: 's', type: T.text, nullable: true }];
const file = (min: number, max: number, nulls = 0, rows = 10): DataFile => ({
  path: 'f', size: 1, modificationTime: 0,
  stats: { numRecords: rows, minValues: { a: min, s: 'b' }, maxValues: { a: max, s: 'd' }, nullCount: { a: nulls, s: 0 } },
});
const col = (i: number): Expr => ({ kind: 'column', index: i, type: columns[i]!.type, name: columns[i]!.name });
const k = (v: unknown, type = T.int4): Expr => ({ kind: 'const', value: v, type });
const cmp = (op: '=' | '<' | '>' | '<=' | '>=' | '<>', l: Expr, r: Expr): Expr => ({ kind: 'compare', op, left: l, right: r, type: T.bool });
const evaluate = (e: Expr): unknown => (e.kind === 'const' ? e.value : undefined);

test('comparisons with a constant prune by min/max, on either side', () => {
  const f = file(10, 20);
  assert.equal(mayMatch(cmp('>', col(0), k(20)), f, columns, evaluate), false);
  assert.equal(mayMatch(cmp('>=', col(0), k(20)), f, columns, evaluate), true);
  assert.equal(mayMatch(cmp('<', col(0), k(10)), f, columns, evaluate), false);
  assert.equal(mayMatch(cmp('=', col(0), k(15)), f, columns, evaluate), true);
  assert.equal(mayMatch(cmp('=', col(0), k(21)), f, columns, evaluate), false);
  assert.equal(mayMatch(cmp('<', k(20), col(0)), f, columns, evaluate), false); // 20 < a
  assert.equal(mayMatch(cmp('<>', col(0), k(10)), file(10, 10), columns, evaluate), false);
  assert.equal(mayMatch(cmp('=', col(1), k('e', T.text)), f, columns, evaluate), false);
});

test('AND, OR, IN, IS NULL and NULL constants', () => {
  const f = file(10, 20, 0);
  const and: Expr = { kind: 'and', args: [cmp('>', col(0), k(12)), cmp('<', col(0), k(11))], type: T.bool };
  const or: Expr = { kind: 'or', args: [cmp('>', col(0), k(30)), cmp('<', col(0), k(11))], type: T.bool };
  assert.equal(mayMatch(and, f, columns, evaluate), true); // each conjunct may match on its own
  assert.equal(mayMatch({ ...and, args: [cmp('>', col(0), k(25)), cmp('<', col(0), k(11))] }, f, columns, evaluate), false);
  assert.equal(mayMatch(or, f, columns, evaluate), true);
  const inList = (vs: number[]): Expr => ({ kind: 'in-list', arg: col(0), list: vs.map((v) => k(v)), negate: false, type: T.bool });
  assert.equal(mayMatch(inList([1, 2, 30]), f, columns, evaluate), false);
  assert.equal(mayMatch(inList([1, 15]), f, columns, evaluate), true);
  const isNull: Expr = { kind: 'is-null', negate: false, arg: col(0), type: T.bool };
  assert.equal(mayMatch(isNull, f, columns, evaluate), false);
  assert.equal(mayMatch(isNull, file(10, 20, 3), columns, evaluate), true);
  assert.equal(mayMatch({ ...isNull, negate: true }, file(0, 0, 10, 10), columns, evaluate), false);
  assert.equal(mayMatch(cmp('=', col(0), k(null)), f, columns, evaluate), false);
  // Without stats, or for what it cannot judge, a file may match.
  assert.equal(mayMatch(cmp('>', col(0), k(99)), { ...f, stats: undefined }, columns, evaluate), true);
  assert.equal(mayMatch({ kind: 'not', arg: cmp('>', col(0), k(0)), type: T.bool }, f, columns, evaluate), true);
});
