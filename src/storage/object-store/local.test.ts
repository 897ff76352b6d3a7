import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { objectStoreFor } from './index.ts';
import { LocalObjectStore } from './local.ts';

const root = mkdtempSync(join(tmpdir(), 'basin-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

test('put/get/head/range/list/delete', async () => {
  const s = new LocalObjectStore(join(root, 'a'));
  assert.equal(await s.get('x/y.txt'), undefined);
  assert.equal(await s.head('x/y.txt'), undefined);
  await s.put('x/y.txt', bytes('hello world'));
  await s.put('x/z.txt', bytes('zz'));
  await s.put('w.txt', bytes('w'));
  assert.equal(text(await s.get('x/y.txt')), 'hello world');
  assert.equal(text(await s.get('x/y.txt', { offset: 6, length: 5 })), 'world');
  assert.equal(text(await s.get('x/y.txt', { offset: 6, length: 50 })), 'world');
  assert.equal((await s.head('x/y.txt'))?.size, 11);
  assert.deepEqual((await s.list('x/')).map((o) => o.path), ['x/y.txt', 'x/z.txt']);
  assert.deepEqual((await s.list('')).map((o) => o.path), ['w.txt', 'x/y.txt', 'x/z.txt']);
  assert.deepEqual((await s.list('x/z')).map((o) => o.path), ['x/z.txt']);
  assert.deepEqual((await s.list('x/', 'x/y.txt')).map((o) => o.path), ['x/z.txt']);
  assert.deepEqual(await s.list('nope/'), []);
  await s.put('x/y.txt', bytes('replaced'));
  assert.equal(text(await s.get('x/y.txt')), 'replaced');
  await s.delete('x/y.txt');
  await s.delete('x/y.txt');
  assert.equal(await s.get('x/y.txt'), undefined);
  assert.equal(await (await s.openBlob('x/z.txt'))?.text(), 'zz');
  await s.deletePrefix('');
  assert.deepEqual(await s.list(''), []);
  assert.throws(() => s.filePath('../escape'), { code: '22023' });
});

test('putIfAbsent: exactly one of many concurrent writers wins, with its complete content', async () => {
  const s = new LocalObjectStore(join(root, 'race'));
  const big = (i: number) => bytes(`writer ${i} `.repeat(20_000));
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => s.putIfAbsent('log/0.json', big(i))));
  assert.equal(results.filter((r) => r).length, 1);
  const winner = results.indexOf(true);
  assert.deepEqual(await s.get('log/0.json'), big(winner));
  assert.equal(await s.putIfAbsent('log/0.json', bytes('late')), false);
  // no temp files are left behind
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

test('objectStoreFor chooses by scheme', () => {
  assert.ok(objectStoreFor(root) instanceof LocalObjectStore);
  assert.equal((objectStoreFor(`file://${root}`) as LocalObjectStore).dir, root);
  assert.throws(() => objectStoreFor('s3://bucket/t'), { code: '0A000', message: 'S3 storage is not available yet' });
  assert.throws(() => objectStoreFor('relative/dir'), { code: '22023' });
});
