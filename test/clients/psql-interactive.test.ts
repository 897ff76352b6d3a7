/**
 * psql's meta-commands that a person types at the prompt, run from scripts against Basin: \copy from files and
 * from stdin and to files and stdout (text and csv, with header), \x and \x auto, \gset, \gexec, \encoding,
 * \conninfo, \timing, \watch (stopped by an error: psql 15 has no iteration count), ON_ERROR_ROLLBACK inside
 * a transaction (psql wraps each statement in a savepoint) and \errverbose. The expected output was captured
 * from psql 15 against PostgreSQL 15. Tab completion's catalog queries are in psql-completion.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../target.ts';

let target: Target;
let dir: string;

before(async () => {
  target = await startTarget();
  dir = mkdtempSync(join(tmpdir(), 'basin-psql-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await target?.stop();
});

function psql(input: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    'psql',
    ['-X', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, ...args, '-f', '-'],
    {
      input, encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, PGPASSWORD: target.password ?? '', PGCONNECT_TIMEOUT: '10', PAGER: '', PSQL_PAGER: '' },
    },
  );
  if (r.error) throw new Error(`could not run psql (install postgresql-client): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('\\copy from files and stdin, to files and stdout, in text and csv', () => {
  writeFileSync(join(dir, 'in.txt'), '1\tone\n2\ttwo\n3\t\\N\n');
  writeFileSync(join(dir, 'in.csv'), 'id,name\n4,four\n5,"fi,ve"\n6,\n');
  const r = psql(`SET client_min_messages = warning;
DROP TABLE IF EXISTS pi_copy;
CREATE TABLE pi_copy (id int, name text);
\\copy pi_copy from '${dir}/in.txt'
\\copy pi_copy from '${dir}/in.csv' with (format csv, header)
\\copy pi_copy from stdin
7\tseven
8\teight
\\.
\\copy pi_copy (id, name) from stdin with csv
9,nine
\\.
SELECT * FROM pi_copy ORDER BY id;
\\copy pi_copy to '${dir}/out.txt'
\\copy pi_copy to '${dir}/out.csv' with (format csv, header)
\\copy (SELECT id, upper(name) FROM pi_copy WHERE id < 3 ORDER BY id) to stdout
\\copy (SELECT id, name FROM pi_copy WHERE id > 7 ORDER BY id) to stdout with csv header
DROP TABLE pi_copy;
`, ['-v', 'ON_ERROR_STOP=1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `SET
DROP TABLE
CREATE TABLE
COPY 3
COPY 3
COPY 2
COPY 1
 id | name  
----+-------
  1 | one
  2 | two
  3 | 
  4 | four
  5 | fi,ve
  6 | 
  7 | seven
  8 | eight
  9 | nine
(9 rows)

COPY 9
COPY 9
1\tONE
2\tTWO
id,name
8,eight
9,nine
DROP TABLE
`);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), '1\tone\n2\ttwo\n3\t\\N\n4\tfour\n5\tfi,ve\n6\t\\N\n7\tseven\n8\teight\n9\tnine\n');
  assert.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), 'id,name\n1,one\n2,two\n3,\n4,four\n5,"fi,ve"\n6,\n7,seven\n8,eight\n9,nine\n');
});

test('\\x expanded output and \\x auto', () => {
  const r = psql(`\\x
SELECT 1 AS a, 'two' AS b;
SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v (id, name) ORDER BY id;
SELECT 1 AS a WHERE false;
\\x auto
SELECT 1 AS a;
\\x off
SELECT 1 AS a;
`, ['-v', 'ON_ERROR_STOP=1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `Expanded display is on.
-[ RECORD 1 ]
a | 1
b | two

-[ RECORD 1 ]
id   | 1
name | one
-[ RECORD 2 ]
id   | 2
name | two

(0 rows)

Expanded display is used automatically.
 a 
---
 1
(1 row)

Expanded display is off.
 a 
---
 1
(1 row)

`);
});

test('\\gset stores columns in variables, \\gexec runs each cell as a statement', () => {
  const r = psql(`SET client_min_messages = warning;
DROP TABLE IF EXISTS pi_g;
CREATE TABLE pi_g (id int, name text);
INSERT INTO pi_g VALUES (1, 'one'), (2, 'two'), (3, 'it''s');
SELECT count(*) AS n, max(id) AS m FROM pi_g \\gset
\\echo n=:n m=:m
SELECT name AS first_name FROM pi_g WHERE id = 1 \\gset pre_
\\echo :pre_first_name
SELECT 'SELECT ' || id || ' AS v' FROM pi_g WHERE id <= 2 ORDER BY id \\gexec
SELECT format('INSERT INTO pi_g VALUES (%s, %L)', 100 + id, name) FROM pi_g WHERE id = 3 \\gexec
SELECT name FROM pi_g WHERE id = 103;
DROP TABLE pi_g;
`, ['-v', 'ON_ERROR_STOP=1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `SET
DROP TABLE
CREATE TABLE
INSERT 0 3
n=3 m=3
one
 v 
---
 1
(1 row)

 v 
---
 2
(1 row)

INSERT 0 1
 name 
------
 it's
(1 row)

DROP TABLE
`);
});

test('\\encoding and \\conninfo', () => {
  const r = psql('\\encoding\n\\conninfo\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    `UTF8\nYou are connected to database "${target.database}" as user "${target.user}" on host "${target.host}" at port "${target.port}".\n`,
  );
});

test('\\timing prints the time of each statement', () => {
  const r = psql('\\timing on\nSELECT 1 AS one;\nSET search_path = public;\n\\timing off\nSELECT 2 AS two;\n', ['-v', 'ON_ERROR_STOP=1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Timing is on\.\n one \n-----\n   1\n\(1 row\)\n\nTime: \d+\.\d{3} ms\nSET\nTime: \d+\.\d{3} ms\nTiming is off\.\n two \n-----\n   2\n\(1 row\)\n\n$/);
});

test('\\watch repeats a statement until it fails', () => {
  const r = psql(`SET client_min_messages = warning;
DROP TABLE IF EXISTS pi_w;
CREATE TABLE pi_w (id serial, x int);
INSERT INTO pi_w (x) VALUES (0) RETURNING 10 / (3 - id) AS v \\watch 0.1
SELECT count(*) FROM pi_w;
DROP TABLE pi_w;
`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'psql:<stdin>:4: ERROR:  division by zero\n');
  // Each round starts with a title line: the date and "(every 0.1s)".
  assert.equal(r.stdout.replace(/^.* \(every 0\.1s\)$/gm, 'TITLE'), `SET
DROP TABLE
CREATE TABLE
TITLE

 v 
---
 5
(1 row)

INSERT 0 1
TITLE

 v  
----
 10
(1 row)

INSERT 0 1

 count 
-------
     2
(1 row)

DROP TABLE
`);
});

test('ON_ERROR_ROLLBACK keeps a transaction going past a failed statement', () => {
  const r = psql(`SET client_min_messages = warning;
DROP TABLE IF EXISTS pi_r;
CREATE TABLE pi_r (id int);
\\set ON_ERROR_ROLLBACK on
BEGIN;
INSERT INTO pi_r VALUES (1);
SELECT 1 / 0;
INSERT INTO pi_r VALUES (2);
SELECT * FROM pi_r_missing;
INSERT INTO pi_r VALUES (3);
COMMIT;
SELECT id FROM pi_r ORDER BY id;
\\set ON_ERROR_ROLLBACK off
BEGIN;
INSERT INTO pi_r VALUES (4);
SELECT 1 / 0;
INSERT INTO pi_r VALUES (5);
COMMIT;
SELECT count(*) FROM pi_r;
DROP TABLE pi_r;
`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `SET
DROP TABLE
CREATE TABLE
BEGIN
INSERT 0 1
INSERT 0 1
INSERT 0 1
COMMIT
 id 
----
  1
  2
  3
(3 rows)

BEGIN
INSERT 0 1
ROLLBACK
 count 
-------
     3
(1 row)

DROP TABLE
`);
  assert.equal(r.stderr, `psql:<stdin>:7: ERROR:  division by zero
psql:<stdin>:9: ERROR:  relation "pi_r_missing" does not exist
LINE 1: SELECT * FROM pi_r_missing;
                      ^
psql:<stdin>:16: ERROR:  division by zero
psql:<stdin>:17: ERROR:  current transaction is aborted, commands ignored until end of transaction block
`);
});

test('\\errverbose repeats the last error with its SQLSTATE', () => {
  const r = psql('SELECT * FROM pi_nope;\n\\errverbose\nSELECT 1 +;\n\\errverbose\n');
  assert.equal(r.status, 0, r.stderr);
  // PostgreSQL adds a LOCATION line naming its C source file; Basin has none to name.
  assert.equal(r.stderr.replace(/^LOCATION: .*\n/gm, ''), `psql:<stdin>:1: ERROR:  relation "pi_nope" does not exist
LINE 1: SELECT * FROM pi_nope;
                      ^
psql:<stdin>:2: error: ERROR:  42P01: relation "pi_nope" does not exist
LINE 1: SELECT * FROM pi_nope;
                      ^
psql:<stdin>:3: ERROR:  syntax error at or near ";"
LINE 1: SELECT 1 +;
                  ^
psql:<stdin>:4: error: ERROR:  42601: syntax error at or near ";"
LINE 1: SELECT 1 +;
                  ^
`);
});
