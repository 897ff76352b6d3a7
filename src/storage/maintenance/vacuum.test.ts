import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { T, vectorFromValues, type ColumnSchema } from '../../common/index.ts';
import { DeltaTableStorage } from '../table-storage.ts';
import { deletedFileRetentionMs, parseByteSize, parseDuration } from './retention.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-vacuum-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const storage = new DeltaTableStorage();
const schema: ColumnSchema[] = [{ name: 'a', type: T.int4, nullable: true }];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const one = (v: number) => ({ columns: [vectorFromValues(T.int4, [v])], length: 1 });

/** A table with files f1 (removed by an OPTIMIZE-like rewrite), f2 (current), and an orphan never committed. */
async function setUp(properties: Record<string, string> = {}) {
  const loc = join(root, `t${n++}`);
  let snap = await storage.createTable(loc, schema, properties, { operation: 'CREATE TABLE' });
  const [f1] = await storage.writeFiles(loc, schema, [one(1)]);
  snap = await storage.commit(loc, snap.version, { add: [f1!] }, { operation: 'WRITE' });
  const [f2] = await storage.writeFiles(loc, schema, [one(1)]);
  snap = await storage.commit(loc, snap.version, { add: [f2!], remove: [f1!.path] }, { operation: 'DELETE' });
  const orphan = 'part-00000-00000000-0000-0000-0000-000000000000-c000.zstd.parquet';
  writeFileSync(join(loc, orphan), 'not committed');
  const old = new Date(Date.now() - 30 * DAY);
  utimesSync(join(loc, orphan), old, old);
  utimesSync(join(loc, f1!.path), old, old);
  utimesSync(join(loc, f2!.path), old, old);
  return { loc, f1: f1!.path, f2: f2!.path, orphan };
}

test('files removed within the retention stay; old orphans go; current files always stay', async () => {
  const { loc, f1, f2, orphan } = await setUp();
  // Now: f1's tombstone is fresh (removed a moment ago), so only the 30-day-old orphan is due.
  const r = await storage.vacuum(loc, { retentionMs: 7 * DAY, dryRun: false });
  assert.deepEqual(r.files, [orphan]);
  assert.ok(!existsSync(join(loc, orphan)));
  assert.ok(existsSync(join(loc, f1)) && existsSync(join(loc, f2)));
  // Eight days later the tombstone has expired too.
  const later = await storage.vacuum(loc, { retentionMs: 7 * DAY, dryRun: false, now: Date.now() + 8 * DAY });
  assert.deepEqual(later.files, [f1]);
  assert.ok(!existsSync(join(loc, f1)) && existsSync(join(loc, f2)));
  assert.ok(readdirSync(join(loc, '_delta_log')).length >= 3, 'the log is never touched');
  // The current version still reads; the removed version's file is gone, so reading it fails clearly.
  assert.equal((await storage.snapshot(loc)).files.length, 1);
  await assert.rejects(async () => {
    for await (const _ of storage.scan(loc, { snapshot: await storage.snapshot(loc, 1), columns: [0], batchSize: 10 })) { /* read */ }
  }, /is missing/);
});

test('DRY RUN lists without deleting; a recent orphan (a write in flight) is kept', async () => {
  const { loc, orphan } = await setUp();
  writeFileSync(join(loc, 'part-00001-in-flight.parquet'), 'being written');
  const dry = await storage.vacuum(loc, { retentionMs: 7 * DAY, dryRun: true });
  assert.deepEqual(dry.files, [orphan]);
  assert.equal(dry.dryRun, true);
  assert.ok(existsSync(join(loc, orphan)));
  // Retention 0: everything unreferenced goes, the in-flight file included (that is why the check exists).
  const all = await storage.vacuum(loc, { retentionMs: 0, dryRun: true, now: Date.now() + 1000 });
  assert.ok(all.files.includes('part-00001-in-flight.parquet'));
  assert.ok(!all.files.some((f) => f.startsWith('_delta_log')));
});

test('retention durations and sizes read as Delta writes them', () => {
  assert.equal(parseDuration('interval 7 days'), 7 * DAY);
  assert.equal(parseDuration('interval 1 week 12 hours'), 7 * DAY + 12 * HOUR);
  assert.equal(parseDuration('168 hours'), 7 * DAY);
  assert.equal(parseDuration('interval 3 fortnights'), undefined);
  assert.equal(deletedFileRetentionMs({}), 7 * DAY);
  assert.equal(deletedFileRetentionMs({ 'delta.deletedFileRetentionDuration': 'interval 2 days' }), 2 * DAY);
  assert.equal(parseByteSize('128mb'), 128 << 20);
  assert.equal(parseByteSize('1024'), 1024);
  assert.equal(parseByteSize('big'), undefined);
});

test('change data files go once older than the retention; the log and other hidden files stay', async () => {
  const { loc, orphan } = await setUp();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(loc, '_change_data'), { recursive: true });
  const oldCdc = '_change_data/cdc-00000-old.c000.snappy.parquet', newCdc = '_change_data/cdc-00001-new.c000.snappy.parquet';
  writeFileSync(join(loc, oldCdc), 'old change data');
  writeFileSync(join(loc, newCdc), 'new change data');
  writeFileSync(join(loc, '_other'), 'hidden');
  const old = new Date(Date.now() - 30 * DAY);
  utimesSync(join(loc, oldCdc), old, old);
  utimesSync(join(loc, '_other'), old, old);
  const r = await storage.vacuum(loc, { retentionMs: 7 * DAY, dryRun: false });
  assert.deepEqual([...r.files].sort(), [oldCdc, orphan].sort());
  assert.ok(!existsSync(join(loc, oldCdc)) && existsSync(join(loc, newCdc)) && existsSync(join(loc, '_other')));
});
