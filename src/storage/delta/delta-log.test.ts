import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { T, vectorFromValues } from '../../common/index.ts';
import { createTableStorage } from '../table-storage.ts';
import { LocalObjectStore } from '../object-store/local.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-dlog-'));
after(() => rmSync(root, { recursive: true, force: true }));
const cols = [{ name: 'i', type: T.int4, nullable: true }];
const W = { operation: 'WRITE' };
/** Make the log directory look long settled, as it is between a server's commits. */
const age = (loc: string) => { const t = new Date(Date.now() - 60_000); utimesSync(join(loc, '_delta_log'), t, t); };

test('a local log directory vouches for being unchanged only once its last change has settled', async () => {
  const loc = join(root, 'token');
  await createTableStorage().createTable(loc, cols, {}, { operation: 'CREATE TABLE' });
  const store = new LocalObjectStore(loc);
  assert.equal(await store.changeToken('_delta_log/'), undefined, 'just written: not trusted');
  age(loc);
  const token = await store.changeToken('_delta_log/');
  assert.equal(typeof token, 'string');
  assert.equal(await store.changeToken('_delta_log/'), token);
  assert.equal(await store.changeToken('missing/'), undefined);
});

test('a reader whose log directory is unchanged skips listing, and sees another writer\'s commit at once', async () => {
  const loc = join(root, 't');
  const reader = createTableStorage(), writer = createTableStorage();
  await writer.createTable(loc, cols, {}, { operation: 'CREATE TABLE' });
  age(loc);
  assert.equal((await reader.snapshot(loc)).version, 0);
  assert.equal((await reader.snapshot(loc)).version, 0); // served by the token
  // Another process (another storage over the same directory) commits: the directory changes.
  const files = await writer.writeFiles(loc, cols, [{ columns: [vectorFromValues(T.int4, [7])], length: 1 }]);
  await writer.commit(loc, 0, { add: files }, W);
  assert.equal((await reader.snapshot(loc)).version, 1);
  age(loc);
  assert.equal((await reader.snapshot(loc)).version, 1);
  // Dropped and re-created under the reader, with fewer versions.
  rmSync(loc, { recursive: true, force: true });
  await writer.createTable(loc, cols, {}, { operation: 'CREATE TABLE' });
  age(loc);
  const snap = await reader.snapshot(loc);
  assert.equal(snap.version, 0);
  assert.equal(snap.files.length, 0);
});
