// int2vector/oidvector I/O; expected texts and errors checked against PostgreSQL 15.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryIn, binaryOut, DEFAULT_TEXT_OPTIONS as O, textIn, textOut } from './type-io.ts';
import { arraySend, PgArray } from './array.ts';
import { SqlError } from './errors.ts';
import { sqlType, T } from './types.ts';

const int2vector = sqlType('int2vector'), oidvector = sqlType('oidvector');

test('text form: elements separated by single spaces, subscripts from 0, empty string for none', () => {
  const v = textIn(int2vector, ' 1  2 ', O) as PgArray;
  assert.deepEqual([v.items, v.dims, v.lbounds], [[1, 2], [2], [0]]);
  assert.equal(textOut(int2vector, v, O), '1 2');
  const e = textIn(oidvector, '', O) as PgArray;
  assert.deepEqual([e.items, e.dims, e.lbounds], [[], [0], [0]]);
  assert.equal(textOut(oidvector, e, O), '');
  // Cast to int2[]: the same array, printed with its bounds (empty: `{}`).
  assert.equal(textOut(sqlType('_int2'), v, O), '[0:1]={1,2}');
  assert.equal(textOut(sqlType('_oid'), e, O), '{}');
});

test('bad text input raises the element type\'s error', () => {
  const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as SqlError).code; } };
  assert.equal(code(() => textIn(int2vector, '1,2', O)), '22P02');
  assert.equal(code(() => textIn(int2vector, '70000', O)), '22003');
  assert.equal(code(() => textIn(oidvector, 'x', O)), '22P02');
  assert.equal((textIn(int2vector, Array(1001).fill('1').join(' '), O) as PgArray).length, 1001);
});

test('binary form is an array\'s, one-dimensional from 0', () => {
  const v = textIn(oidvector, '25 23', O) as PgArray;
  const back = binaryIn(oidvector, binaryOut(oidvector, v)) as PgArray;
  assert.deepEqual([back.items, back.lbounds], [[25, 23], [0]]);
  const fromOne = arraySend(PgArray.of([1, 2]), 21, (x) => binaryOut(T.int2, x));
  assert.throws(() => binaryIn(int2vector, fromOne), (e: SqlError) => e.code === '22P03' && e.message === 'invalid int2vector data');
});
