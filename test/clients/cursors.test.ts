/**
 * SQL cursors, SQL prepared statements and idle_in_transaction_session_timeout through node-postgres and psql,
 * for what .slt files cannot express: command tags (FETCH n, MOVE n), a WITH HOLD cursor across COMMIT on
 * one connection while another writes, BINARY cursors' row format, FETCH over the extended protocol, the
 * statement namespace SQL and protocol share, psql's FETCH_COUNT, and the idle timeout ending a connection.
 * With BASIN_TEST_TARGET set, the same tests run against that server (PostgreSQL 15 is how they were checked).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

let target: Target;
before(async () => {
  target = await startTarget();
  await withClient(async (c) => {
    await c.query('DROP TABLE IF EXISTS cur_items');
    await c.query('CREATE TABLE cur_items (id int, label text)');
    await c.query("INSERT INTO cur_items SELECT g, 'item ' || g FROM generate_series(1, 50) g");
  });
});
after(async () => {
  await withClient((c) => c.query('DROP TABLE IF EXISTS cur_items')).catch(() => undefined);
  await target?.stop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host, port: target.port, user: target.user, password: target.password, database: target.database,
  });
  client.on('error', () => undefined); // a server that ends the connection is what some tests want
  await client.connect();
  return client;
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('cursors with node-postgres', () => {
  test('FETCH and MOVE report their command tags and row counts', async () => {
    await withClient(async (c) => {
      await c.query('BEGIN');
      const declared = await c.query('DECLARE c SCROLL CURSOR FOR SELECT id, label FROM cur_items ORDER BY id');
      assert.equal(declared.command, 'DECLARE');
      const f = await c.query('FETCH 3 FROM c');
      assert.equal(f.command, 'FETCH');
      assert.equal(f.rowCount, 3);
      assert.deepEqual(f.fields.map((x) => x.name), ['id', 'label']);
      assert.deepEqual(f.rows, [{ id: 1, label: 'item 1' }, { id: 2, label: 'item 2' }, { id: 3, label: 'item 3' }]);
      const m = await c.query('MOVE FORWARD 10 IN c');
      assert.equal(m.command, 'MOVE');
      assert.equal(m.rowCount, 10);
      assert.deepEqual((await c.query('FETCH NEXT FROM c')).rows, [{ id: 14, label: 'item 14' }]);
      assert.equal((await c.query('MOVE ALL IN c')).rowCount, 36);
      assert.equal((await c.query('MOVE BACKWARD ALL IN c')).rowCount, 50);
      assert.equal((await c.query('MOVE ABSOLUTE 60 IN c')).rowCount, 0);
      assert.equal((await c.query('MOVE 0 IN c')).rowCount, 0);
      const back = await c.query('FETCH BACKWARD 2 FROM c');
      assert.deepEqual(back.rows.map((r) => r.id), [50, 49]);
      assert.equal((await c.query('MOVE 0 IN c')).rowCount, 1);
      const empty = await c.query('FETCH ABSOLUTE 0 FROM c');
      assert.equal(empty.rowCount, 0);
      assert.deepEqual(empty.fields.map((x) => x.name), ['id', 'label']);
      assert.equal((await c.query('CLOSE c')).command, 'CLOSE');
      await c.query('COMMIT');
    });
  });

  test('a WITH HOLD cursor survives COMMIT with the rows of its transaction', async () => {
    await withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('DECLARE held NO SCROLL CURSOR WITH HOLD FOR SELECT id FROM cur_items WHERE id <= 5 ORDER BY id');
      assert.deepEqual((await c.query('FETCH 2 FROM held')).rows.map((r) => r.id), [1, 2]);
      await c.query('COMMIT');
      // Another session changes the table: the held cursor keeps what its transaction saw.
      await withClient((other) => other.query('DELETE FROM cur_items WHERE id = 4'));
      try {
        assert.deepEqual((await c.query('FETCH ALL FROM held')).rows.map((r) => r.id), [3, 4, 5]);
      } finally {
        await c.query("INSERT INTO cur_items VALUES (4, 'item 4')");
      }
      const listed = await c.query("SELECT is_holdable, is_scrollable FROM pg_cursors WHERE name = 'held'");
      assert.deepEqual(listed.rows, [{ is_holdable: true, is_scrollable: false }]);
      await c.query('CLOSE held');
      assert.equal((await c.query('SELECT count(*)::int AS n FROM pg_cursors')).rows[0].n, 0);
    });
  });

  test('a failed COMMIT drops the WITH HOLD cursors of its transaction', async () => {
    await withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('DECLARE doomed CURSOR WITH HOLD FOR SELECT 1 / (id - 3) AS x FROM cur_items ORDER BY id');
      // Reading the rest at COMMIT divides by zero: the commit fails and the cursor goes with it.
      assert.equal(await sqlState(c.query('COMMIT')), '22012');
      assert.equal(await sqlState(c.query('FETCH doomed')), '34000');
      assert.equal((await c.query('SELECT 1 AS ok')).rows[0].ok, 1);
    });
  });

  test('a BINARY cursor sends its rows in binary', async () => {
    await withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('DECLARE b BINARY CURSOR FOR SELECT id, id::int8 AS big, label FROM cur_items WHERE id IN (7, 8) ORDER BY id');
      const r = await c.query('FETCH ALL FROM b');
      assert.deepEqual(r.fields.map((f) => f.format), ['binary', 'binary', 'binary']);
      assert.equal(r.rows.length, 2);
      assert.equal(r.rows[0].id, 7);
      assert.equal(String(r.rows[0].big), '7');
      assert.equal(r.rows[1].label, 'item 8');
      // Other statements in the same session still answer in text.
      const t = await c.query('SELECT 5 AS five');
      assert.equal(t.fields[0]!.format, 'text');
      await c.query('COMMIT');
    });
  });

  test('FETCH runs over the extended protocol, described by its cursor', async () => {
    await withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('DECLARE x CURSOR FOR SELECT id, label FROM cur_items WHERE id > 45 ORDER BY id');
      const r = await c.query({ name: 'fetch-two', text: 'FETCH 2 FROM x' });
      assert.deepEqual(r.fields.map((f) => f.name), ['id', 'label']);
      assert.deepEqual(r.rows, [{ id: 46, label: 'item 46' }, { id: 47, label: 'item 47' }]);
      const again = await c.query({ name: 'fetch-two', text: 'FETCH 2 FROM x' });
      assert.deepEqual(again.rows.map((row) => row.id), [48, 49]);
      assert.equal(await sqlState(c.query({ name: 'fetch-missing', text: 'FETCH 1 FROM nosuch' })), '34000');
      await c.query('ROLLBACK');
    });
  });

  test('errors leave the session usable', async () => {
    await withClient(async (c) => {
      assert.equal(await sqlState(c.query('DECLARE nb CURSOR FOR SELECT 1')), '25P01');
      await c.query('BEGIN');
      await c.query('DECLARE fwd NO SCROLL CURSOR FOR SELECT id FROM cur_items ORDER BY id');
      await c.query('FETCH 2 FROM fwd');
      assert.equal(await sqlState(c.query('FETCH PRIOR FROM fwd')), '55000');
      assert.equal(await sqlState(c.query('FETCH NEXT FROM fwd')), '25P02');
      await c.query('ROLLBACK');
      assert.equal((await c.query('SELECT 2 AS two')).rows[0].two, 2);
    });
  });
});

describe('prepared statements shared by SQL and the protocol', () => {
  test('EXECUTE runs a statement the client prepared with Parse, and DEALLOCATE drops it', async () => {
    await withClient(async (c) => {
      const first = await c.query({ name: 'by_id', text: 'SELECT label FROM cur_items WHERE id = $1', values: [9] });
      assert.deepEqual(first.rows, [{ label: 'item 9' }]);
      const listed = await c.query("SELECT name, statement, from_sql, parameter_types::text AS types FROM pg_prepared_statements WHERE name = 'by_id'");
      assert.deepEqual(listed.rows, [{ name: 'by_id', statement: 'SELECT label FROM cur_items WHERE id = $1', from_sql: false, types: '{integer}' }]);
      const executed = await c.query('EXECUTE by_id(10)');
      assert.equal(executed.command, 'SELECT');
      assert.deepEqual(executed.rows, [{ label: 'item 10' }]);
      // A name the protocol already uses cannot be PREPAREd again.
      assert.equal(await sqlState(c.query('PREPARE by_id AS SELECT 1')), '42P05');
      await c.query('DEALLOCATE by_id');
      // node-postgres still believes it prepared the statement and sends only Bind: the server has forgotten it.
      assert.equal(await sqlState(c.query({ name: 'by_id', text: 'SELECT label FROM cur_items WHERE id = $1', values: [9] })), '26000');
    });
  });

  test('a SQL PREPAREd statement is listed with its query string and runs with EXECUTE over either protocol', async () => {
    await withClient(async (c) => {
      await c.query('PREPARE add_one (int) AS SELECT $1 + 1 AS n');
      const listed = await c.query("SELECT statement, from_sql FROM pg_prepared_statements WHERE name = 'add_one'");
      assert.deepEqual(listed.rows, [{ statement: 'PREPARE add_one (int) AS SELECT $1 + 1 AS n', from_sql: true }]);
      assert.deepEqual((await c.query('EXECUTE add_one(41)')).rows, [{ n: 42 }]);
      const extended = await c.query({ name: 'exec-add', text: 'EXECUTE add_one(1)' });
      assert.deepEqual(extended.fields.map((f) => f.name), ['n']);
      assert.deepEqual(extended.rows, [{ n: 2 }]);
      const plan = await c.query('EXPLAIN EXECUTE add_one(5)');
      assert.deepEqual(plan.fields.map((f) => f.name), ['QUERY PLAN']);
      assert.ok(plan.rows.length > 0);
      assert.equal(await sqlState(c.query('EXPLAIN EXECUTE nosuch(1)')), '26000');
      const ins = await c.query('PREPARE ins AS INSERT INTO cur_items VALUES ($1, $2)');
      assert.equal(ins.command, 'PREPARE');
      const done = await c.query("EXECUTE ins(100, 'extra')");
      assert.equal(done.command, 'INSERT');
      assert.equal(done.rowCount, 1);
      assert.equal((await c.query('DEALLOCATE ALL')).command, 'DEALLOCATE');
      assert.equal((await c.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0].n, 0);
      await c.query('DELETE FROM cur_items WHERE id = 100');
    });
  });
});

describe('idle_in_transaction_session_timeout', () => {
  test('SHOW and SET take PostgreSQL units', async () => {
    await withClient(async (c) => {
      assert.equal((await c.query('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout, '0');
      await c.query("SET idle_in_transaction_session_timeout = '90s'");
      assert.equal((await c.query('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout, '90s');
      await c.query('SET idle_in_transaction_session_timeout = 1500');
      assert.equal((await c.query('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout, '1500ms');
      const setting = await c.query("SELECT setting, unit FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'");
      assert.deepEqual(setting.rows, [{ setting: '1500', unit: 'ms' }]);
      assert.equal(await sqlState(c.query('SET idle_in_transaction_session_timeout = -1')), '22023');
      assert.equal(await sqlState(c.query("SET idle_in_transaction_session_timeout = '5 parsecs'")), '22023');
    });
  });

  test('a session idle inside a transaction block is terminated with FATAL 25P03', async () => {
    const c = await connect();
    const ended = new Promise<Error>((resolve) => c.once('error', resolve));
    try {
      await c.query('SET idle_in_transaction_session_timeout = 300');
      // Idle outside a transaction block: no limit.
      await sleep(600);
      assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
      await c.query('BEGIN');
      await c.query('SELECT 1');
      // Busy statements do not count: the block stays alive while it keeps working.
      for (let i = 0; i < 3; i++) {
        await sleep(150);
        await c.query('SELECT 1');
      }
      const err = await Promise.race([ended, sleep(5000).then(() => undefined)]);
      assert.ok(err !== undefined, 'the connection was not ended');
      assert.equal((err as { code?: string }).code, '25P03');
      assert.match(err.message, /idle-in-transaction timeout/);
      await assert.rejects(c.query('SELECT 1'));
    } finally {
      await c.end().catch(() => undefined);
    }
    // The block was rolled back, and other sessions go on.
    await withClient(async (other) => {
      assert.equal((await other.query('SELECT 3 AS three')).rows[0].three, 3);
    });
  });

  test('a failed transaction block times out as well', async () => {
    const c = await connect();
    const ended = new Promise<Error>((resolve) => c.once('error', resolve));
    try {
      await c.query("SET idle_in_transaction_session_timeout = '200ms'");
      await c.query('BEGIN');
      assert.equal(await sqlState(c.query('SELECT 1/0')), '22012');
      const err = await Promise.race([ended, sleep(5000).then(() => undefined)]);
      assert.equal((err as { code?: string } | undefined)?.code, '25P03');
    } finally {
      await c.end().catch(() => undefined);
    }
  });
});

describe('psql', () => {
  test('FETCH_COUNT reads a result through a cursor', () => {
    const psql = spawnSync('psql', ['-X', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database,
      '-v', 'FETCH_COUNT=7', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-c', 'SELECT g FROM generate_series(1, 20) g'], {
      encoding: 'utf8', env: { ...process.env, PGPASSWORD: target.password ?? '' },
    });
    assert.equal(psql.error, undefined);
    assert.equal(psql.status, 0, psql.stderr);
    assert.deepEqual(psql.stdout.trim().split('\n').map(Number), Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
