/**
 * Concurrent writers never lose updates: many connections appending to one table race for the same Delta log
 * versions; a blind append that loses is rebased onto the winner, so every acknowledged row is there.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const connect = async (): Promise<pg.Client> => {
  const c = new pg.Client({ host: server.host, port: server.port, user: 'basin', database: 'basin' });
  await c.connect();
  return c;
};

test('8 connections appending concurrently lose no row', { timeout: 120_000 }, async () => {
  const setup = await connect();
  await setup.query('CREATE TABLE hits (writer int, n int)');
  const writers = 8, each = 40;
  const clients = await Promise.all(Array.from({ length: writers }, connect));
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
