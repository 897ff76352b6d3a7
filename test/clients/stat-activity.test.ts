/**
 * pg_stat_activity as monitoring tools read it: one row per open session with its database, user,
 * application name, state and running (or last) statement, checked with two node-postgres sessions.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

let target: Target;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

const connect = async (applicationName: string): Promise<pg.Client> => {
  const c = new pg.Client({
    host: target.host, port: target.port, user: target.user, password: target.password, database: target.database,
    application_name: applicationName,
  });
  await c.connect();
  return c;
};

test('another session shows its state and last statement; the asking session shows its own query as active', async () => {
  const idle = await connect('stat_idle');
  const watcher = await connect('stat_watcher');
  try {
    await idle.query('BEGIN');
    await idle.query('SELECT 41 + 1 AS answer');
    const idlePid = (await idle.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const sql = 'SELECT pid, datname, usename, application_name, state, query FROM pg_stat_activity WHERE application_name LIKE $1 ORDER BY application_name';
    const rows = (await watcher.query(sql, ['stat_%'])).rows;
    assert.deepEqual(rows, [
      { pid: idlePid, datname: target.database, usename: target.user, application_name: 'stat_idle', state: 'idle in transaction', query: 'SELECT pg_backend_pid() AS pid' },
      { pid: rows[1].pid, datname: target.database, usename: target.user, application_name: 'stat_watcher', state: 'active', query: sql },
    ]);
    await idle.query('COMMIT');
    const after = (await watcher.query("SELECT state, query, backend_start <= query_start AS ordered FROM pg_stat_activity WHERE application_name = 'stat_idle'")).rows;
    assert.deepEqual(after, [{ state: 'idle', query: 'COMMIT', ordered: true }]);
  } finally {
    await idle.end();
    await watcher.end();
  }
  // A closed session leaves the view.
  const check = await connect('stat_check');
  try {
    // The server notices a closed connection a moment after the client does: poll briefly.
    let n = -1;
    for (let i = 0; i < 50 && n !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      n = (await check.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name IN ('stat_idle', 'stat_watcher')")).rows[0].n;
    }
    assert.equal(n, 0);
  } finally {
    await check.end();
  }
});
