/**
 * Transactions over several tables: all or none, also when the process dies between the table commits
 * (a hung log write stands in for the crash: the storage object is abandoned and a fresh one recovers).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getValue, T, vectorFromValues, type Batch, type ColumnSchema, type TableSnapshot } from '../../common/index.ts';
import { LocalObjectStore, type ObjectStore } from '../object-store/index.ts';
import { DeltaTableStorage } from '../table-storage.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-multi-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const newLocation = () => join(root, `t${n++}`);
const intentsLocation = join(root, '_system');

const schema: ColumnSchema[] = [{ name: 'id', type: T.int8, nullable: false }];
const batch = (ids: number[]): Batch => ({ columns: [vectorFromValues(T.int8, ids.map(BigInt))], length: ids.length });
const WRITE = { operation: 'WRITE' };
const commitInfoOf = (loc: string, v: number) => JSON.parse(readFileSync(join(loc, '_delta_log', `${String(v).padStart(20, '0')}.json`), 'utf8')
  .split('\n').find((l) => l.includes('"commitInfo"'))!).commitInfo;

async function ids(s: DeltaTableStorage, loc: string, snap?: TableSnapshot): Promise<number[]> {
  const at = snap ?? await s.snapshot(loc);
  const out: number[] = [];
  for await (const b of s.scan(loc, { snapshot: at, columns: [0], batchSize: 1024 })) {
    for (let i = 0; i < b.length; i++) out.push(Number(getValue(b.columns[0]!, i)));
  }
  return out.sort((a, b) => a - b);
}

/** A storage whose commit of `version` to the log under `location` never finishes (until `release`). */
function hangingStorage(location: string, version: number) {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let reached!: () => void;
  const hung = new Promise<void>((r) => { reached = r; });
  const logFile = `_delta_log/${String(version).padStart(20, '0')}.json`;
  const storeFor = (loc: string): ObjectStore => {
    const store = new LocalObjectStore(loc);
    if (loc !== location) return store;
    return new Proxy(store, {
      get(target, prop) {
        if (prop === 'putIfAbsent') {
          return async (path: string, bytes: Uint8Array) => {
            if (path === logFile) { reached(); await gate; }
            return target.putIfAbsent(path, bytes);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };
  return { storage: new DeltaTableStorage({ storeFor, intentsLocation }), hung, release };
}

async function twoTables(s: DeltaTableStorage) {
  const a = newLocation(), b = newLocation();
  for (const loc of [a, b]) {
    await s.createTable(loc, schema, {}, { operation: 'CREATE TABLE' });
    await s.commit(loc, 0, { add: await s.writeFiles(loc, schema, [batch([1])]) }, WRITE);
  }
  return [a, b] as const;
}

test('a commit to two tables makes both versions, with one txnId, and leaves no intent record', async () => {
  const s = new DeltaTableStorage({ intentsLocation });
  const [a, b] = await twoTables(s);
  const snaps = await s.commitTransaction([
    { location: a, readVersion: 1, add: await s.writeFiles(a, schema, [batch([2])]), operation: WRITE },
    { location: b, readVersion: 1, add: await s.writeFiles(b, schema, [batch([3])]), operation: WRITE },
  ]);
  assert.deepEqual(snaps.map((x) => x.version), [2, 2]);
  assert.equal(commitInfoOf(a, 2).txnId, commitInfoOf(b, 2).txnId);
  assert.deepEqual(await ids(s, a), [1, 2]);
  assert.deepEqual(await ids(s, b), [1, 3]);
  assert.deepEqual(readdirSync(join(intentsLocation, 'transactions')), []);
});

test('a conflict in one table commits nothing in the other', async () => {
  const s = new DeltaTableStorage({ intentsLocation });
  const [a, b] = await twoTables(s);
  const fileB = (await s.snapshot(b)).files[0]!.path;
  // another writer deletes B's file
  await new DeltaTableStorage().commit(b, 1, { remove: [fileB], read: [fileB] }, { operation: 'DELETE' });
  await assert.rejects(s.commitTransaction([
    { location: a, readVersion: 1, add: await s.writeFiles(a, schema, [batch([2])]), operation: WRITE },
    { location: b, readVersion: 1, remove: [fileB], read: [fileB], operation: { operation: 'DELETE' } },
  ]), { code: '40001' });
  assert.equal((await s.snapshot(a)).version, 1);
  assert.deepEqual(await ids(s, a), [1]);
});

test('a crash between the table commits: the next start makes the missing commit', async () => {
  const setup = new DeltaTableStorage({ intentsLocation });
  const [a, b] = await twoTables(setup);
  const crashing = hangingStorage(b, 2);
  const pending = crashing.storage.commitTransaction([
    { location: a, readVersion: 1, add: await setup.writeFiles(a, schema, [batch([2])]), operation: WRITE },
    { location: b, readVersion: 1, add: await setup.writeFiles(b, schema, [batch([3])]), operation: WRITE },
  ]);
  await crashing.hung; // A is committed, B's commit is in flight: the process "dies" here
  const restarted = new DeltaTableStorage({ intentsLocation });
  assert.equal(await restarted.recover(), 1);
  assert.deepEqual(await ids(restarted, a), [1, 2]);
  assert.deepEqual(await ids(restarted, b), [1, 3]);
  assert.equal(commitInfoOf(b, 2).txnId, commitInfoOf(a, 2).txnId);
  assert.equal(existsSync(join(intentsLocation, 'transactions')) ? readdirSync(join(intentsLocation, 'transactions')).length : 0, 0);
  // the abandoned writer wakes up and finds its version taken by its own commit: it still settles correctly
  crashing.release();
  await pending;
  assert.equal((await restarted.snapshot(b)).version, 2);
});

test('a crash, then a conflicting writer: the next start reverts the commit that was made', async () => {
  const setup = new DeltaTableStorage({ intentsLocation });
  const [a, b] = await twoTables(setup);
  const fileB = (await setup.snapshot(b)).files[0]!.path;
  const crashing = hangingStorage(b, 2);
  void crashing.storage.commitTransaction([
    { location: a, readVersion: 1, add: await setup.writeFiles(a, schema, [batch([2])]), operation: WRITE },
    { location: b, readVersion: 1, remove: [fileB], read: [fileB], operation: { operation: 'DELETE' } },
  ]).catch(() => undefined);
  await crashing.hung;
  // meanwhile another process deletes the same file of B
  await new DeltaTableStorage().commit(b, 1, { remove: [fileB], read: [fileB] }, { operation: 'DELETE' });
  const restarted = new DeltaTableStorage({ intentsLocation });
  assert.equal(await restarted.recover(), 1);
  const snapA = await restarted.snapshot(a);
  assert.equal(snapA.version, 3); // 2: the transaction's commit, 3: its revert
  assert.equal(commitInfoOf(a, 3).operation, 'REVERT TRANSACTION');
  assert.deepEqual(await ids(restarted, a), [1]);
  crashing.release();
});

test('a reader never sees part of a multi-table commit made in its process', async () => {
  const setup = new DeltaTableStorage({ intentsLocation });
  const [a, b] = await twoTables(setup);
  const s = hangingStorage(b, 2);
  const before = s.storage.readPoint();
  const pending = s.storage.commitTransaction([
    { location: a, readVersion: 1, add: await setup.writeFiles(a, schema, [batch([2])]), operation: WRITE },
    { location: b, readVersion: 1, add: await setup.writeFiles(b, schema, [batch([3])]), operation: WRITE },
  ]);
  await s.hung;
  // A is committed, B not yet: readers at any read point taken so far see neither
  const during = s.storage.readPoint();
  for (const rp of [before, during]) {
    assert.equal((await s.storage.snapshot(a, undefined, rp)).version, 1);
    assert.equal((await s.storage.snapshot(b, undefined, rp)).version, 1);
  }
  s.release();
  await pending;
  assert.equal((await s.storage.snapshot(a, undefined, before)).version, 1); // still the reader's view
  const now = s.storage.readPoint();
  assert.equal((await s.storage.snapshot(a, undefined, now)).version, 2);
  assert.equal((await s.storage.snapshot(b, undefined, now)).version, 2);
});
