import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getValue, T, vectorFromValues, type Batch, type ColumnSchema } from '../../common/index.ts';
import type { TableSnapshot } from '../contract.ts';
import { DeltaTableStorage } from '../table-storage.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-restore-'));
after(() => rmSync(root, { recursive: true, force: true }));
const storage = new DeltaTableStorage();
const a: ColumnSchema = { name: 'a', type: T.int4, nullable: true };
const b: ColumnSchema = { name: 'b', type: T.text, nullable: true };
const batch = (cols: readonly ColumnSchema[], rows: readonly unknown[][]): Batch =>
  ({ columns: cols.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i]))), length: rows.length });

async function rows(loc: string, snap: TableSnapshot): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const x of storage.scan(loc, { snapshot: snap, columns: snap.schema.map((_, i) => i), batchSize: 100 })) {
    for (let i = 0; i < x.length; i++) out.push(x.columns.map((v) => getValue(v, i)));
  }
  return out.sort((p, q) => Number(p[0]) - Number(q[0]));
}

const readLog = (loc: string, v: number) =>
  readFileSync(join(loc, '_delta_log', `${String(v).padStart(20, '0')}.json`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

test('RESTORE after ADD COLUMN: files, schema and stats of the old version come back in one commit', async () => {
  const loc = join(root, 'schema');
  let snap = await storage.createTable(loc, [a], {}, { operation: 'CREATE TABLE' });
  snap = await storage.commit(loc, snap.version, { add: await storage.writeFiles(loc, [a], [batch([a], [[1], [2]])]) }, { operation: 'WRITE' }); // v1
  const v1 = snap;
  snap = await storage.commit(loc, snap.version, { schema: [a, b] }, { operation: 'ADD COLUMNS' }); // v2
  snap = await storage.commit(loc, snap.version, { add: await storage.writeFiles(loc, [a, b], [batch([a, b], [[3, 'x']])]) }, { operation: 'WRITE' }); // v3
  assert.deepEqual(await rows(loc, snap), [[1, null], [2, null], [3, 'x']]);

  const plan = await storage.planRestore(loc, snap.version, 1);
  assert.deepEqual(plan.schema, [a]);
  assert.equal(plan.add.length, 0);
  assert.equal(plan.remove.length, 1);
  assert.deepEqual({ ...plan.metrics, tableSizeAfterRestore: 0, removedFilesSize: 0 }, {
    tableSizeAfterRestore: 0, numOfFilesAfterRestore: 1, numRemovedFiles: 1, numRestoredFiles: 0, removedFilesSize: 0, restoredFilesSize: 0,
  });
  // Without restoresSchema the commit would be refused: the kept file predates the dropped column.
  await assert.rejects(storage.commit(loc, snap.version, { remove: plan.remove, schema: plan.schema! }, { operation: 'RESTORE' }), /without rewriting/);
  const restored = await storage.commit(loc, snap.version, {
    add: plan.add, remove: plan.remove, schema: plan.schema!, restoresSchema: true,
  }, { operation: 'RESTORE', parameters: { version: '1' }, metrics: { numRemovedFiles: '1' } });
  assert.equal(restored.version, 4);
  assert.deepEqual(restored.schema, [a]);
  assert.deepEqual(await rows(loc, restored), await rows(loc, v1));
  const info = readLog(loc, 4)[0]!.commitInfo;
  assert.equal(info.operation, 'RESTORE');
  assert.deepEqual(info.operationMetrics, { numRemovedFiles: '1' });
});

test('RESTORE re-adds removed files with their original stats, and fails clearly once they are vacuumed', async () => {
  const loc = join(root, 'files');
  let snap = await storage.createTable(loc, [a], {}, { operation: 'CREATE TABLE' });
  snap = await storage.commit(loc, snap.version, { add: await storage.writeFiles(loc, [a], [batch([a], [[1], [5]])]) }, { operation: 'WRITE' });
  const original = snap.files[0]!;
  snap = await storage.commit(loc, snap.version, { remove: [original.path] }, { operation: 'DELETE' });
  const plan = await storage.planRestore(loc, snap.version, 1);
  assert.deepEqual(plan.add.map((f) => f.path), [original.path]);
  assert.deepEqual(plan.add[0]!.stats, original.stats);
  assert.equal(plan.schema, undefined);
  const restored = await storage.commit(loc, snap.version, { add: plan.add, remove: plan.remove }, { operation: 'RESTORE' });
  const add = readLog(loc, restored.version).find((x) => x.add !== undefined)!.add;
  assert.equal(add.stats, (original as { statsJson?: string }).statsJson);
  assert.deepEqual(await rows(loc, restored), [[1], [5]]);

  // Remove it again and vacuum it away: version 1 can no longer be restored.
  snap = await storage.commit(loc, restored.version, { remove: [original.path] }, { operation: 'DELETE' });
  await storage.vacuum(loc, { retentionMs: 0, dryRun: false, now: Date.now() + 1000 });
  await assert.rejects(storage.planRestore(loc, snap.version, 1), (e: Error & { code?: string }) =>
    e.code === '55000' && /no longer exist/.test(e.message));
});
