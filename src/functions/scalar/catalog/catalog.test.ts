// Catalog functions that need no catalog, checked against PostgreSQL 15.18.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call } from '../test-support.ts';
import { sizePretty } from './sizes.ts';

test('pg_size_pretty steps through bytes, kB, MB, GB, TB and PB with half rounding', () => {
  const cases: [bigint, string][] = [
    [0n, '0 bytes'], [10239n, '10239 bytes'], [10240n, '10 kB'], [20479n, '20 kB'], [123456789n, '118 MB'],
    [-20000n, '-20 kB'], [1099511627776n * 30n, '30 TB'], [1099511627776n * 40000n, '39 PB'],
  ];
  for (const [n, s] of cases) assert.equal(sizePretty(n), s, String(n));
});

test('format_type names types with their modifiers; NULL typmod is none, an unknown OID ???', () => {
  assert.equal(call('format_type', ['oid', 'int4'], 26, -1), 'oid');
  assert.equal(call('format_type', ['oid', 'int4'], 1043, 14), 'character varying(10)');
  assert.equal(call('format_type', ['oid', 'int4'], 1700, null), 'numeric');
  assert.equal(call('format_type', ['oid', 'int4'], 1231, -1), 'numeric[]');
  assert.equal(call('format_type', ['oid', 'int4'], 2276, -1), '"any"');
  assert.equal(call('format_type', ['oid', 'int4'], 123456, -1), '???');
  assert.equal(call('format_type', ['oid', 'int4'], null, -1), null);
});

test('pg_encoding_to_char knows UTF8 and gives empty for unknown numbers', () => {
  assert.equal(call('pg_encoding_to_char', ['int4'], 6), 'UTF8');
  assert.equal(call('pg_encoding_to_char', ['int4'], 77), '');
});
