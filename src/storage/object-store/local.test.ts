/**
 * What only the local backend has: temp files that publish objects atomically and stay invisible, and keys
 * that must not escape the root. The behaviour shared with S3 is in test/object-store/contract.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { after, test } from 'node:test';
import { objectStoreFor, S3ObjectStore } from './index.ts';
import { LocalObjectStore } from './local.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

test('a putIfAbsent race leaves no temp files behind', async () => {
  const s = new LocalObjectStore(join(root, 'race'));
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => s.putIfAbsent('log/0.json', bytes(`writer ${i}`))));
  assert.equal(results.filter((r) => r).length, 1);
  assert.deepEqual(readdirSync(join(root, 'race', 'log')), ['0.json']);
});

test('a torn temp file (a writer that crashed mid-write) is never listed', async () => {
  const s = new LocalObjectStore(join(root, 'torn'));
  await s.put('d/1.json', bytes('{}'));
  writeFileSync(join(root, 'torn', 'd', '.basin-tmp-deadbeef'), '{"half');
  assert.deepEqual((await s.list('d/')).map((o) => o.path), ['d/1.json']);
  assert.equal(await s.putIfAbsent('d/2.json', bytes('{"ok":1}')), true);
  assert.equal(text(await s.get('d/2.json')), '{"ok":1}');
});

test('keys cannot escape the root', () => {
  const s = new LocalObjectStore(join(root, 'esc'));
  assert.throws(() => s.filePath('../escape'), { code: '22023' });
  assert.throws(() => s.filePath('a/../../escape'), { code: '22023' });
  assert.equal(s.filePath('a/./b'), join(root, 'esc', 'a', 'b'));
});

test('objectStoreFor chooses by scheme', () => {
  assert.ok(objectStoreFor(root) instanceof LocalObjectStore);
  assert.equal((objectStoreFor(`file://${root}`) as LocalObjectStore).dir, root);
  const s3 = objectStoreFor('s3://bucket/some/table/');
  assert.ok(s3 instanceof S3ObjectStore);
  assert.equal(s3.root, 's3://bucket/some/table');
  assert.equal(s3.prefix, 'some/table/');
  assert.throws(() => objectStoreFor('relative/dir'), { code: '22023' });
  assert.throws(() => objectStoreFor('gs://bucket/t'), { code: '0A000' });
});

test('a listing of many entries keeps its order, sizes and limit while stat-ing them in chunks', async () => {
  const s = new LocalObjectStore(join(root, 'many'));
  const dir = join(root, 'many', 'log');
  await s.put('log/keep', bytes(''));
  for (let i = 0; i < 150; i++) writeFileSync(join(dir, `${String(i).padStart(4, '0')}.json`), 'x'.repeat(i));
  const all = await s.list('log/0');
  assert.equal(all.length, 150);
  assert.deepEqual(all.map((o) => o.size), Array.from({ length: 150 }, (_, i) => i));
  assert.deepEqual((await s.list('log/', undefined, 70)).map((o) => o.path), all.slice(0, 70).map((o) => o.path));
  assert.deepEqual((await s.list('log/', 'log/0139.json')).map((o) => o.path).slice(0, 2), ['log/0140.json', 'log/0141.json']);
});

test('a file of 4 GiB or more opens as a Blob of its whole size (Node 20\'s openAsBlob keeps it modulo 2^32)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'basin-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A sparse file: 4 GiB of holes, then bytes written past 2^32.
  const size = 2 ** 32 + 10;
  const fh = await open(join(dir, 'big.tbl'), 'w');
  await fh.truncate(size - 10);
  await fh.write(Buffer.from('tail|rows\n'), 0, 10, size - 10);
  await fh.close();
  const blob = await new LocalObjectStore(dir).openBlob('big.tbl');
  assert.equal(blob?.size, size);
  assert.equal(await blob!.slice(size - 10).text(), 'tail|rows\n');
  assert.deepEqual(new Uint8Array(await blob!.slice(2 ** 32 - 2, 2 ** 32 + 4).arrayBuffer()), Uint8Array.from([0, 0, 116, 97, 105, 108]));
});
