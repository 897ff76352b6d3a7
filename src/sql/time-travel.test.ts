import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutTimeTravel } from './time-travel.ts';
import { parseSql } from './parse.ts';
import { loadParser } from './parse.ts';

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
