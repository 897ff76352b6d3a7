/**
 * The ObjectStore contract (src/storage/object-store/object-store.ts) as one suite that every backend runs:
 * local directories and S3 (radosgw) must agree on missing objects, ranges, listing order and paging,
 * put-if-absent races, deletes and lazy Blobs, because the Delta log and the Parquet reader rely on exactly
 * these behaviours whatever the data root is.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectStore } from '../../src/storage/object-store/index.ts';

/** A store rooted at a fresh, empty place; `name` keeps the tests apart. */
export type FreshStore = (name: string) => ObjectStore | Promise<ObjectStore>;

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));
const paths = async (p: Promise<{ path: string }[]>): Promise<string[]> => (await p).map((o) => o.path);

/** Run `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export function objectStoreContract(label: string, fresh: FreshStore, options: { skip?: string | false } = {}): void {
  describe(`object store contract: ${label}`, { skip: options.skip ?? false }, () => {
    test('missing objects: get, range get, head and openBlob give undefined; list gives []; delete is a no-op', async () => {
      const s = await fresh('missing');
      assert.equal(await s.get('nope.txt'), undefined);
      assert.equal(await s.get('nope.txt', { offset: 0, length: 4 }), undefined);
      assert.equal(await s.get('nope.txt', { offset: 0, length: 0 }), undefined);
      assert.equal(await s.get('dir/nope.txt'), undefined);
      assert.equal(await s.head('nope.txt'), undefined);
      assert.equal(await s.openBlob?.('nope.txt'), undefined);
      assert.deepEqual(await s.list(''), []);
      assert.deepEqual(await s.list('nope/'), []);
      await s.delete('nope.txt');
      await s.deletePrefix('nope/');
      assert.deepEqual(await s.list(''), []);
    });

    test('put, get, overwrite and head', async () => {
      const s = await fresh('put');
      const before = Date.now();
      await s.put('x/y.txt', bytes('hello world'));
      assert.equal(text(await s.get('x/y.txt')), 'hello world');
      const meta = await s.head('x/y.txt');
      assert.equal(meta?.path, 'x/y.txt');
      assert.equal(meta?.size, 11);
      // Clocks of a remote server may differ a little; a minute is plenty to catch a unit mistake.
      assert.ok(Math.abs(meta!.lastModified - before) < 60_000, `lastModified ${meta!.lastModified} vs now ${before}`);
      await s.put('x/y.txt', bytes('replaced'));
      assert.equal(text(await s.get('x/y.txt')), 'replaced');
      assert.equal((await s.head('x/y.txt'))?.size, 8);
      // a "directory" is only a prefix: it is not an object
      assert.equal(await s.head('x'), undefined);
      assert.equal(await s.get('x'), undefined);
    });

    test('every byte value and the empty object survive a round trip', async () => {
      const s = await fresh('binary');
      const all = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      await s.put('bin', all);
      assert.deepEqual(await s.get('bin'), all);
      await s.put('empty', new Uint8Array(0));
      assert.deepEqual(await s.get('empty'), new Uint8Array(0));
      assert.equal((await s.head('empty'))?.size, 0);
      assert.deepEqual(await s.get('empty', { offset: 0, length: 0 }), new Uint8Array(0));
      const blob = await s.openBlob?.('empty');
      if (blob !== undefined) assert.equal(blob.size, 0);
    });

    test('range gets: inside, to the end, past the end, starting past the end, empty', async () => {
      const s = await fresh('range');
      await s.put('r', bytes('0123456789'));
      assert.equal(text(await s.get('r', { offset: 0, length: 1 })), '0');
      assert.equal(text(await s.get('r', { offset: 3, length: 4 })), '3456');
      assert.equal(text(await s.get('r', { offset: 6, length: 4 })), '6789');
      assert.equal(text(await s.get('r', { offset: 6, length: 50 })), '6789');
      assert.equal(text(await s.get('r', { offset: 10, length: 5 })), '');
      assert.equal(text(await s.get('r', { offset: 20, length: 5 })), '');
      assert.equal(text(await s.get('r', { offset: 4, length: 0 })), '');
    });

    test('keys with spaces, unicode and URL-special characters', async () => {
      const s = await fresh('names');
      const keys = ['a b/c=d+e.json', 'a b/é ü/ñ.txt', 'q?x&y#z%20.bin'];
      for (const k of keys) await s.put(k, bytes(k));
      for (const k of keys) assert.equal(text(await s.get(k)), k);
      assert.deepEqual(await paths(s.list('')), [...keys].sort());
      assert.deepEqual(await paths(s.list('a b/')), ['a b/c=d+e.json', 'a b/é ü/ñ.txt']);
    });

    test('list: recursive, sorted, by prefix, startAfter, limit; a prefix never leaks into a sibling', async () => {
      const s = await fresh('list');
      for (const k of ['x/z.txt', 'x/y.txt', 'w.txt', 'x/sub/deep.txt', 'x2/other.txt', 'xa']) await s.put(k, bytes(k));
      assert.deepEqual(await paths(s.list('')), ['w.txt', 'x/sub/deep.txt', 'x/y.txt', 'x/z.txt', 'x2/other.txt', 'xa']);
      assert.deepEqual(await paths(s.list('x/')), ['x/sub/deep.txt', 'x/y.txt', 'x/z.txt']);
      assert.deepEqual(await paths(s.list('x')), ['x/sub/deep.txt', 'x/y.txt', 'x/z.txt', 'x2/other.txt', 'xa']);
      assert.deepEqual(await paths(s.list('x/z')), ['x/z.txt']);
      assert.deepEqual(await paths(s.list('x/', 'x/y.txt')), ['x/z.txt']);
      assert.deepEqual(await paths(s.list('x/', 'x/')), ['x/sub/deep.txt', 'x/y.txt', 'x/z.txt']);
      assert.deepEqual(await paths(s.list('x/', 'x/zz')), []);
      assert.deepEqual(await paths(s.list('', undefined, 2)), ['w.txt', 'x/sub/deep.txt']);
      assert.deepEqual(await paths(s.list('x/', 'x/sub/deep.txt', 1)), ['x/y.txt']);
      const sizes = Object.fromEntries((await s.list('x/')).map((o) => [o.path, o.size]));
      assert.deepEqual(sizes, { 'x/sub/deep.txt': 14, 'x/y.txt': 7, 'x/z.txt': 7 });
    });

    test('list pages past 1,000 keys; deletePrefix removes them all and nothing beside them', async () => {
      const s = await fresh('paging');
      const keys = Array.from({ length: 1_010 }, (_, i) => `_delta_log/${String(i).padStart(20, '0')}.json`);
      await pool(keys, 32, (k) => s.put(k, bytes(k.slice(11, 31))));
      await s.put('_delta_log_extra', bytes('sibling'));
      await s.put('part-0.parquet', bytes('data'));
      const all = await paths(s.list('_delta_log/'));
      assert.equal(all.length, 1_010);
      assert.deepEqual(all, keys);
      // the Delta log reads "commits after version v" this way
      assert.deepEqual(await paths(s.list('_delta_log/', keys[1_000])), keys.slice(1_001));
      assert.deepEqual(await paths(s.list('_delta_log/', keys[10], 995)), keys.slice(11, 1_006));
      assert.equal((await s.list('')).length, 1_012);
      await s.deletePrefix('_delta_log/');
      assert.deepEqual(await s.list('_delta_log/'), []);
      assert.deepEqual(await paths(s.list('')), ['_delta_log_extra', 'part-0.parquet']);
    });

    test('delete and deletePrefix', async () => {
      const s = await fresh('delete');
      for (const k of ['t/a', 't/b/c', 't2/a', 'u']) await s.put(k, bytes(k));
      await s.delete('t/a');
      await s.delete('t/a');
      assert.equal(await s.get('t/a'), undefined);
      assert.deepEqual(await paths(s.list('')), ['t/b/c', 't2/a', 'u']);
      await s.deletePrefix('t/');
      assert.deepEqual(await paths(s.list('')), ['t2/a', 'u']);
      await s.deletePrefix('');
      assert.deepEqual(await s.list(''), []);
    });

    test('putIfAbsent: the first call wins, later ones lose and change nothing', async () => {
      const s = await fresh('pia');
      assert.equal(await s.putIfAbsent('log/0.json', bytes('first')), true);
      assert.equal(await s.putIfAbsent('log/0.json', bytes('second')), false);
      assert.equal(text(await s.get('log/0.json')), 'first');
      // an object written by put counts as present too
      await s.put('log/1.json', bytes('plain'));
      assert.equal(await s.putIfAbsent('log/1.json', bytes('late')), false);
      assert.equal(text(await s.get('log/1.json')), 'plain');
      assert.deepEqual(await paths(s.list('log/')), ['log/0.json', 'log/1.json']);
    });

    test('putIfAbsent race: of 8 concurrent writers exactly one wins, and its content is there complete', async () => {
      const s = await fresh('race');
      const body = (i: number) => bytes(`writer ${i} `.repeat(20_000));
      for (let round = 0; round < 3; round++) {
        const key = `_delta_log/${String(round).padStart(20, '0')}.json`;
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => s.putIfAbsent(key, body(i))));
        assert.equal(results.filter((r) => r).length, 1, `round ${round}: winners ${JSON.stringify(results)}`);
        assert.deepEqual(await s.get(key), body(results.indexOf(true)));
      }
      assert.equal((await s.list('')).length, 3);
    });

    test('openBlob reads lazily by range: size, slices (negative too), text, arrayBuffer, stream', async (t) => {
      const s = await fresh('blob');
      if (s.openBlob === undefined) {
        t.diagnostic('this backend has no openBlob');
        return;
      }
      const content = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251);
      await s.put('big.bin', content);
      const blob = (await s.openBlob('big.bin'))!;
      assert.equal(blob.size, content.length);
      assert.deepEqual(new Uint8Array(await blob.slice(1000, 1010).arrayBuffer()), content.subarray(1000, 1010));
      assert.deepEqual(new Uint8Array(await blob.slice(-8).arrayBuffer()), content.subarray(content.length - 8));
      assert.deepEqual(new Uint8Array(await blob.slice(-8, -4).arrayBuffer()), content.subarray(content.length - 8, content.length - 4));
      assert.deepEqual(new Uint8Array(await blob.slice(100, 200).slice(10, 20).arrayBuffer()), content.subarray(110, 120));
      assert.equal(blob.slice(299_990, 400_000).size, 10);
      assert.equal(blob.slice(500, 100).size, 0);
      assert.deepEqual(new Uint8Array(await blob.slice(500, 100).arrayBuffer()), new Uint8Array(0));
      assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), content);
      const chunks: Uint8Array[] = [];
      for await (const c of blob.slice(5).stream()) chunks.push(c as Uint8Array);
      assert.deepEqual(Buffer.concat(chunks), Buffer.from(content.subarray(5)));
      await s.put('t.txt', bytes('héllo wörld'));
      const tb = (await s.openBlob('t.txt'))!;
      assert.equal(await tb.text(), 'héllo wörld');
      assert.equal(await tb.slice(0, 6).text(), 'héllo');
    });

    test('invalid keys are refused', async () => {
      const s = await fresh('invalid');
      await assert.rejects(() => s.put('../escape', bytes('x')), { code: '22023' });
      await assert.rejects(() => s.get('/abs'), { code: '22023' });
    });
  });
}
