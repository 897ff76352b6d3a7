/**
 * External tables over the wire: a Delta table built by hand as Spark writes one (test/fixtures/spark-delta.ts:
 * partitioned, %-encoded paths, a null partition, a checkpoint with the earlier commits cleaned up) is attached
 * with CREATE TABLE … LOCATION and read; Basin's INSERT, UPDATE, DELETE and COPY into it write files that the
 * same independent reader reads back (partition directories, partition columns only in the log); DROP TABLE
 * leaves the files; CREATE TABLE (columns) LOCATION creates a new Delta table where there is none. Also
 * read_parquet over a file rewritten in place sees the new contents.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as arrow from 'apache-arrow';
import pg from 'pg';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';
import { parquetBytes, parquetRows } from '../fixtures/parquet.ts';
import { compareRows, readSalesByHand, SALES_ROWS, saleText, writeSparkSalesTable, type TextRow } from '../fixtures/spark-delta.ts';

let server: ServerHandle;
let client: pg.Client;
const work = mkdtempSync(path.join(tmpdir(), 'basin-external-'));

before(async () => {
  server = await startServer();
  client = await connectClient(server);
  await client.query(`SET TimeZone = 'UTC'`);
});

after(async () => {
  await client?.end();
  await server?.stop();
});

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function basinRows(table: string): Promise<TextRow[]> {
  const r = await client.query({
    text: `SELECT id::text, name, amount::text, ts::text, flag::text, region, year::text FROM ${table}`, rowMode: 'array',
  });
  return (r.rows as TextRow[]).sort(compareRows);
}

/** Basin's rows equal the independent reader's; returns them. */
async function sameAsByHand(table: string, dir: string, step: string): Promise<TextRow[]> {
  const mine = await basinRows(table);
  assert.deepEqual(readSalesByHand(dir).rows, mine, `${step}: the files read by hand differ from Basin's rows`);
  return mine;
}

test('a Delta table written the way Spark writes one is attached, read, written and dropped', { timeout: 120_000 }, async () => {
  const dir = path.join(work, 'sales');
  writeSparkSalesTable(dir);
  const expected = SALES_ROWS.map(saleText).sort(compareRows);
  assert.deepEqual(readSalesByHand(dir).rows, expected, 'the hand reader reads the table as built');

  await client.query(`CREATE TABLE ext LOCATION ${literal(dir)}`);
  assert.deepEqual(await sameAsByHand('ext', dir, 'attach'), expected);
  const pruned = await client.query({ text: `SELECT id FROM ext WHERE region = 'eu' AND year = 2024 ORDER BY id`, rowMode: 'array' });
  assert.deepEqual(pruned.rows, [['1'], ['2']]);

  // New rows land in partition directories (existing and new ones, a null partition, characters to escape).
  await client.query(`INSERT INTO ext VALUES
    (8, 'eight', 8.5, '2026-03-01 00:00:00+00', true, 'eu', 2024),
    (9, 'nine', NULL, NULL, false, 'a/b=c d%', 2030),
    (10, NULL, 1, NULL, NULL, NULL, 2031)`);
  let rows = await sameAsByHand('ext', dir, 'INSERT');
  assert.equal(rows.length, 10);
  assert.ok(existsSync(path.join(dir, 'region=a%2Fb%3Dc d%25', 'year=2030')), 'Hive-style escaped partition directory');
  assert.ok(existsSync(path.join(dir, 'region=__HIVE_DEFAULT_PARTITION__', 'year=2031')), 'null partition directory');
  // Like Spark's, Basin's files leave the partition columns to the log.
  const { files } = readSalesByHand(dir);
  for (const f of files) {
    const columns = Object.keys(parquetRows(readFileSync(f))[0] ?? {});
    assert.ok(!columns.includes('region') && !columns.includes('year'), `${f} holds no partition column`);
  }

  // Copy-on-write keeps each row in its partition.
  await client.query(`UPDATE ext SET name = 'updated', amount = amount + 1 WHERE id IN (1, 9)`);
  await client.query(`DELETE FROM ext WHERE id = 5`);
  rows = await sameAsByHand('ext', dir, 'UPDATE/DELETE');
  assert.deepEqual(rows.find((r) => r[0] === '1'), ['1', 'updated', '13.50', '2026-01-01 00:00:00+00', 'true', 'eu', '2024']);
  assert.equal(rows.find((r) => r[0] === '5'), undefined);

  // COPY goes through the same writes.
  const csv = path.join(work, 'more-sales.csv');
  writeFileSync(csv, 'id,name,amount,ts,flag,region,year\n11,copied,2.25,2026-04-01 12:00:00+00,t,us,2023\n');
  assert.equal((await client.query(`COPY ext FROM ${literal(csv)} (FORMAT csv, HEADER match)`)).rowCount, 1);
  rows = await sameAsByHand('ext', dir, 'COPY');
  assert.equal(rows.length, 10);

  // DROP TABLE forgets the table, not its files: attached again, it has every row.
  await client.query('DROP TABLE ext');
  assert.deepEqual(readSalesByHand(dir).rows, rows, 'the files are still there after DROP TABLE');
  await client.query(`CREATE TABLE ext_again LOCATION ${literal(dir)}`);
  assert.deepEqual(await basinRows('ext_again'), rows);
  // Rows written and then the table dropped in one transaction: the files stay as they were before it.
  await client.query('BEGIN');
  await client.query("INSERT INTO ext_again (id, name, region, year) VALUES (99, 'dropped', 'eu', 2024)");
  await client.query('DROP TABLE ext_again');
  await client.query('COMMIT');
  assert.deepEqual(readSalesByHand(dir).rows, rows, 'a dropped table keeps its files as they were');
  await client.query(`CREATE TABLE ext_again LOCATION ${literal(dir)}`);
  assert.deepEqual(await basinRows('ext_again'), rows);
  await client.query('DROP TABLE ext_again');
});

test('CREATE TABLE (columns) LOCATION creates a Delta table where there is none, adopts a matching one', { timeout: 60_000 }, async () => {
  const dir = path.join(work, 'fresh', 'events');
  await client.query(`CREATE TABLE events (id bigint NOT NULL, what text) LOCATION ${literal(dir)}`);
  assert.ok(existsSync(path.join(dir, '_delta_log', '00000000000000000000.json')));
  const v0 = readFileSync(path.join(dir, '_delta_log', '00000000000000000000.json'), 'utf8');
  assert.match(v0, /"isManaged":"false"/);
  await client.query(`INSERT INTO events VALUES (1, 'created'), (2, 'inserted')`);
  await client.query('DROP TABLE events');
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.parquet')), 'the data files stay after DROP TABLE');

  await client.query(`CREATE TABLE events (id bigint NOT NULL, what text) LOCATION ${literal(dir)}`);
  const r = await client.query({ text: 'SELECT id::text, what FROM events ORDER BY id', rowMode: 'array' });
  assert.deepEqual(r.rows, [['1', 'created'], ['2', 'inserted']]);
  await client.query('DROP TABLE events');
  await assert.rejects(client.query(`CREATE TABLE events (id int, what text) LOCATION ${literal(dir)}`),
    (e: { code?: string; detail?: string }) => e.code === '42P16' && /id long not null/.test(e.detail ?? ''));

  // A table created at a location in a transaction that rolls back leaves nothing there.
  const rolledBack = path.join(work, 'fresh', 'rolled-back');
  await client.query('BEGIN');
  await client.query(`CREATE TABLE gone (a int) LOCATION ${literal(rolledBack)}`);
  await client.query('ROLLBACK');
  assert.ok(!existsSync(path.join(rolledBack, '_delta_log')), 'no Delta log after ROLLBACK');

  // A location holding other files is not taken over.
  const busy = path.join(work, 'fresh', 'busy');
  mkdirSync(busy, { recursive: true });
  writeFileSync(path.join(busy, 'notes.txt'), 'mine');
  await assert.rejects(client.query(`CREATE TABLE busy (a int) LOCATION ${literal(busy)}`), (e: { code?: string }) => e.code === '55000');
  await assert.rejects(client.query(`CREATE TABLE busy LOCATION ${literal(busy)}`), (e: { code?: string }) => e.code === '42P01');

  // Managed tables live in the data directory: an external table may not point there.
  await assert.rejects(client.query(`CREATE TABLE inside (a int) LOCATION ${literal(path.join(server.dataDir, 'databases', 'x'))}`),
    (e: { code?: string; message?: string }) => e.code === '22023' && /inside Basin's data directory/.test(e.message ?? ''));

  // A managed table's files still go with it.
  await client.query('CREATE TABLE managed (a int)');
  await client.query('INSERT INTO managed VALUES (1)');
  await client.query('DROP TABLE managed');
  assert.ok(!existsSync(path.join(server.dataDir, 'databases', 'basin', 'public', 'managed', '_delta_log')));
});

test('read_parquet reads a file rewritten in place anew', { timeout: 60_000 }, async () => {
  const file = path.join(work, 'changing.parquet');
  const write = (ids: readonly number[]): void => writeFileSync(file, parquetBytes({ id: arrow.vectorFromArray(ids, new arrow.Int32()) }));
  write([1, 2]);
  const sum = async (): Promise<string> => (await client.query({ text: `SELECT sum(id)::text FROM read_parquet(${literal(file)})`, rowMode: 'array' })).rows[0]![0];
  assert.equal(await sum(), '3');
  write([10, 20, 30]);
  assert.equal(await sum(), '60');
});
