/**
 * Python clients (Debian's python3-psycopg2 2.9, python3-sqlalchemy 1.4 and python3-pandas 1.5, run by
 * /usr/bin/python3) against Basin. Each scenario in python/scenario.py prints what it observed as JSON, and
 * that must equal python/expected/<scenario>.json, which is the same script's output against PostgreSQL 15.
 *
 * Without those packages the tests are skipped with a note, unless BASIN_PYTHON_REQUIRE=1 (set in CI, where
 * .ci/run installs them).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../target.ts';

const PYTHON = '/usr/bin/python3';
const dir = fileURLToPath(new URL('./python/', import.meta.url));

function pythonMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import psycopg2, sqlalchemy, pandas'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  return r.status === 0 ? undefined : r.stderr.trim().split('\n').pop();
}
const missing = pythonMissing();
const skip = missing !== undefined && process.env.BASIN_PYTHON_REQUIRE !== '1'
  ? `psycopg2, SQLAlchemy and pandas for ${PYTHON} not available (${missing})` : false;

let target: Target;
before(async () => {
  if (skip) return;
  assert.equal(missing, undefined, `install python3-psycopg2 python3-sqlalchemy python3-pandas: ${missing}`);
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

/** Run one scenario; its JSON on success, else a failure with the script's own report of the step. */
function scenario(name: string): Promise<unknown> {
  const args = [`${dir}scenario.py`, name, target.host, String(target.port), target.user, target.database, target.password ?? ''];
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, args, { env: { ...process.env, PYTHONWARNINGS: 'ignore', PGCONNECT_TIMEOUT: '10' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`scenario ${name} exited with ${code ?? signal}:\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

const expected = (name: string): unknown => JSON.parse(readFileSync(`${dir}expected/${name}.json`, 'utf8'));

test('psycopg2: parameters of each type, fetch, executemany, execute_values, COPY, transactions, errors', { skip }, async () => {
  assert.deepEqual(await scenario('psycopg2'), expected('psycopg2'));
});

test('psycopg2 named cursors: itersize, fetchone/fetchmany/fetchall, scrollable, withhold across commit, autocommit, errors', { skip }, async () => {
  assert.deepEqual(await scenario('named_cursors'), expected('named_cursors'));
});

test('SQLAlchemy 1.4: create_all, reflection, ORM with relationships, Core joins and GROUP BY, drop_all', { skip }, async () => {
  assert.deepEqual(await scenario('sqlalchemy'), expected('sqlalchemy'));
});

test('pandas: to_sql (append, replace, multi-row), read_sql and read_sql_query with parameters, dtypes and NULLs', { skip }, async () => {
  assert.deepEqual(await scenario('pandas'), expected('pandas'));
});
