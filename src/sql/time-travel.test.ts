import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cutTimeTravel } from './time-travel.ts';
import { parseSql } from './parse.ts';
import { loadParser } from './parse.ts';

before(() => loadParser());

test('time-travel clauses are blanked in place and keyed by the table name offset', () => {
  const sql = 'SELECT * FROM s.t VERSION AS OF 12 x JOIN u@v3 ON true, w TIMESTAMP AS OF \'2026-01-02 03:04:05\'';
  const cut = cutTimeTravel(sql)!;
  assert.equal(cut.sql.length, sql.length);
  const blank = (t: string, part: string) => t.replace(part, ' '.repeat(part.length));
  assert.equal(cut.sql, blank(blank(blank(sql, ' VERSION AS OF 12'), '@v3'), ' TIMESTAMP AS OF \'2026-01-02 03:04:05\''));
  assert.deepEqual([...cut.clauses], [
    [sql.indexOf('s.t'), { kind: 'version', version: 12 }],
    [sql.indexOf('u@v3'), { kind: 'version', version: 3 }],
    [sql.indexOf('w TIMESTAMP'), { kind: 'timestamp', text: '2026-01-02 03:04:05' }],
  ]);
});

test('@yyyyMMddHHmmssSSS is a timestamp; quoted text and comments are left alone', () => {
  const cut = cutTimeTravel('SELECT \'t@v1\', "q"@20260101120000123 -- a@v2\nFROM x')!;
  assert.deepEqual([...cut.clauses.values()], [{ kind: 'timestamp', text: '2026-01-01 12:00:00.123' }]);
  assert.equal(cutTimeTravel('SELECT a@v2'.replace('a@v2', '\'a@v2\'')), undefined);
});

test('parseSql parses time travel only where PostgreSQL grammar fails, with RangeVar locations as keys', async () => {
  await loadParser();
  const [s] = parseSql('SELECT * FROM t VERSION AS OF 4');
  const rv = (s!.node as { SelectStmt: { fromClause: { RangeVar: { location: number } }[] } }).SelectStmt.fromClause[0]!.RangeVar;
  assert.deepEqual(s!.timeTravel?.get(rv.location), { kind: 'version', version: 4 });
  assert.equal(parseSql('SELECT 1')[0]!.timeTravel, undefined);
  assert.throws(() => parseSql('SELECT * FROM t VERSION AS OF'), /syntax error/);
});

test('TIMESTAMP AS OF takes a constant expression up to the end of the clause', () => {
  const sql = 'SELECT * FROM t TIMESTAMP AS OF current_timestamp - interval \'1 hour\' AS x JOIN u TIMESTAMP AS OF \'2026-01-01\'::date y ON true';
  const cut = cutTimeTravel(sql)!;
  const clauses = [...cut.clauses.values()] as { kind: string; text: string; expr?: unknown }[];
  assert.deepEqual(clauses.map((c) => [c.kind, c.text, c.expr !== undefined]), [
    ['timestamp', 'current_timestamp - interval \'1 hour\'', true],
    ['timestamp', '\'2026-01-01\'::date', true],
  ]);
  // The alias after each clause survives, and the rest parses as PostgreSQL.
  assert.match(cut.sql, /FROM t\s+AS x JOIN u\s+y ON true$/);
  const [s] = parseSql(sql);
  const from = (s!.node as { SelectStmt: { fromClause: { JoinExpr: { larg: { RangeVar: { location: number; alias: { aliasname: string } } } } }[] } }).SelectStmt.fromClause[0]!.JoinExpr.larg.RangeVar;
  assert.equal(from.alias.aliasname, 'x');
  const expr = (s!.timeTravel?.get(from.location) as { expr?: { A_Expr?: { lexpr?: { SQLValueFunction?: { location: number } } } } }).expr;
  // Locations inside the expression are offsets into the client's text.
  assert.equal(expr?.A_Expr?.lexpr?.SQLValueFunction?.location, sql.indexOf('current_timestamp'));
});

test('a parenthesized expression, an expression ending the query, and a plain literal with an alias', () => {
  const a = cutTimeTravel('SELECT 1 FROM t TIMESTAMP AS OF (now() - interval \'1 day\')')!;
  assert.equal([...a.clauses.values()][0]!.kind, 'timestamp');
  assert.equal(a.sql.trimEnd(), 'SELECT 1 FROM t');
  const b = cutTimeTravel('SELECT 1 FROM t TIMESTAMP AS OF \'2026-01-01\' z WHERE true')!;
  assert.deepEqual([...b.clauses.values()], [{ kind: 'timestamp', text: '2026-01-01' }]);
  assert.match(b.sql, /FROM t\s+z WHERE true/);
  const c = cutTimeTravel('SELECT * FROM t TIMESTAMP AS OF \'é\' x')!;
  assert.equal(Buffer.byteLength(c.sql), Buffer.byteLength('SELECT * FROM t TIMESTAMP AS OF \'é\' x'));
  assert.deepEqual([...c.clauses.values()], [{ kind: 'timestamp', text: 'é' }]);
  assert.equal(cutTimeTravel('SELECT * FROM t TIMESTAMP AS OF WHERE'), undefined);
});

test('(DESCRIBE HISTORY t [LIMIT n]) and (DESCRIBE DETAIL t) in FROM become references to t with a describe clause', () => {
  const sql = 'SELECT version FROM (DESCRIBE HISTORY s.t LIMIT 2) h JOIN (desc detail "U") d ON true';
  const cut = cutTimeTravel(sql)!;
  assert.deepEqual([...cut.clauses], [
    [sql.indexOf('s.t'), { kind: 'describe', what: 'history', limit: 2 }],
    [sql.indexOf('"U"'), { kind: 'describe', what: 'detail' }],
  ]);
  assert.equal(cut.sql.length, sql.length);
  assert.equal(cut.sql.replace(/\s+/g, ' '), 'SELECT version FROM s.t h JOIN "U" d ON true');
  // Not a FROM item of that shape: left alone.
  assert.equal(cutTimeTravel('SELECT (DESCRIBE HISTORY t t)'), undefined);
});
