import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { T } from '../../common/index.ts';
import { getValue, vectorFromValues } from '../../common/index.ts';
import { createTableStorage } from '../table-storage.ts';
import { readCheckpoint } from './checkpoint.ts';
import { LocalObjectStore } from '../object-store/local.ts';
import type { DeltaSnapshot } from './snapshot.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-ckpt-'));
after(() => rmSync(root, { recursive: true, force: true }));
const cols = [{ name: 'i', type: T.int4, nullable: true }, { name: 's', type: T.text, nullable: true }];
const W = { operation: 'WRITE' };
const logFile = (loc: string, name: string) => join(loc, '_delta_log', name);
const pad = (v: number) => String(v).padStart(20, '0');

test('every 10th commit writes a checkpoint that a cold reader starts from', async () => {
  const loc = join(root, 't');
  const st = createTableStorage();
  await st.createTable(loc, cols, { 'delta.appendOnly': 'false' }, { operation: 'CREATE TABLE' });
  let first: string | undefined;
  for (let v = 1; v <= 12; v++) {
    const files = await st.writeFiles(loc, cols, [{ columns: [vectorFromValues(T.int4, [v]), vectorFromValues(T.text, [`r${v}`])], length: 1 }]);
    first ??= files[0]!.path;
    // version 5 removes the first file, so the checkpoint carries a tombstone
    await st.commit(loc, v - 1, v === 5 ? { add: files, remove: [first] } : { add: files }, W);
  }
  assert.ok(existsSync(logFile(loc, `${pad(10)}.checkpoint.parquet`)));
  assert.ok(!existsSync(logFile(loc, `${pad(0)}.checkpoint.parquet`)));
  const last = JSON.parse(readFileSync(logFile(loc, '_last_checkpoint'), 'utf8'));
  assert.equal(last.version, 10);
  assert.equal(last.numOfAddFiles, 9);

  const actions = await readCheckpoint(new LocalObjectStore(loc), 10, 1);
  const kinds = actions.map((a) => Object.keys(a)[0]);
  assert.deepEqual([kinds.filter((k) => k === 'protocol').length, kinds.filter((k) => k === 'metaData').length,
    kinds.filter((k) => k === 'add').length, kinds.filter((k) => k === 'remove').length], [1, 1, 9, 1]);
  const md = actions.find((a) => a.metaData)!.metaData as { configuration: unknown; partitionColumns: unknown };
  assert.deepEqual(md.configuration, { 'delta.appendOnly': 'false' });
  assert.deepEqual(md.partitionColumns, []);
  const add = actions.find((a) => a.add)!.add as { stats: string; size: number; dataChange: boolean; partitionValues: unknown };
  assert.equal(JSON.parse(add.stats).numRecords, 1);
  assert.equal(typeof add.size, 'number');
  assert.equal(add.dataChange, false);
  assert.deepEqual(add.partitionValues, {});

  // Without commits 0..9, a cold reader must use the checkpoint.
  for (let v = 0; v < 10; v++) rmSync(logFile(loc, `${pad(v)}.json`));
  const cold = createTableStorage();
  const snap = await cold.snapshot(loc) as DeltaSnapshot;
  assert.equal(snap.version, 12);
  assert.equal(snap.files.length, 11);
  assert.deepEqual(snap.properties, { 'delta.appendOnly': 'false' });
  assert.equal(snap.files.find((f) => f.path === first), undefined);
  assert.equal(snap.files[0]!.stats?.numRecords, 1);
  const seen: unknown[] = [];
  for await (const b of cold.scan(loc, { snapshot: snap, columns: [0], batchSize: 100 })) seen.push(getValue(b.columns[0]!, 0));
  assert.deepEqual(seen.sort((a, b) => (a as number) - (b as number)), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal((await cold.snapshot(loc, 10)).files.length, 9);
  assert.equal((await cold.snapshot(loc, 11)).version, 11);
  await assert.rejects(cold.snapshot(loc, 5), { code: '22023', message: /available versions: \[10, 12\]/ });
});
