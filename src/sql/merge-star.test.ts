import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutMergeStar } from './merge-star.ts';
import { mergeLayouts, spanText } from './merge-layout.ts';
import { loadParser, parseSql } from './parse.ts';

test('UPDATE SET * and INSERT * become same-length placeholders, keyed by target location and clause index', async () => {
  await loadParser();
  const sql = 'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.x > 0 THEN UPDATE SET * '
    + 'WHEN MATCHED THEN DELETE WHEN NOT MATCHED BY TARGET THEN INSERT *';
  const cut = cutMergeStar(sql)!;
  assert.equal(cut.sql.length, sql.length);
  assert.equal(cut.sql, 'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.x > 0 THEN DELETE       '
    + 'WHEN MATCHED THEN DELETE WHEN     MATCHED           THEN DELETE  ');
  assert.deepEqual([...cut.clauses], [[sql.indexOf('t USING'), new Map([[0, 'update'], [2, 'insert']])]]);
});

test('CASE … WHEN inside conditions, quoted text and other statements do not confuse the clause count', async () => {
  await loadParser();
  const sql = 'SELECT \'é WHEN MATCHED THEN INSERT *\'; MERGE INTO ONLY s2.t AS x USING (SELECT 1 AS id) s ON x.id = s.id '
    + 'WHEN MATCHED AND CASE WHEN s.id > 0 THEN true END THEN DO NOTHING WHEN NOT MATCHED THEN INSERT *';
  const cut = cutMergeStar(sql)!;
  const target = Buffer.byteLength(sql.slice(0, sql.indexOf('s2.t')));
  assert.deepEqual([...cut.clauses], [[target, new Map([[1, 'insert']])]]);
  const [, merge] = parseSql(sql);
  assert.equal((merge!.node as { MergeStmt: { relation: { location: number } } }).MergeStmt.relation.location, target);
  assert.deepEqual(merge!.mergeStar?.get(target)?.get(1), 'insert');
  assert.equal(cutMergeStar('MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE'), undefined);
});

test('the `*` forms stay syntax errors where Databricks does not allow them', async () => {
  await loadParser();
  assert.equal(cutMergeStar('MERGE INTO t USING s ON true WHEN NOT MATCHED BY SOURCE THEN UPDATE SET *'), undefined);
  assert.equal(cutMergeStar('MERGE INTO t USING s ON true WHEN MATCHED THEN INSERT *'), undefined);
  assert.throws(() => parseSql('MERGE INTO t USING s ON true WHEN NOT MATCHED BY SOURCE THEN UPDATE SET *'), /syntax error at or near "\*"/);
});

test('the layout gives the text of the ON condition and of each clause condition', async () => {
  await loadParser();
  const sql = 'MERGE INTO t USING a JOIN b ON a.k = b.k ON t.id = a.id /* c */ WHEN MATCHED AND (a.x = 1 OR b.y) THEN DELETE '
    + 'WHEN NOT MATCHED THEN INSERT VALUES (1) RETURNING *';
  const [m] = mergeLayouts(sql);
  assert.equal(spanText(sql, m!.on!), 't.id = a.id');
  assert.equal(spanText(sql, m!.clauses[0]!.condition!), '(a.x = 1 OR b.y)');
  assert.equal(m!.clauses[1]!.condition, undefined);
  assert.deepEqual(m!.clauses[1]!.action.map((t) => t.text), ['INSERT', 'VALUES', '(', '1', ')']);
});
