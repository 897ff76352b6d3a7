// Expected values were checked against a real PostgreSQL 15 (SELECT of the same operator or call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, callVec } from '../test-support.ts';

test('and / or / xor / not keep the integer width', () => {
  assert.equal(call('int4and', ['int4', 'int4'], 5, 3), 1);
  assert.equal(call('int4or', ['int4', 'int4'], 12, 3), 15);
  assert.equal(call('int4xor', ['int4', 'int4'], 5, 3), 6);
  assert.equal(call('int4not', ['int4'], 5), -6);
  assert.equal(call('int2not', ['int2'], 0), -1);
  assert.equal(call('int8xor', ['int8', 'int8'], 9223372036854775807n, -1n), -9223372036854775808n);
  assert.equal(call('int8not', ['int8'], -1n), 0n);
  assert.deepEqual(callVec('int2and', ['int2', 'int2'], [[6, null, -1], [3, 1, null]]).values, [2, null, null]);
  assert.equal(callVec('int8or', ['int8', 'int8'], [[1n], [2n]]).vector.values instanceof BigInt64Array, true);
});

test('shifts take an int4 count modulo the width, as C on x86 does', () => {
  assert.equal(call('int4shl', ['int4', 'int4'], 1, 4), 16);
  assert.equal(call('int4shl', ['int4', 'int4'], 1, 32), 1);
  assert.equal(call('int4shl', ['int4', 'int4'], 1, 33), 2);
  assert.equal(call('int4shl', ['int4', 'int4'], 1, -1), -2147483648);
  assert.equal(call('int4shr', ['int4', 'int4'], -8, 1), -4);
  assert.equal(call('int2shl', ['int2', 'int4'], 1, 15), -32768);
  assert.equal(call('int2shl', ['int2', 'int4'], 1, 16), 0);
  assert.equal(call('int2shr', ['int2', 'int4'], -32768, 1), -16384);
  assert.equal(call('int8shl', ['int8', 'int4'], 1n, 63), -9223372036854775808n);
  assert.equal(call('int8shl', ['int8', 'int4'], 1n, 64), 1n);
  assert.equal(call('int8shl', ['int8', 'int4'], 1n, 40), 1099511627776n);
  assert.equal(call('int8shr', ['int8', 'int4'], -1n, 70), -1n);
  assert.equal(call('int8shr', ['int8', 'int4'], -9223372036854775808n, 63), -1n);
});
