import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getValue, T, vectorFromValues, type Batch } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { createTableStorage } from '../table-storage.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-cdf-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const newLocation = () => join(root, `t${n++}`);

const schema: ColumnSchema[] = [{ name: 'id', type: T.int4, nullable: false }, { name: 'v', type: T.text, nullable: true }];
const rows = (data: readonly (readonly unknown[])[], types = [T.int4, T.text, T.text]): Batch => ({
  columns: types.slice(0, data[0]?.length ?? types.length).map((t, i) => vectorFromValues(t, data.map((r) => r[i] ?? null))),
  length: data.length,
});
const WRITE = { operation: 'WRITE' };
const CDF = { 'delta.enableChangeDataFeed': 'true' };
const storage = createTableStorage();
const readLog = (loc: string, v: number) =>
  readFileSync(join(loc, '_delta_log', `${String(v).padStart(20, '0')}.json`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** The feed as `type version id v` lines, sorted. */
async function feed(loc: string, start: { version: number } | { timestampMs: number }, end?: { version: number } | { timestampMs: number }) {
  const f = await storage.changes(loc, { start, ...(end === undefined ? {} : { end }), batchSize: 2 });
  const out: string[] = [];
  for await (const b of f.batches) {
    assert.deepEqual(b.columns.map((c) => c.type.id), ['int4', 'text', 'text', 'int8', 'timestamptz']);
    for (let i = 0; i < b.length; i++) {
      out.push(`${getValue(b.columns[2]!, i)} ${getValue(b.columns[3]!, i)} ${getValue(b.columns[0]!, i)} ${getValue(b.columns[1]!, i)}`);
      assert.equal(typeof getValue(b.columns[4]!, i), 'number');
    }
  }
  return out.sort();
}

/** A table: v1 inserts 1..3; v2 updates 2 (with cdc); v3 rearranges files (dataChange false); v4 deletes a whole file. */
async function history(properties: Record<string, string> = CDF) {
  const loc = newLocation();
  await storage.createTable(loc, schema, properties, { operation: 'CREATE TABLE' });
  const a = await storage.writeFiles(loc, schema, [rows([[1, 'a'], [2, 'b'], [3, 'c']])]);
  await storage.commit(loc, 0, { add: a }, WRITE);
  const rewritten = await storage.writeFiles(loc, schema, [rows([[1, 'a'], [2, 'B'], [3, 'c']])]);
  const cdc = await storage.writeFiles(loc, schema, [rows([[2, 'b', 'update_preimage'], [2, 'B', 'update_postimage']])], { changeData: true });
  await storage.commit(loc, 1, { add: rewritten, remove: a.map((f) => f.path), cdc }, { operation: 'UPDATE' });
  const split = [
    ...await storage.writeFiles(loc, schema, [rows([[1, 'a'], [2, 'B']])]),
    ...await storage.writeFiles(loc, schema, [rows([[3, 'c']])]),
  ];
  await storage.commit(loc, 2, { add: split, remove: rewritten.map((f) => f.path), dataChange: false }, { operation: 'OPTIMIZE' });
  await storage.commit(loc, 3, { remove: [split[1]!.path] }, { operation: 'DELETE' });
  return { loc, cdc, split };
}

test('change data files go under _change_data/ without stats and commit as cdc actions', async () => {
  const { loc, cdc } = await history();
  assert.equal(cdc.length, 1);
  assert.match(cdc[0]!.path, /^_change_data\/cdc-00000-[0-9a-f-]{36}\.c000\.zstd\.parquet$/);
  assert.equal(cdc[0]!.stats, undefined);
  const actions = readLog(loc, 2);
  assert.deepEqual(actions.filter((a) => a.cdc).map((a) => a.cdc), [{ path: cdc[0]!.path, partitionValues: {}, size: cdc[0]!.size, dataChange: false }]);
  // The data files are what a SELECT reads: the change data file is none of them.
  const snap = await storage.snapshot(loc);
  assert.ok(snap.files.every((f) => !f.path.startsWith('_change_data/')));
  assert.equal(snap.files.length, 1);
});

test('the feed reads cdc files where a version has them, else its adds and removes that changed data', async () => {
  const { loc } = await history();
  assert.deepEqual(await feed(loc, { version: 0 }), [
    'delete 4 3 c', 'insert 1 1 a', 'insert 1 2 b', 'insert 1 3 c', 'update_postimage 2 2 B', 'update_preimage 2 2 b',
  ]);
  assert.deepEqual(await feed(loc, { version: 2 }, { version: 3 }), ['update_postimage 2 2 B', 'update_preimage 2 2 b']);
  assert.deepEqual(await feed(loc, { version: 3 }, { version: 3 }), [], 'a rearrangement (dataChange false) changes no row');
  assert.deepEqual((await feed(loc, { version: 4 }, { version: 99 })), ['delete 4 3 c'], 'an end past the latest version means the latest');
  // Times: a start at or before the first commit, an end at or after the last.
  assert.equal((await feed(loc, { timestampMs: 0 }, { timestampMs: Date.now() + 1000 })).length, 6);
  const f = await storage.changes(loc, { start: { version: 1 }, end: { version: 2 }, batchSize: 10 });
  assert.deepEqual([f.startVersion, f.endVersion, f.schema.map((c) => c.name)], [1, 2, ['id', 'v']]);
});

test('ranges outside the history and versions without change data are refused', async () => {
  const { loc } = await history();
  await assert.rejects(storage.changes(loc, { start: { version: 5 }, batchSize: 10 }), { code: '22023', message: /start version 5 is after the latest version of the table \(4\)/ });
  await assert.rejects(storage.changes(loc, { start: { version: 3 }, end: { version: 2 }, batchSize: 10 }), { code: '22023', message: /end version 2 is before start version 3/ });
  await assert.rejects(storage.changes(loc, { start: { timestampMs: Date.now() + 60_000 }, batchSize: 10 }), { code: '22023', message: /after the latest version/ });
  await assert.rejects(storage.changes(loc, { start: { version: 0 }, end: { timestampMs: 0 }, batchSize: 10 }), { code: '22023', message: /before the earliest available version/ });

  const plain = (await history({})).loc;
  await assert.rejects(storage.changes(plain, { start: { version: 0 }, batchSize: 10 }),
    { code: '22023', message: /change data was not recorded for version 0 .*delta\.enableChangeDataFeed/ });

  // Turned off at version 5 (a metaData change): versions up to 4 still read, a range with 5 does not.
  const snap = await storage.snapshot(loc);
  await storage.commit(loc, snap.version, { properties: { 'delta.enableChangeDataFeed': 'false' } }, { operation: 'SET TBLPROPERTIES' });
  assert.equal((await feed(loc, { version: 1 }, { version: 4 })).length, 6);
  await assert.rejects(storage.changes(loc, { start: { version: 4 }, batchSize: 10 }), { code: '22023', message: /not recorded for version 5/ });
});

test('a removed file that VACUUM deleted cannot give its deleted rows', async () => {
  const { loc, split } = await history();
  unlinkSync(join(loc, split[1]!.path));
  const f = await storage.changes(loc, { start: { version: 4 }, batchSize: 10 });
  await assert.rejects((async () => { for await (const _ of f.batches) { /* read */ } })(), { code: '55000', message: /version 4/ });
});

test('a legacy writer version 4 table with the change data feed on (another engine\'s) is writable with cdc', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, { operation: 'CREATE TABLE' });
  const md = readLog(loc, 0).find((a) => a.metaData).metaData;
  writeFileSync(join(loc, '_delta_log', `${'1'.padStart(20, '0')}.json`), [
    JSON.stringify({ commitInfo: { timestamp: Date.now(), operation: 'SET TBLPROPERTIES', engineInfo: 'Apache-Spark/3.5.0 Delta-Lake/3.2.0' } }),
    JSON.stringify({ protocol: { minReaderVersion: 1, minWriterVersion: 4 } }),
    JSON.stringify({ metaData: { ...md, configuration: { 'delta.enableChangeDataFeed': 'true' } } }),
  ].join('\n') + '\n');
  const fresh = createTableStorage();
  const a = await fresh.writeFiles(loc, schema, [rows([[1, 'a']])]);
  const cdc = await fresh.writeFiles(loc, schema, [rows([[1, 'a', 'insert']])], { changeData: true });
  await fresh.commit(loc, 1, { add: a, cdc }, WRITE);
  assert.deepEqual(await feed(loc, { version: 1 }), ['insert 2 1 a']);
});
