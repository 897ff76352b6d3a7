/**
 * Delta tables on S3 through the storage layer: DeltaTableStorage with `s3://bucket/prefix/table` locations on
 * a radosgw this file starts. Create, write, commit, snapshot, scan, time travel, racing commits from
 * separate storage instances (as separate servers would), checkpoints, a cold reader that starts from the
 * checkpoint alone, and DROP. Skipped with a note without Ceph, unless BASIN_S3_REQUIRE=1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { T, getValue, vectorFromValues, type Batch } from '../../src/common/index.ts';
import { createTableStorage, S3ObjectStore, type ColumnSchema, type TableSnapshot, type TableStorage } from '../../src/storage/index.ts';
import { startRadosgw, s3TestSkip, type RadosgwHandle } from './radosgw.ts';

const skip = s3TestSkip();
let rgw: RadosgwHandle | undefined;
before(async () => {
  if (skip) return;
  rgw = await startRadosgw();
  Object.assign(process.env, rgw.env);
});
after(async () => { await rgw?.stop(); });

const schema: ColumnSchema[] = [{ name: 'id', type: T.int8, nullable: false }, { name: 'name', type: T.text, nullable: true }];
const CREATE = { operation: 'CREATE TABLE' };
const WRITE = { operation: 'WRITE', parameters: { mode: 'Append' } };
const pad = (v: number) => String(v).padStart(20, '0');
const batch = (rows: readonly [bigint, string | null][]): Batch => ({
  length: rows.length,
  columns: [vectorFromValues(T.int8, rows.map((r) => r[0])), vectorFromValues(T.text, rows.map((r) => r[1]))],
});
const location = (name: string) => `s3://${rgw!.bucket}/warehouse/${name}`;
/** The bucket seen directly, to check what Basin wrote where. */
const bucket = () => new S3ObjectStore({ bucket: rgw!.bucket, prefix: 'warehouse/' });

async function rows(st: TableStorage, loc: string, snap: TableSnapshot): Promise<[bigint, string | null][]> {
  const out: [bigint, string | null][] = [];
  for await (const b of st.scan(loc, { snapshot: snap, columns: [0, 1], batchSize: 1000 })) {
    for (let i = 0; i < b.length; i++) out.push([getValue(b.columns[0]!, i) as bigint, getValue(b.columns[1]!, i) as string | null]);
  }
  return out.sort((a, b) => Number(a[0] - b[0]));
}

async function append(st: TableStorage, loc: string, readVersion: number, data: readonly [bigint, string | null][]): Promise<TableSnapshot> {
  const files = await st.writeFiles(loc, schema, [batch(data)]);
  return st.commit(loc, readVersion, { add: files }, WRITE);
}

describe('Delta tables on S3', { skip }, () => {
  test('create, write, commit, snapshot, scan and time travel', async () => {
    const st = createTableStorage();
    const loc = location('t1');
    const v0 = await st.createTable(loc, schema, {}, CREATE);
    assert.equal(v0.version, 0);
    await assert.rejects(st.createTable(loc, schema, {}, CREATE), { code: '42P07' });
    await assert.rejects(st.snapshot(location('nothing-here')), { code: '42P01' });

    const v1 = await append(st, loc, 0, [[1n, 'one'], [2n, null]]);
    const v2 = await append(st, loc, 1, [[3n, 'three']]);
    const firstFile = v1.files[0]!.path;
    const v3 = await st.commit(loc, 2, { remove: [firstFile], read: [firstFile] }, { operation: 'DELETE' });
    assert.deepEqual([v1.version, v2.version, v3.version], [1, 2, 3]);

    // What is in the bucket: the log and the data files under the table's prefix.
    const keys = (await bucket().list('t1/')).map((o) => o.path);
    assert.deepEqual(keys.filter((k) => k.startsWith('t1/_delta_log/')), [0, 1, 2, 3].map((v) => `t1/_delta_log/${pad(v)}.json`));
    assert.equal(keys.filter((k) => /^t1\/part-\d{5}-[0-9a-f-]{36}-c000\.zstd\.parquet$/.test(k)).length, 2);
    const log1 = new TextDecoder().decode(await bucket().get(`t1/_delta_log/${pad(1)}.json`));
    assert.match(log1, new RegExp(`"add":\\{"path":"${firstFile}"`));

    assert.deepEqual(await rows(st, loc, await st.snapshot(loc)), [[3n, 'three']]);
    // time travel, also from a storage with nothing cached (another server on the same bucket)
    const cold = createTableStorage();
    assert.deepEqual(await rows(cold, loc, await cold.snapshot(loc, 1)), [[1n, 'one'], [2n, null]]);
    assert.deepEqual(await rows(cold, loc, await cold.snapshot(loc, 2)), [[1n, 'one'], [2n, null], [3n, 'three']]);
    assert.deepEqual(await rows(cold, loc, await cold.snapshot(loc)), [[3n, 'three']]);
    assert.equal((await cold.snapshot(loc, 0)).files.length, 0);
    await assert.rejects(cold.snapshot(loc, 7), { code: '22023' });
    assert.equal(await cold.versionAt(loc, Date.now() + 60_000), 3);
  });

  test('racing commits from separate storages: exactly one winner per version, losers get 40001', async () => {
    const loc = location('race');
    const setup = createTableStorage();
    await setup.createTable(loc, schema, {}, CREATE);
    const base = await append(setup, loc, 0, [[0n, 'base']]);
    const target = base.files[0]!.path;
    // Eight writers (as eight servers) each rewrite the same file from version 1: only one may win.
    const writers = Array.from({ length: 8 }, () => createTableStorage());
    const results = await Promise.allSettled(writers.map(async (st, i) => {
      await st.snapshot(loc);
      const files = await st.writeFiles(loc, schema, [batch([[0n, `writer ${i}`]])]);
      return st.commit(loc, 1, { add: files, remove: [target], read: [target] }, { operation: 'UPDATE' });
    }));
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)));
    assert.equal((won[0] as PromiseFulfilledResult<TableSnapshot>).value.version, 2);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, '40001');
    const latest = await createTableStorage().snapshot(loc);
    assert.equal(latest.version, 2);
    const after = await rows(setup, loc, latest);
    assert.equal(after.length, 1);
    assert.match(after[0]![1]!, /^writer \d$/);
    const log = (await bucket().list('race/_delta_log/')).map((o) => o.path);
    assert.deepEqual(log, [0, 1, 2].map((v) => `race/_delta_log/${pad(v)}.json`));

    // Blind appends racing from separate storages all land, each in its own version.
    const appenders = Array.from({ length: 6 }, () => createTableStorage());
    const appended = await Promise.allSettled(appenders.map(async (st, i) => {
      const files = await st.writeFiles(loc, schema, [batch([[BigInt(100 + i), 'append']])]);
      for (let attempt = 0; ; attempt++) {
        const readVersion = (await st.snapshot(loc)).version;
        try {
          return await st.commit(loc, readVersion, { add: files }, WRITE);
        } catch (e) {
          if ((e as { code?: string }).code !== '40001' || attempt > 20) throw e;
        }
      }
    }));
    assert.deepEqual(appended.map((r) => r.status), Array(6).fill('fulfilled'));
    const versions = appended.map((r) => (r as PromiseFulfilledResult<TableSnapshot>).value.version).sort((a, b) => a - b);
    assert.deepEqual(versions, [3, 4, 5, 6, 7, 8]);
    assert.equal((await rows(createTableStorage(), loc, await createTableStorage().snapshot(loc))).length, 7);
  });

  test('a checkpoint after 10 commits; a cold reader starts from it alone', async () => {
    const st = createTableStorage();
    const loc = location('ckpt');
    await st.createTable(loc, schema, {}, CREATE);
    for (let v = 1; v <= 12; v++) await append(st, loc, v - 1, [[BigInt(v), `r${v}`]]);
    const log = bucket();
    assert.notEqual(await log.head(`ckpt/_delta_log/${pad(10)}.checkpoint.parquet`), undefined);
    const last = JSON.parse(new TextDecoder().decode(await log.get('ckpt/_delta_log/_last_checkpoint')));
    assert.equal(last.version, 10);
    // Without the JSON commits up to 10, the table is still whole: read from the checkpoint (by range) + 11, 12.
    for (let v = 0; v <= 10; v++) await log.delete(`ckpt/_delta_log/${pad(v)}.json`);
    const cold = createTableStorage();
    const snap = await cold.snapshot(loc);
    assert.equal(snap.version, 12);
    assert.deepEqual(await rows(cold, loc, snap), Array.from({ length: 12 }, (_, i) => [BigInt(i + 1), `r${i + 1}`]));
  });

  test('deleteFiles removes uncommitted files; dropTable every object of the table and nothing of its neighbours', async () => {
    const st = createTableStorage();
    for (const name of ['drop', 'drop2']) {
      await st.createTable(location(name), schema, {}, CREATE);
      await append(st, location(name), 0, [[1n, name]]);
    }
    // a rolled-back write: its files were never committed
    const orphans = await st.writeFiles(location('drop2'), schema, [batch([[9n, 'rolled back']])]);
    assert.equal((await bucket().list('drop2/part-')).length, 2);
    await st.deleteFiles(location('drop2'), orphans.map((f) => f.path));
    assert.equal((await bucket().list('drop2/part-')).length, 1);
    await st.dropTable(location('drop'));
    assert.deepEqual(await bucket().list('drop/'), []);
    await assert.rejects(createTableStorage().snapshot(location('drop')), { code: '42P01' });
    assert.deepEqual(await rows(st, location('drop2'), await st.snapshot(location('drop2'))), [[1n, 'drop2']]);
  });
});
