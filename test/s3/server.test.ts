/**
 * End to end on S3: a Basin server whose data root is `s3://bucket/prefix` on a radosgw this file starts,
 * driven over the wire (CREATE TABLE, INSERT, UPDATE, DELETE, SELECT, time travel, DROP), then restarted on
 * the same root to show that the catalog and the tables live in the bucket. Skipped with a note without
 * Ceph, unless BASIN_S3_REQUIRE=1.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { S3ObjectStore } from '../../src/storage/object-store/index.ts';
import { startServer, type ServerHandle } from '../server-process.ts';
import { startRadosgw, s3TestSkip, type RadosgwHandle } from './radosgw.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const skip = s3TestSkip();
let rgw: RadosgwHandle | undefined;
let server: ServerHandle | undefined;

before(async () => {
  if (skip) return;
  rgw = await startRadosgw();
  Object.assign(process.env, rgw.env);
  server = await startServer({ dataDir: `s3://${rgw.bucket}/lake/`, env: { ...rgw.env } });
});
after(async () => {
  await server?.stop();
  await rgw?.stop();
});

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ host: server!.host, port: server!.port, user: 'basin', database: 'basin' });
  await c.connect();
  return c;
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const rowsOf = async (c: pg.Client, sql: string): Promise<unknown[][]> =>
  (await c.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
const keysUnder = async (prefix: string): Promise<string[]> =>
  (await new S3ObjectStore({ bucket: rgw!.bucket, prefix: 'lake/' }).list(prefix)).map((o) => o.path);
const itemsLog = 'databases/basin/public/items/_delta_log/';

describe('a server with its data root on S3', { skip }, () => {
  test('CREATE, INSERT, UPDATE, DELETE, SELECT and time travel over the wire; everything lands in the bucket', async () => {
    await withClient(async (c) => {
      await c.query('CREATE TABLE items (id int PRIMARY KEY, name text, qty int)');
      await c.query(`INSERT INTO items VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30)`);
      assert.equal((await c.query('UPDATE items SET qty = qty + 1 WHERE id >= 2')).rowCount, 2);
      assert.equal((await c.query('DELETE FROM items WHERE id = 1')).rowCount, 1);
      await c.query('BEGIN');
      await c.query(`INSERT INTO items VALUES (4, 'fig', 40)`);
      await c.query(`INSERT INTO items VALUES (5, 'kiwi', 50)`);
      await c.query('COMMIT');
      await c.query('BEGIN');
      await c.query(`INSERT INTO items VALUES (6, 'never', 0)`);
      await c.query('ROLLBACK');
      assert.deepEqual(await rowsOf(c, 'SELECT id, name, qty FROM items ORDER BY id'),
        [[2, 'pear', 21], [3, 'plum', 31], [4, 'fig', 40], [5, 'kiwi', 50]]);
      assert.deepEqual(await rowsOf(c, 'SELECT id, qty FROM items VERSION AS OF 1 ORDER BY id'), [[1, 10], [2, 20], [3, 30]]);
      assert.deepEqual(await rowsOf(c, 'SELECT id, qty FROM items@v2 ORDER BY id'), [[1, 10], [2, 21], [3, 31]]);
      assert.deepEqual(await rowsOf(c, 'SELECT count(*)::int FROM items VERSION AS OF 3'), [[2]]);
    });
    // One Delta log version per committed statement or transaction, and the catalog beside the tables.
    const log = (await keysUnder(itemsLog)).filter((k) => k.endsWith('.json'));
    assert.deepEqual(log, [0, 1, 2, 3, 4].map((v) => `${itemsLog}${String(v).padStart(20, '0')}.json`));
    assert.ok((await keysUnder('_system/catalog/_delta_log/')).length > 0);
    // Nothing went to a local directory named after the URL (what path.join would make of s3://…).
    assert.equal(existsSync(path.join(repoRoot, 's3:')), false);
  });

  test('after a restart the tables, their history and the catalog are read back from the bucket', async () => {
    await server!.restart();
    await withClient(async (c) => {
      assert.deepEqual(await rowsOf(c, 'SELECT id, name, qty FROM items ORDER BY id'),
        [[2, 'pear', 21], [3, 'plum', 31], [4, 'fig', 40], [5, 'kiwi', 50]]);
      assert.deepEqual(await rowsOf(c, 'SELECT id, qty FROM items VERSION AS OF 1 ORDER BY id'), [[1, 10], [2, 20], [3, 30]]);
      await c.query(`INSERT INTO items VALUES (7, 'lime', 70)`);
      assert.deepEqual(await rowsOf(c, 'SELECT sum(qty)::int FROM items'), [[212]]);
    });
  });

  test('DROP TABLE, CREATE TABLE of the same name starts empty; a transaction over two tables commits both', async () => {
    await withClient(async (c) => {
      await c.query('DROP TABLE items');
      assert.deepEqual(await keysUnder('databases/basin/public/items/'), []);
      await assert.rejects(c.query('SELECT * FROM items'), { code: '42P01' });
      await c.query('CREATE TABLE items (id int)');
      assert.deepEqual(await rowsOf(c, 'SELECT count(*)::int FROM items'), [[0]]);
      await c.query('INSERT INTO items VALUES (1)');
      assert.deepEqual(await rowsOf(c, 'SELECT id FROM items VERSION AS OF 0'), []);
      assert.deepEqual(await rowsOf(c, 'SELECT id FROM items'), [[1]]);
      await c.query('CREATE TABLE other (id int)');
      await c.query('BEGIN');
      await c.query('INSERT INTO items VALUES (2)');
      await c.query('INSERT INTO other VALUES (2)');
      await c.query('COMMIT');
    });
    await server!.restart();
    await withClient(async (c) => {
      assert.deepEqual(await rowsOf(c, 'SELECT id FROM items ORDER BY id'), [[1], [2]]);
      assert.deepEqual(await rowsOf(c, 'SELECT id FROM other'), [[2]]);
    });
  });
});
