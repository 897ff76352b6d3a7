/**
 * node-postgres against Basin: simple and extended protocol, parameters of each foundation type, binary
 * results, portals read max_rows at a time, transactions, CancelRequest, SCRAM, restart and crash recovery.
 * With BASIN_TEST_TARGET set, everything that does not need a Basin process of its own runs there instead.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { backendKey, sendCancelRequest } from '../cancel-request.ts';
import { startServer } from '../server-process.ts';
import { externalTarget, startTarget, type Target } from '../target.ts';

const needsOwnServer = externalTarget ? 'needs a spawned Basin (BASIN_TEST_TARGET is set)' : false;

let target: Target;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

// pg supports `binary` on the client and on a query at run time; @types/pg does not declare it.
type ClientOptions = Partial<pg.ClientConfig> & { binary?: boolean };
type BinaryQuery = pg.QueryConfig & { binary: true };

async function connect(extra: ClientOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ...extra,
  });
  await client.connect();
  return client;
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>, extra: ClientOptions = {}): Promise<T> {
  const client = await connect(extra);
  try {
    return await fn(client);
  } finally {
    await closeClient(client);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** end(), but never hang on a connection the server stopped answering. */
async function closeClient(client: pg.Client): Promise<void> {
  await Promise.race([client.end().catch(() => {}), sleep(2000)]);
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  assert.fail('expected the statement to fail');
}

describe('simple query protocol', { timeout: 60_000 }, () => {
  test('literals, result types and field metadata', () =>
    withClient(async (c) => {
      const r = await c.query("SELECT 1 AS one, 'two' AS two, 1.5 AS three, true AS four, NULL::int AS five");
      assert.deepEqual(r.rows, [{ one: 1, two: 'two', three: '1.5', four: true, five: null }]);
      assert.deepEqual(
        r.fields.map((f) => [f.name, f.dataTypeID]),
        [['one', 23], ['two', 25], ['three', 1700], ['four', 16], ['five', 23]],
      );
    }));

  test('DDL, DML and aggregates with PostgreSQL result types', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_simple');
      await c.query('CREATE TABLE pgt_simple (id int, name text, score double precision)');
      const ins = await c.query("INSERT INTO pgt_simple VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, NULL, NULL)");
      assert.equal(ins.command, 'INSERT');
      assert.equal(ins.rowCount, 3);
      const r = await c.query('SELECT count(*) AS n, sum(id) AS s, avg(id) AS a, max(score) AS m FROM pgt_simple');
      // count → int8 and sum(int) → int8 (pg returns both as strings), avg(int) → numeric.
      assert.deepEqual(r.rows, [{ n: '3', s: '6', a: '2.0000000000000000', m: 2.5 }]);
      assert.deepEqual(r.fields.map((f) => f.dataTypeID), [20, 20, 1700, 701]);
      await c.query('DROP TABLE pgt_simple');
    }));

  test('several statements in one query string', () =>
    withClient(async (c) => {
      const results = (await c.query('SELECT 1 AS a; SELECT 2 AS b')) as unknown as pg.QueryResult[];
      assert.equal(results.length, 2);
      assert.deepEqual(results.map((r) => r.rows[0]), [{ a: 1 }, { b: 2 }]);
    }));
});

describe('extended protocol', { timeout: 60_000 }, () => {
  const ts = new Date('2024-03-01T12:34:56.789Z');
  const params = [42, '9007199254740993', 'héllo wörld', '12345.678', true, '2024-02-29', ts, Buffer.from([0, 1, 254, 255]), null];

  test('parameters of every foundation type, echoed back', () =>
    withClient(async (c) => {
      const r = await c.query(
        'SELECT $1::int AS i, $2::bigint AS b, $3::text AS t, $4::numeric AS n, $5::bool AS bo, ' +
          '$6::date::text AS d, $7::timestamptz AS ts, $8::bytea AS by, $9::int AS nul',
        params,
      );
      const row = r.rows[0];
      assert.equal(row.i, 42);
      assert.equal(row.b, '9007199254740993');
      assert.equal(row.t, 'héllo wörld');
      assert.equal(row.n, '12345.678');
      assert.equal(row.bo, true);
      assert.equal(row.d, '2024-02-29');
      assert.equal((row.ts as Date).getTime(), ts.getTime());
      assert.deepEqual(row.by, Buffer.from([0, 1, 254, 255]));
      assert.equal(row.nul, null);
    }));

  test('parameter types inferred from the target columns of an INSERT', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_params');
      await c.query(
        'CREATE TABLE pgt_params (i int, b bigint, t text, n numeric(10,3), bo boolean, d date, ts timestamptz, by bytea, nul int)',
      );
      await c.query('INSERT INTO pgt_params VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', params);
      const r = await c.query('SELECT i, b, t, n, bo, d::text AS d, ts, by, nul FROM pgt_params WHERE i = $1', [42]);
      assert.equal(r.rowCount, 1);
      assert.deepEqual({ ...r.rows[0], ts: (r.rows[0].ts as Date).getTime() }, {
        i: 42, b: '9007199254740993', t: 'héllo wörld', n: '12345.678', bo: true, d: '2024-02-29',
        ts: ts.getTime(), by: Buffer.from([0, 1, 254, 255]), nul: null,
      });
      await c.query('DROP TABLE pgt_params');
    }));

  test('parameter types inferred in UPDATE and DELETE, with RETURNING described', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_modify');
      await c.query('CREATE TABLE pgt_modify (id int, name text)');
      await c.query("INSERT INTO pgt_modify VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      const u = await c.query('UPDATE pgt_modify SET name = $1 WHERE id = $2 RETURNING id, name', ['z', 2]);
      assert.deepEqual(u.rows, [{ id: 2, name: 'z' }]);
      assert.deepEqual(u.fields.map((f) => [f.name, f.dataTypeID]), [['id', 23], ['name', 25]]);
      const d = await c.query('DELETE FROM pgt_modify WHERE id > $1 AND name <> $2', [1, 'c']);
      assert.equal(d.rowCount, 1);
      assert.deepEqual((await c.query('SELECT id FROM pgt_modify ORDER BY id')).rows, [{ id: 1 }, { id: 3 }]);
      await c.query('DROP TABLE pgt_modify');
    }));

  test('ROLLBACK and ROLLBACK TO SAVEPOINT are accepted over the extended protocol in a failed transaction', () =>
    withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('SAVEPOINT s');
      assert.equal(await sqlState(c.query('SELECT 1 / $1::int', [0])), '22012');
      assert.equal(await sqlState(c.query('SELECT $1::int', [1])), '25P02');
      await c.query({ text: 'ROLLBACK TO SAVEPOINT s', values: [], name: 'pgt_rollback_to' });
      assert.deepEqual((await c.query('SELECT $1::int AS x', [1])).rows, [{ x: 1 }]);
      assert.equal(await sqlState(c.query('SELECT 1 / $1::int', [0])), '22012');
      assert.equal((await c.query({ text: 'ROLLBACK', name: 'pgt_rollback' })).command, 'ROLLBACK');
    }));

  test('a named prepared statement executed repeatedly with different parameters', () =>
    withClient(async (c) => {
      const results: unknown[] = [];
      for (const [a, b] of [[1, 2], [10, 20], [-5, 5]] as const) {
        const r = await c.query({ name: 'pgt_add', text: 'SELECT $1::int + $2::int AS s, $1::int * $2::int AS p', values: [a, b] });
        results.push(r.rows[0]);
      }
      assert.deepEqual(results, [{ s: 3, p: 2 }, { s: 30, p: 200 }, { s: 0, p: -25 }]);
    }));

  test('an error in a prepared statement leaves the session usable', () =>
    withClient(async (c) => {
      assert.equal(await sqlState(c.query('SELECT $1::int / 0', [1])), '22012');
      assert.equal(await sqlState(c.query('SELECT $1::int', ['not a number'])), '22P02');
      assert.deepEqual((await c.query('SELECT $1::text AS x', ['ok'])).rows, [{ x: 'ok' }]);
    }));
});

describe('binary results', { timeout: 60_000 }, () => {
  // node-postgres decodes DataRow fields as UTF-8 before handing binary values to its parsers, so the values
  // here are chosen so that their binary encodings are plain ASCII bytes; any wrong encoding still shows.
  test('int2, int4, int8, float4, float8, bool, text, numeric, timestamptz, date, bytea', () =>
    withClient(async (c) => {
      const query: BinaryQuery = {
        text:
          "SELECT 7::smallint AS i2, 16909060 AS i4, 72623859790382856::bigint AS i8, 2.5::real AS f4, " +
          "2.5::float8 AS f8, true AS bo, 'héllo'::text AS t, 12345.678::numeric AS n, -2.5::numeric AS neg, " +
          "'2021-12-31 23:07:13.203+00'::timestamptz AS ts, '2024-03-01'::date AS d, '\\x0102037f'::bytea AS by, " +
          '$1::int AS p',
        // A parameter makes pg use the extended protocol; the simple protocol always answers in text.
        values: [1],
        binary: true,
      };
      const r = await c.query(query);
      const row = r.rows[0];
      assert.equal(row.i2, 7);
      assert.equal(row.i4, 16909060);
      assert.equal(row.i8, '72623859790382856');
      assert.equal(row.f4, 2.5);
      assert.equal(row.f8, 2.5);
      assert.equal(row.bo, true);
      assert.equal(row.t, 'héllo');
      assert.equal(row.n, 12345.678); // pg's binary numeric parser yields a number
      assert.equal(row.neg, -2.5);
      assert.equal((row.ts as Date).toISOString(), '2021-12-31T23:07:13.203Z');
      // pg has no binary parser for date or bytea and hands over the raw bytes as a string; date is the
      // int32 days since 2000-01-01 (8826).
      assert.deepEqual(Buffer.from(String(row.d)), Buffer.from([0, 0, 0x22, 0x7a]));
      assert.deepEqual(Buffer.from(String(row.by)), Buffer.from([1, 2, 3, 0x7f]));
      assert.equal(row.p, 1);
      assert.ok(r.fields.every((f) => f.format === 'binary'));
    }));

  test('binary results from a table with parameters, client-wide binary option', () =>
    withClient(
      async (c) => {
        await c.query('DROP TABLE IF EXISTS pgt_bin');
        await c.query('CREATE TABLE pgt_bin (k int, v bigint)');
        await c.query('INSERT INTO pgt_bin VALUES (1, 100), (2, 120), (3, NULL)');
        const r = await c.query('SELECT k, v FROM pgt_bin WHERE k >= $1 ORDER BY k', [2]);
        assert.deepEqual(r.rows, [{ k: 2, v: '120' }, { k: 3, v: null }]);
        assert.deepEqual(r.fields.map((f) => f.format), ['binary', 'binary']);
        await c.query('DROP TABLE pgt_bin');
      },
      { binary: true },
    ));
});

describe('portals with max_rows (pg-cursor)', { timeout: 60_000 }, () => {
  before(() =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_ten');
      await c.query('CREATE TABLE pgt_ten (n int)');
      await c.query('INSERT INTO pgt_ten VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)');
    }));
  after(() => withClient((c) => c.query('DROP TABLE IF EXISTS pgt_ten')));

  const read = (cursor: Cursor, n: number): Promise<{ n: number }[]> => cursor.read(n) as Promise<{ n: number }[]>;

  test('reads 3 rows at a time from a 10-row result', () =>
    withClient(async (c) => {
      const cursor = c.query(new Cursor('SELECT n FROM pgt_ten WHERE n > $1 ORDER BY n', [0]));
      const batches: number[][] = [];
      for (;;) {
        const rows = await read(cursor, 3);
        if (rows.length === 0) break;
        batches.push(rows.map((r) => r.n));
      }
      await cursor.close();
      assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
      assert.deepEqual((await c.query('SELECT count(*)::int AS c FROM pgt_ten')).rows, [{ c: 10 }]);
    }));

  test('a cursor closed early, then the session goes on', () =>
    withClient(async (c) => {
      const cursor = c.query(new Cursor('SELECT n FROM pgt_ten ORDER BY n DESC'));
      assert.deepEqual((await read(cursor, 3)).map((r) => r.n), [10, 9, 8]);
      await cursor.close();
      assert.deepEqual((await c.query('SELECT 1 AS x')).rows, [{ x: 1 }]);
    }));

  test('two cursors open at once on two sessions, read interleaved', async () => {
    const a = await connect();
    const b = await connect();
    try {
      const ca = a.query(new Cursor('SELECT n FROM pgt_ten ORDER BY n'));
      const cb = b.query(new Cursor('SELECT n * 10 AS n FROM pgt_ten ORDER BY n DESC'));
      const seen: number[][] = [];
      for (let i = 0; i < 2; i++) {
        seen.push((await read(ca, 3)).map((r) => r.n));
        seen.push((await read(cb, 3)).map((r) => r.n));
      }
      await ca.close();
      await cb.close();
      assert.deepEqual(seen, [[1, 2, 3], [100, 90, 80], [4, 5, 6], [70, 60, 50]]);
    } finally {
      await a.end();
      await b.end();
    }
  });
});

describe('transactions', { timeout: 60_000 }, () => {
  test('an error inside BEGIN aborts the transaction (25P02) until ROLLBACK', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_tx');
      await c.query('CREATE TABLE pgt_tx (n int)');
      await c.query('BEGIN');
      await c.query('INSERT INTO pgt_tx VALUES (1)');
      assert.equal(await sqlState(c.query('SELECT 1 / 0')), '22012');
      assert.equal(await sqlState(c.query('SELECT 1')), '25P02');
      assert.equal(await sqlState(c.query('INSERT INTO pgt_tx VALUES (2)')), '25P02');
      await c.query('ROLLBACK');
      assert.deepEqual((await c.query('SELECT count(*)::int AS c FROM pgt_tx')).rows, [{ c: 0 }]);
      await c.query('DROP TABLE pgt_tx');
    }));

  test('COMMIT in an aborted transaction rolls back', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_tx2');
      await c.query('CREATE TABLE pgt_tx2 (n int)');
      await c.query('BEGIN');
      await c.query('INSERT INTO pgt_tx2 VALUES (1)');
      assert.equal(await sqlState(c.query('SELECT * FROM pgt_no_such_table')), '42P01');
      const r = await c.query('COMMIT');
      assert.equal(r.command, 'ROLLBACK');
      assert.deepEqual((await c.query('SELECT count(*)::int AS c FROM pgt_tx2')).rows, [{ c: 0 }]);
      await c.query('DROP TABLE pgt_tx2');
    }));

  test('ROLLBACK TO SAVEPOINT and ROLLBACK prepared (extended protocol) in an aborted transaction; an empty prepared query', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_tx3');
      await c.query('CREATE TABLE pgt_tx3 (n int)');
      await c.query('BEGIN');
      await c.query('INSERT INTO pgt_tx3 VALUES (1)');
      await c.query('SAVEPOINT s');
      await c.query('INSERT INTO pgt_tx3 VALUES (2)');
      assert.equal(await sqlState(c.query('SELECT 1 / 0')), '22012');
      assert.equal(await sqlState(c.query({ name: 'pgt_sel', text: 'SELECT 1' })), '25P02');
      assert.equal((await c.query({ name: 'pgt_rbs', text: 'ROLLBACK TO SAVEPOINT s' })).command, 'ROLLBACK');
      assert.deepEqual((await c.query('SELECT n FROM pgt_tx3')).rows, [{ n: 1 }]);
      assert.equal(await sqlState(c.query('SELECT 1 / 0')), '22012');
      assert.equal((await c.query({ name: 'pgt_rb', text: 'ROLLBACK' })).command, 'ROLLBACK');
      assert.deepEqual((await c.query('SELECT count(*)::int AS c FROM pgt_tx3')).rows, [{ c: 0 }]);
      // JDBC's Connection.isValid prepares an empty query: the answer is EmptyQueryResponse, not an error.
      assert.equal((await c.query({ name: 'pgt_empty', text: '' })).command, null);
      await c.query('DROP TABLE pgt_tx3');
    }));

  test('ROLLBACK leaves no trace of created tables or inserted rows; COMMIT is visible to others', async () => {
    const a = await connect();
    const b = await connect();
    try {
      await a.query('DROP TABLE IF EXISTS pgt_tx3');
      await a.query('DROP TABLE IF EXISTS pgt_tx4');
      await a.query('CREATE TABLE pgt_tx3 (n int)');
      await a.query('BEGIN');
      await a.query('CREATE TABLE pgt_tx4 (n int)');
      await a.query('INSERT INTO pgt_tx4 VALUES (1)');
      await a.query('INSERT INTO pgt_tx3 VALUES (1)');
      await a.query('ROLLBACK');
      assert.equal(await sqlState(a.query('SELECT * FROM pgt_tx4')), '42P01');
      assert.deepEqual((await b.query('SELECT count(*)::int AS c FROM pgt_tx3')).rows, [{ c: 0 }]);

      await a.query('BEGIN');
      await a.query('INSERT INTO pgt_tx3 VALUES (7)');
      assert.deepEqual((await b.query('SELECT count(*)::int AS c FROM pgt_tx3')).rows, [{ c: 0 }]);
      await a.query('COMMIT');
      assert.deepEqual((await b.query('SELECT n FROM pgt_tx3')).rows, [{ n: 7 }]);
      await a.query('DROP TABLE pgt_tx3');
    } finally {
      await a.end();
      await b.end();
    }
  });
});

describe('cancel', { timeout: 90_000 }, () => {
  test('a CancelRequest stops a long query with 57014 and the session goes on', () =>
    withClient(async (c) => {
      await c.query('DROP TABLE IF EXISTS pgt_big');
      await c.query('CREATE TABLE pgt_big (n int)');
      const values = Array.from({ length: 2000 }, (_, i) => `(${i})`).join(',');
      await c.query(`INSERT INTO pgt_big VALUES ${values}`);
      const { pid, secret } = backendKey(c);
      // 2000³ = 8·10⁹ combinations: minutes of work for any engine, so only the cancel can end it soon.
      const long = sqlState(c.query('SELECT count(*) FROM pgt_big a, pgt_big b, pgt_big d'));
      await new Promise((r) => setTimeout(r, 500));
      await sendCancelRequest(target.host, target.port, pid, secret);
      const outcome = await Promise.race([long, sleep(15_000).then(() => 'no answer within 15 s of the CancelRequest')]);
      assert.equal(outcome, '57014');
      assert.deepEqual((await c.query('SELECT count(*)::int AS c FROM pgt_big')).rows, [{ c: 2000 }]);
      await c.query('DROP TABLE pgt_big');
    }));

  test('a CancelRequest with a wrong key is ignored', () =>
    withClient(async (c) => {
      const { pid, secret } = backendKey(c);
      await sendCancelRequest(target.host, target.port, pid, secret ^ 0x5a5a5a5a);
      assert.deepEqual((await c.query('SELECT 1 AS x')).rows, [{ x: 1 }]);
    }));
});

describe('authentication', { skip: needsOwnServer, timeout: 120_000 }, () => {
  test('SCRAM-SHA-256: the right password connects, a wrong one is refused with 28P01', async () => {
    const server = await startServer({ password: 'secret' });
    try {
      const base = { host: server.host, port: server.port, user: 'basin', database: 'basin' };
      const ok = new pg.Client({ ...base, password: 'secret' });
      await ok.connect();
      assert.deepEqual((await ok.query('SELECT current_user AS u')).rows, [{ u: 'basin' }]);
      await ok.end();
      const bad = new pg.Client({ ...base, password: 'wrong' });
      assert.equal(await sqlState(bad.connect()), '28P01');
      await bad.end().catch(() => {});
    } finally {
      await server.stop();
    }
  });
});

describe('durability', { skip: needsOwnServer, timeout: 180_000 }, () => {
  const open = async (host: string, port: number): Promise<pg.Client> => {
    const c = new pg.Client({ host, port, user: 'basin', database: 'basin' });
    await c.connect();
    return c;
  };

  test('committed rows survive a clean restart', async () => {
    const server = await startServer();
    try {
      let c = await open(server.host, server.port);
      await c.query('CREATE TABLE kept (n int, s text)');
      await c.query("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
      await c.end();
      await server.restart();
      c = await open(server.host, server.port);
      assert.deepEqual((await c.query('SELECT n, s FROM kept ORDER BY n')).rows, [{ n: 1, s: 'one' }, { n: 2, s: 'two' }]);
      await c.end();
    } finally {
      await server.stop();
    }
  });

  test('committed rows survive kill -9; a rolled-back insert does not appear', async () => {
    const first = await startServer();
    let c = await open(first.host, first.port);
    await c.query('CREATE TABLE crash (n int)');
    await c.query('INSERT INTO crash VALUES (1), (2), (3)');
    await c.query('BEGIN');
    await c.query('INSERT INTO crash VALUES (4)');
    await c.query('ROLLBACK');
    c.on('error', () => {});
    await first.kill9();
    await c.end().catch(() => {});
    const second = await startServer({ dataDir: first.dataDir });
    try {
      c = await open(second.host, second.port);
      assert.deepEqual((await c.query('SELECT n FROM crash ORDER BY n')).rows, [{ n: 1 }, { n: 2 }, { n: 3 }]);
      await c.end();
    } finally {
      await second.stop();
    }
  });
});
