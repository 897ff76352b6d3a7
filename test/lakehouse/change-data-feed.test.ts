/**
 * The change data feed as other engines see it in the Delta log: a table with `delta.enableChangeDataFeed`
 * lists the changeDataFeed writer feature; UPDATE, DELETE and MERGE commits carry `cdc` actions naming Parquet
 * files under `_change_data/` that hold the changed rows and their `_change_type` (read here by DuckDB, not by
 * Basin); blind appends carry none; the table's own rows (Basin's SELECT, and DuckDB over the live files of
 * the log) never include change data; a rolled-back transaction leaves no change data file behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

type Action = Record<string, Record<string, unknown>>;

const tableDir = (table: string) => path.join(server.dataDir, 'databases', 'basin', 'public', table);
const commitFiles = (table: string) => readdirSync(path.join(tableDir(table), '_delta_log')).filter((f) => /^\d{20}\.json$/.test(f)).sort();
const readCommit = (table: string, version: number): Action[] =>
  readFileSync(path.join(tableDir(table), '_delta_log', `${String(version).padStart(20, '0')}.json`), 'utf8')
    .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Action);
const latestVersion = (table: string) => commitFiles(table).length - 1;
const changeDataFiles = (table: string) => {
  const dir = path.join(tableDir(table), '_change_data');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

/** The live data files, by replaying the log's commits (add/remove by path); cdc actions add no data file. */
function liveFiles(table: string): string[] {
  const live = new Set<string>();
  for (let v = 0; v <= latestVersion(table); v++) {
    for (const a of readCommit(table, v)) {
      if (a.add !== undefined) live.add(String(a.add.path));
      if (a.remove !== undefined) live.delete(String(a.remove.path));
    }
  }
  return [...live].map((p) => path.join(tableDir(table), decodeURIComponent(p)));
}

async function duckRows(sql: string): Promise<string[]> {
  const r = await duck.runAndReadAll(sql);
  return r.getRows().map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join('|')).sort();
}

const fileList = (files: readonly string[]) => files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');

test('UPDATE, DELETE and MERGE commit cdc actions for change data files; blind appends do not', async () => {
  await client.query('CREATE TABLE cdf_log (id int, v text) WITH (delta.enableChangeDataFeed = true)');
  const created = readCommit('cdf_log', 0);
  assert.deepEqual(created.find((a) => a.protocol)?.protocol, { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['changeDataFeed'] });
  assert.equal((created.find((a) => a.metaData)?.metaData?.configuration as Record<string, string>)['delta.enableChangeDataFeed'], 'true');

  await client.query("INSERT INTO cdf_log VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  assert.equal(readCommit('cdf_log', 1).filter((a) => a.cdc).length, 0, 'a blind append writes no change data');
  assert.deepEqual(changeDataFiles('cdf_log'), []);

  await client.query("UPDATE cdf_log SET v = 'B' WHERE id = 2");
  const update = readCommit('cdf_log', 2);
  const cdc = update.filter((a) => a.cdc).map((a) => a.cdc);
  assert.equal(cdc.length, 1);
  const action = cdc[0]!;
  assert.match(String(action.path), /^_change_data\/cdc-\d{5}-[0-9a-f-]{36}\.c000\.zstd\.parquet$/);
  assert.equal(action.dataChange, false);
  assert.deepEqual(action.partitionValues, {});
  const cdcFile = path.join(tableDir('cdf_log'), String(action.path));
  assert.equal(action.size, statSync(cdcFile).size);
  assert.deepEqual(changeDataFiles('cdf_log'), [path.basename(cdcFile)]);
  assert.ok(update.some((a) => a.add?.dataChange === true) && update.some((a) => a.remove?.dataChange === true), 'the rewrite is still an add and a remove');
  assert.deepEqual(await duckRows(`SELECT id, v, _change_type FROM read_parquet([${fileList([cdcFile])}])`),
    ['2|B|update_postimage', '2|b|update_preimage']);

  await client.query('DELETE FROM cdf_log WHERE id = 3');
  await client.query(`MERGE INTO cdf_log t USING (VALUES (1, 'A'), (4, 'd')) s(id, v) ON t.id = s.id
    WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)`);
  const changes = async (version: number) => {
    const files = readCommit('cdf_log', version).filter((a) => a.cdc).map((a) => path.join(tableDir('cdf_log'), String(a.cdc!.path)));
    assert.ok(files.length > 0, `version ${version} has cdc actions`);
    return duckRows(`SELECT id, v, _change_type FROM read_parquet([${fileList(files)}])`);
  };
  assert.deepEqual(await changes(3), ['3|c|delete']);
  assert.deepEqual(await changes(4), ['1|A|update_postimage', '1|a|update_preimage', '4|d|insert']);

  // The table's rows: Basin's and DuckDB's over the live files alike, no change data among them.
  const basin = (await client.query({ text: 'SELECT id, v FROM cdf_log', rowMode: 'array' })).rows.map((r: unknown[]) => r.join('|')).sort();
  assert.deepEqual(basin, ['1|A', '2|B', '4|d']);
  assert.deepEqual(await duckRows(`SELECT id, v FROM read_parquet([${fileList(liveFiles('cdf_log'))}])`), basin);
  assert.ok(liveFiles('cdf_log').every((f) => !f.includes('_change_data')));

  // Basin reads the same feed back.
  const feed = await client.query({ text: "SELECT _change_type, _commit_version, id, v FROM table_changes('cdf_log', 2) ORDER BY 2, 1, 3", rowMode: 'array' });
  assert.deepEqual(feed.rows.map((r: unknown[]) => r.join('|')), [
    'update_postimage|2|2|B', 'update_preimage|2|2|b', 'delete|3|3|c', 'insert|4|4|d', 'update_postimage|4|1|A', 'update_preimage|4|1|a',
  ]);
  // Through the extended protocol, with the range as parameters (the Describe of Parse knows the columns).
  const prepared = await client.query({ text: "SELECT _change_type, id FROM table_changes('cdf_log', $1::int, $2::int) ORDER BY 1, 2", values: [3, 3], rowMode: 'array' });
  assert.deepEqual(prepared.fields.map((f) => f.name), ['_change_type', 'id']);
  assert.deepEqual(prepared.rows, [['delete', 3]]);
});

test('turning the feed on for an existing table upgrades its protocol in the same commit', async () => {
  await client.query('CREATE TABLE cdf_alter (id int)');
  assert.deepEqual(readCommit('cdf_alter', 0).find((a) => a.protocol)?.protocol, { minReaderVersion: 1, minWriterVersion: 2 });
  await client.query("ALTER TABLE cdf_alter SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
  const commit = readCommit('cdf_alter', 1);
  assert.equal(commit.find((a) => a.commitInfo)?.commitInfo?.operation, 'SET TBLPROPERTIES');
  // Writer version 2 implied appendOnly and invariants: table features keep listing them.
  assert.deepEqual(commit.find((a) => a.protocol)?.protocol,
    { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'changeDataFeed', 'invariants'] });
  assert.equal((commit.find((a) => a.metaData)?.metaData?.configuration as Record<string, string>)['delta.enableChangeDataFeed'], 'true');
});

test('a rolled-back transaction leaves no change data file and no version', async () => {
  await client.query('CREATE TABLE cdf_rollback (id int, v int) WITH (delta.enableChangeDataFeed = true)');
  await client.query('INSERT INTO cdf_rollback VALUES (1, 1), (2, 2)');
  await client.query('BEGIN');
  await client.query('UPDATE cdf_rollback SET v = v + 1');
  assert.equal(changeDataFiles('cdf_rollback').length, 1, 'the change data is written before commit');
  await client.query('ROLLBACK');
  assert.deepEqual(changeDataFiles('cdf_rollback'), []);
  assert.equal(latestVersion('cdf_rollback'), 1);
});
