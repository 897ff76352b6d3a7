import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  fromDeltaExpressionText, parenthesizedTextAt, parseExpressionText, quoteIdentifier, renameColumnInExpression, toDeltaExpressionText,
} from './expression-text.ts';
import { loadParser } from './parse.ts';

before(async () => { await loadParser(); });

test('the text between a clause\'s parentheses, positions in UTF-8 bytes', () => {
  const sql = 'CREATE TABLE "é" (a int CONSTRAINT c CHECK (a > (1) AND f(a)) , b text)';
  const at = Buffer.byteLength(sql.slice(0, sql.indexOf('CONSTRAINT')));
  assert.equal(parenthesizedTextAt(sql, at), 'a > (1) AND f(a)');
  const gen = 'CREATE TABLE t (ü int, v int GENERATED ALWAYS AS ( ü * 2 ) STORED)';
  assert.equal(parenthesizedTextAt(gen, Buffer.byteLength(gen.slice(0, gen.indexOf('GENERATED')))), 'ü * 2');
});

test('identifiers travel in backquotes; strings stay as they are', () => {
  assert.equal(toDeltaExpressionText(`"Mixed" > 0 AND "a""b" <> '"x"'`), "`Mixed` > 0 AND `a\"b` <> '\"x\"'");
  assert.equal(fromDeltaExpressionText("`Mixed` > 0 AND `a\"b` <> '\"x\"'"), `"Mixed" > 0 AND "a""b" <> '"x"'`);
  assert.equal(fromDeltaExpressionText('`a``b` = "it\'s"'), `"a\`b" = 'it''s'`);
  assert.equal(fromDeltaExpressionText("s <> 'don''t'"), "s <> 'don''t'");
});

test('stored text parses to one expression and nothing else', () => {
  assert.ok(parseExpressionText('`a` > 0 AND b IS NOT NULL').BoolExpr !== undefined);
  assert.throws(() => parseExpressionText('1) FROM (SELECT 1'), { code: '42601' });
  assert.throws(() => parseExpressionText('1); DROP TABLE t; SELECT (1'), { code: '42601' });
});

test('RENAME COLUMN rewrites references, not functions, qualifiers or type names', () => {
  assert.equal(renameColumnInExpression('a > 0 AND "a" < a2 AND abs(a) > 0', 'a', 'b'), 'b > 0 AND b < a2 AND abs(b) > 0');
  assert.equal(renameColumnInExpression('text::text <> \'\' AND length(text) > 1', 'text', 'New'), '"New"::text <> \'\' AND length("New") > 1');
  assert.equal(renameColumnInExpression('t.a > 0 AND lower(a) = a', 'lower', 'x'), 't.a > 0 AND lower(a) = a');
  assert.equal(quoteIdentifier('select'), '"select"');
  assert.equal(quoteIdentifier('plain_name'), 'plain_name');
});
