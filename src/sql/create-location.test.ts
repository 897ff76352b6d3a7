import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadParser, parseSql } from './parse.ts';
import type { CreateTableLocationStmt } from './create-location.ts';

before(() => loadParser());

/** The CreateTableLocationStmt a statement parses to. */
function located(sql: string): CreateTableLocationStmt {
  const [s] = parseSql(sql);
  const node = (s!.node as unknown as { CreateTableLocationStmt?: CreateTableLocationStmt }).CreateTableLocationStmt;
  assert.ok(node !== undefined, `${sql} has a LOCATION`);
  return node;
}

test('CREATE TABLE … LOCATION without columns, with columns, with USING DELTA and EXTERNAL', () => {
  const bare = located(`CREATE TABLE sales LOCATION '/data/sales'`);
  assert.deepEqual(bare.location, { url: '/data/sales', columns: false });
  assert.equal(bare.kind, 'CreateStmt');
  assert.equal((bare.create as { relation: { relname: string } }).relation.relname, 'sales');

  const cols = located(`CREATE TABLE IF NOT EXISTS s.t (a int, b text) USING DELTA LOCATION 's3://bucket/it''s'`);
  assert.deepEqual(cols.location, { url: "s3://bucket/it's", columns: true });
  const create = cols.create as { if_not_exists: boolean; relation: { schemaname: string }; tableElts: unknown[] };
  assert.equal(create.if_not_exists, true);
  assert.equal(create.relation.schemaname, 's');
  assert.equal(create.tableElts.length, 2);

  assert.deepEqual(located(`CREATE EXTERNAL TABLE e USING delta LOCATION 'file:///x'`).location, { url: 'file:///x', columns: false });
  assert.equal(located(`CREATE TABLE c LOCATION '/x' AS SELECT 1`).kind, 'CreateTableAsStmt');
});

test('positions stay those of the client text, and other statements of the string parse as usual', () => {
  const sql = `SELECT 1; CREATE TABLE t (a int CHECK (a > 0)) LOCATION '/x'; SELECT 2`;
  const stmts = parseSql(sql);
  assert.equal(stmts.length, 3);
  assert.equal(stmts[1]!.text, `CREATE TABLE t (a int CHECK (a > 0)) LOCATION '/x'`);
  const node = located(stmts[1]!.text);
  assert.equal((node.create as { relation: { location: number } }).relation.location, 13);
  assert.throws(() => parseSql(`CREATE TABLE t LOCATION`), /syntax error at or near "LOCATION"/);
  assert.throws(() => parseSql(`CREATE TABLE t (a int) LOCATION 42`), /syntax error/);
});
