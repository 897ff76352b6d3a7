import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Decimal } from '../common/index.ts';
import { numericTypmod, sqlType, T, type SqlType } from '../common/index.ts';
import { getValue, vectorFromValues, type Batch } from '../common/index.ts';
import type { ColumnSchema, TableSnapshot } from './contract.ts';
import { createTableStorage, DeltaTableStorage } from './table-storage.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-delta-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const newLocation = () => join(root, `t${n++}`);

const col = (name: string, type: SqlType, nullable = true): ColumnSchema => ({ name, type, nullable });
const batchOf = (cols: readonly ColumnSchema[], rows: readonly (readonly unknown[])[]): Batch => ({
  columns: cols.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i]))),
  length: rows.length,
});
const rowsOf = (b: Batch): unknown[][] => Array.from({ length: b.length }, (_, r) => b.columns.map((v) => getValue(v, r)));
const readLog = (loc: string, v: number) =>
  readFileSync(join(loc, '_delta_log', `${String(v).padStart(20, '0')}.json`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const WRITE = { operation: 'WRITE', parameters: { mode: 'Append' } };
const CREATE = { operation: 'CREATE TABLE', parameters: { isManaged: 'true' } };

const storage = createTableStorage();
async function scanAll(loc: string, snap: TableSnapshot, columns = snap.schema.map((_, i) => i), batchSize = 1024) {
  const out: unknown[][] = [];
  for await (const b of storage.scan(loc, { snapshot: snap, columns, batchSize })) out.push(...rowsOf(b));
  return out;
}

const schema = [col('id', T.int8, false), col('name', T.text), col('price', sqlType('numeric', numericTypmod(10, 2)))];

test('version 0 has protocol, metaData and commitInfo shaped per PROTOCOL.md', async () => {
  const loc = newLocation();
  const snap = await storage.createTable(loc, schema, { 'delta.appendOnly': 'false' }, CREATE);
  assert.equal(snap.version, 0);
  assert.deepEqual(snap.files, []);
  const actions = readLog(loc, 0);
  assert.deepEqual(actions.map((a) => Object.keys(a)), [['commitInfo'], ['protocol'], ['metaData']]);
  const [{ commitInfo }, { protocol }, { metaData }] = actions;
  assert.deepEqual(protocol, { minReaderVersion: 1, minWriterVersion: 2 });
  assert.match(metaData.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(metaData.format, { provider: 'parquet', options: {} });
  assert.deepEqual(metaData.partitionColumns, []);
  assert.deepEqual(metaData.configuration, { 'delta.appendOnly': 'false' });
  assert.equal(typeof metaData.createdTime, 'number');
  assert.deepEqual(JSON.parse(metaData.schemaString), {
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: false, metadata: {} },
      { name: 'name', type: 'string', nullable: true, metadata: {} },
      { name: 'price', type: 'decimal(10,2)', nullable: true, metadata: {} },
    ],
  });
  assert.equal(commitInfo.operation, 'CREATE TABLE');
  assert.deepEqual(commitInfo.operationParameters, { isManaged: 'true' });
  assert.equal(commitInfo.engineInfo, 'Basin/0.1.0');
  assert.equal(typeof commitInfo.timestamp, 'number');
  await assert.rejects(storage.createTable(loc, schema, {}, CREATE), { code: '42P07' });
  await assert.rejects(createTableStorage().snapshot(join(root, 'nothing-here')), { code: '42P01' });
});

test('create, append two files, remove one: snapshots and scans at every version', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  const f1 = await storage.writeFiles(loc, schema, [batchOf(schema, [[1n, 'a', Decimal.parse('1.50')], [2n, null, null]])]);
  const s1 = await storage.commit(loc, 0, { add: f1 }, WRITE);
  const f2 = await storage.writeFiles(loc, schema, (async function* () {
    yield batchOf(schema, [[3n, 'c', Decimal.parse('-3.25')]]);
    yield batchOf(schema, [[4n, 'd', Decimal.parse('4.00')]]);
  })());
  assert.equal(f2.length, 1);
  assert.match(f2[0]!.path, /^part-00000-[0-9a-f-]{36}-c000\.zstd\.parquet$/);
  assert.ok(existsSync(join(loc, f2[0]!.path)));
  const s2 = await storage.commit(loc, 1, { add: f2 }, WRITE);
  const s3 = await storage.commit(loc, 2, { remove: [f1[0]!.path] }, { operation: 'DELETE' });
  assert.deepEqual([s1.version, s2.version, s3.version], [1, 2, 3]);

  const fresh = createTableStorage(); // no cache: replays the log from disk
  const versions = await Promise.all([0, 1, 2, 3].map((v) => fresh.snapshot(loc, v)));
  assert.deepEqual(versions.map((s) => s.files.length), [0, 1, 2, 1]);
  assert.equal((await fresh.snapshot(loc)).version, 3);
  const ids = async (s: TableSnapshot) => (await scanAll(loc, s, [0])).map((r) => r[0]);
  assert.deepEqual(await ids(versions[1]!), [1n, 2n]);
  assert.deepEqual(await ids(versions[2]!), [1n, 2n, 3n, 4n]);
  assert.deepEqual(await ids(versions[3]!), [3n, 4n]);
  const rows = await scanAll(loc, versions[3]!, [2, 1]);
  assert.deepEqual(rows.map((r) => [String(r[0]), r[1]]), [['-3.25', 'c'], ['4.00', 'd']]);
  await assert.rejects(fresh.snapshot(loc, 4), { code: '22023' });
  await assert.rejects(fresh.snapshot(loc, -1), { code: '22023' });

  const remove = readLog(loc, 3).find((a) => a.remove)!.remove;
  assert.equal(remove.path, f1[0]!.path);
  assert.equal(remove.dataChange, true);
  assert.equal(typeof remove.deletionTimestamp, 'number');
  assert.equal(remove.size, f1[0]!.size);
});

test('stats in add actions', async () => {
  const loc = newLocation();
  const cols = [...schema, col('d', T.date), col('ts', T.timestamptz), col('long', T.text)];
  await storage.createTable(loc, cols, {}, CREATE);
  const long = 'x'.repeat(40);
  const files = await storage.writeFiles(loc, cols, [batchOf(cols, [
    [10n, 'pear', Decimal.parse('2.50'), 0, 1_000_000_123_456, long],
    [-5n, null, Decimal.parse('-0.01'), -365, 1_000, 'abc'],
  ])]);
  const s = await storage.commit(loc, 0, { add: files }, WRITE);
  const { add } = readLog(loc, 1).find((a) => a.add)!;
  assert.deepEqual(add.partitionValues, {});
  assert.equal(add.dataChange, true);
  assert.equal(typeof add.stats, 'string');
  const stats = JSON.parse(add.stats);
  assert.deepEqual(stats, {
    numRecords: 2,
    minValues: { id: -5, name: 'pear', price: -0.01, d: '1969-01-01', ts: '1970-01-01T00:00:00.001Z', long: 'abc' },
    maxValues: { id: 10, name: 'pear', price: 2.5, d: '1970-01-01', ts: '1970-01-12T13:46:40.123Z', long: 'x'.repeat(31) + 'y' },
    nullCount: { id: 0, name: 1, price: 0, d: 0, ts: 0, long: 0 },
    basinDistinctCounts: { id: 2, name: 1, d: 2, ts: 2, long: 2 }, // decimals are not counted
  });
  assert.match(add.stats, /"price":-0\.01/); // decimals as exact JSON numbers
  const st = s.files[0]!.stats!;
  assert.equal(st.numRecords, 2);
  assert.equal(String(st.maxValues.price), '2.50');
  assert.equal(st.maxValues.ts, 1_000_000_123_999); // ms precision widened to stay an upper bound
  assert.deepEqual(files[0]!.stats, st); // what writeFiles returns is what the log gives back
  assert.deepEqual([st.minValues.id, st.maxValues.id], [-5n, 10n]);
});

test('int8 stats are exact at the ends of the range, in the log and read back', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  const MAX = 9223372036854775807n, MIN = -9223372036854775808n;
  const files = await storage.writeFiles(loc, schema, [batchOf(schema, [[MAX, 'a', null], [MIN, 'b', null], [9007199254740993n, 'c', null]])]);
  await storage.commit(loc, 0, { add: files }, WRITE);
  const { add } = readLog(loc, 1).find((a) => a.add)!;
  assert.match(add.stats, /"minValues":\{"id":-9223372036854775808,/);
  assert.match(add.stats, /"maxValues":\{"id":9223372036854775807,/);
  const fresh = await createTableStorage().snapshot(loc);
  const st = fresh.files[0]!.stats!;
  assert.deepEqual([st.minValues.id, st.maxValues.id], [MIN, MAX]);
  assert.deepEqual(files[0]!.stats, st);
  const ids = (await scanAll(loc, fresh, [0])).map((r) => r[0]);
  assert.deepEqual(ids, [MAX, MIN, 9007199254740993n]);
});

test('N parallel blind appends from the same read version: all commit, each in its own version', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  const files = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    storage.writeFiles(loc, schema, [batchOf(schema, [[BigInt(i), `w${i}`, null]])])));
  // separate storages: separate caches and locks, as separate processes would have
  const snaps = await Promise.all(files.map((f) => createTableStorage().commit(loc, 0, { add: f }, WRITE)));
  assert.deepEqual(snaps.map((s) => s.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  const snap = await createTableStorage().snapshot(loc);
  assert.equal(snap.version, 8);
  assert.deepEqual((await scanAll(loc, snap, [0])).map((r) => r[0]).sort(), [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
});

test('WriteSerializable: removing a file that a concurrent commit removed or read-and-rewrote is 40001', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  const [f] = await storage.writeFiles(loc, schema, [batchOf(schema, [[1n, 'a', null]])]);
  await storage.commit(loc, 0, { add: [f!] }, WRITE);
  const update = async (s: DeltaTableStorage) => {
    const [g] = await s.writeFiles(loc, schema, [batchOf(schema, [[1n, 'b', null]])]);
    return s.commit(loc, 1, { add: [g!], remove: [f!.path], read: [f!.path] }, { operation: 'UPDATE' });
  };
  const results = await Promise.allSettled([update(new DeltaTableStorage()), update(new DeltaTableStorage()), update(new DeltaTableStorage())]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) {
    if (r.status === 'rejected') {
      assert.equal(r.reason.code, '40001');
      assert.match(r.reason.detail, /also removed the file/);
    }
  }
  // a reader of the file that writes elsewhere (INSERT … SELECT) conflicts with the update that won
  const [h] = await storage.writeFiles(loc, schema, [batchOf(schema, [[2n, 'c', null]])]);
  await assert.rejects(storage.commit(loc, 1, { add: [h!], read: [f!.path] }, WRITE), { code: '40001', detail: /which this transaction read/ });
  // a blind append from the same old version does not
  assert.equal((await storage.commit(loc, 1, { add: [h!] }, WRITE)).version, 3);
  // an UPDATE that read the table conflicts with files added by a non-blind commit, not with blind appends
  const latest = await storage.snapshot(loc);
  const [k] = await storage.writeFiles(loc, schema, [batchOf(schema, [[3n, 'd', null]])]);
  await storage.commit(loc, latest.version, { add: [k!] }, WRITE); // blind
  const [m] = await storage.writeFiles(loc, schema, [batchOf(schema, [[4n, 'e', null]])]);
  const read = latest.files.map((x) => x.path);
  assert.equal((await storage.commit(loc, latest.version, { add: [m!], read }, { operation: 'UPDATE' })).version, latest.version + 2);
  const [n] = await storage.writeFiles(loc, schema, [batchOf(schema, [[5n, 'f', null]])]);
  await assert.rejects(storage.commit(loc, latest.version, { add: [n!], read }, { operation: 'UPDATE' }), { code: '40001', detail: /may have missed/ });
});

test('a torn commit (temp file of a crashed writer) never becomes visible', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  writeFileSync(join(loc, '_delta_log', '.basin-tmp-crashed'), '{"add":{"path":"part-0');
  const snap = await createTableStorage().snapshot(loc);
  assert.equal(snap.version, 0);
  const files = await storage.writeFiles(loc, schema, [batchOf(schema, [[1n, 'a', null]])]);
  assert.equal((await storage.commit(loc, 0, { add: files }, WRITE)).version, 1);
});

test('incremental refresh sees commits made by another writer', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  assert.equal((await storage.snapshot(loc)).version, 0);
  const other = createTableStorage();
  const files = await other.writeFiles(loc, schema, [batchOf(schema, [[7n, 'x', null]])]);
  await other.commit(loc, 0, { add: files }, WRITE);
  const s = await storage.snapshot(loc);
  assert.equal(s.version, 1);
  assert.deepEqual(await scanAll(loc, s, [0]), [[7n]]);
});

test('schema change by commit: ADD COLUMN reads NULL from old files; timestamp upgrades the protocol', async () => {
  const loc = newLocation();
  const cols = [col('a', T.int4)];
  await storage.createTable(loc, cols, {}, CREATE);
  await storage.commit(loc, 0, { add: await storage.writeFiles(loc, cols, [batchOf(cols, [[1], [2]])]) }, WRITE);
  const cols2 = [...cols, col('b', T.text), col('ts', T.timestamp)];
  const s2 = await storage.commit(loc, 1, { schema: cols2 }, { operation: 'ADD COLUMNS' });
  assert.deepEqual(s2.schema.map((c) => c.name), ['a', 'b', 'ts']);
  const log2 = readLog(loc, 2);
  assert.deepEqual(log2.find((a) => a.protocol).protocol,
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['appendOnly', 'invariants', 'timestampNtz'] });
  assert.equal(JSON.parse(log2.find((a) => a.metaData).metaData.schemaString).fields[2].type, 'timestamp_ntz');
  await storage.commit(loc, 2, { add: await storage.writeFiles(loc, cols2, [batchOf(cols2, [[3, 'c', 86_400_000_000]])]) }, WRITE);
  const s3 = await createTableStorage().snapshot(loc);
  assert.deepEqual(await scanAll(loc, s3), [[1, null, null], [2, null, null], [3, 'c', 86_400_000_000]]);
  assert.deepEqual(await scanAll(loc, s3, [2, 0], 1), [[null, 1], [null, 2], [86_400_000_000, 3]]);
  // dropping a column without rewriting the files would let old data reappear under a re-added name
  await assert.rejects(storage.commit(loc, 3, { schema: cols }, { operation: 'DROP COLUMNS' }), { code: '0A000' });
  // the old version still has the old schema
  assert.deepEqual((await storage.snapshot(loc, 1)).schema.map((c) => c.name), ['a']);
});

test('a table with timestamp columns is created at protocol (3,7) listing only timestampNtz', async () => {
  const loc = newLocation();
  await storage.createTable(loc, [col('t', T.timestamp), col('tz', T.timestamptz)], {}, CREATE);
  assert.deepEqual(readLog(loc, 0).find((a) => a.protocol).protocol,
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['timestampNtz'] });
});

test('a table needing an unimplemented reader feature is refused with 0A000 naming it', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  const path = join(loc, '_delta_log', '00000000000000000001.json');
  writeFileSync(path, JSON.stringify({ protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] } }) + '\n');
  await assert.rejects(createTableStorage().snapshot(loc), { code: '0A000', message: /deletionVectors/ });
  const loc2 = newLocation();
  await storage.createTable(loc2, schema, {}, CREATE);
  writeFileSync(join(loc2, '_delta_log', '00000000000000000001.json'),
    JSON.stringify({ protocol: { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['changeDataFeed', 'rowTracking'] } }) + '\n');
  const s = await createTableStorage().snapshot(loc2); // readable
  // changeDataFeed is implemented (cdc files), rowTracking is not.
  await assert.rejects(createTableStorage().commit(loc2, s.version, { add: [] }, WRITE), { code: '0A000', message: /rowTracking/ });
});

test('delta.appendOnly refuses removes; dropTable deletes the directory', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, { 'delta.appendOnly': 'true' }, CREATE);
  const files = await storage.writeFiles(loc, schema, [batchOf(schema, [[1n, 'a', null]])]);
  await storage.commit(loc, 0, { add: files }, WRITE);
  await assert.rejects(storage.commit(loc, 1, { remove: [files[0]!.path] }, { operation: 'DELETE' }), { code: '0A000' });
  await storage.dropTable(loc);
  assert.equal(existsSync(loc), false);
  await assert.rejects(storage.snapshot(loc), { code: '42P01' });
});

test('writeFiles splits into files by row count and scans yield batches of the requested size', async () => {
  const loc = newLocation();
  const cols = [col('i', T.int4)];
  const small = createTableStorage({ maxRowsPerFile: 1000, rowGroupRows: 300 });
  await small.createTable(loc, cols, {}, CREATE);
  const batches = Array.from({ length: 5 }, (_, k) => batchOf(cols, Array.from({ length: 500 }, (_, i) => [k * 500 + i])));
  const files = await small.writeFiles(loc, cols, batches);
  assert.equal(files.length, 3);
  assert.deepEqual(files.map((f) => f.stats?.numRecords), [1000, 1000, 500]);
  assert.deepEqual(files.map((f) => f.path.slice(0, 10)), ['part-00000', 'part-00001', 'part-00002']);
  const snap = await small.commit(loc, 0, { add: files }, WRITE);
  const sizes: number[] = [];
  const seen: unknown[] = [];
  for await (const b of small.scan(loc, { snapshot: snap, columns: [0], batchSize: 256 })) {
    sizes.push(b.length);
    seen.push(...rowsOf(b).map((r) => r[0]));
  }
  assert.ok(sizes.every((s) => s <= 256));
  assert.deepEqual(seen, Array.from({ length: 2500 }, (_, i) => i));
  // pruned scans read only the given files
  const only = [];
  for await (const b of small.scan(loc, { snapshot: snap, columns: [], batchSize: 4096, files: [snap.files[2]!] })) only.push(b.length);
  assert.deepEqual(only, [300, 200]);
});

test('a table partitioned by another engine: partition columns come from partitionValues', async () => {
  const loc = newLocation();
  const { mkdirSync } = await import('node:fs');
  const { ParquetWriter } = await import('./parquet/writer.ts');
  const dataCols = [col('v', T.text)];
  const w = new ParquetWriter(dataCols);
  w.write(batchOf(dataCols, [['x'], ['y']]));
  mkdirSync(join(loc, 'p=5', 'd=2024-01-02'), { recursive: true });
  const out = w.finish();
  writeFileSync(join(loc, 'p=5', 'd=2024-01-02', 'part 1.parquet'), out.bytes);
  mkdirSync(join(loc, '_delta_log'));
  const fields = [
    { name: 'v', type: 'string', nullable: true, metadata: {} },
    { name: 'p', type: 'integer', nullable: true, metadata: {} },
    { name: 'd', type: 'date', nullable: true, metadata: {} },
    { name: 'big', type: 'long', nullable: true, metadata: {} },
  ];
  const lines = [
    { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    { metaData: { id: 'x', format: { provider: 'parquet', options: {} }, schemaString: JSON.stringify({ type: 'struct', fields }),
      partitionColumns: ['p', 'd', 'big'], configuration: {}, createdTime: 0 } },
    { add: { path: 'p=5/d=2024-01-02/part%201.parquet', partitionValues: { p: '5', d: '2024-01-02', big: '-9223372036854775808' }, size: out.bytes.length,
      modificationTime: 0, dataChange: true } },
  ];
  writeFileSync(join(loc, '_delta_log', '00000000000000000000.json'), lines.map((l) => JSON.stringify(l)).join('\n'));
  const snap = await createTableStorage().snapshot(loc);
  assert.equal(snap.files[0]!.stats, undefined);
  assert.deepEqual(await scanAll(loc, snap), [['x', 5, 19724, -9223372036854775808n], ['y', 5, 19724, -9223372036854775808n]]);
});

test('a consumer that stops reading early releases the file and can scan again', async () => {
  const loc = newLocation();
  const cols = [col('i', T.int4)];
  await storage.createTable(loc, cols, {}, CREATE);
  const files = await storage.writeFiles(loc, cols, [batchOf(cols, Array.from({ length: 5000 }, (_, i) => [i]))]);
  const snap = await storage.commit(loc, 0, { add: files }, WRITE);
  for (let k = 0; k < 3; k++) {
    for await (const b of storage.scan(loc, { snapshot: snap, columns: [0], batchSize: 100 })) {
      assert.equal(b.length, 100);
      break;
    }
  }
  assert.equal((await scanAll(loc, snap)).length, 5000);
});

test('idempotent writes: txn actions are recorded, survive checkpoints, and a repeated version is skipped', async () => {
  const loc = newLocation();
  await storage.createTable(loc, schema, {}, CREATE);
  for (let v = 1; v <= 11; v++) {
    const files = await storage.writeFiles(loc, schema, [batchOf(schema, [[BigInt(v), 'x', null]])]);
    await storage.commit(loc, v - 1, { add: files, txn: { appId: 'job', version: v } }, WRITE);
  }
  assert.ok(existsSync(join(loc, '_delta_log', `${'10'.padStart(20, '0')}.checkpoint.parquet`)));
  const fresh = await createTableStorage().snapshot(loc); // from the checkpoint at 10, then commit 11
  assert.equal(fresh.version, 11);
  assert.equal((fresh as unknown as { txns: Map<string, { version: number }> }).txns.get('job')?.version, 11);
  const files = await storage.writeFiles(loc, schema, [batchOf(schema, [[99n, 'again', null]])]);
  const again = await createTableStorage().commit(loc, 11, { add: files, txn: { appId: 'job', version: 5 } }, WRITE);
  assert.equal(again.version, 11, 'an old version of the job is not committed again');
  assert.equal((await createTableStorage().commit(loc, 11, { add: files, txn: { appId: 'job', version: 12 } }, WRITE)).version, 12);
});

test('a point lookup scans the first time, then is answered from an equality index over the cached column', async () => {
  const loc = newLocation();
  const cols = [col('k', T.int4), col('s', T.text)];
  await storage.createTable(loc, cols, {}, CREATE);
  const rows = Array.from({ length: 1000 }, (_, i) => [i % 100, `s${i}`]);
  const files = await storage.writeFiles(loc, cols, [batchOf(cols, rows)]);
  const snap = await storage.commit(loc, 0, { add: files }, WRITE);
  const lookup = async (column: number, keys: unknown[]) => {
    const out: unknown[][] = [];
    for await (const b of storage.scan(loc, { snapshot: snap, columns: [0, 1], batchSize: 4, lookup: { column, keys } })) out.push(...rowsOf(b));
    return out;
  };
  assert.equal((await lookup(0, [7])).length, 1000, 'the first lookup is a plain scan');
  const hits = await lookup(0, [7, 42, null, 1000]);
  assert.deepEqual(hits, rows.filter((r) => r[0] === 7 || r[0] === 42), 'file order, every match, batches of at most 4');
  assert.deepEqual(await lookup(1, ['s999']), rows, 'another column counts its own lookups');
  assert.deepEqual(await lookup(1, ['s999', 's3']), [[3, 's3'], [99, 's999']]);
});

test('a failing row source fails writeFiles with its own error, after the files being encoded are done', async () => {
  const loc = newLocation();
  const cols = [col('i', T.int4)];
  const small = createTableStorage({ maxRowsPerFile: 100 });
  await small.createTable(loc, cols, {}, CREATE);
  async function* rows() {
    for (let k = 0; k < 3; k++) yield batchOf(cols, Array.from({ length: 100 }, (_, i) => [i]));
    throw new Error('bad row 301');
  }
  await assert.rejects(small.writeFiles(loc, cols, rows()), /bad row 301/);
  assert.equal((await small.snapshot(loc)).files.length, 0);
});
