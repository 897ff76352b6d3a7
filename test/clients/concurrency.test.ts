/**
 * Concurrent writers never lose updates: many connections appending to one table race for the same Delta log
 * versions (blind appends never conflict); conflicting UPDATEs get 40001 or succeed, and every committed
 * increment counts; transactions read one snapshot; a transaction over several tables is seen whole or not at
 * all; and kill -9 in the middle of a write load loses no acknowledged commit and shows no partial one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const connect = async (s: ServerHandle = server): Promise<pg.Client> => {
  const c = new pg.Client({ host: s.host, port: s.port, user: 'basin', database: 'basin' });
  await c.connect();
  return c;
};

const isSerializationFailure = (e: unknown): boolean => (e as { code?: string }).code === '40001';

test('8 connections each committing 200 single-row INSERTs to one table: exactly 1,600 rows', { timeout: 300_000 }, async () => {
  const setup = await connect();
  await setup.query('CREATE TABLE hits (writer int, n int)');
  const writers = 8, each = 200;
  const clients = await Promise.all(Array.from({ length: writers }, () => connect()));
  await Promise.all(clients.map(async (c, w) => {
    for (let n = 0; n < each; n++) await c.query('INSERT INTO hits VALUES ($1, $2)', [w, n]);
  }));
  const r = await setup.query('SELECT count(*)::int AS rows, count(DISTINCT (writer * 1000 + n))::int AS distinct_rows FROM hits');
  assert.deepEqual(r.rows[0], { rows: writers * each, distinct_rows: writers * each });
  // Explicit transactions commit their rows atomically, concurrently too.
  await Promise.all(clients.map(async (c, w) => {
    await c.query('BEGIN');
    await c.query('INSERT INTO hits VALUES ($1, 1000), ($1, 1001)', [w]);
    await c.query('COMMIT');
  }));
  const r2 = await setup.query('SELECT count(*)::int AS n FROM hits WHERE n >= 1000');
  assert.equal(r2.rows[0].n, writers * 2);
  await Promise.all([...clients, setup].map((c) => c.end()));
});

test('4 connections running conflicting UPDATEs: no lost update; losers get 40001 and succeed on retry', { timeout: 300_000 }, async () => {
  const setup = await connect();
  await setup.query('CREATE TABLE counter (id int, n int)');
  await setup.query('INSERT INTO counter VALUES (1, 0)');
  const clients = await Promise.all(Array.from({ length: 4 }, () => connect()));
  const each = 25;
  let conflicts = 0;
  await Promise.all(clients.map(async (c) => {
    for (let done = 0; done < each;) {
      try {
        // An explicit block widens the window between read and commit, so that conflicts really happen.
        await c.query('BEGIN');
        await c.query('UPDATE counter SET n = n + 1 WHERE id = 1');
        await c.query('COMMIT');
        done++;
      } catch (e) {
        if (!isSerializationFailure(e)) throw e;
        conflicts++;
        await c.query('ROLLBACK').catch(() => undefined);
      }
    }
  }));
  const r = await setup.query('SELECT n, (SELECT count(*)::int FROM counter) AS rows FROM counter');
  assert.deepEqual(r.rows, [{ n: 4 * each, rows: 1 }]);
  assert.ok(conflicts > 0, 'expected some UPDATEs to conflict');
  await Promise.all([...clients, setup].map((c) => c.end()));
});

test('a transaction reads one snapshot; the second of two conflicting transactions to commit gets 40001', async () => {
  const a = await connect(), b = await connect();
  await a.query('CREATE TABLE snap (n int)');
  await a.query('INSERT INTO snap VALUES (1)');
  await a.query('BEGIN');
  assert.equal((await a.query('SELECT count(*)::int AS c FROM snap')).rows[0].c, 1);
  await b.query('INSERT INTO snap VALUES (2)');
  assert.equal((await a.query('SELECT count(*)::int AS c FROM snap')).rows[0].c, 1, 'repeatable read inside the block');
  await a.query('COMMIT');
  assert.equal((await a.query('SELECT count(*)::int AS c FROM snap')).rows[0].c, 2);

  await a.query('BEGIN');
  await a.query('UPDATE snap SET n = n * 10');
  await b.query('DELETE FROM snap WHERE n = 1');
  await assert.rejects(a.query('COMMIT'), (e: unknown) => isSerializationFailure(e));
  // the loser left nothing behind; the session works on
  assert.deepEqual((await a.query('SELECT n FROM snap ORDER BY n')).rows, [{ n: 2 }]);
  // a blind append inside a block does not conflict with a concurrent UPDATE
  await a.query('BEGIN');
  await a.query('INSERT INTO snap VALUES (3)');
  await b.query('UPDATE snap SET n = 20 WHERE n = 2');
  await a.query('COMMIT');
  assert.deepEqual((await a.query('SELECT n FROM snap ORDER BY n')).rows, [{ n: 3 }, { n: 20 }]);
  await Promise.all([a.end(), b.end()]);
});

test('a transaction over two tables is seen whole or not at all', { timeout: 120_000 }, async () => {
  const setup = await connect();
  await setup.query('CREATE TABLE debit (id int, amount int)');
  await setup.query('CREATE TABLE credit (id int, amount int)');
  const writer = await connect(), reader = await connect();
  let stop = false;
  let torn = 0, reads = 0;
  const reading = (async () => {
    while (!stop) {
      const r = await reader.query('SELECT (SELECT count(*)::int FROM debit) AS d, (SELECT count(*)::int FROM credit) AS c');
      if (r.rows[0].d !== r.rows[0].c) torn++;
      reads++;
    }
  })();
  for (let i = 0; i < 60; i++) {
    await writer.query('BEGIN');
    await writer.query('INSERT INTO debit VALUES ($1, 10)', [i]);
    await writer.query('INSERT INTO credit VALUES ($1, 10)', [i]);
    await writer.query('COMMIT');
  }
  stop = true;
  await reading;
  assert.equal(torn, 0, `${torn} of ${reads} reads saw one table of a transaction without the other`);
  assert.ok(reads > 0);
  // a multi-table transaction that conflicts in one table commits in neither
  await writer.query('BEGIN');
  await writer.query('INSERT INTO debit VALUES (1000, 1)');
  await writer.query('UPDATE credit SET amount = 11 WHERE id = 0');
  await setup.query('DELETE FROM credit WHERE id = 0');
  await assert.rejects(writer.query('COMMIT'), (e: unknown) => isSerializationFailure(e));
  const r = await setup.query('SELECT (SELECT count(*)::int FROM debit) AS d, (SELECT count(*)::int FROM credit) AS c');
  assert.deepEqual(r.rows[0], { d: 60, c: 59 });
  await Promise.all([setup.end(), writer.end(), reader.end()]);
});

test('kill -9 during a write load: every acknowledged commit is there, no partial commit is', { timeout: 300_000 }, async () => {
  const first = await startServer();
  const setup = await connect(first);
  await setup.query('CREATE TABLE load (writer int, k int, part int)');
  await setup.query('CREATE TABLE load_twin (writer int, k int)');
  await setup.end();
  const acked = new Set<string>();
  const clients = await Promise.all(Array.from({ length: 4 }, () => connect(first)));
  let killed = false;
  const work = clients.map(async (c, w) => {
    c.on('error', () => undefined);
    for (let k = 0; !killed; k++) {
      try {
        if (k % 3 === 2) {
          // several tables in one transaction
          await c.query('BEGIN');
          await c.query('INSERT INTO load VALUES ($1, $2, 0), ($1, $2, 1), ($1, $2, 2)', [w, k]);
          await c.query('INSERT INTO load_twin VALUES ($1, $2)', [w, k]);
          await c.query('COMMIT');
        } else {
          // one statement, three rows: all or none
          await c.query('INSERT INTO load VALUES ($1, $2, 0), ($1, $2, 1), ($1, $2, 2)', [w, k]);
        }
        acked.add(`${w}/${k}`);
      } catch {
        return;
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  killed = true;
  await first.kill9();
  await Promise.all(work);
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  assert.ok(acked.size > 10, `only ${acked.size} commits were acknowledged before the kill`);

  const second = await startServer({ dataDir: first.dataDir });
  try {
    const c = await connect(second);
    const rows = (await c.query('SELECT writer, k, count(*)::int AS parts FROM load GROUP BY writer, k')).rows as { writer: number; k: number; parts: number }[];
    const present = new Map(rows.map((r) => [`${r.writer}/${r.k}`, r.parts]));
    for (const key of acked) assert.equal(present.get(key), 3, `acknowledged commit ${key} is missing or partial after the crash`);
    for (const [key, parts] of present) assert.equal(parts, 3, `commit ${key} is partial after the crash`);
    const twins = (await c.query('SELECT writer, k FROM load_twin')).rows as { writer: number; k: number }[];
    for (const t of twins) assert.ok(present.has(`${t.writer}/${t.k}`), `load_twin has ${t.writer}/${t.k} without its load rows`);
    for (const [key] of present) {
      const [w, k] = key.split('/').map(Number);
      if (k! % 3 === 2) assert.ok(twins.some((t) => t.writer === w && t.k === k), `load has ${key} without its load_twin row`);
    }
    // the table is writable after the crash
    await c.query('INSERT INTO load VALUES (99, 0, 0)');
    await c.end();
  } finally {
    await second.stop();
  }
});

test('two sessions creating a table of the same name: the second commit is refused and nothing of it remains', async () => {
  const a = await connect(), b = await connect();
  await a.query('BEGIN');
  await b.query('BEGIN');
  await a.query('CREATE TABLE twin (n int)');
  await b.query('CREATE TABLE twin (s text)');
  await a.query('INSERT INTO twin VALUES (1)');
  await b.query("INSERT INTO twin VALUES ('b')");
  await a.query('COMMIT');
  await assert.rejects(b.query('COMMIT'), { code: '42P07', message: 'relation "twin" already exists' });
  assert.deepEqual((await b.query('SELECT * FROM twin')).rows, [{ n: 1 }]);
  await Promise.all([a.end(), b.end()]);
});
