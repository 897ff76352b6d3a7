/**
 * psql's tab completion against Basin: psql 15 completes table, view, index, column, schema, database, role,
 * function, type and setting names by sending catalog queries (pg_class, pg_attribute, pg_namespace, pg_proc,
 * pg_type, pg_roles, pg_database, pg_settings with enumvals, pg_table_is_visible and friends). The queries, as
 * psql 15 sent them to PostgreSQL 15, are in psql-completion.sql; each must run and return the names
 * PostgreSQL 15 returns for the same schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

interface Completion {
  readonly typed: string;
  readonly expect: string;
  readonly sql: string;
}

function completions(): Completion[] {
  const text = readFileSync(new URL('./psql-completion.sql', import.meta.url), 'utf8');
  return text.split(/\n\n+/).filter((b) => b.startsWith('-- typed: ')).map((block) => {
    const lines = block.split('\n');
    const typed = lines[0]!.slice('-- typed: '.length);
    const expect = lines[1]!.replace(/^-- expect: /, '');
    const sql = lines.slice(2).join('\n').replace(/;\s*$/, '');
    return { typed, expect, sql };
  });
}

let target: Target;
let client: pg.Client;

before(async () => {
  target = await startTarget();
  client = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await client.connect();
  await client.query(`SET client_min_messages = warning;
DROP VIEW IF EXISTS tabc_rich;
DROP TABLE IF EXISTS tabc_emp;
DROP TABLE IF EXISTS tabc_dept;
DROP TABLE IF EXISTS tabcomp.tabc_other;
DROP SCHEMA IF EXISTS tabcomp;
CREATE SCHEMA tabcomp;
CREATE TABLE tabc_emp (id int PRIMARY KEY, name text, nation text, salary numeric);
CREATE TABLE tabc_dept (id int, title text);
CREATE VIEW tabc_rich AS SELECT id, name FROM tabc_emp;
CREATE INDEX tabc_emp_name_idx ON tabc_emp (name);
CREATE TABLE tabcomp.tabc_other (k int, kind text);
RESET client_min_messages;`);
});

after(async () => {
  await client?.query(`DROP VIEW IF EXISTS tabc_rich; DROP TABLE IF EXISTS tabc_emp; DROP TABLE IF EXISTS tabc_dept;
DROP TABLE IF EXISTS tabcomp.tabc_other; DROP SCHEMA IF EXISTS tabcomp;`);
  await client?.end();
  await target?.stop();
});

test('the data file holds the completions a user hits most', () => {
  const names = completions().map((c) => c.typed);
  assert.ok(names.length >= 20, `${names.length} completions`);
  for (const what of ['SELECT * FROM tabc_', '\\d tabc_', 'SET search_', 'DROP SCHEMA tabc', '\\c :DATABASE_PREFIX']) {
    assert.ok(names.some((n) => n.startsWith(what)), what);
  }
});

for (const c of completions()) {
  test(`completing ${c.typed}`, async () => {
    const fill = (s: string) => s
      .replaceAll(':DATABASE_PREFIX', target.database.slice(0, 3)).replaceAll(':USER_PREFIX', target.user.slice(0, 3))
      .replaceAll(':DATABASE', target.database).replaceAll(':USER', target.user);
    // psql reads the result as text, one or two columns; it shows every non-null cell (names, or schema names).
    const r = await client.query({ text: fill(c.sql), rowMode: 'array' });
    const names = (r.rows as unknown[][]).flat().filter((v) => v !== null).map(String).sort();
    assert.deepEqual(names, fill(c.expect).split(' '));
  });
}
