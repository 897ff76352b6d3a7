import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadParser, parseSql } from './parse.ts';

before(() => loadParser());

const node = (sql: string): [string, Record<string, any>] => {
  const [s] = parseSql(sql);
  const k = Object.keys(s!.node)[0]!;
  return [k, (s!.node as Record<string, any>)[k]];
};

test('DESCRIBE HISTORY / DETAIL with qualified and quoted names, LIMIT', () => {
  assert.deepEqual(node('DESCRIBE HISTORY s.t LIMIT 3'), ['DeltaDescribeHistoryStmt', { relation: { schemaname: 's', relname: 't', location: 17 }, limit: 3 }]);
  assert.deepEqual(node('desc detail "My T";'), ['DeltaDescribeDetailStmt', { relation: { relname: 'My T', location: 12 } }]);
});

test('RESTORE to a version, a timestamp literal or a timestamp expression', () => {
  assert.deepEqual(node('RESTORE TABLE t TO VERSION AS OF 2')[1].to, { kind: 'version', version: 2 });
  assert.deepEqual(node('RESTORE t TIMESTAMP AS OF \'2026-01-01\'')[1].to, { kind: 'timestamp', text: '2026-01-01' });
  const sql = 'RESTORE t TO TIMESTAMP AS OF current_timestamp - interval \'1 day\'';
  const to = node(sql)[1].to;
  assert.equal(to.text, 'current_timestamp - interval \'1 day\'');
  assert.equal(to.expr.A_Expr.lexpr.SQLValueFunction.location, sql.indexOf('current_timestamp'));
});

test('OPTIMIZE with a WHERE predicate (CASE … WHEN inside) and ZORDER BY with or without parentheses', () => {
  const sql = 'OPTIMIZE t WHERE a > 1 AND CASE WHEN b THEN true END ZORDER BY (a, "B")';
  const [kind, n] = node(sql);
  assert.equal(kind, 'DeltaOptimizeStmt');
  assert.equal(n.whereText, 'a > 1 AND CASE WHEN b THEN true END');
  assert.equal(n.where.BoolExpr.args[0].A_Expr.lexpr.ColumnRef.location, sql.indexOf('a >'));
  assert.deepEqual(n.zorderBy, ['a', 'B']);
  assert.deepEqual(node('OPTIMIZE t ZORDER BY x, y')[1], { relation: { relname: 't', location: 9 }, zorderBy: ['x', 'y'] });
});

test('VACUUM: Databricks form recognised, PostgreSQL forms left to PostgreSQL', () => {
  assert.deepEqual(node('VACUUM t RETAIN 0 HOURS DRY RUN')[1], { relation: { relname: 't', location: 7 }, retainHours: 0, dryRun: true });
  assert.deepEqual(node('VACUUM t DRY RUN')[1], { relation: { relname: 't', location: 7 }, dryRun: true });
  assert.equal(node('VACUUM t')[0], 'VacuumStmt');
  assert.equal(node('VACUUM (ANALYZE) t')[0], 'VacuumStmt');
});

test('mixed with other statements: offsets, texts and time travel of the others are right', () => {
  const sql = 'SELECT \'é\'; DESCRIBE HISTORY t; SELECT * FROM t VERSION AS OF 1';
  const stmts = parseSql(sql);
  assert.deepEqual(stmts.map((s) => Object.keys(s.node)[0]), ['SelectStmt', 'DeltaDescribeHistoryStmt', 'SelectStmt']);
  assert.deepEqual(stmts.map((s) => s.text), ['SELECT \'é\'', 'DESCRIBE HISTORY t', 'SELECT * FROM t VERSION AS OF 1']);
  assert.deepEqual(stmts.map((s) => s.offset), [0, sql.indexOf('DESCRIBE'), sql.lastIndexOf('SELECT')]);
  assert.equal(stmts[2]!.timeTravel?.size, 1);
});

test('syntax errors point into the statement; unknown DESCRIBE forms stay PostgreSQL errors', () => {
  const err = (sql: string) => { try { parseSql(sql); } catch (e) { return e as { code: string; message: string; position?: number }; } return undefined; };
  assert.match(err('OPTIMIZE t ZORDER BY')!.message, /syntax error at end of input/);
  assert.equal(err('RESTORE t TO VERSION AS OF x')!.position, 'RESTORE t TO VERSION AS OF x'.indexOf('x') + 1);
  assert.equal(err('VACUUM t RETAIN 5')!.code, '42601');
  assert.match(err('DESCRIBE t')!.message, /syntax error at or near "DESCRIBE"/);
});
