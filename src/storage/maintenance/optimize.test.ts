import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getValue, T, vectorFromValues, type Batch, type ColumnSchema } from '../../common/index.ts';
import type { DataFile, TableSnapshot } from '../contract.ts';
import { DeltaTableStorage } from '../table-storage.ts';
import { binPack } from './optimize.ts';
import { zOrderPermutation } from './zorder.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-optimize-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const storage = new DeltaTableStorage();
const schema: ColumnSchema[] = [{ name: 'a', type: T.int4, nullable: true }, { name: 'b', type: T.int4, nullable: true }];
const OP = { operation: 'OPTIMIZE', parameters: {} };
const batch = (rows: readonly (readonly [number, number])[]): Batch => ({
  columns: [vectorFromValues(T.int4, rows.map((r) => r[0])), vectorFromValues(T.int4, rows.map((r) => r[1]))], length: rows.length,
});

async function tableWithFiles(files: readonly (readonly (readonly [number, number])[])[], properties: Record<string, string> = {}): Promise<string> {
  const loc = join(root, `t${n++}`);
  let snap = await storage.createTable(loc, schema, properties, { operation: 'CREATE TABLE' });
  for (const rows of files) {
    const added = await storage.writeFiles(loc, schema, [batch(rows)]);
    snap = await storage.commit(loc, snap.version, { add: added }, { operation: 'WRITE' });
  }
  return loc;
}

async function rows(loc: string, snap?: TableSnapshot): Promise<string[]> {
  const s = snap ?? await storage.snapshot(loc);
  const out: string[] = [];
  for await (const b of storage.scan(loc, { snapshot: s, columns: [0, 1], batchSize: 1000 })) {
    for (let i = 0; i < b.length; i++) out.push(`${String(getValue(b.columns[0]!, i))},${String(getValue(b.columns[1]!, i))}`);
  }
  return out.sort();
}

const readLog = (loc: string, v: number) =>
  readFileSync(join(loc, '_delta_log', `${String(v).padStart(20, '0')}.json`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

test('bin-packing compacts small files into one, rows unchanged, dataChange false, Delta metrics', async () => {
  const loc = await tableWithFiles([[[1, 1], [2, 2]], [[3, 3]], [[4, 4], [5, 5]], [[6, 6]]]);
  const before = await rows(loc);
  const result = await storage.optimize(loc, { zOrderBy: [], targetFileSize: 1 << 20, operation: OP });
  assert.equal(result.committed, true);
  assert.equal(result.metrics.numFilesRemoved, 4);
  assert.equal(result.metrics.numFilesAdded, 1);
  const snap = await storage.snapshot(loc);
  assert.equal(snap.files.length, 1);
  assert.deepEqual(await rows(loc), before);
  const actions = readLog(loc, result.version);
  const info = actions[0]!.commitInfo;
  assert.equal(info.operation, 'OPTIMIZE');
  assert.equal(info.operationMetrics.numRemovedFiles, '4');
  assert.equal(info.operationMetrics.numAddedFiles, '1');
  assert.equal(info.isBlindAppend, false);
  const fileActions = actions.filter((a) => a.add !== undefined || a.remove !== undefined);
  assert.equal(fileActions.length, 5);
  assert.ok(fileActions.every((a) => (a.add ?? a.remove).dataChange === false));
  // Nothing left to compact: no commit.
  const again = await storage.optimize(loc, { zOrderBy: [], targetFileSize: 1 << 20, operation: OP });
  assert.equal(again.committed, false);
  assert.equal((await storage.snapshot(loc)).version, result.version);
});

test('files at or above the target size are left alone; a WHERE selection limits the rewrite', async () => {
  const loc = await tableWithFiles([[[1, 1]], [[2, 2]], [[3, 3]]]);
  const snap = await storage.snapshot(loc);
  const none = await storage.optimize(loc, { zOrderBy: [], targetFileSize: 10, operation: OP });
  assert.equal(none.committed, false);
  assert.equal(none.metrics.totalFilesSkipped, 3);
  const two = new Set(snap.files.slice(0, 2).map((f) => f.path));
  const some = await storage.optimize(loc, { files: two, zOrderBy: [], targetFileSize: 1 << 20, operation: OP });
  assert.equal(some.metrics.totalConsideredFiles, 2);
  assert.equal(some.metrics.numFilesRemoved, 2);
  const after = await storage.snapshot(loc);
  assert.equal(after.files.length, 2);
  assert.ok(after.files.some((f) => f.path === snap.files[2]!.path), 'the file outside the selection stays');
  assert.deepEqual(await rows(loc), ['1,1', '2,2', '3,3']);
});

test('append-only tables can be optimized (the rewrite changes no data)', async () => {
  const loc = await tableWithFiles([[[1, 1]], [[2, 2]]], { 'delta.appendOnly': 'true' });
  const r = await storage.optimize(loc, { zOrderBy: [], targetFileSize: 1 << 20, operation: OP });
  assert.equal(r.metrics.numFilesRemoved, 2);
  await assert.rejects(storage.commit(loc, r.version, { remove: [(await storage.snapshot(loc)).files[0]!.path] }, { operation: 'DELETE' }), /only allow appends/);
});

/** Sum over files of max − min of a column: smaller means tighter stats. */
const spread = (files: readonly DataFile[], col: string): number =>
  files.reduce((s, f) => s + (Number(f.stats!.maxValues[col]) - Number(f.stats!.minValues[col])), 0);

test('ZORDER BY rewrites every file along the curve and tightens both columns\' min/max', async () => {
  // 16 files of random points on a 256 × 256 grid: every file spans nearly the whole range of a and b.
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % 256; };
  const files = Array.from({ length: 16 }, () => Array.from({ length: 64 }, () => [rnd(), rnd()] as const));
  const loc = await tableWithFiles(files);
  const before = await storage.snapshot(loc);
  const totalBytes = before.files.reduce((s, f) => s + f.size, 0);
  const r = await storage.optimize(loc, { zOrderBy: ['a', 'b'], targetFileSize: Math.ceil(totalBytes / 16), operation: OP });
  assert.equal(r.metrics.numFilesRemoved, 16);
  assert.ok(r.metrics.numFilesAdded >= 8, `files added: ${r.metrics.numFilesAdded}`);
  const after = await storage.snapshot(loc);
  assert.deepEqual(await rows(loc, after), await rows(loc, before));
  const perFile = (files: readonly DataFile[], col: string) => spread(files, col) / files.length;
  for (const col of ['a', 'b']) {
    assert.ok(perFile(after.files, col) < 0.6 * perFile(before.files, col),
      `${col}: ${perFile(after.files, col)} vs ${perFile(before.files, col)} per file`);
  }
  await assert.rejects(storage.optimize(loc, { zOrderBy: ['nope'], targetFileSize: 1 << 20, operation: OP }), /column "nope" does not exist/);
});

test('binPack: greedy bins under the target, single-file bins dropped', () => {
  const f = (path: string, size: number): DataFile => ({ path, size, modificationTime: 0, stats: undefined });
  const bins = binPack([f('a', 40), f('b', 10), f('c', 30), f('d', 100), f('e', 60), f('f', 95)], 100);
  assert.deepEqual(bins.map((b) => b.map((x) => x.path)), [['b', 'c', 'a']]);
});

test('zOrderPermutation orders a grid along the Morton curve (first column most significant)', () => {
  const points: [number, number][] = [];
  for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) points.push([x, y]);
  points.reverse();
  const morton = ([x, y]: [number, number]): number => {
    let z = 0;
    for (let bit = 1; bit >= 0; bit--) z = (z << 2) | (((x >> bit) & 1) << 1) | ((y >> bit) & 1);
    return z;
  };
  const perm = zOrderPermutation([vectorFromValues(T.int4, points.map((p) => p[0])), vectorFromValues(T.int4, points.map((p) => p[1]))], points.length);
  const zs = [...perm].map((i) => morton(points[i]!));
  assert.deepEqual(zs, [...zs].sort((p, q) => p - q));
  // NULLs come first; equal values share a key.
  const withNull = zOrderPermutation([vectorFromValues(T.text, ['b', null, 'a', 'b'])], 4);
  assert.deepEqual([...withNull], [1, 2, 0, 3]);
});
