// Expected behaviour checked against a real PostgreSQL 15.18 (types via pg_typeof, errors via psql VERBOSITY verbose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, callError, callVec, findOverload, registry } from '../test-support.ts';

test('version() is PostgreSQL-shaped and names Basin', () => {
  const v = call('version', []) as string;
  assert.match(v, /^PostgreSQL 15\.0 \(Basin 0\.1\.0\) on \S+, /);
});

test('session information comes from the session', () => {
  assert.equal(call('current_database', []), 'shop');
  assert.equal(call('current_user', []), 'alice');
  assert.equal(call('session_user', []), 'alice');
  assert.equal(call('current_schema', []), 'public');
  assert.equal(call('pg_backend_pid', []), 4242);
  assert.equal(findOverload('current_user', []).returns, 'name');
  assert.equal(findOverload('pg_backend_pid', []).returns, 'int4');
  assert.deepEqual(callVec('current_database', [], []).values, ['shop']);
});

test('current_setting', () => {
  assert.equal(call('current_setting', ['text'], 'timezone'), 'UTC');
  assert.equal(call('current_setting', ['text', 'bool'], 'foo', true), null);
  assert.deepEqual(callError('current_setting', ['text'], 'foo'), { code: '42704', message: 'unrecognized configuration parameter "foo"' });
  assert.deepEqual(callError('current_setting', ['text', 'bool'], 'foo', false), { code: '42704', message: 'unrecognized configuration parameter "foo"' });
});

test('the registry rejects a duplicate name', () => {
  assert.throws(() => registry.registerScalar({ name: 'ABS', overloads: [] }), /registered twice/);
  assert.equal(registry.scalar('ABS'), registry.scalar('abs'));
  assert.equal(registry.scalar('no_such_function'), undefined);
});
