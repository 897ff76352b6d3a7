/**
 * Files other engines left in a bucket, read by a Basin server whose own data root is local: a Delta table
 * built as Spark writes one (test/fixtures/spark-delta.ts) attached with CREATE TABLE … LOCATION 's3://…',
 * read and written, Parquet files read with read_parquet('s3://…/*.parquet'), and COPY … FROM 's3://…/x.csv'.
 * Skipped with a note without Ceph, unless BASIN_S3_REQUIRE=1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as arrow from 'apache-arrow';
import pg from 'pg';
import { S3ObjectStore } from '../../src/storage/object-store/index.ts';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';
import { parquetBytes } from '../fixtures/parquet.ts';
import { compareRows, SALES_ROWS, saleText, writeSparkSalesTable, type TextRow } from '../fixtures/spark-delta.ts';
import { startRadosgw, s3TestSkip, type RadosgwHandle } from './radosgw.ts';

const skip = s3TestSkip();
let rgw: RadosgwHandle | undefined;
let server: ServerHandle | undefined;
let client: pg.Client | undefined;

before(async () => {
  if (skip) return;
  rgw = await startRadosgw();
  Object.assign(process.env, rgw.env);
  server = await startServer({ env: { ...rgw.env } });
  client = await connectClient(server);
  await client.query(`SET TimeZone = 'UTC'`);
});
after(async () => {
  await client?.end();
  await server?.stop();
  await rgw?.stop();
});

/** Upload a local directory's files under `prefix`. */
async function upload(dir: string, prefix: string): Promise<void> {
  const store = new S3ObjectStore({ bucket: rgw!.bucket, prefix });
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    await store.put(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file));
  }
}

const rows = async (sql: string): Promise<TextRow[]> => (await client!.query({ text: sql, rowMode: 'array' })).rows as TextRow[];

describe('files in a bucket', { skip }, () => {
  test('a Spark-written Delta table on S3 is attached, read and written', async () => {
    const local = path.join(mkdtempSync(path.join(tmpdir(), 'basin-s3-ext-')), 'sales');
    writeSparkSalesTable(local);
    await upload(local, 'other-engine/sales/');
    const url = `s3://${rgw!.bucket}/other-engine/sales`;
    await client!.query(`CREATE TABLE sales LOCATION '${url}'`);
    const select = 'SELECT id::text, name, amount::text, ts::text, flag::text, region, year::text FROM sales';
    assert.deepEqual((await rows(select)).sort(compareRows), SALES_ROWS.map(saleText).sort(compareRows));
    await client!.query(`INSERT INTO sales VALUES (8, 'eight', 8, NULL, true, 'asia', 2026)`);
    assert.deepEqual(await rows(`${select} WHERE region = 'asia'`), [['8', 'eight', '8.00', null, 'true', 'asia', '2026']]);
    const keys = (await new S3ObjectStore({ bucket: rgw!.bucket, prefix: 'other-engine/sales/' }).list('region=asia/')).map((o) => o.path);
    assert.equal(keys.length, 1, 'the new file is in its partition directory in the bucket');
    await client!.query('DROP TABLE sales');
    assert.equal((await new S3ObjectStore({ bucket: rgw!.bucket, prefix: 'other-engine/sales/' }).list('region=asia/')).length, 1, 'DROP TABLE leaves the files');
  });

  test('read_parquet and COPY FROM read objects by URL', async () => {
    const store = new S3ObjectStore({ bucket: rgw!.bucket, prefix: 'files/' });
    for (const [name, ids] of [['a.parquet', [1, 2]], ['b.parquet', [3]]] as const) {
      await store.put(`parts/${name}`, parquetBytes({ id: arrow.vectorFromArray(ids.map(BigInt), new arrow.Int64()) }));
    }
    await store.put('people.csv', new TextEncoder().encode('id,name\n1,ann\n2,"bo, b"\n'));
    const base = `s3://${rgw!.bucket}/files`;
    assert.deepEqual(await rows(`SELECT count(*)::text, sum(id)::text FROM read_parquet('${base}/parts/*.parquet')`), [['3', '6']]);
    assert.deepEqual(await rows(`SELECT count(*)::text FROM read_parquet('${base}/parts')`), [['3']]);
    await client!.query('CREATE TABLE people (id int, name text)');
    assert.equal((await client!.query(`COPY people FROM '${base}/people.csv' (FORMAT csv, HEADER)`)).rowCount, 2);
    assert.deepEqual(await rows('SELECT id::text, name FROM people ORDER BY id'), [['1', 'ann'], ['2', 'bo, b']]);
    await assert.rejects(client!.query(`COPY people FROM '${base}/none.csv' (FORMAT csv)`), (e: { code?: string }) => e.code === '58P01');
  });
});
