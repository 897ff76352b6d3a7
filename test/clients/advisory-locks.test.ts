/**
 * Advisory locks between sessions, as migration tools use them (Kysely's Migrator takes
 * pg_advisory_xact_lock, others pg_advisory_lock): a blocked lock waits until the holder unlocks, its session
 * ends or its transaction ends; session locks count; statement_timeout and a cancel end a wait; pg_locks
 * lists what is held. Checked with node-postgres sessions against Basin and PostgreSQL alike.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import net from 'node:net';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

let target: Target;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

const connect = async (): Promise<pg.Client> => {
  const c = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await c.connect();
  return c;
};
/** A CancelRequest for the client's running statement, as psql's Ctrl-C sends it. */
function cancel(c: pg.Client): Promise<void> {
  const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
  const m = Buffer.alloc(16);
  m.writeInt32BE(16, 0);
  m.writeInt32BE(80877102, 4);
  m.writeInt32BE(processID, 8);
  m.writeInt32BE(secretKey, 12);
  return new Promise((resolve, reject) => {
    const s = net.connect(target.port, target.host, () => s.end(m));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const one = async (c: pg.Client, sql: string): Promise<unknown> => Object.values((await c.query(sql)).rows[0] as object)[0];

test('a blocked lock waits until the holder has unlocked as often as it locked, without stopping other sessions', async () => {
  const a = await connect(), b = await connect(), c = await connect();
  try {
    await a.query('SELECT pg_advisory_lock(9001)');
    await a.query('SELECT pg_advisory_lock(9001)');
    assert.equal(await one(b, 'SELECT pg_try_advisory_lock(9001)'), false);
    let got = false;
    const waiting = b.query('SELECT pg_advisory_lock(9001)').then(() => { got = true; });
    await sleep(200);
    assert.equal(await one(c, 'SELECT 1 + 1'), 2); // the server goes on serving others
    assert.equal(await one(a, 'SELECT pg_advisory_unlock(9001)'), true);
    await sleep(200);
    assert.equal(got, false, 'still held once');
    assert.equal(await one(a, 'SELECT pg_advisory_unlock(9001)'), true);
    await waiting;
    assert.equal(got, true);
    assert.equal(await one(a, 'SELECT pg_try_advisory_lock(9001)'), false);
    assert.equal(await one(b, 'SELECT pg_advisory_unlock(9001)'), true);
  } finally {
    await Promise.all([a.end(), b.end(), c.end()]);
  }
});

test('unlocking a lock not held returns false with a WARNING', async () => {
  const a = await connect();
  try {
    const notices: string[] = [];
    a.on('notice', (n) => notices.push(`${n.severity} ${n.code} ${n.message}`));
    assert.equal(await one(a, 'SELECT pg_advisory_unlock(9002)'), false);
    assert.equal(await one(a, 'SELECT pg_advisory_unlock_shared(9002)'), false);
    assert.deepEqual(notices, [
      "WARNING 01000 you don't own a lock of type ExclusiveLock",
      "WARNING 01000 you don't own a lock of type ShareLock",
    ]);
  } finally {
    await a.end();
  }
});

test('disconnecting releases the session locks; pg_locks lists them with the key split as PostgreSQL does', async () => {
  const a = await connect(), b = await connect();
  try {
    await a.query('SELECT pg_advisory_lock(4294967298), pg_advisory_lock_shared(7, 8)');
    const pid = await one(a, 'SELECT pg_backend_pid()');
    const { rows } = await b.query(`SELECT l.locktype, d.datname, l.classid, l.objid, l.objsubid, l.mode, l.granted, l.pid
      FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' ORDER BY l.objsubid`);
    assert.deepEqual(rows, [
      { locktype: 'advisory', datname: target.database, classid: 1, objid: 2, objsubid: 1, mode: 'ExclusiveLock', granted: true, pid },
      { locktype: 'advisory', datname: target.database, classid: 7, objid: 8, objsubid: 2, mode: 'ShareLock', granted: true, pid },
    ]);
    assert.equal(await one(b, 'SELECT pg_try_advisory_lock_shared(7, 8)'), true, 'shared locks do not conflict');
    assert.equal(await one(b, 'SELECT pg_try_advisory_lock(4294967298)'), false);
    const waiting = b.query('SELECT pg_advisory_lock(4294967298)');
    await sleep(100);
    await a.end();
    await waiting;
    assert.equal(await one(b, "SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory'"), 2);
    await b.query('SELECT pg_advisory_unlock_all()');
    assert.equal(await one(b, "SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory'"), 0);
  } finally {
    await b.end();
  }
});

test('a transaction lock lasts until COMMIT or ROLLBACK', async () => {
  const a = await connect(), b = await connect();
  try {
    await a.query('BEGIN');
    await a.query('SELECT pg_advisory_xact_lock(9003)');
    assert.equal(await one(b, 'SELECT pg_try_advisory_xact_lock(9003)'), false);
    let got = false;
    const waiting = b.query('SELECT pg_advisory_xact_lock(9003)').then(() => { got = true; });
    await sleep(150);
    assert.equal(got, false);
    assert.equal(await one(a, 'SELECT pg_advisory_unlock(9003)'), false, 'unlock does not release a transaction lock');
    await a.query('COMMIT');
    await waiting; // b's own statement was its transaction: its lock is gone again
    assert.equal(await one(a, 'SELECT pg_try_advisory_xact_lock(9003)'), true);
    await a.query('BEGIN');
    await a.query('SELECT pg_advisory_xact_lock(9003)');
    await a.query('ROLLBACK');
    assert.equal(await one(b, 'SELECT pg_try_advisory_lock(9003)'), true);
    await b.query('SELECT pg_advisory_unlock(9003)');
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
});

test('statement_timeout and a cancel request end a wait with 57014, lock_timeout with 55P03, and the session goes on', async () => {
  const a = await connect(), b = await connect();
  try {
    await a.query('SELECT pg_advisory_lock(9004)');
    await b.query("SET statement_timeout = '150ms'");
    await assert.rejects(b.query('SELECT pg_advisory_lock(9004)'),
      { code: '57014', message: 'canceling statement due to statement timeout' });
    await b.query('RESET statement_timeout');
    await b.query("SET lock_timeout = '100ms'");
    await assert.rejects(b.query('SELECT pg_advisory_lock(9004)'), { code: '55P03', message: 'canceling statement due to lock timeout' });
    await b.query('RESET lock_timeout');
    const waiting = assert.rejects(b.query('SELECT pg_advisory_lock(9004)'),
      { code: '57014', message: 'canceling statement due to user request' });
    await sleep(150);
    await cancel(b);
    await waiting;
    assert.equal(await one(b, 'SELECT 2'), 2);
    assert.equal(await one(a, 'SELECT pg_advisory_unlock(9004)'), true);
    assert.equal(await one(b, 'SELECT pg_try_advisory_lock(9004)'), true);
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
});
