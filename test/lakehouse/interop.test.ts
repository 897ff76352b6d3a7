/**
 * Other engines read what Basin writes: the Delta log is replayed here independently of Basin's reader (JSON
 * commits in version order, add/remove by path), and DuckDB reads the live Parquet files. After INSERT,
 * UPDATE, DELETE, MERGE and OPTIMIZE, DuckDB's rows equal Basin's SELECT.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;
let duck: DuckDBConnection;

before(async () => {
  server = await startServer();
  client = await connectClient(server);
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});

after(async () => {
  duck?.closeSync();
  await client?.end();
  await server?.stop();
});

/** The live data files of a table, by replaying its `_delta_log/*.json` commits (PROTOCOL.md reconciliation). */
function liveFiles(table: string): string[] {
  const dir = path.join(server.dataDir, 'databases', 'basin', 'public', table);
  const log = path.join(dir, '_delta_log');
  const commits = readdirSync(log).filter((f) => /^\d{20}\.json$/.test(f)).sort();
  assert.equal(Number(commits.at(-1)!.slice(0, 20)), commits.length - 1, 'the log has every commit from version 0');
  const live = new Set<string>();
  for (const c of commits) {
    for (const line of readFileSync(path.join(log, c), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const a = JSON.parse(line) as { add?: { path: string }; remove?: { path: string } };
      if (a.add !== undefined) live.add(decodeURIComponent(a.add.path));
      if (a.remove !== undefined) live.delete(decodeURIComponent(a.remove.path));
    }
  }
  return [...live].map((p) => path.join(dir, p));
}

const COLUMNS = 'id, n, s, d, b, m, dt';

async function duckRows(table: string): Promise<string[]> {
  const files = liveFiles(table);
  if (files.length === 0) return [];
  const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
  const r = await duck.runAndReadAll(`SELECT id::BIGINT, n::BIGINT, s, d::DOUBLE, b, CAST(m AS VARCHAR), CAST(dt AS VARCHAR) FROM read_parquet([${list}])`);
  return r.getRows().map((row) => JSON.stringify(row.map((v) => (v === null ? null : String(v))))).sort();
}

async function basinRows(table: string): Promise<string[]> {
  const r = await client.query({ text: `SELECT id::int8, n, s, d, b, m::text, dt::text FROM ${table}`, rowMode: 'array' });
  return (r.rows as unknown[][]).map((row) => JSON.stringify(row.map((v) => (v === null ? null : typeof v === 'boolean' ? String(v) : String(v))))).sort();
}

async function same(table: string, step: string): Promise<number> {
  const [mine, theirs] = [await basinRows(table), await duckRows(table)];
  assert.equal(theirs.length, mine.length, `${step}: DuckDB reads ${theirs.length} rows, Basin ${mine.length}`);
  assert.deepEqual(theirs, mine, `${step}: DuckDB's rows differ from Basin's`);
  return mine.length;
}

test('DuckDB reads the live files of the Delta log and gets Basin\'s rows after every kind of write', { timeout: 120_000 }, async () => {
  await client.query(`CREATE TABLE interop (id int, n bigint, s text, d double precision, b boolean, m numeric(10,2), dt date)`);
  for (let part = 0; part < 4; part++) {
    await client.query(`INSERT INTO interop SELECT g, g::int8 * 1000000000, 'row ' || g, g / 4.0, g % 2 = 0, (g % 1000) / 8.0, DATE '2026-01-01' + g % 365
      FROM generate_series(${part * 500 + 1}, ${(part + 1) * 500}) g`);
  }
  await client.query(`INSERT INTO interop VALUES (0, NULL, NULL, NULL, NULL, NULL, NULL)`);
  assert.equal(await same('interop', 'INSERT'), 2001);

  await client.query(`UPDATE interop SET s = 'updated', m = m + 1 WHERE id % 10 = 0`);
  assert.equal(await same('interop', 'UPDATE'), 2001);

  await client.query(`DELETE FROM interop WHERE id % 7 = 0`);
  assert.equal(await same('interop', 'DELETE'), 2001 - 286);

  await client.query(`MERGE INTO interop t USING (VALUES (1, 'merged'), (2, 'merged'), (7, 'again'), (5000, 'new')) AS src(id, s) ON t.id = src.id
    WHEN MATCHED AND t.id = 2 THEN DELETE
    WHEN MATCHED THEN UPDATE SET s = src.s
    WHEN NOT MATCHED THEN INSERT (id, s) VALUES (src.id, src.s)`);
  assert.equal(await same('interop', 'MERGE'), 2001 - 286 - 1 + 2);

  const filesBefore = liveFiles('interop').length;
  await client.query('OPTIMIZE interop');
  assert.ok(liveFiles('interop').length < filesBefore, 'OPTIMIZE compacted the files');
  assert.equal(await same('interop', 'OPTIMIZE'), 1716);
});
