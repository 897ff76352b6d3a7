/**
 * pgbench (Debian's postgresql-client 15) against Basin: `pgbench -i -s 1` as against PostgreSQL (drop,
 * create, client-side COPY, VACUUM, primary keys), the read-only point lookups of `-S` in the simple, extended
 * and prepared query modes, and the TPC-B-like default script, then the tables' row counts and the bank's
 * invariant (every balance table sums to the history's deltas).
 *
 * The TPC-B run uses `-t` with `--max-tries`: Basin commits optimistically (snapshot isolation, Delta's
 * conflict rules), so two clients updating the one pgbench_branches row conflict at COMMIT with 40001 where
 * PostgreSQL's row locks make the second wait. pgbench retries serialization failures; with a fixed number of
 * transactions per client every one must end committed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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

function pgbench(args: readonly string[]): Promise<string> {
  const conn = ['-h', target.host, '-p', String(target.port), '-U', target.user];
  return new Promise((resolve, reject) => {
    execFile('pgbench', [...conn, ...args, target.database],
      { timeout: 60_000, env: { ...process.env, PGPASSWORD: target.password ?? '' } },
      (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`pgbench ${args.join(' ')} failed (${err.message}):\n${stdout}\n${stderr}`));
        else resolve(`${stdout}\n${stderr}`);
      });
  });
}

/** The numbers of transactions pgbench reports as processed and as failed. */
function outcome(out: string): { processed: number; failed: number } {
  const processed = /number of transactions actually processed: (\d+)/.exec(out);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  assert.ok(processed !== null && failed !== null, `no transaction counts in pgbench's output:\n${out}`);
  return { processed: Number(processed[1]), failed: Number(failed[1]) };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const counts = `SELECT (SELECT count(*) FROM pgbench_accounts)::int AS accounts, (SELECT count(*) FROM pgbench_branches)::int AS branches,
  (SELECT count(*) FROM pgbench_tellers)::int AS tellers, (SELECT count(*) FROM pgbench_history)::int AS history`;

test('pgbench -i -s 1 creates and fills the four tables, with primary keys', async () => {
  const out = await pgbench(['-i', '-s', '1']);
  assert.match(out, /creating primary keys\.\.\.\ndone in /);
  assert.deepEqual(await query(counts), [{ accounts: 100_000, branches: 1, tellers: 10, history: 0 }]);
  const keys = await query(`SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text LIKE 'pgbench_%' ORDER BY 1`);
  assert.deepEqual(keys.map((r) => r.conname), ['pgbench_accounts_pkey', 'pgbench_branches_pkey', 'pgbench_tellers_pkey']);
  const sums = await query('SELECT sum(abalance)::int AS a, min(bid)::int AS lo, max(bid)::int AS hi, count(DISTINCT aid)::int AS ids FROM pgbench_accounts');
  assert.deepEqual(sums, [{ a: 0, lo: 1, hi: 1, ids: 100_000 }]);
});

test('pgbench -S -T 5 -c 2 -j 1: read-only point lookups, no failed transactions', async () => {
  const r = outcome(await pgbench(['-S', '-T', '5', '-c', '2', '-j', '1']));
  assert.equal(r.failed, 0);
  assert.ok(r.processed > 0, 'no transaction processed');
});

test('pgbench -S in the extended and prepared query modes', async () => {
  for (const mode of ['extended', 'prepared']) {
    const r = outcome(await pgbench(['-S', '-M', mode, '-t', '100', '-c', '2']));
    assert.deepEqual(r, { processed: 200, failed: 0 }, mode);
  }
});

test('pgbench TPC-B-like script with 2 clients: every transaction commits and the balances add up', async () => {
  const out = await pgbench(['-t', '6', '-c', '2', '--max-tries', '100']);
  assert.deepEqual(outcome(out), { processed: 12, failed: 0 });
  // pgbench truncates pgbench_history before a run, and the balances start at 0 after -i only; so compare
  // the balance tables with each other and the history with this run's transactions.
  assert.deepEqual(await query(counts), [{ accounts: 100_000, branches: 1, tellers: 10, history: 12 }]);
  const [s] = await query(`SELECT (SELECT sum(abalance) FROM pgbench_accounts)::int AS a, (SELECT sum(bbalance) FROM pgbench_branches)::int AS b,
    (SELECT sum(tbalance) FROM pgbench_tellers)::int AS t, (SELECT sum(delta) FROM pgbench_history)::int AS h`);
  assert.equal(s!.a, s!.b);
  assert.equal(s!.a, s!.t);
  assert.equal(s!.a, s!.h);
});
