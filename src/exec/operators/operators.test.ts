import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../common/index.ts';
import { vectorFromValues, type Batch } from '../../common/index.ts';
import type { LogicalPlan } from '../../plan/index.ts';
import type { ScanRequest, TableStorage } from '../../storage/index.ts';
import { cmp, col, filterNode, limitNode, lit, projectNode, rejectsWith, runRows, sortNode, testContext, valuesNode } from '../test-support.ts';

const i4 = T.int4, tx = T.text;

test('sort: multi-key, DESC, NULLS FIRST/LAST, stable', async () => {
  const input = valuesNode([i4, tx], [[2, 'b'], [null, 'x'], [1, 'z'], [2, 'a'], [1, 'y'], [null, 'w']]);
  assert.deepEqual(await runRows(sortNode(input, [{ expr: col(0, i4), desc: false, nullsFirst: false }])),
    [[1, 'z'], [1, 'y'], [2, 'b'], [2, 'a'], [null, 'x'], [null, 'w']]);
  assert.deepEqual(await runRows(sortNode(input, [{ expr: col(0, i4), desc: true, nullsFirst: true }, { expr: col(1, tx), desc: false, nullsFirst: false }])),
    [[null, 'w'], [null, 'x'], [2, 'a'], [2, 'b'], [1, 'y'], [1, 'z']]);
  assert.deepEqual(await runRows(sortNode(input, [{ expr: col(0, i4), desc: true, nullsFirst: false }]), testContext({ batchSize: 2 })),
    [[2, 'b'], [2, 'a'], [1, 'z'], [1, 'y'], [null, 'x'], [null, 'w']]);
  const bp = valuesNode([T.bpchar], [['b '], ['a  '], ['a']]);
  assert.deepEqual(await runRows(sortNode(bp, [{ expr: col(0, T.bpchar), desc: false, nullsFirst: false }])), [['a  '], ['a'], ['b ']]);
});

const setop = (op: 'union' | 'intersect' | 'except', all: boolean, left: LogicalPlan, right: LogicalPlan): LogicalPlan =>
  ({ kind: 'setop', op, all, left, right, schema: left.schema });
const sorted = (rows: unknown[][]): unknown[][] => rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as unknown[]);

test('set operations with and without ALL; NULLs compare equal', async () => {
  const a = valuesNode([i4], [[1], [1], [1], [2], [null], [null], [3]]);
  const b = valuesNode([T.int4], [[1], [1], [null], [4]]);
  assert.deepEqual(sorted(await runRows(setop('union', false, a, b))), sorted([[1], [2], [null], [3], [4]]));
  assert.equal((await runRows(setop('union', true, a, b))).length, 11);
  assert.deepEqual(sorted(await runRows(setop('intersect', false, a, b))), sorted([[1], [null]]));
  assert.deepEqual(sorted(await runRows(setop('intersect', true, a, b))), sorted([[1], [1], [null]]));
  assert.deepEqual(sorted(await runRows(setop('except', false, a, b))), sorted([[2], [3]]));
  assert.deepEqual(sorted(await runRows(setop('except', true, a, b))), sorted([[1], [2], [null], [3]]));
  const d: LogicalPlan = { kind: 'distinct', input: a, schema: a.schema };
  assert.deepEqual(await runRows(d), [[1], [2], [null], [3]]);
});

test('limit / offset, negative values, and early stop', async () => {
  const input = valuesNode([i4], Array.from({ length: 10 }, (_, i) => [i]));
  const ctx = testContext({ batchSize: 3 });
  assert.deepEqual(await runRows(limitNode(input, lit(3n, T.int8), lit(4n, T.int8)), ctx), [[4], [5], [6]]);
  assert.deepEqual(await runRows(limitNode(input, null, lit(8n, T.int8)), ctx), [[8], [9]]);
  assert.deepEqual(await runRows(limitNode(input, lit(null, T.int8), null), ctx), (await runRows(input)));
  assert.deepEqual(await runRows(limitNode(input, lit(0n, T.int8), null), ctx), []);
  await rejectsWith(runRows(limitNode(input, lit(-1n, T.int8), null)), '2201W', 'LIMIT must not be negative');
  await rejectsWith(runRows(limitNode(input, null, lit(-1n, T.int8))), '2201X', 'OFFSET must not be negative');
  // The limit is reached before a later row would raise division by zero.
  const risky = projectNode(valuesNode([i4], [[1], [2], [0]]), [{ kind: 'arith', op: '/', left: lit(10, i4), right: col(0, i4), type: i4 }]);
  assert.deepEqual(await runRows(limitNode(risky, lit(2n, T.int8), null), testContext({ batchSize: 1 })), [[10], [5]]);
  const withParam = limitNode(input, { kind: 'param', index: 0, type: T.int8 }, null);
  assert.deepEqual(await runRows(withParam, testContext({ params: [2n] })), [[0], [1]]);
  assert.deepEqual(await runRows(limitNode(input, lit(9223372036854775807n, T.int8), lit(9n, T.int8)), ctx), [[9]]);
});

test('scan reads the requested columns from storage and applies pushed-down filters', async () => {
  const requests: ScanRequest[] = [];
  const storage = {
    async *scan(_location: string, req: ScanRequest): AsyncIterable<Batch> {
      requests.push(req);
      const data: Record<number, unknown[][]> = { 0: [[1, 2, 3], [4, 5]], 1: [['a', 'b', 'c'], ['d', 'e']] };
      for (let k = 0; k < 2; k++) {
        const cols = req.columns.map((c) => vectorFromValues(c === 0 ? i4 : tx, data[c]![k]!));
        yield { columns: cols, length: cols[0]!.length };
      }
    },
  } as unknown as TableStorage;
  const snapshot = { version: 3, schema: [], files: [], properties: {} };
  const plan: LogicalPlan = {
    kind: 'scan',
    table: { oid: 1, schemaName: 'public', name: 't', location: 'mem://t', columns: [], snapshot },
    columns: [1, 0],
    filters: [cmp('<>', col(1, i4), lit(2, i4)), cmp('<>', col(0, tx), lit('e', tx))],
    schema: [{ name: 'b', type: T.varchar, tableOid: 1, attr: 2 }, { name: 'a', type: i4, tableOid: 1, attr: 1 }],
  };
  const rows = await runRows(plan, testContext({ storage, batchSize: 77 }));
  assert.deepEqual(rows, [['a', 1], ['c', 3], ['d', 4]]);
  assert.deepEqual(requests[0]!.columns, [1, 0]);
  assert.equal(requests[0]!.batchSize, 77);
  assert.equal(requests[0]!.snapshot, snapshot);
});

test('filter and project over values', async () => {
  const input = valuesNode([i4, tx], [[1, 'a'], [null, 'b'], [3, 'c']]);
  const plan = projectNode(filterNode(input, cmp('>', col(0, i4), lit(1, i4))), [col(1, tx), { kind: 'arith', op: '*', left: col(0, i4), right: lit(2, i4), type: i4 }]);
  assert.deepEqual(await runRows(plan), [['c', 6]]);
});
