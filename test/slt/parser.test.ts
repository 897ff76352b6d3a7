import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseExpected, renderResult, renderValue } from './format.ts';
import { appliesTo, parseSlt, SltParseError } from './parser.ts';

const script = `# a comment
statement ok
CREATE TABLE t (a int)

statement count 2
INSERT INTO t
VALUES (1), (2)

statement error 42P01
SELECT * FROM nope

statement error relation ".*" does not exist
SELECT * FROM nope

query IT rowsort
SELECT a, 'x'
FROM t
----
1 x
2 x

query error 22012
SELECT 1/0

skipif basin
query I
SELECT 1
----
1

onlyif basin
statement ok
SELECT 2

halt

statement ok
NOT REACHED
`;

test('parses every record kind with its line and SQL', () => {
  const records = parseSlt(script, 'x.slt');
  assert.deepEqual(
    records.map((r) => [r.kind, r.line]),
    [['statement', 2], ['statement', 5], ['statement', 9], ['statement', 12], ['query', 15], ['query-error', 22],
      ['query', 26], ['statement', 32], ['halt', 35], ['statement', 37]],
  );
  const [create, insert, byState, byMessage, query, qerr] = records;
  assert.equal(create?.kind === 'statement' && create.sql, 'CREATE TABLE t (a int)');
  assert.deepEqual(insert?.kind === 'statement' && insert.expect, { kind: 'count', count: 2 });
  assert.equal(insert?.kind === 'statement' && insert.sql, 'INSERT INTO t\nVALUES (1), (2)');
  assert.deepEqual(byState?.kind === 'statement' && byState.expect, { kind: 'error', error: { kind: 'sqlstate', code: '42P01' } });
  assert.deepEqual(byMessage?.kind === 'statement' && byMessage.expect, {
    kind: 'error',
    error: { kind: 'message', pattern: 'relation ".*" does not exist' },
  });
  assert.ok(query?.kind === 'query');
  assert.equal(query.types, 'IT');
  assert.equal(query.sort, 'rowsort');
  assert.deepEqual(query.expected, ['1 x', '2 x']);
  assert.deepEqual(qerr?.kind === 'query-error' && qerr.error, { kind: 'sqlstate', code: '22012' });
});

test('skipif/onlyif select records by engine name', () => {
  const records = parseSlt(script, 'x.slt');
  const skipped = records[6]!;
  const only = records[7]!;
  assert.equal(appliesTo(skipped, 'basin'), false);
  assert.equal(appliesTo(skipped, 'postgresql'), true);
  assert.equal(appliesTo(only, 'basin'), true);
  assert.equal(appliesTo(only, 'postgresql'), false);
});

test('a five-letter word without digits is a message, not a SQLSTATE', () => {
  const [r] = parseSlt('statement error ERROR\nSELECT x\n');
  assert.deepEqual(r?.kind === 'statement' && r.expect, { kind: 'error', error: { kind: 'message', pattern: 'ERROR' } });
});

test('malformed records are reported with file and line', () => {
  assert.throws(() => parseSlt('\n\nstatement maybe\nSELECT 1\n', 'bad.slt'), (e: unknown) => {
    assert.ok(e instanceof SltParseError);
    assert.match(e.message, /^bad\.slt:3: /);
    return true;
  });
  assert.throws(() => parseSlt('query I\n', 'q.slt'), /q\.slt:1: query without SQL/);
  assert.throws(() => parseSlt('frobnicate\nSELECT 1\n', 'f.slt'), /unknown record/);
});

test('values render as PostgreSQL text with NULL, (empty) and escaped line breaks', () => {
  assert.equal(renderValue(null), 'NULL');
  assert.equal(renderValue(''), '(empty)');
  assert.equal(renderValue('a\nb\tc'), 'a\\nb\\tc');
  assert.equal(renderValue('\\x01ff'), '\\x01ff');
  assert.deepEqual(renderResult([['b', null], ['a', '1']], 'rowsort'), ['a 1', 'b NULL']);
  assert.deepEqual(renderResult([['b', 'a'], ['c', '']], 'valuesort'), ['(empty)', 'a', 'b', 'c']);
  assert.deepEqual(renderResult([['b'], ['a']], 'nosort'), ['b', 'a']);
  assert.deepEqual(normaliseExpected(['b', 'a'], 'rowsort'), ['a', 'b']);
});
