/**
 * Column mapping in the Delta log: RENAME and DROP COLUMN commit only a metaData action (no file is rewritten),
 * the table moves to name mode with the columnMapping reader and writer features, existing columns keep
 * their names as physical names, a column added later gets a fresh physical name, and data files and their
 * statistics use physical names.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;

before(async () => {
  server = await startServer();
  client = await connectClient(server);
});

after(async () => {
  await client?.end();
  await server?.stop();
});

type Action = Record<string, Record<string, unknown>>;

function commits(table: string): Action[][] {
  const log = path.join(server.dataDir, 'databases', 'basin', 'public', table, '_delta_log');
  return readdirSync(log).filter((f) => /^\d{20}\.json$/.test(f)).sort()
    .map((f) => readFileSync(path.join(log, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Action));
}

const kinds = (c: Action[]) => c.map((a) => Object.keys(a)[0]).filter((k) => k !== 'commitInfo').sort();
const fieldsOf = (md: Record<string, unknown>) =>
  (JSON.parse(md.schemaString as string) as { fields: { name: string; metadata: Record<string, unknown> }[] }).fields;

test('RENAME and DROP COLUMN commit metadata only; files and stats use physical names', async () => {
  await client.query('CREATE TABLE mapped (a int, b text, c int)');
  await client.query("INSERT INTO mapped VALUES (1, 'x', 10), (2, 'y', 20)");
  const before = commits('mapped');
  const files = before.flat().filter((a) => a.add !== undefined).map((a) => a.add!.path);

  await client.query('ALTER TABLE mapped RENAME COLUMN b TO bee');
  const rename = commits('mapped').at(-1)!;
  assert.deepEqual(kinds(rename), ['metaData', 'protocol'], 'the rename commits the new schema and protocol, and no file');
  const protocol = rename.find((a) => a.protocol !== undefined)!.protocol!;
  assert.equal(protocol.minReaderVersion, 3);
  assert.equal(protocol.minWriterVersion, 7);
  assert.ok((protocol.readerFeatures as string[]).includes('columnMapping'));
  assert.ok((protocol.writerFeatures as string[]).includes('columnMapping'));
  const md = rename.find((a) => a.metaData !== undefined)!.metaData!;
  assert.equal((md.configuration as Record<string, string>)['delta.columnMapping.mode'], 'name');
  assert.equal((md.configuration as Record<string, string>)['delta.columnMapping.maxColumnId'], '3');
  assert.deepEqual(fieldsOf(md).map((f) => [f.name, f.metadata['delta.columnMapping.physicalName'], f.metadata['delta.columnMapping.id']]),
    [['a', 'a', 1], ['bee', 'b', 2], ['c', 'c', 3]]);

  await client.query('ALTER TABLE mapped DROP COLUMN c');
  assert.deepEqual(kinds(commits('mapped').at(-1)!), ['metaData']);
  await client.query('ALTER TABLE mapped ADD COLUMN c int');
  await client.query("INSERT INTO mapped VALUES (3, 'z', 30)");
  const all = commits('mapped');
  const last = all.at(-1)!;
  const fields = fieldsOf([...all].reverse().flat().find((a) => a.metaData !== undefined)!.metaData!);
  const newC = fields.find((f) => f.name === 'c')!.metadata['delta.columnMapping.physicalName'] as string;
  assert.match(newC, /^col-[0-9a-f-]{36}$/, 'a column added under mapping gets a fresh physical name');
  const stats = JSON.parse(last.find((a) => a.add !== undefined)!.add!.stats as string) as { minValues: Record<string, unknown> };
  assert.deepEqual(Object.keys(stats.minValues).sort(), ['a', 'b', newC].sort(), 'stats are keyed by physical names');
  // the files written before the rename and drop are still the table's files
  const live = new Set(all.flat().filter((a) => a.add !== undefined).map((a) => a.add!.path));
  for (const f of files) assert.ok(live.has(f));
  assert.equal(all.flat().filter((a) => a.remove !== undefined).length, 0, 'no file was removed');
  const r = await client.query('SELECT a, bee, c FROM mapped ORDER BY a');
  assert.deepEqual(r.rows, [{ a: 1, bee: 'x', c: null }, { a: 2, bee: 'y', c: null }, { a: 3, bee: 'z', c: 30 }]);
});
