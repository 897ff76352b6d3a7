import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, type SqlType } from '../../common/index.ts';
import type { AggregateNode, CallExpr, Expr, FunctionResolver, LogicalPlan, ScalarOverload } from '../../plan/index.ts';
import { AggregateTable, type PartialAggregate } from '../operators/aggregate/hash-aggregate.ts';
import { agg, aggNode, batchOf, col, dec, lit, plain, subquery, testContext, valuesNode, vectorValues } from '../test-support.ts';
import type { Parallelism } from './contract.ts';
import { decodeFragment, encodeFragment } from './fragment.ts';
import { NotTransferable, transferList } from './transfer.ts';

const i4 = T.int4, i8 = T.int8, tx = T.text, num = T.numeric;

/** The aggregate's rows over `parts` folded by one table, and by one table per part merged as workers' would be. */
async function splitAndWhole(node: AggregateNode, types: SqlType[], parts: unknown[][][]): Promise<[unknown[][], unknown[][]]> {
  const ctx = testContext();
  const rowsOf = async (t: AggregateTable) => {
    const out: unknown[][] = [];
    for await (const b of t.output(ctx)) for (let i = 0; i < b.length; i++) out.push(b.columns.map((c) => vectorValues(c)[i]));
    return out.map((r) => r.map(plain)).sort((a, b) => JSON.stringify(a, big).localeCompare(JSON.stringify(b, big)));
  };
  const whole = new AggregateTable(node);
  for (const p of parts) if (p.length > 0) await whole.consume(batchOf(types, p), ctx);
  const tables = parts.map(() => new AggregateTable(node));
  for (let k = 0; k < parts.length; k++) if (parts[k]!.length > 0) await tables[k]!.consume(batchOf(types, parts[k]!), ctx);
  for (const t of tables.slice(1)) {
    const p = t.partial();
    // what postMessage does to it, buffers transferred
    tables[0]!.merge(structuredClone(p, { transfer: transferList(p) }) as PartialAggregate);
  }
  return [await rowsOf(tables[0]!), await rowsOf(whole)];
}
const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);

test('split aggregation merges to the single-thread answer: counts, exact sums, averages, min/max, NULL keys', async () => {
  const types = [tx, i4, i8, num];
  const input = valuesNode(types, []);
  const node = aggNode(input, [col(0, tx)], [
    agg('count_star', [], i8), agg('count', [col(1, i4)], i8), agg('sum', [col(1, i4)], i8), agg('avg', [col(1, i4)], num),
    agg('sum', [col(2, i8)], num), agg('avg', [col(2, i8)], num), agg('sum', [col(3, num)], num), agg('avg', [col(3, num)], num),
    agg('min', [col(3, num)], num), agg('max', [col(0, tx)], tx), agg('min', [col(1, i4)], i4),
  ]) as AggregateNode;
  assert.ok(new AggregateTable(node).splittable);
  const parts = [
    [['a', 1, 9007199254740000n, dec('1.5')], ['b', 2, 1n, dec('-2.25')], [null, null, null, null]],
    [['a', 2147483647, 9007199254740000n, dec('100000000000000000000.1')], ['c', 5, -3n, dec('7')]],
    [],
    [['b', -7, 2n, null], [null, 4, 5n, dec('0.001')], ['a', 2147483647, 1n, dec('2')]],
  ];
  const [split, whole] = await splitAndWhole(node, types, parts);
  assert.deepEqual(split, whole);
  assert.equal(split.length, 4);
});

test('int4 sums past 2^53 and numeric group keys survive the split', async () => {
  const types = [num, i4];
  const node = aggNode(valuesNode(types, []), [col(0, num)], [agg('sum', [col(1, i4)], i8), agg('count', [col(1, i4)], i8)]) as AggregateNode;
  const many = (key: string, n: number) => Array.from({ length: n }, () => [dec(key), 2147483647]);
  const [split, whole] = await splitAndWhole(node, types, [many('1.10', 3000), many('1.1', 3000), many('2', 10)]);
  assert.deepEqual(split, whole);
  // 1.10 and 1.1 are one group (numeric equality), its sum past 2^53 exactly
  assert.deepEqual(split.find((r) => r[0] === '1.10' || r[0] === '1.1')?.slice(1), [12884901882000n, 6000n]);
});

test('no GROUP BY: one row, also when a participant saw nothing', async () => {
  const types = [i4];
  const node = aggNode(valuesNode(types, []), [], [agg('count_star', [], i8), agg('sum', [col(0, i4)], i8), agg('max', [col(0, i4)], i4)]) as AggregateNode;
  const [split, whole] = await splitAndWhole(node, types, [[[1], [2]], [], [[3]]]);
  assert.deepEqual(split, whole);
  assert.deepEqual(split, [[3n, 6n, 3]]);
});

test('order-sensitive and inexact aggregates are not split', () => {
  const node = (fn: string, args: Expr[], type: SqlType, distinct = false) =>
    aggNode(valuesNode([T.float8, tx], []), [], [agg(fn, args, type, { distinct })]) as AggregateNode;
  assert.equal(new AggregateTable(node('sum', [col(0, T.float8)], T.float8)).splittable, false);
  assert.equal(new AggregateTable(node('string_agg', [col(1, tx), lit(',', tx)], tx)).splittable, false);
  assert.equal(new AggregateTable(node('count', [col(1, tx)], i8, true)).splittable, false);
});

test('fragments carry overloads by position and Decimals as text, and refuse subqueries', () => {
  const kernel = () => { throw new Error('not called'); };
  const o1: ScalarOverload = { args: ['int4'], returns: 'int4', kernel };
  const o2: ScalarOverload = { args: ['numeric'], returns: 'numeric', kernel };
  const functions: FunctionResolver = { scalar: (n) => (n === 'f' ? { name: 'f', overloads: [o1, o2] } : undefined), setReturning: () => undefined };
  const par: Parallelism = { threads: 2, minRows: 0, functions, threadSafe: () => true, run: () => Promise.reject(new Error('unused')) };
  const call: CallExpr = { kind: 'call', name: 'f', overload: o2, args: [lit(dec('1.50'), num)], type: num };
  const plan = aggNode(valuesNode([num], []), [call], [agg('count_star', [], i8)]);
  // values nodes are not fragments; put the call in an aggregate over a filter over a scan-shaped node instead
  const scan: LogicalPlan = {
    kind: 'scan', columns: [0], filters: [], schema: [{ name: 'x', type: num }] as never,
    table: { oid: 1, schemaName: 'public', name: 't', location: '/x', columns: [], snapshot: { version: 3, schema: [], files: [], properties: {} } },
  };
  const fragment = { ...plan, input: scan } as LogicalPlan;
  const encoded = structuredClone(encodeFragment(fragment, scan as never, [], par));
  const decoded = decodeFragment(encoded, functions) as AggregateNode;
  const back = decoded.groups[0] as CallExpr;
  assert.equal(back.overload, o2);
  assert.equal(plain((back.args[0] as { value: unknown }).value), '1.50');
  const withSubquery = { ...fragment, groups: [subquery('scalar', valuesNode([i4], [[1]]), i4)] } as LogicalPlan;
  assert.throws(() => encodeFragment(withSubquery, scan as never, [], par), NotTransferable);
  assert.throws(() => encodeFragment({ ...plan } as LogicalPlan, scan as never, [], par), NotTransferable); // a values input
});
