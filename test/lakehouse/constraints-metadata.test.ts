/**
 * Constraints live in the Delta log, where other engines see them: CHECK constraints as
 * `delta.constraints.<name>` properties, generated columns as `delta.generationExpression` and identity
 * columns as `delta.identity.*` field metadata, with the protocol listing exactly the writer features used.
 * And the other way round: rules another engine put in a table's log are enforced on Basin's writes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;

const connect = async (): Promise<pg.Client> => {
  const c = new pg.Client({ host: server.host, port: server.port, user: 'basin', database: 'basin' });
  await c.connect();
  return c;
};

before(async () => {
  server = await startServer();
  client = await connect();
});

after(async () => {
  await client?.end();
  await server?.stop();
});

type Action = Record<string, Record<string, unknown>>;

const logDir = (table: string) => path.join(server.dataDir, 'databases', 'basin', 'public', table, '_delta_log');
const versions = (table: string) => readdirSync(logDir(table)).filter((f) => /^\d{20}\.json$/.test(f)).sort();
const readCommit = (table: string, file: string): Action[] =>
  readFileSync(path.join(logDir(table), file), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Action);
const lastCommit = (table: string) => readCommit(table, versions(table).at(-1)!);

/** The table's protocol and metadata as of its latest version (replaying the log's JSON commits). */
function tableState(table: string) {
  let protocol: Record<string, unknown> | undefined;
  let metaData: Record<string, unknown> | undefined;
  for (const v of versions(table)) {
    for (const a of readCommit(table, v)) {
      if (a.protocol !== undefined) protocol = a.protocol;
      if (a.metaData !== undefined) metaData = a.metaData;
    }
  }
  const fields = (JSON.parse(String(metaData!.schemaString)) as { fields: { name: string; nullable: boolean; metadata: Record<string, unknown> }[] }).fields;
  return { protocol: protocol!, metaData: metaData!, configuration: metaData!.configuration as Record<string, string>, fields };
}

const field = (state: ReturnType<typeof tableState>, name: string) => state.fields.find((f) => f.name === name)!;

async function sqlError(c: pg.Client, sql: string): Promise<pg.DatabaseError> {
  try {
    await c.query(sql);
  } catch (e) {
    return e as pg.DatabaseError;
  }
  assert.fail(`expected an error from: ${sql}`);
}

test('CREATE TABLE writes CHECK, generated and identity columns into the Delta log with the features they need', async () => {
  await client.query(`CREATE TABLE m (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 5 INCREMENT BY 2), a int CHECK (a > 0),
    "Mixed" int, g int GENERATED ALWAYS AS ("Mixed" * 2) STORED, CONSTRAINT both_pos CHECK (a + "Mixed" > 0))`);
  const s = tableState('m');
  assert.deepEqual(s.protocol, { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['checkConstraints', 'generatedColumns', 'identityColumns'] });
  // Spark's conventions: lower-cased constraint names, backquoted identifiers.
  assert.deepEqual(s.configuration, { 'delta.constraints.m_a_check': 'a > 0', 'delta.constraints.both_pos': 'a + `Mixed` > 0' });
  assert.deepEqual(field(s, 'g').metadata, { 'delta.generationExpression': '`Mixed` * 2' });
  assert.deepEqual(field(s, 'id').metadata, {
    'delta.identity.start': 5, 'delta.identity.step': 2, 'delta.identity.allowExplicitInsert': false,
  });
  assert.equal(field(s, 'id').nullable, false);

  // Each write that hands out identity values records the high-water mark in the same commit.
  await client.query('INSERT INTO m (a, "Mixed") VALUES (1, 1), (2, 2)');
  const commit = lastCommit('m');
  assert.ok(commit.some((a) => a.add !== undefined));
  const md = commit.find((a) => a.metaData !== undefined)!.metaData!;
  const id = (JSON.parse(String(md.schemaString)) as { fields: { name: string; metadata: Record<string, unknown> }[] }).fields.find((f) => f.name === 'id')!;
  assert.equal(id.metadata['delta.identity.highWaterMark'], 7);
  await client.query('INSERT INTO m (a, "Mixed") VALUES (3, 3)');
  assert.equal(field(tableState('m'), 'id').metadata['delta.identity.highWaterMark'], 9);
  const r = await client.query('SELECT id, a, g FROM m ORDER BY id');
  assert.deepEqual(r.rows, [{ id: '5', a: 1, g: 2 }, { id: '7', a: 2, g: 4 }, { id: '9', a: 3, g: 6 }]);
  // A blind append that hands out no identity value changes no metadata.
  await client.query('CREATE TABLE plain (a int)');
  await client.query('INSERT INTO plain VALUES (1)');
  assert.equal(lastCommit('plain').some((a) => a.metaData !== undefined), false);
});

test('a violation answers 23514 with PostgreSQL\'s message and failing row, and writes nothing', async () => {
  await client.query('CREATE TABLE v (a int, b text, CONSTRAINT a_pos CHECK (a > 0))');
  const before = versions('v').length;
  const e = await sqlError(client, "INSERT INTO v VALUES (1, 'ok'), (0, 'zero')");
  assert.equal(e.code, '23514');
  assert.equal(e.message, 'new row for relation "v" violates check constraint "a_pos"');
  assert.equal(e.detail, 'Failing row contains (0, zero).');
  assert.equal(versions('v').length, before);
  assert.equal((await client.query('SELECT count(*)::int AS n FROM v')).rows[0].n, 0);
});

test('ALTER TABLE ADD/DROP CONSTRAINT change the properties and move a legacy table to writer version 3', async () => {
  await client.query('CREATE TABLE legacy (a int)');
  assert.deepEqual(tableState('legacy').protocol, { minReaderVersion: 1, minWriterVersion: 2 });
  await client.query('INSERT INTO legacy VALUES (5)');
  await client.query('ALTER TABLE legacy ADD CONSTRAINT under_ten CHECK (a < 10)');
  const commit = lastCommit('legacy');
  assert.deepEqual(commit.find((a) => a.protocol !== undefined)?.protocol, { minReaderVersion: 1, minWriterVersion: 3 });
  assert.equal(commit.find((a) => a.commitInfo !== undefined)!.commitInfo!.operation, 'ADD CONSTRAINT');
  assert.deepEqual(tableState('legacy').configuration, { 'delta.constraints.under_ten': 'a < 10' });
  assert.equal((await sqlError(client, 'INSERT INTO legacy VALUES (10)')).code, '23514');
  await client.query('ALTER TABLE legacy DROP CONSTRAINT under_ten');
  assert.deepEqual(tableState('legacy').configuration, {});
  assert.deepEqual(tableState('legacy').protocol, { minReaderVersion: 1, minWriterVersion: 3 });
  await client.query('INSERT INTO legacy VALUES (10)');
  // A generated column added later needs table features: the legacy version's features are listed with it.
  await client.query('ALTER TABLE legacy ADD COLUMN twice int GENERATED ALWAYS AS (a * 2) STORED');
  assert.deepEqual(tableState('legacy').protocol,
    { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'checkConstraints', 'generatedColumns', 'invariants'] });
  assert.deepEqual((await client.query('SELECT a, twice FROM legacy ORDER BY a')).rows, [{ a: 5, twice: 10 }, { a: 10, twice: 20 }]);
});

/** Append a commit to the table's log as another engine would: new protocol and metadata. */
function foreignCommit(table: string, protocol: Record<string, unknown>, configuration: Record<string, string>,
  fieldMetadata: Record<string, Record<string, unknown>>, nullable: Record<string, boolean> = {}): void {
  const s = tableState(table);
  const fields = s.fields.map((f) => ({ ...f, nullable: nullable[f.name] ?? f.nullable, metadata: { ...f.metadata, ...fieldMetadata[f.name] } }));
  const next = versions(table).length;
  const actions = [
    { commitInfo: { timestamp: Date.now(), operation: 'SET TBLPROPERTIES', operationParameters: {}, engineInfo: 'Apache-Spark/3.5.0 Delta-Lake/3.2.0' } },
    { protocol },
    { metaData: { ...s.metaData, schemaString: JSON.stringify({ type: 'struct', fields }), configuration: { ...s.configuration, ...configuration } } },
  ];
  writeFileSync(path.join(logDir(table), `${String(next).padStart(20, '0')}.json`), actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
}

test('rules another engine wrote into the log are enforced on Basin\'s writes', async () => {
  await client.query('CREATE TABLE foreign_t (a int, b int, id bigint, s text)');
  foreignCommit('foreign_t', { minReaderVersion: 1, minWriterVersion: 6 }, { 'delta.constraints.positiveA': '`a` > 0 AND s <> "bad"' }, {
    b: { 'delta.generationExpression': 'a + 1' },
    id: { 'delta.identity.start': 100, 'delta.identity.step': 10, 'delta.identity.highWaterMark': 120, 'delta.identity.allowExplicitInsert': false },
    s: { 'delta.invariants': JSON.stringify({ expression: { expression: 's IS NOT NULL' } }) },
  }, { id: false });
  const e = await sqlError(client, "INSERT INTO foreign_t (a, s) VALUES (-1, 'x')");
  assert.equal(e.code, '23514');
  assert.match(e.message, /violates check constraint "positiveA"/);
  assert.equal((await sqlError(client, "INSERT INTO foreign_t (a, s) VALUES (1, 'bad')")).code, '23514');
  // The invariant fails on NULL, unlike a CHECK.
  assert.equal((await sqlError(client, 'INSERT INTO foreign_t (a, s) VALUES (1, NULL)')).code, '23514');
  assert.equal((await sqlError(client, "INSERT INTO foreign_t (a, b, s) VALUES (1, 7, 'x')")).code, '428C9');
  assert.equal((await sqlError(client, "INSERT INTO foreign_t (a, id, s) VALUES (1, 7, 'x')")).code, '428C9');
  await client.query("INSERT INTO foreign_t (a, s) VALUES (1, 'x'), (2, 'y')");
  assert.deepEqual((await client.query('SELECT a, b, id, s FROM foreign_t ORDER BY a')).rows,
    [{ a: 1, b: 2, id: '130', s: 'x' }, { a: 2, b: 3, id: '140', s: 'y' }]);
  const s = tableState('foreign_t');
  assert.equal(field(s, 'id').metadata['delta.identity.highWaterMark'], 140);
  assert.deepEqual(s.protocol, { minReaderVersion: 1, minWriterVersion: 6 });
  assert.equal(s.configuration['delta.constraints.positiveA'], '`a` > 0 AND s <> "bad"');
  // A rule Basin cannot evaluate is not silently skipped: the write is refused.
  foreignCommit('foreign_t', { minReaderVersion: 1, minWriterVersion: 6 }, { 'delta.constraints.opaque': 'no_such_function(a)' }, {});
  const refused = await sqlError(client, "INSERT INTO foreign_t (a, s) VALUES (3, 'z')");
  assert.equal(refused.code, '0A000');
  assert.match(refused.message, /cannot enforce check constraint "opaque"/);
});

test('two transactions that both hand out identity values: the later commit conflicts', async () => {
  await client.query('CREATE TABLE race (id int GENERATED ALWAYS AS IDENTITY, who text)');
  const [c1, c2] = [await connect(), await connect()];
  try {
    await c1.query('BEGIN');
    await c2.query('BEGIN');
    await c1.query("INSERT INTO race (who) VALUES ('one')");
    await c2.query("INSERT INTO race (who) VALUES ('two')");
    await c1.query('COMMIT');
    const e = await sqlError(c2, 'COMMIT');
    assert.equal(e.code, '40001');
    await client.query("INSERT INTO race (who) VALUES ('three')");
    assert.deepEqual((await client.query('SELECT id, who FROM race ORDER BY id')).rows, [{ id: 1, who: 'one' }, { id: 2, who: 'three' }]);
  } finally {
    await c1.end();
    await c2.end();
  }
});
