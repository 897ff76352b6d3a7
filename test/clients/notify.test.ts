/**
 * LISTEN / NOTIFY through node-postgres (client.on('notification')) and psql: notifications go out at commit
 * (none after ROLLBACK, a repeated channel-and-payload pair once), with the sender's pid, to every session
 * listening (the sender too), at once to an idle session and only after its transaction block to one inside
 * one; LISTEN in a block counts from its commit; UNLISTEN, DISCARD ALL, pg_notify() and pg_listening_channels().
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
});
after(async () => {
  await target?.stop();
});

interface Received {
  readonly channel: string;
  readonly payload: string | undefined;
  readonly pid: number;
}

interface Listener {
  readonly client: pg.Client;
  readonly pid: number;
  readonly received: Received[];
}

async function connect(): Promise<Listener> {
  const client = new pg.Client({
    host: target.host, port: target.port, user: target.user, password: target.password, database: target.database,
  });
  const received: Received[] = [];
  client.on('notification', (m) => received.push({ channel: m.channel, payload: m.payload, pid: m.processId }));
  await client.connect();
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  return { client, pid, received };
}

async function withClients(n: number, fn: (...c: Listener[]) => Promise<void>): Promise<void> {
  const clients: Listener[] = [];
  try {
    for (let i = 0; i < n; i++) clients.push(await connect());
    await fn(...clients);
  } finally {
    for (const c of clients) await c.client.end().catch(() => undefined);
  }
}

/** Wait until `count` notifications arrived (or the time is up), then return what arrived. */
async function arrived(l: Listener, count: number, ms = 3000): Promise<Received[]> {
  const end = Date.now() + ms;
  while (l.received.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return [...l.received];
}

/** Give stray notifications time to arrive, then return what did. */
async function settle(l: Listener): Promise<Received[]> {
  await new Promise((r) => setTimeout(r, 250));
  return [...l.received];
}

const payloads = (rs: readonly Received[]) => rs.map((r) => r.payload);

describe('NOTIFY reaches listeners', () => {
  test('an idle listener gets it at once, with the sender\'s pid; the sender hears itself', async () => {
    await withClients(2, async (a, b) => {
      await a.client.query('LISTEN nt_one');
      await b.client.query('LISTEN nt_one');
      await b.client.query("NOTIFY nt_one, 'hello'");
      assert.deepEqual(await arrived(a, 1), [{ channel: 'nt_one', payload: 'hello', pid: b.pid }]);
      assert.deepEqual(await arrived(b, 1), [{ channel: 'nt_one', payload: 'hello', pid: b.pid }]);
    });
  });

  test('a session inside a transaction block gets it when the block ends', async () => {
    await withClients(2, async (a, b) => {
      await a.client.query('LISTEN nt_block');
      await a.client.query('BEGIN');
      await a.client.query('SELECT 1');
      await b.client.query("NOTIFY nt_block, 'later'");
      assert.deepEqual(await settle(a), []);
      await a.client.query('SELECT 2');
      assert.deepEqual(await settle(a), []);
      await a.client.query('ROLLBACK');
      assert.deepEqual(payloads(await arrived(a, 1)), ['later']);
    });
  });

  test('only committed NOTIFYs go out, in order, a repeated one once, none rolled back to a savepoint', async () => {
    await withClients(2, async (a, b) => {
      await a.client.query('LISTEN nt_tx');
      await b.client.query('BEGIN');
      for (const p of ['d', 'd', 'e']) await b.client.query(`NOTIFY nt_tx, '${p}'`);
      await b.client.query('NOTIFY nt_tx');
      await b.client.query("NOTIFY nt_tx, 'd'");
      await b.client.query('SAVEPOINT s');
      await b.client.query("NOTIFY nt_tx, 'f'");
      await b.client.query('ROLLBACK TO SAVEPOINT s');
      await b.client.query("NOTIFY nt_tx, 'g'");
      assert.deepEqual(await settle(a), []);
      await b.client.query('COMMIT');
      assert.deepEqual(payloads(await arrived(a, 4)), ['d', 'e', '', 'g']);
      await b.client.query('BEGIN');
      await b.client.query("NOTIFY nt_tx, 'never'");
      await b.client.query('ROLLBACK');
      assert.deepEqual(payloads(await settle(a)), ['d', 'e', '', 'g']);
    });
  });

  test('pg_notify() with parameters, and its errors', async () => {
    await withClients(1, async (a) => {
      await a.client.query('LISTEN "Nt Mixed"');
      const r = await a.client.query('SELECT pg_notify($1, $2) AS n', ['Nt Mixed', 'x'.repeat(7999)]);
      assert.equal(r.rows[0].n, '');
      const [n] = await arrived(a, 1);
      assert.equal(n?.channel, 'Nt Mixed');
      assert.equal(n?.payload?.length, 7999);
      const failures = [
        [['Nt Mixed', 'x'.repeat(8000)], 'payload string too long'],
        [['', 'x'], 'channel name cannot be empty'],
        [[null, 'x'], 'channel name cannot be empty'],
        [['c'.repeat(64), 'x'], 'channel name too long'],
      ] as const;
      for (const [args, message] of failures) {
        await assert.rejects(a.client.query('SELECT pg_notify($1, $2)', [...args]), (e: pg.DatabaseError) => {
          assert.equal(e.code, '22023');
          assert.equal(e.message, message);
          return true;
        });
      }
      await a.client.query('SELECT pg_notify($1, NULL)', ['Nt Mixed']);
      assert.deepEqual(payloads((await arrived(a, 2)).slice(1)), ['']);
    });
  });
});

describe('LISTEN and UNLISTEN', () => {
  test('LISTEN in a block counts from its commit; pg_listening_channels() shows committed ones', async () => {
    await withClients(2, async (a, b) => {
      await a.client.query('BEGIN');
      await a.client.query('LISTEN nt_late');
      assert.deepEqual((await a.client.query('SELECT pg_listening_channels() AS c')).rows, []);
      await b.client.query("NOTIFY nt_late, 'early'");
      await a.client.query('COMMIT');
      assert.deepEqual((await a.client.query('SELECT * FROM pg_listening_channels()')).rows, [{ pg_listening_channels: 'nt_late' }]);
      await b.client.query("NOTIFY nt_late, 'late'");
      assert.deepEqual(payloads(await arrived(a, 1)), ['late']);
      assert.deepEqual(payloads(await settle(a)), ['late']);
      await a.client.query('BEGIN');
      await a.client.query('LISTEN nt_never');
      await a.client.query('ROLLBACK');
      assert.deepEqual((await a.client.query('SELECT pg_listening_channels() AS c')).rows, [{ c: 'nt_late' }]);
    });
  });

  test('UNLISTEN, UNLISTEN * and DISCARD ALL stop them', async () => {
    await withClients(2, async (a, b) => {
      await a.client.query('LISTEN nt_u1; LISTEN nt_u2; LISTEN nt_u3');
      assert.deepEqual((await a.client.query('SELECT c FROM pg_listening_channels() c ORDER BY 1')).rows.map((r) => r.c),
        ['nt_u1', 'nt_u2', 'nt_u3']);
      await a.client.query('UNLISTEN nt_u1');
      await b.client.query("NOTIFY nt_u1, 'x1'; NOTIFY nt_u2, 'x2'");
      assert.deepEqual((await arrived(a, 1)).map((r) => r.channel), ['nt_u2']);
      await a.client.query('UNLISTEN *');
      await b.client.query("NOTIFY nt_u2, 'y2'; NOTIFY nt_u3, 'y3'");
      assert.deepEqual(payloads(await settle(a)), ['x2']);
      await a.client.query('LISTEN nt_u3');
      await a.client.query('DISCARD ALL');
      await b.client.query("NOTIFY nt_u3, 'z3'");
      assert.deepEqual(payloads(await settle(a)), ['x2']);
      assert.equal((await a.client.query('SELECT count(*)::int AS n FROM pg_listening_channels()')).rows[0].n, 0);
    });
  });

  test('a closed session listens no more, and NOTIFY works in a read-only transaction', async () => {
    await withClients(1, async (b) => {
      const a = await connect();
      await a.client.query('LISTEN nt_closed');
      await a.client.end();
      await b.client.query('LISTEN nt_closed');
      await b.client.query('BEGIN READ ONLY');
      await b.client.query("NOTIFY nt_closed, 'ro'");
      await b.client.query('COMMIT');
      assert.deepEqual(await arrived(b, 1), [{ channel: 'nt_closed', payload: 'ro', pid: b.pid }]);
    });
  });
});

describe('psql', () => {
  test('prints the notifications it receives', () => {
    const psql = spawnSync('psql', ['-X', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database,
      '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t'], {
      input: "LISTEN nt_psql;\nSELECT pg_backend_pid() AS pid \\gset\nNOTIFY nt_psql, 'x';\nNOTIFY nt_psql;\n\\echo pid :pid\n",
      encoding: 'utf8', env: { ...process.env, PGPASSWORD: target.password ?? '' },
    });
    assert.equal(psql.error, undefined);
    assert.equal(psql.status, 0, psql.stderr);
    const pid = /pid (\d+)/.exec(psql.stdout)?.[1];
    assert.ok(pid !== undefined, psql.stdout);
    assert.equal(psql.stdout, [
      `Asynchronous notification "nt_psql" with payload "x" received from server process with PID ${pid}.`,
      `Asynchronous notification "nt_psql" received from server process with PID ${pid}.`,
      `pid ${pid}`, '',
    ].join('\n'));
  });
});
