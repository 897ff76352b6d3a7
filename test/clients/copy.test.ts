/**
 * COPY through real clients: psql (COPY … FROM STDIN with inline data, \copy in and out), node-postgres with
 * pg-copy-streams (streams in and out, binary, CopyFail, bad rows), and `pgbench -i`, whose initialisation
 * loads its tables with COPY FROM STDIN. COPY TO's bytes for a table of awkward values are compared with what
 * PostgreSQL 15 sent for the same table and session settings (captured below, in text, CSV and binary).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { serialize } from 'pg-protocol';
import { errorFields, RawClient } from '../../src/wire/test-support/raw-client.ts';
import { startTarget, type Target } from '../target.ts';

let target: Target;
let client: pg.Client;
const dir = mkdtempSync(join(tmpdir(), 'basin-copy-'));

before(async () => {
  target = await startTarget();
  client = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await client.connect();
});
after(async () => {
  await client?.end();
  await target?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...process.env, PGPASSWORD: target.password ?? '', PGCONNECT_TIMEOUT: '10', PAGER: '', PSQL_PAGER: '' });

function psql(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('psql', ['-X', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, ...args],
    { input, encoding: 'utf8', timeout: 60_000, env: env() });
  if (r.error) throw new Error(`could not run psql (install postgresql-client): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function rows(sql: string): Promise<unknown[][]> {
  return (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
}

/** Everything a COPY TO STDOUT sends, as one buffer. */
async function copyOut(sql: string, c: pg.Client = client): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(c.query(copyTo(sql)), new Writable({
    write(chunk: Buffer, _enc, done) { parts.push(chunk); done(); },
  }));
  return Buffer.concat(parts);
}

async function copyIn(sql: string, input: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<void> {
  await pipeline(Readable.from(input), client.query(copyFrom(sql)));
}

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message: string; where?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; where?: string };
  }
  assert.fail('expected an error');
}

describe('psql', () => {
  test('COPY FROM STDIN with inline data, \\copy from a CSV file, \\copy and COPY to stdout', () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'id,name\n10,"a,b"\n11,\n12,"multi\nline"\n');
    const script = `CREATE TABLE psql_copy (id int, name text);
COPY psql_copy FROM STDIN;
1\tplain
2\ttab\\there
3\t\\N
\\.
\\copy psql_copy from '${csv}' csv header
\\copy psql_copy to stdout
COPY (SELECT id, name FROM psql_copy WHERE id > 2 ORDER BY id) TO STDOUT (FORMAT csv, HEADER);
DROP TABLE psql_copy;
`;
    const r = psql(['-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], script);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, [
      '1\tplain', '2\ttab\\there', '3\t\\N', '10\ta,b', '11\t\\N', '12\tmulti\\nline',
      'id,name', '3,', '10,"a,b"', '11,', '12,"multi', 'line"', '',
    ].join('\n'));
  });

  test('a bad row fails the COPY with its line and column, and writes nothing; so does a rolled-back COPY', () => {
    const script = `CREATE TABLE psql_bad (id int, name text);
COPY psql_bad FROM STDIN (FORMAT csv);
1,ok
oops,bad
\\.
BEGIN;
COPY psql_bad FROM STDIN;
2\tin a transaction
\\.
ROLLBACK;
SELECT count(*) FROM psql_bad;
DROP TABLE psql_bad;
`;
    const r = psql(['-q', '-A', '-t', '-f', '-'], script);
    assert.match(r.stderr, /ERROR: {2}invalid input syntax for type integer: "oops"\nCONTEXT: {2}COPY psql_bad, line 2, column id: "oops"/);
    assert.equal(r.stdout, '0\n');
  });
});

describe('node-postgres with pg-copy-streams', () => {
  test('a large COPY FROM STDIN streams through in groups, and COPY TO STDOUT streams it back', async () => {
    await client.query('CREATE TABLE big_copy (id int, label text)');
    const n = 300_000;
    async function* lines(): AsyncGenerator<string> {
      for (let i = 0; i < n; i += 1000) {
        let chunk = '';
        for (let k = i; k < i + 1000; k++) chunk += `${k}\tlabel ${k}\n`;
        yield chunk;
      }
    }
    await copyIn('COPY big_copy FROM STDIN', lines());
    assert.deepEqual(await rows('SELECT count(*), sum(id), count(DISTINCT label) FROM big_copy'), [['300000', String((n * (n - 1)) / 2), '300000']]);
    const out = await copyOut('COPY big_copy TO STDOUT');
    const got = out.toString('utf8').split('\n');
    assert.equal(got.length, n + 1);
    assert.equal(got.filter((l) => /^(\d+)\tlabel \1$/.test(l)).length, n);
    await client.query('DROP TABLE big_copy');
  });

  test('CSV with options in, CSV with FORCE_QUOTE and a header out', async () => {
    await client.query('CREATE TABLE csv_copy (id int, a text, b text)');
    await copyIn("COPY csv_copy (id, a, b) FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL 'NA', QUOTE '''', FORCE_NOT_NULL (b))",
      ["1;'x;y';NA\n", "2;NA;''\n3;'it''s';z\n"]);
    const out = await copyOut('COPY (SELECT * FROM csv_copy ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE (a))');
    assert.equal(out.toString(), 'id,a,b\n1,"x;y",NA\n2,,""\n3,"it\'s",z\n');
    await client.query('DROP TABLE csv_copy');
  });

  test('CopyFail from the client ends the COPY with 57014; nothing is written and the session goes on', async () => {
    await client.query('CREATE TABLE fail_copy (id int)');
    async function* failing(): AsyncGenerator<string> {
      yield '1\n2\n';
      throw new Error('source broke');
    }
    const e = await errorOf(copyIn('COPY fail_copy FROM STDIN', failing()));
    assert.match(e.message, /source broke|COPY from stdin failed/);
    assert.deepEqual(await rows('SELECT count(*) FROM fail_copy'), [['0']]);
    await client.query('DROP TABLE fail_copy');
  });

  test('a malformed row reports 22P02 with the COPY context, and writes nothing', async () => {
    await client.query('CREATE TABLE bad_copy (id int, d date)');
    const e = await errorOf(copyIn('COPY bad_copy FROM STDIN', ['1\t2024-01-01\n', '2\tnot a date\n']));
    assert.equal(e.code, '22007');
    assert.equal(e.where, 'COPY bad_copy, line 2, column d: "not a date"');
    const f = await errorOf(copyIn('COPY bad_copy FROM STDIN', ['1\t2024-01-01\textra\n']));
    assert.equal(f.code, '22P04');
    assert.equal(f.where, 'COPY bad_copy, line 1: "1\t2024-01-01\textra"');
    assert.deepEqual(await rows('SELECT count(*) FROM bad_copy'), [['0']]);
    await client.query('DROP TABLE bad_copy');
  });

  test('binary COPY out and back in gives the same rows', async () => {
    await client.query('CREATE TABLE bin_src (i int, t text, n numeric(10,3), ts timestamptz, a int[], b bytea)');
    await client.query(`INSERT INTO bin_src VALUES (1, 'é\t"', 12.5, '2024-01-02 03:04:05+00', '{1,NULL,3}', '\\x00ff'),
      (2, NULL, -0.001, NULL, '{}', NULL)`);
    const bytes = await copyOut('COPY bin_src TO STDOUT (FORMAT binary)');
    assert.equal(bytes.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
    await client.query('CREATE TABLE bin_dst (i int, t text, n numeric(10,3), ts timestamptz, a int[], b bytea)');
    // Split the stream at arbitrary points: CopyData boundaries need not match rows.
    await copyIn('COPY bin_dst FROM STDIN (FORMAT binary)', [bytes.subarray(0, 7), bytes.subarray(7, 40), bytes.subarray(40)]);
    const text = async (t: string): Promise<string> => (await copyOut(`COPY (SELECT * FROM ${t} ORDER BY i) TO STDOUT`)).toString();
    assert.equal(await text('bin_dst'), await text('bin_src'));
    await client.query('DROP TABLE bin_src; DROP TABLE bin_dst');
  });
});

describe('COPY through the extended protocol (Parse/Bind/Execute)', () => {
  const types = (ms: readonly { type: string }[]): string => ms.map((m) => m.type).join('');
  const run = (sql: string): Buffer[] => [serialize.parse({ text: sql }), serialize.bind({}), serialize.describe({ type: 'P', name: '' }),
    serialize.execute({}), serialize.sync()];

  test('COPY FROM STDIN and TO STDOUT as a portal; an error waits for the Sync after CopyDone', async () => {
    const raw = RawClient.wrap(await RawClient.socket(target.port));
    await raw.startup({ user: target.user, database: target.database });
    raw.send(serialize.query('CREATE TABLE ext_copy (id int, name text)'));
    await raw.until('Z');

    raw.send(...run('COPY ext_copy FROM STDIN (FORMAT csv)'));
    assert.equal(types(await raw.until('G')), '12nG'); // a COPY has no row description: NoData
    raw.send(serialize.copyData(Buffer.from('1,one\n2,')), serialize.copyData(Buffer.from('two\n')), serialize.copyDone(), serialize.sync());
    const done = await raw.until('Z');
    assert.equal(types(done), 'CZ');
    assert.equal(done[0]!.body.toString('utf8', 0, done[0]!.body.length - 1), 'COPY 2');

    raw.send(...run('COPY ext_copy FROM STDIN (FORMAT csv)'));
    await raw.until('G');
    raw.send(serialize.copyData(Buffer.from('3,three\nx,bad\n')), serialize.copyData(Buffer.from('4,four\n')), serialize.copyDone(),
      serialize.sync());
    const failed = await raw.until('Z');
    assert.equal(types(failed), 'EZ');
    assert.equal(errorFields(failed[0]!.body).W, 'COPY ext_copy, line 2, column id: "x"');

    raw.send(...run('COPY (SELECT * FROM ext_copy ORDER BY id) TO STDOUT'));
    const out = await raw.until('Z');
    assert.equal(types(out), '12nHddcCZ');
    assert.deepEqual(out.slice(4, 6).map((m) => m.body.toString()), ['1\tone\n', '2\ttwo\n']);

    raw.send(serialize.query('DROP TABLE ext_copy'));
    assert.equal(types(await raw.until('Z')), 'CZ');
    raw.end();
  });
});

// ---- the same bytes as PostgreSQL 15 ----

const TRICKY_SETUP = `
CREATE TABLE tricky (id int, t text, n numeric(12,4), ts timestamptz, arr text[], j json, b bool, f float8, bs bytea, d date, i8 bigint);
SET TimeZone = 'Europe/Berlin';
INSERT INTO tricky VALUES
 (1, 'plain', 1.5, '2024-01-02 03:04:05.123456+00', ARRAY['a','b c','d"e','f\\g', NULL], '{"k": "v\\\\n", "u": "é"}', true, 0.1, '\\x0001ff'::bytea, '2024-02-29', 9007199254740993),
 (2, E'tab\\there\\nnewline\\rcr\\\\back', -0.0001, '1999-12-31 23:59:59+05:30', '{}', '[1, 2.50, null]', false, -1e300, '\\x'::bytea, '0001-01-01', -1),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, '', 0, '2020-02-02 02:02:02+00', ARRAY[''], '""', true, 'NaN', '\\x5c2e'::bytea, 'infinity', 0),
 (5, E'\\\\.', 12345678.9, '2024-07-01 12:00:00+00', ARRAY['x,y', '{z}'], 'null', false, 'Infinity', NULL, '2000-01-01', 42),
 (6, 'quote " comma , semicolon ; unicode 😀 ü', 1, '2024-03-31 01:30:00+00', ARRAY['\\N'], '{"a":[1,{"b":null}]}', true, 1.0000000000000002, '\\xdeadbeef'::bytea, '1970-01-01', 7),
 (7, '\\N', 2, NULL, NULL, NULL, NULL, 3.14, NULL, NULL, NULL),
 (8, E'ctl\\x01\\x1fend\\x0b\\x08\\x0c', 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
`;

/** COPY output of PostgreSQL 15.18 for TRICKY_SETUP with TimeZone Europe/Berlin, base64. */
const FROM_POSTGRES: Record<string, string> = {
  'COPY (SELECT * FROM tricky ORDER BY id) TO STDOUT': 'MQlwbGFpbgkxLjUwMDAJMjAyNC0wMS0wMiAwNDowNDowNS4xMjM0NTYrMDEJe2EsImIgYyIsImRcXCJlIiwiZlxcXFxnIixOVUxMfQl7ImsiOiAidlxcXFxuIiwgInUiOiAiw6kifQl0CTAuMQlcXHgwMDAxZmYJMjAyNC0wMi0yOQk5MDA3MTk5MjU0NzQwOTkzCjIJdGFiXHRoZXJlXG5uZXdsaW5lXHJjclxcYmFjawktMC4wMDAxCTE5OTktMTItMzEgMTk6Mjk6NTkrMDEJe30JWzEsIDIuNTAsIG51bGxdCWYJLTFlKzMwMAlcXHgJMDAwMS0wMS0wMQktMQozCVxOCVxOCVxOCVxOCVxOCVxOCVxOCVxOCVxOCVxOCjQJCTAuMDAwMAkyMDIwLTAyLTAyIDAzOjAyOjAyKzAxCXsiIn0JIiIJdAlOYU4JXFx4NWMyZQlpbmZpbml0eQkwCjUJXFwuCTEyMzQ1Njc4LjkwMDAJMjAyNC0wNy0wMSAxNDowMDowMCswMgl7IngseSIsInt6fSJ9CW51bGwJZglJbmZpbml0eQlcTgkyMDAwLTAxLTAxCTQyCjYJcXVvdGUgIiBjb21tYSAsIHNlbWljb2xvbiA7IHVuaWNvZGUg8J+YgCDDvAkxLjAwMDAJMjAyNC0wMy0zMSAwMzozMDowMCswMgl7IlxcXFxOIn0JeyJhIjpbMSx7ImIiOm51bGx9XX0JdAkxLjAwMDAwMDAwMDAwMDAwMDIJXFx4ZGVhZGJlZWYJMTk3MC0wMS0wMQk3CjcJXFxOCTIuMDAwMAlcTglcTglcTglcTgkzLjE0CVxOCVxOCVxOCjgJY3RsAR9lbmRcdlxiXGYJMy4wMDAwCVxOCVxOCVxOCVxOCVxOCVxOCVxOCVxOCg==',
  'COPY (SELECT * FROM tricky ORDER BY id) TO STDOUT WITH (FORMAT csv)': 'MSxwbGFpbiwxLjUwMDAsMjAyNC0wMS0wMiAwNDowNDowNS4xMjM0NTYrMDEsInthLCIiYiBjIiIsIiJkXCIiZSIiLCIiZlxcZyIiLE5VTEx9IiwieyIiayIiOiAiInZcXG4iIiwgIiJ1IiI6ICIiw6kiIn0iLHQsMC4xLFx4MDAwMWZmLDIwMjQtMDItMjksOTAwNzE5OTI1NDc0MDk5MwoyLCJ0YWIJaGVyZQpuZXdsaW5lDWNyXGJhY2siLC0wLjAwMDEsMTk5OS0xMi0zMSAxOToyOTo1OSswMSx7fSwiWzEsIDIuNTAsIG51bGxdIixmLC0xZSszMDAsXHgsMDAwMS0wMS0wMSwtMQozLCwsLCwsLCwsLAo0LCIiLDAuMDAwMCwyMDIwLTAyLTAyIDAzOjAyOjAyKzAxLCJ7IiIiIn0iLCIiIiIiIix0LE5hTixceDVjMmUsaW5maW5pdHksMAo1LFwuLDEyMzQ1Njc4LjkwMDAsMjAyNC0wNy0wMSAxNDowMDowMCswMiwieyIieCx5IiIsIiJ7en0iIn0iLG51bGwsZixJbmZpbml0eSwsMjAwMC0wMS0wMSw0Mgo2LCJxdW90ZSAiIiBjb21tYSAsIHNlbWljb2xvbiA7IHVuaWNvZGUg8J+YgCDDvCIsMS4wMDAwLDIwMjQtMDMtMzEgMDM6MzA6MDArMDIsInsiIlxcTiIifSIsInsiImEiIjpbMSx7IiJiIiI6bnVsbH1dfSIsdCwxLjAwMDAwMDAwMDAwMDAwMDIsXHhkZWFkYmVlZiwxOTcwLTAxLTAxLDcKNyxcTiwyLjAwMDAsLCwsLDMuMTQsLCwKOCxjdGwBH2VuZAsIDCwzLjAwMDAsLCwsLCwsLAo=',
  'COPY (SELECT * FROM tricky ORDER BY id) TO STDOUT WITH (FORMAT binary)': 'UEdDT1BZCv8NCgAAAAAAAAAAAAALAAAABAAAAAEAAAAFcGxhaW4AAAAMAAIAAAAAAAQAAROIAAAACAACsOyFF9WAAAAAMgAAAAEAAAABAAAAGQAAAAUAAAABAAAAAWEAAAADYiBjAAAAA2QiZQAAAANmXGf/////AAAAGHsiayI6ICJ2XFxuIiwgInUiOiAiw6kifQAAAAEBAAAACD+5mZmZmZmaAAAAAwAB/wAAAAQAACJ5AAAACAAgAAAAAAABAAsAAAAEAAAAAgAAABh0YWIJaGVyZQpuZXdsaW5lDWNyXGJhY2sAAAAKAAH//0AAAAQAAQAAAAj////7Y8S3wAAAAAwAAAAAAAAAAAAAABkAAAAPWzEsIDIuNTAsIG51bGxdAAAAAQAAAAAI/jfkPIgAdZwAAAAAAAAABP/02/kAAAAI//////////8ACwAAAAQAAAAD/////////////////////////////////////////////////////wALAAAABAAAAAQAAAAAAAAACAAAAAAAAAAEAAAACAACQIz2GzqAAAAAGAAAAAEAAAAAAAAAGQAAAAEAAAABAAAAAAAAAAIiIgAAAAEBAAAACH/4AAAAAAAAAAAAAlwuAAAABH////8AAAAIAAAAAAAAAAAACwAAAAQAAAAFAAAAAlwuAAAADgADAAEAAAAEBNIWLiMoAAAACAACvy0a8zAAAAAAIgAAAAEAAAAAAAAAGQAAAAIAAAABAAAAA3gseQAAAAN7en0AAAAEbnVsbAAAAAEAAAAACH/wAAAAAAAA/////wAAAAQAAAAAAAAACAAAAAAAAAAqAAsAAAAEAAAABgAAACtxdW90ZSAiIGNvbW1hICwgc2VtaWNvbG9uIDsgdW5pY29kZSDwn5iAIMO8AAAACgABAAAAAAAEAAEAAAAIAAK36ZR+dgAAAAAaAAAAAQAAAAAAAAAZAAAAAQAAAAEAAAACXE4AAAAUeyJhIjpbMSx7ImIiOm51bGx9XX0AAAABAQAAAAg/8AAAAAAAAQAAAATerb7vAAAABP//1TMAAAAIAAAAAAAAAAcACwAAAAQAAAAHAAAAAlxOAAAACgABAAAAAAAEAAL/////////////////////AAAACEAJHrhR64Uf////////////////AAsAAAAEAAAACAAAAAtjdGwBH2VuZAsIDAAAAAoAAQAAAAAABAAD/////////////////////////////////////////////w==',
  "COPY (SELECT * FROM tricky ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE (t, d), NULL 'NULL', DELIMITER ';', QUOTE '''', ESCAPE '\\')": 'aWQ7dDtuO3RzO2FycjtqO2I7ZjticztkO2k4CjE7J3BsYWluJzsxLjUwMDA7MjAyNC0wMS0wMiAwNDowNDowNS4xMjM0NTYrMDE7e2EsImIgYyIsImRcImUiLCJmXFxnIixOVUxMfTt7ImsiOiAidlxcbiIsICJ1IjogIsOpIn07dDswLjE7XHgwMDAxZmY7JzIwMjQtMDItMjknOzkwMDcxOTkyNTQ3NDA5OTMKMjsndGFiCWhlcmUKbmV3bGluZQ1jclxcYmFjayc7LTAuMDAwMTsxOTk5LTEyLTMxIDE5OjI5OjU5KzAxO3t9O1sxLCAyLjUwLCBudWxsXTtmOy0xZSszMDA7XHg7JzAwMDEtMDEtMDEnOy0xCjM7TlVMTDtOVUxMO05VTEw7TlVMTDtOVUxMO05VTEw7TlVMTDtOVUxMO05VTEw7TlVMTAo0OycnOzAuMDAwMDsyMDIwLTAyLTAyIDAzOjAyOjAyKzAxO3siIn07IiI7dDtOYU47XHg1YzJlOydpbmZpbml0eSc7MAo1OydcXC4nOzEyMzQ1Njc4LjkwMDA7MjAyNC0wNy0wMSAxNDowMDowMCswMjt7IngseSIsInt6fSJ9O251bGw7ZjtJbmZpbml0eTtOVUxMOycyMDAwLTAxLTAxJzs0Mgo2OydxdW90ZSAiIGNvbW1hICwgc2VtaWNvbG9uIDsgdW5pY29kZSDwn5iAIMO8JzsxLjAwMDA7MjAyNC0wMy0zMSAwMzozMDowMCswMjt7IlxcTiJ9O3siYSI6WzEseyJiIjpudWxsfV19O3Q7MS4wMDAwMDAwMDAwMDAwMDAyO1x4ZGVhZGJlZWY7JzE5NzAtMDEtMDEnOzcKNzsnXFxOJzsyLjAwMDA7TlVMTDtOVUxMO05VTEw7TlVMTDszLjE0O05VTEw7TlVMTDtOVUxMCjg7J2N0bAEfZW5kCwgMJzszLjAwMDA7TlVMTDtOVUxMO05VTEw7TlVMTDtOVUxMO05VTEw7TlVMTDtOVUxMCg==',
  "COPY tricky (id, t, arr) TO STDOUT WITH (DELIMITER ',', NULL '', HEADER)": 'aWQsdCxhcnIKMSxwbGFpbix7YVwsImIgYyJcLCJkXFwiZSJcLCJmXFxcXGciXCxOVUxMfQoyLHRhYlx0aGVyZVxubmV3bGluZVxyY3JcXGJhY2sse30KMywsCjQsLHsiIn0KNSxcXC4seyJ4XCx5IlwsInt6fSJ9CjYscXVvdGUgIiBjb21tYSBcLCBzZW1pY29sb24gOyB1bmljb2RlIPCfmIAgw7wseyJcXFxcTiJ9CjcsXFxOLAo4LGN0bAEfZW5kXHZcYlxmLAo=',
};

describe('COPY TO output is byte-identical to PostgreSQL 15', () => {
  before(async () => {
    await client.query(TRICKY_SETUP);
  });
  after(async () => {
    await client.query("DROP TABLE tricky; RESET TimeZone");
  });
  for (const [sql, expected] of Object.entries(FROM_POSTGRES)) {
    test(sql, async () => {
      const got = await copyOut(sql);
      assert.equal(got.toString('base64'), expected, `got:\n${got.toString('latin1')}\nexpected:\n${Buffer.from(expected, 'base64').toString('latin1')}`);
    });
  }
});

describe('pgbench', () => {
  test('pgbench -i -s 1 initialises its tables (COPY FROM STDIN, VACUUM, primary keys)', async () => {
    const r = spawnSync('pgbench', ['-i', '-s', '1', '-h', target.host, '-p', String(target.port), '-U', target.user, target.database],
      { encoding: 'utf8', timeout: 120_000, env: env() });
    if (r.error) throw new Error(`could not run pgbench (install postgresql-15): ${r.error.message}`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /done in/);
    assert.deepEqual(await rows(`SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_branches),
      (SELECT count(*) FROM pgbench_tellers), (SELECT count(*) FROM pgbench_history), (SELECT sum(abalance) FROM pgbench_accounts),
      (SELECT count(DISTINCT aid) FROM pgbench_accounts)`), [['100000', '1', '10', '0', '0', '100000']]);
    await client.query('DROP TABLE pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history');
  });
});
