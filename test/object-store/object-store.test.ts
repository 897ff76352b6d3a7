/**
 * The object-store contract on both backends: a local directory, and S3 on a radosgw this file starts (one
 * per file; skipped with a note when Ceph is not installed, unless BASIN_S3_REQUIRE=1). Plus what only S3
 * has: multipart upload, prefixes as roots, paging with small pages, and errors that name the cause.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LocalObjectStore, objectStoreFor, S3ObjectStore } from '../../src/storage/object-store/index.ts';
import { startRadosgw, s3TestSkip, type RadosgwHandle } from '../s3/radosgw.ts';
import { objectStoreContract } from './contract.ts';

const localRoot = mkdtempSync(path.join(tmpdir(), 'basin-contract-'));
after(() => rmSync(localRoot, { recursive: true, force: true }));
objectStoreContract('local directory', (name) => new LocalObjectStore(path.join(localRoot, name)));

const skip = s3TestSkip();
let rgw: RadosgwHandle | undefined;
before(async () => {
  if (skip) return;
  rgw = await startRadosgw();
  Object.assign(process.env, rgw.env);
});
after(async () => { await rgw?.stop(); });

const s3 = (prefix: string, options?: ConstructorParameters<typeof S3ObjectStore>[1]): S3ObjectStore => {
  assert.ok(rgw, 'radosgw did not start');
  return new S3ObjectStore({ bucket: rgw.bucket, prefix: `${prefix}/` }, options);
};

objectStoreContract('S3 (radosgw)', (name) => s3(`contract/${name}`), { skip });

describe('S3 object store specifics', { skip }, () => {
  test('radosgw start-up time', (t) => {
    assert.ok(rgw !== undefined && rgw.startupMs > 0);
    t.diagnostic(`radosgw started in ${rgw.startupMs} ms`);
  });

  test('objectStoreFor(s3://bucket/prefix) is an S3 store on that bucket and prefix, configured from the environment', async () => {
    const s = objectStoreFor(`s3://${rgw!.bucket}/by-url/t1/`);
    assert.ok(s instanceof S3ObjectStore);
    assert.equal(s.root, `s3://${rgw!.bucket}/by-url/t1`);
    assert.equal(s.prefix, 'by-url/t1/');
    await s.put('a.txt', new TextEncoder().encode('via url'));
    assert.equal(new TextDecoder().decode(await s3('by-url').get('t1/a.txt')), 'via url');
    assert.equal((objectStoreFor(`s3a://${rgw!.bucket}`) as S3ObjectStore).prefix, '');
    assert.throws(() => objectStoreFor('s3://'), { code: '22023' });
    assert.throws(() => objectStoreFor('s3://Bad_Bucket/x'), { code: '22023' });
  });

  test('a store on prefix t sees nothing of its sibling t2', async () => {
    const t = objectStoreFor(`s3://${rgw!.bucket}/roots/t`);
    const t2 = objectStoreFor(`s3://${rgw!.bucket}/roots/t2`);
    await t.put('x', new Uint8Array([1]));
    await t2.put('x', new Uint8Array([2]));
    assert.deepEqual((await t.list('')).map((o) => o.path), ['x']);
    await t.deletePrefix('');
    assert.deepEqual(await t.list(''), []);
    assert.deepEqual(await t2.get('x'), new Uint8Array([2]));
  });

  test('objects at the multipart threshold are uploaded in parts and read back whole and by range', async () => {
    const s = s3('multipart', { multipartThreshold: 6 << 20, partSize: 5 << 20 });
    const big = Uint8Array.from({ length: (12 << 20) + 123 }, (_, i) => (i * 31 + (i >> 13)) % 256);
    await s.put('big.bin', big);
    const head = await s.head('big.bin');
    assert.equal(head?.size, big.length);
    assert.deepEqual(await s.get('big.bin'), big);
    const edge = (5 << 20) - 3;
    assert.deepEqual(await s.get('big.bin', { offset: edge, length: 6 }), big.subarray(edge, edge + 6));
    // An upload that cannot start is an I/O error, not a silent loss.
    const unwritable = new S3ObjectStore({ bucket: 'no-such-bucket-basin', prefix: '' }, { multipartThreshold: 6 << 20, partSize: 5 << 20 });
    await assert.rejects(() => unwritable.put('big.bin', big), { code: '58030' });
  });

  test('list pages of any size give the same answer', async () => {
    const s = s3('small-pages', { listPageSize: 7 });
    const keys = Array.from({ length: 30 }, (_, i) => `k/${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((k) => s.put(k, new Uint8Array([1]))));
    assert.deepEqual((await s.list('k/')).map((o) => o.path), keys);
    assert.deepEqual((await s.list('k/', 'k/005', 10)).map((o) => o.path), keys.slice(6, 16));
    await s.deletePrefix('k/');
    assert.deepEqual(await s.list(''), []);
  });

  test('a missing bucket and wrong credentials are I/O errors that say so', async () => {
    const missing = new S3ObjectStore({ bucket: 'no-such-bucket-basin', prefix: 'p/' });
    await assert.rejects(() => missing.get('x'), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, '58030');
      assert.match(e.message, /could not read "s3:\/\/no-such-bucket-basin\/p\/x": NoSuchBucket/);
      assert.match(e.hint ?? '', /does not exist/);
      return true;
    });
    await assert.rejects(() => missing.list(''), { code: '58030' });
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong';
    try {
      // a different region is a different client, so the changed credentials are picked up
      const denied = new S3ObjectStore({ bucket: rgw!.bucket, prefix: '' }, { settings: { endpoint: rgw!.endpoint, region: 'eu-west-1' } });
      await assert.rejects(() => denied.put('x', new Uint8Array(1)), (e: Error & { code?: string; hint?: string }) => {
        assert.equal(e.code, '58030');
        assert.match(e.message, /HTTP 403/);
        assert.match(e.hint ?? '', /credentials/);
        return true;
      });
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
  });
});
