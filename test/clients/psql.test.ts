/**
 * The psql binary (Debian postgresql-client) against Basin: a script with DDL, DML, joins and aggregates in
 * psql's aligned format (which depends on result column types: numbers align right), and error reports with
 * the `LINE n:` / caret lines psql derives from the error's position. psql's \d catalog commands are in
 * psql-catalog.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../target.ts';

let target: Target;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

function psql(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    'psql',
    ['-X', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, ...args],
    {
      input: input ?? '',
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PGPASSWORD: target.password ?? '', PGCONNECT_TIMEOUT: '10', PAGER: '', PSQL_PAGER: '' },
    },
  );
  if (r.error) throw new Error(`could not run psql (install postgresql-client): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const script = `
DROP TABLE IF EXISTS psql_emp;
DROP TABLE IF EXISTS psql_dept;
CREATE TABLE psql_dept (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE psql_emp (id int, dept_id int, name text, salary numeric(10,2));
INSERT INTO psql_dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO psql_emp VALUES (1, 1, 'ann', 100.50), (2, 1, 'bob', 200), (3, 2, 'cy', 50.25), (4, NULL, 'dee', NULL);
SELECT d.name AS dept, count(e.id) AS staff, sum(e.salary) AS total, avg(e.salary) AS mean
FROM psql_dept d LEFT JOIN psql_emp e ON e.dept_id = d.id
GROUP BY d.name ORDER BY d.name;
SELECT e.name, d.name AS dept FROM psql_emp e JOIN psql_dept d ON d.id = e.dept_id WHERE e.salary > 60 ORDER BY e.name;
DROP TABLE psql_emp;
DROP TABLE psql_dept;
`;

// Captured from PostgreSQL 15 (psql 15, aligned format).
const expected = `CREATE TABLE
CREATE TABLE
INSERT 0 3
INSERT 0 4
 dept  | staff | total  |         mean         
-------+-------+--------+----------------------
 empty |     0 |        |                     
 eng   |     2 | 300.50 | 150.2500000000000000
 ops   |     1 |  50.25 |  50.2500000000000000
(3 rows)

 name | dept 
------+------
 ann  | eng
 bob  | eng
(2 rows)

DROP TABLE
DROP TABLE
`;

test('a script with DDL, DML, joins and aggregates, in aligned format', () => {
  const r = psql(['-q', '-v', 'ON_ERROR_STOP=1', '-c', 'SELECT 1'], '');
  assert.equal(r.status, 0, r.stderr);
  const run = psql(['-v', 'ON_ERROR_STOP=1', '-f', '-'], script);
  assert.equal(run.status, 0, run.stderr);
  // DROP TABLE IF EXISTS on a missing table adds notices on stderr only; stdout starts at the first DROP.
  assert.equal(run.stdout.replace(/^(DROP TABLE\n){2}/, ''), expected);
});

test('unaligned, tuples-only output of session functions', () => {
  const r = psql(['-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', ',', '-c', 'SELECT current_database(), current_user, 1 + 1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${target.database},${target.user},2\n`);
});

test('a syntax error shows the statement and a caret under the offending token', () => {
  const r = psql(['-c', 'SELECT * FORM t']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'ERROR:  syntax error at or near "FORM"\nLINE 1: SELECT * FORM t\n                 ^\n');
});

test('an error on the second line of a statement points at that line; ON_ERROR_STOP exits 3', () => {
  const r = psql(['-v', 'ON_ERROR_STOP=1'], 'SELECT 1 AS a;\nSELECT *\n  FROM psql_no_such_table;\nSELECT 2;\n');
  assert.equal(r.status, 3);
  assert.equal(r.stdout, ' a \n---\n 1\n(1 row)\n\n');
  assert.equal(
    r.stderr,
    'ERROR:  relation "psql_no_such_table" does not exist\nLINE 2:   FROM psql_no_such_table;\n               ^\n',
  );
});
