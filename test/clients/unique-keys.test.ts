/**
 * PRIMARY KEY and UNIQUE through node-postgres, as applications and ORMs meet them: the 23505 ErrorResponse with
 * its DETAIL and the schema, table and constraint fields (which ORMs map to their duplicate-key errors); COPY
 * FROM STDIN with a duplicate writes nothing; and two sessions inserting the same key at once never both
 * commit. With BASIN_TEST_TARGET set, the same tests run against that server (PostgreSQL 15 answers the same).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startTarget, type Target } from '../target.ts';

let target: Target;
let client: pg.Client;
const suffix = `${process.pid}`;
const t = (name: string): string => `uk_${name}_${suffix}`;

const connect = async (): Promise<pg.Client> => {
  const c = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await c.connect();
  return c;
};

before(async () => {
  target = await startTarget();
  client = await connect();
});
after(async () => {
  await client?.end();
  await target?.stop();
});

/** The error a promise fails with (it must fail). */
async function failure(p: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await p;
  } catch (e) {
    return e as pg.DatabaseError;
  }
  assert.fail('expected the statement to fail');
}

const fields = (e: pg.DatabaseError) => ({
  code: e.code, message: e.message, detail: e.detail, schema: e.schema, table: e.table, constraint: e.constraint,
});

test('23505 names the constraint, schema and table, and DETAIL shows the key', async () => {
  const name = t('fields');
  await client.query(`CREATE TABLE ${name} (id int PRIMARY KEY, email text, tenant int, UNIQUE (tenant, email))`);
  await client.query(`INSERT INTO ${name} VALUES (1, 'a@x', 7)`);
  assert.deepEqual(fields(await failure(client.query(`INSERT INTO ${name} VALUES ($1, $2, $3)`, [1, 'b@x', 7]))), {
    code: '23505', message: `duplicate key value violates unique constraint "${name}_pkey"`, detail: 'Key (id)=(1) already exists.',
    schema: 'public', table: name, constraint: `${name}_pkey`,
  });
  assert.deepEqual(fields(await failure(client.query(`INSERT INTO ${name} VALUES (2, 'a@x', 7)`))), {
    code: '23505', message: `duplicate key value violates unique constraint "${name}_tenant_email_key"`,
    detail: 'Key (tenant, email)=(7, a@x) already exists.', schema: 'public', table: name, constraint: `${name}_tenant_email_key`,
  });
  // Within one statement: the third row repeats the first's key.
  assert.deepEqual(fields(await failure(client.query(`INSERT INTO ${name} VALUES (2, 'b@x', 7), (3, 'c@x', 7), (2, 'd@x', 7)`))), {
    code: '23505', message: `duplicate key value violates unique constraint "${name}_pkey"`, detail: 'Key (id)=(2) already exists.',
    schema: 'public', table: name, constraint: `${name}_pkey`,
  });
  // The session goes on; the failed statement wrote nothing.
  assert.deepEqual((await client.query(`SELECT count(*)::int AS n FROM ${name}`)).rows, [{ n: 1 }]);
});

test('ALTER TABLE ADD PRIMARY KEY over duplicated rows: could not create unique index, DETAIL is duplicated', async () => {
  const name = t('dups');
  await client.query(`CREATE TABLE ${name} (id int, v text)`);
  await client.query(`INSERT INTO ${name} VALUES (1, 'a'), (2, 'b'), (2, 'c')`);
  assert.deepEqual(fields(await failure(client.query(`ALTER TABLE ${name} ADD PRIMARY KEY (id)`))), {
    code: '23505', message: `could not create unique index "${name}_pkey"`, detail: 'Key (id)=(2) is duplicated.',
    schema: 'public', table: name, constraint: `${name}_pkey`,
  });
  const r = await client.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = '${name}'::regclass`);
  assert.deepEqual(r.rows, [{ n: 0 }]);
});

test('COPY FROM STDIN with a duplicate key fails with 23505 and writes nothing', async () => {
  const name = t('copy');
  await client.query(`CREATE TABLE ${name} (id int PRIMARY KEY, v text)`);
  await client.query(`INSERT INTO ${name} VALUES (5, 'old')`);
  const copy = (text: string) => pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${name} FROM STDIN`)));
  const e = await failure(copy('1\ta\n2\tb\n5\tc\n'));
  assert.deepEqual([e.code, e.detail, e.constraint], ['23505', 'Key (id)=(5) already exists.', `${name}_pkey`]);
  const e2 = await failure(copy('10\ta\n11\tb\n10\tc\n'));
  assert.deepEqual([e2.code, e2.detail], ['23505', 'Key (id)=(10) already exists.']);
  await copy('1\ta\n2\tb\n3\tc\n');
  const r = await client.query(`SELECT id FROM ${name} ORDER BY id`);
  assert.deepEqual(r.rows.map((x) => x.id), [1, 2, 3, 5]);
});

test('two sessions inserting the same keys at once: each key is committed once, the loser gets 23505', { timeout: 120_000 }, async () => {
  const name = t('race');
  await client.query(`CREATE TABLE ${name} (id int PRIMARY KEY, who int)`);
  const a = await connect(), b = await connect();
  try {
    let lost = 0;
    for (let k = 1; k <= 20; k++) {
      const results = await Promise.allSettled([a, b].map((c, who) => c.query(`INSERT INTO ${name} VALUES ($1, $2)`, [k, who])));
      const failed = results.filter((r) => r.status === 'rejected');
      for (const f of failed) assert.equal((f.reason as pg.DatabaseError).code, '23505');
      assert.equal(failed.length, 1, `key ${k}: exactly one of the two INSERTs fails`);
      lost++;
    }
    assert.equal(lost, 20);
    const r = await client.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM ${name}`);
    assert.deepEqual(r.rows, [{ n: 20, d: 20 }]);
  } finally {
    await a.end();
    await b.end();
  }
});

test('two transaction blocks inserting the same key: the second to finish fails with 23505 (at its INSERT or its COMMIT)', async () => {
  const name = t('blocks');
  await client.query(`CREATE TABLE ${name} (id int, code text UNIQUE)`);
  const a = await connect(), b = await connect();
  try {
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query(`INSERT INTO ${name} VALUES (1, 'same')`);
    // PostgreSQL makes b's INSERT wait for a's outcome; Basin lets it run and checks at b's COMMIT.
    const insert = b.query(`INSERT INTO ${name} VALUES (2, 'same')`).then(() => undefined, (e: pg.DatabaseError) => e);
    await new Promise((r) => setTimeout(r, 200));
    await a.query('COMMIT');
    const atInsert = await insert;
    const atCommit = await b.query('COMMIT').then(() => undefined, (e: pg.DatabaseError) => e);
    const e = atInsert ?? atCommit;
    assert.ok(e !== undefined, 'the second transaction must not commit');
    assert.deepEqual([e.code, e.detail, e.constraint], ['23505', 'Key (code)=(same) already exists.', `${name}_code_key`]);
    await b.query('ROLLBACK').catch(() => undefined);
    const r = await client.query(`SELECT id FROM ${name}`);
    assert.deepEqual(r.rows, [{ id: 1 }]);
  } finally {
    await a.end();
    await b.end();
  }
});

test('two sessions upserting the same key at once: one row; neither gets 23505 (Basin may answer 40001, to retry)', { timeout: 120_000 }, async () => {
  const name = t('upsert');
  await client.query(`CREATE TABLE ${name} (id int PRIMARY KEY, n int)`);
  const a = await connect(), b = await connect();
  try {
    for (let k = 1; k <= 10; k++) {
      const results = await Promise.allSettled([a, b].map((c) => c.query(`INSERT INTO ${name} VALUES ($1, 1) ON CONFLICT (id) DO NOTHING`, [k])));
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as pg.DatabaseError).code, '40001');
    }
    const r = await client.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM ${name}`);
    assert.deepEqual(r.rows, [{ n: 10, d: 10 }]);
  } finally {
    await a.end();
    await b.end();
  }
});
