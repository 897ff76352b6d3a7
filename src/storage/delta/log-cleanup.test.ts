import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { T, vectorFromValues, type ColumnSchema } from '../../common/index.ts';
import { LocalObjectStore } from '../object-store/index.ts';
import { DeltaTableStorage } from '../table-storage.ts';
import { DeltaLog } from './delta-log.ts';
import { cleanupExpiredLogs } from './log-cleanup.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-logclean-'));
after(() => rmSync(root, { recursive: true, force: true }));
const storage = new DeltaTableStorage();
const schema: ColumnSchema[] = [{ name: 'a', type: T.int4, nullable: true }];
const DAY = 86_400_000;
const logFile = (loc: string, v: number, ext = 'json') => join(loc, '_delta_log', `${String(v).padStart(20, '0')}.${ext}`);

/** A table with commits 0..last and a checkpoint every 2 versions. */
async function table(name: string, last: number, properties: Record<string, string>): Promise<string> {
  const loc = join(root, name);
  let snap = await storage.createTable(loc, schema, { 'delta.checkpointInterval': '2', ...properties }, { operation: 'CREATE TABLE' });
  while (snap.version < last) {
    const files = await storage.writeFiles(loc, schema, [{ columns: [vectorFromValues(T.int4, [snap.version])], length: 1 }]);
    snap = await storage.commit(loc, snap.version, { add: files }, { operation: 'WRITE' });
  }
  return loc;
}

test('cleanup keeps the newest checkpoint not newer than the cutoff, its commit and everything after', async () => {
  const loc = await table('manual', 7, { 'delta.enableExpiredLogCleanup': 'false' });
  assert.ok(existsSync(logFile(loc, 0)) && existsSync(logFile(loc, 2, 'checkpoint.parquet')), 'automatic cleanup is off');
  const store = new LocalObjectStore(loc);
  // Ten days from now with a one-day retention, every commit is expired: the cutoff checkpoint is 6.
  assert.equal(await cleanupExpiredLogs(store, DAY, Date.now() + 10 * DAY), 6);
  const left = readdirSync(join(loc, '_delta_log')).filter((f) => !f.startsWith('.')).sort();
  assert.deepEqual(left, [
    '00000000000000000006.checkpoint.parquet', '00000000000000000006.json', '00000000000000000007.json', '_last_checkpoint',
  ]);
  const fresh = new DeltaTableStorage();
  assert.equal((await fresh.snapshot(loc)).files.length, 7);
  assert.equal((await fresh.snapshot(loc, 6)).files.length, 6);
  await assert.rejects(fresh.snapshot(loc, 3), /available versions: \[6, 7\]/);
  assert.deepEqual((await fresh.history(loc)).map((h) => h.version), [7, 6]);
  // Without a checkpoint old enough, nothing goes.
  assert.equal(await cleanupExpiredLogs(store, 30 * DAY, Date.now()), undefined);
});

test('writing a checkpoint expires the log entries older than delta.logRetentionDuration', async () => {
  const loc = await table('auto', 5, { 'delta.logRetentionDuration': 'interval 1 days' });
  // Commits 0..4 (and checkpoints 2 and 4) were written three days ago.
  const old = new Date(Date.now() - 3 * DAY);
  for (let v = 0; v <= 4; v++) utimesSync(logFile(loc, v), old, old);
  for (const v of [2, 4]) utimesSync(logFile(loc, v, 'checkpoint.parquet'), old, old);
  // Version 6 writes a checkpoint, then cleans up: the cutoff commit is 4, and so is the cutoff checkpoint.
  // (A later process: this one already cleaned up with today's cutoff, when the files were still new.)
  const later = new DeltaTableStorage();
  const snap = await later.snapshot(loc);
  const files = await later.writeFiles(loc, schema, [{ columns: [vectorFromValues(T.int4, [99])], length: 1 }]);
  await later.commit(loc, snap.version, { add: files }, { operation: 'WRITE' });
  for (let v = 0; v <= 3; v++) assert.ok(!existsSync(logFile(loc, v)), `commit ${v} expired`);
  assert.ok(!existsSync(logFile(loc, 2, 'checkpoint.parquet')));
  for (const v of [4, 5, 6]) assert.ok(existsSync(logFile(loc, v)), `commit ${v} kept`);
  assert.ok(existsSync(logFile(loc, 4, 'checkpoint.parquet')));
  await assert.rejects(later.snapshot(loc, 1), /cannot time travel Delta table to version 1; available versions: \[4, 6\]/);
  assert.equal((await later.snapshot(loc, 4)).files.length, 4);
});

test('history lists commits newest first with their commitInfo, and detail describes the latest version', async () => {
  const loc = await table('history', 3, {});
  const h = await storage.history(loc, 2);
  assert.deepEqual(h.map((e) => e.version), [3, 2]);
  assert.equal(h[0]!.commitInfo?.operation, 'WRITE');
  assert.deepEqual(h[0]!.commitInfo?.operationMetrics, { numFiles: '1', numOutputRows: '1', numOutputBytes: String((await storage.snapshot(loc)).files.find((f) => f.stats?.minValues.a === 2)!.size) });
  assert.ok(typeof h[0]!.timestamp === 'number' && h[0]!.timestamp >= h[1]!.timestamp);
  const d = await storage.detail(loc);
  assert.equal(d.numFiles, 3);
  assert.equal(d.minReaderVersion, 1);
  assert.deepEqual(d.tableFeatures, ['appendOnly', 'invariants']);
  assert.deepEqual(d.properties, { 'delta.checkpointInterval': '2' });
  assert.equal(d.version, 3);
});

test('a log is listed for cleanup once per cutoff: a second checkpoint the same day finds nothing new', async () => {
  const loc = await table('once', 2, { 'delta.enableExpiredLogCleanup': 'false' });
  let lists = 0;
  class CountingStore extends LocalObjectStore {
    override list(prefix: string, startAfter?: string, limit?: number) {
      lists++;
      return super.list(prefix, startAfter, limit);
    }
  }
  const log = new DeltaLog(new CountingStore(loc));
  const snap = await log.latest();
  const listsBefore = lists, now = Date.now();
  await log.cleanupExpiredLogs({ ...snap, properties: {} }, now);
  await log.cleanupExpiredLogs({ ...snap, properties: {} }, now + 1000);
  assert.equal(lists - listsBefore, 1);
  await log.cleanupExpiredLogs({ ...snap, properties: {} }, now + DAY);
  assert.equal(lists - listsBefore, 2, 'the next day has a new cutoff');
});
