/** EXPLAIN ANALYZE reports actual rows per operator; EXPLAIN (FORMAT JSON) returns one json document. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;
before(async () => {
  server = await startServer();
  client = await connectClient(server);
  await client.query('CREATE TABLE ea AS SELECT x, x % 7 AS k FROM generate_series(1, 10000) x');
});
after(async () => {
  await client?.end();
  await server?.stop();
});

test('EXPLAIN ANALYZE runs the query and shows actual rows per operator', async () => {
  const r = await client.query('EXPLAIN ANALYZE SELECT k, count(*) FROM ea WHERE x > 500 GROUP BY k ORDER BY k');
  const lines = r.rows.map((row) => row['QUERY PLAN'] as string);
  assert.match(lines[0]!, /^sort k \(actual rows=7 batches=\d+ time=[\d.]+ ms\)$/);
  assert.ok(lines.some((l) => /^\s+scan public\.ea .*filters=\[\(x > 500\)\].*\(actual rows=9500 /.test(l)), lines.join('\n'));
  assert.match(lines[lines.length - 1]!, /^Execution Time: [\d.]+ ms$/);
});

test('EXPLAIN (FORMAT JSON) returns the plan tree as json', async () => {
  const r = await client.query('EXPLAIN (FORMAT JSON) SELECT k FROM ea WHERE x < 3');
  assert.equal(r.fields[0]!.dataTypeID, 114);
  const doc = typeof r.rows[0]['QUERY PLAN'] === 'string' ? JSON.parse(r.rows[0]['QUERY PLAN']) : r.rows[0]['QUERY PLAN'];
  assert.equal(doc[0].Plan['Node Type'], 'project');
  assert.equal(doc[0].Plan.Plans[0]['Node Type'], 'scan');
  // The scan reads x for its filter but yields only k.
  assert.deepEqual(doc[0].Plan.Plans[0].Output, ['k']);
});

test('scans skip the data files whose statistics rule out their filters, and EXPLAIN ANALYZE counts them', async () => {
  await client.query('CREATE TABLE ep (id int, v text)');
  for (let f = 0; f < 4; f++) {
    await client.query(`INSERT INTO ep SELECT x, 'v' || x FROM generate_series(${f * 100 + 1}, ${(f + 1) * 100}) x`);
  }
  const r = await client.query('EXPLAIN ANALYZE SELECT v FROM ep WHERE id BETWEEN 150 AND 170');
  const scan = r.rows.map((row) => row['QUERY PLAN'] as string).find((l) => l.includes('scan public.ep'));
  assert.match(scan ?? '', /\(actual rows=21 batches=\d+ files=1\/4 /);
  const all = await client.query('EXPLAIN ANALYZE SELECT v FROM ep WHERE id > 0 OR v IS NULL');
  assert.match(all.rows.map((row) => row['QUERY PLAN'] as string).join('\n'), /actual rows=400 batches=\d+ files=4\/4 /);
  const none = await client.query('SELECT count(*) AS n FROM ep WHERE id = 1000 OR id IS NULL');
  assert.equal(none.rows[0].n, '0');
  const json = await client.query('EXPLAIN (ANALYZE, FORMAT JSON) SELECT v FROM ep WHERE id < 50');
  const doc = typeof json.rows[0]['QUERY PLAN'] === 'string' ? JSON.parse(json.rows[0]['QUERY PLAN']) : json.rows[0]['QUERY PLAN'];
  const scanNode = doc[0].Plan.Plans[0];
  assert.equal(scanNode['Files Read'], 1);
  assert.equal(scanNode['Files Total'], 4);
});
