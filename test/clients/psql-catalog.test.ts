/**
 * psql's catalog meta-commands (\l, \dn, \dt, \d, \d NAME, \d+ NAME, \dv, \di, \du, \df, \dp) against Basin:
 * each runs the catalog queries psql 15 sends (pg_class, pg_attribute, pg_index, pg_constraint, …, with
 * format_type, pg_get_indexdef, pg_get_constraintdef, reg* casts) and must list the objects made here with
 * their types, nullability, defaults, keys and indexes as psql prints them for PostgreSQL 15. Cells are
 * compared trimmed, so the owner's name (basin or postgres) may change column widths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../target.ts';

let target: Target;

function psql(input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    'psql',
    ['-X', '-q', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, '-v', 'ON_ERROR_STOP=1', '-f', '-'],
    {
      input, encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, PGPASSWORD: target.password ?? '', PGCONNECT_TIMEOUT: '10', PAGER: '', PSQL_PAGER: '' },
    },
  );
  if (r.error) throw new Error(`could not run psql (install postgresql-client): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A meta-command run with the test schema first on the search path; fails the test if psql reports an error. */
function meta(command: string): string {
  const r = psql(`SET search_path = psqlcat;\n${command}\n`);
  assert.equal(r.status, 0, `${command}: ${r.stderr}`);
  assert.equal(r.stderr, '', command);
  return r.stdout;
}

/** The table rows of psql's aligned output (header included), each cell trimmed. */
function cells(out: string): string[][] {
  return out.split('\n').filter((l) => l.includes('|')).map((l) => l.split('|').map((c) => c.trim()));
}

/** The lines after the table (psql's footers: Indexes:, Check constraints:, …). */
function footer(out: string): string {
  const lines = out.split('\n');
  const last = lines.map((l) => l.includes('|')).lastIndexOf(true);
  return lines.slice(last + 1).join('\n');
}

before(async () => {
  target = await startTarget();
  const setup = psql(`
SET client_min_messages = warning;
DROP VIEW IF EXISTS psqlcat.pc_rich;
DROP TABLE IF EXISTS psqlcat.pc_emp;
DROP TABLE IF EXISTS psqlcat.pc_dept;
DROP SCHEMA IF EXISTS psqlcat;
CREATE SCHEMA psqlcat;
CREATE TABLE psqlcat.pc_dept (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE psqlcat.pc_emp (id int NOT NULL, dept_id int, name varchar(40) DEFAULT 'x', qty bigint, hired timestamp with time zone, CHECK (qty >= 0));
CREATE INDEX pc_emp_name_idx ON psqlcat.pc_emp (name);
CREATE UNIQUE INDEX pc_emp_dept_name ON psqlcat.pc_emp (dept_id, name);
CREATE VIEW psqlcat.pc_rich AS SELECT id, name FROM psqlcat.pc_emp WHERE qty > 100;
`);
  assert.equal(setup.status, 0, setup.stderr);
});

after(async () => {
  await target?.stop();
});

test('\\l lists the database with its owner and encoding', () => {
  const rows = cells(meta('\\l'));
  assert.deepEqual(rows[0]!.slice(0, 3), ['Name', 'Owner', 'Encoding']);
  const db = rows.find((r) => r[0] === target.database);
  assert.ok(db !== undefined, `no row for ${target.database}`);
  assert.deepEqual(db.slice(0, 3), [target.database, db[1], 'UTF8']);
  assert.notEqual(db[1], '');
});

test('\\dn lists the schema', () => {
  const rows = cells(meta('\\dn'));
  assert.deepEqual(rows[0], ['Name', 'Owner']);
  assert.deepEqual(rows.find((r) => r[0] === 'psqlcat'), ['psqlcat', target.user]);
  assert.equal(rows.some((r) => r[0] === 'pg_catalog' || r[0] === 'information_schema'), false);
});

test('\\dt lists the tables, \\dv the view, \\d all three', () => {
  const u = target.user;
  assert.deepEqual(cells(meta('\\dt')), [
    ['Schema', 'Name', 'Type', 'Owner'], ['psqlcat', 'pc_dept', 'table', u], ['psqlcat', 'pc_emp', 'table', u],
  ]);
  assert.deepEqual(cells(meta('\\dv')), [['Schema', 'Name', 'Type', 'Owner'], ['psqlcat', 'pc_rich', 'view', u]]);
  assert.deepEqual(cells(meta('\\d')), [
    ['Schema', 'Name', 'Type', 'Owner'], ['psqlcat', 'pc_dept', 'table', u], ['psqlcat', 'pc_emp', 'table', u],
    ['psqlcat', 'pc_rich', 'view', u],
  ]);
});

test('\\d table shows columns with types, nullability and defaults, its indexes and CHECK constraints', () => {
  const out = meta('\\d pc_emp');
  assert.match(out, /^ +Table "psqlcat\.pc_emp"\n/);
  assert.deepEqual(cells(out), [
    ['Column', 'Type', 'Collation', 'Nullable', 'Default'],
    ['id', 'integer', '', 'not null', ''],
    ['dept_id', 'integer', '', '', ''],
    ['name', 'character varying(40)', '', '', "'x'::character varying"],
    ['qty', 'bigint', '', '', ''],
    ['hired', 'timestamp with time zone', '', '', ''],
  ]);
  assert.equal(footer(out), [
    'Indexes:',
    '    "pc_emp_dept_name" UNIQUE, btree (dept_id, name)',
    '    "pc_emp_name_idx" btree (name)',
    'Check constraints:',
    '    "pc_emp_qty_check" CHECK (qty >= 0)',
    '', '',
  ].join('\n'));
});

test('\\d table shows the primary key index first', () => {
  const out = meta('\\d pc_dept');
  assert.deepEqual(cells(out), [
    ['Column', 'Type', 'Collation', 'Nullable', 'Default'],
    ['id', 'integer', '', 'not null', ''],
    ['name', 'text', '', 'not null', ''],
  ]);
  assert.equal(footer(out), 'Indexes:\n    "pc_dept_pkey" PRIMARY KEY, btree (id)\n\n');
});

test('\\d+ table adds storage and the access method', () => {
  const out = meta('\\d+ pc_emp');
  const rows = cells(out);
  assert.deepEqual(rows[0], ['Column', 'Type', 'Collation', 'Nullable', 'Default', 'Storage', 'Compression', 'Stats target', 'Description']);
  assert.deepEqual(rows.slice(1).map((r) => [r[0], r[5]]), [['id', 'plain'], ['dept_id', 'plain'], ['name', 'extended'], ['qty', 'plain'], ['hired', 'plain']]);
  assert.match(footer(out), /Check constraints:\n {4}"pc_emp_qty_check" CHECK \(qty >= 0\)\nAccess method: heap\n/);
});

test('\\d view shows its columns with the types of its query; \\d+ its definition', () => {
  const out = meta('\\d pc_rich');
  assert.match(out, /^ +View "psqlcat\.pc_rich"\n/);
  assert.deepEqual(cells(out), [
    ['Column', 'Type', 'Collation', 'Nullable', 'Default'],
    ['id', 'integer', '', '', ''],
    ['name', 'character varying(40)', '', '', ''],
  ]);
  const plus = meta('\\d+ pc_rich');
  assert.match(plus, /View definition:\n .*SELECT[\s\S]*pc_emp[\s\S]*qty > 100/);
});

test('\\di lists the indexes with their tables, the primary key included', () => {
  const u = target.user;
  assert.deepEqual(cells(meta('\\di')), [
    ['Schema', 'Name', 'Type', 'Owner', 'Table'],
    ['psqlcat', 'pc_dept_pkey', 'index', u, 'pc_dept'],
    ['psqlcat', 'pc_emp_dept_name', 'index', u, 'pc_emp'],
    ['psqlcat', 'pc_emp_name_idx', 'index', u, 'pc_emp'],
  ]);
});

test('\\du lists the superuser', () => {
  const rows = cells(meta('\\du'));
  assert.deepEqual(rows[0], ['Role name', 'Attributes', 'Member of']);
  const me = rows.find((r) => r[0] === target.user);
  assert.ok(me !== undefined);
  assert.match(me[1]!, /^Superuser, Create role, Create DB/);
});

test('\\df lists no user functions, and \\df with a pattern finds built-in ones', () => {
  const out = meta('\\df');
  assert.deepEqual(cells(out), [['Schema', 'Name', 'Result data type', 'Argument data types', 'Type']]);
  assert.match(out, /\(0 rows\)/);
  const lower = cells(meta('\\df pg_catalog.lower'));
  assert.ok(lower.some((r) => r.join('|') === 'pg_catalog|lower|text|text|func'), JSON.stringify(lower));
});

test('\\dp lists the tables and the view with their (empty) privileges', () => {
  assert.deepEqual(cells(meta('\\dp')), [
    ['Schema', 'Name', 'Type', 'Access privileges', 'Column privileges', 'Policies'],
    ['psqlcat', 'pc_dept', 'table', '', '', ''],
    ['psqlcat', 'pc_emp', 'table', '', '', ''],
    ['psqlcat', 'pc_rich', 'view', '', '', ''],
  ]);
});

test('\\d of a missing relation fails the script (psql reports nothing in quiet mode)', () => {
  const r = psql('SET search_path = psqlcat;\n\\d pc_nothing\n');
  assert.equal(r.status, 3);
  assert.equal(r.stdout, '');
});

test('\\dt+ and \\di+ add persistence, access method and size; \\l+ the database size', () => {
  const rows = cells(meta('\\dt+'));
  assert.deepEqual(rows[0], ['Schema', 'Name', 'Type', 'Owner', 'Persistence', 'Access method', 'Size', 'Description']);
  assert.deepEqual(rows.slice(1).map((r) => [r[1], r[4], r[5]]), [['pc_dept', 'permanent', 'heap'], ['pc_emp', 'permanent', 'heap']]);
  for (const r of rows.slice(1)) assert.match(r[6]!, /^\d+ (bytes|kB)$/);
  const idx = cells(meta('\\di+'));
  assert.deepEqual(idx.slice(1).map((r) => [r[1], r[6]]), [['pc_dept_pkey', 'btree'], ['pc_emp_dept_name', 'btree'], ['pc_emp_name_idx', 'btree']]);
  const dbs = cells(meta('\\l+'));
  const sizeAt = dbs[0]!.indexOf('Size');
  assert.ok(sizeAt > 0);
  assert.match(dbs.find((r) => r[0] === target.database)![sizeAt]!, /^\d+ (bytes|kB|MB|GB)$/);
});

test('\\df+ shows a built-in function with its volatility and language', () => {
  const rows = cells(meta('\\df+ pg_catalog.lower'));
  const head = rows[0]!;
  const lower = rows.find((r) => r[1] === 'lower' && r[3] === 'text');
  assert.ok(lower !== undefined, JSON.stringify(rows));
  assert.equal(lower[head.indexOf('Volatility')], 'immutable');
  assert.equal(lower[head.indexOf('Language')], 'internal');
});

test('COPY of a system relation writes its rows, like COPY of a table', () => {
  const r = psql('COPY pg_catalog.pg_am (amname, amtype) TO STDOUT;\n');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.ok(lines.includes('heap\tt') && lines.includes('btree\ti'), r.stdout);
  const missing = psql('COPY pg_catalog.pg_nothing TO STDOUT;\n');
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /relation "pg_catalog\.pg_nothing" does not exist/);
});

test('patterns select objects by name (psql turns them into OPERATOR(pg_catalog.~) regular expressions)', () => {
  const u = target.user;
  assert.deepEqual(cells(meta('\\dt psqlcat.pc_e*')), [['Schema', 'Name', 'Type', 'Owner'], ['psqlcat', 'pc_emp', 'table', u]]);
  assert.deepEqual(cells(meta('\\di *dept*')).slice(1).map((r) => r[1]), ['pc_dept_pkey', 'pc_emp_dept_name']);
  assert.deepEqual(cells(meta('\\dn psql*')), [['Name', 'Owner'], ['psqlcat', u]]);
});
