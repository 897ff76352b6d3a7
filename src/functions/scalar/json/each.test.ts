// Expected behaviour checked against a real PostgreSQL 15.18.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlError, T } from '../../../common/index.ts';
import { registry, testContext } from '../test-support.ts';

/** All rows of a one-argument JSON set-returning function. */
function rows(name: string, arg: string): unknown[][] {
  const ov = registry.setReturning(name)!.overloads[0]!;
  return [...ov.rows([arg], [name.startsWith('jsonb') ? T.jsonb : T.json], testContext())].map((r) => [...r]);
}

function error(name: string, arg: string): string {
  try { rows(name, arg); } catch (e) { if (e instanceof SqlError) return `${e.code} ${e.message}`; throw e; }
  return 'no error';
}

test('json_each keeps duplicates, order and text; jsonb_each is normalised', () => {
  const j = '{"b": 1, "a": {"x":  [1, 2]}, "b": "s", "c": null}';
  assert.deepEqual(rows('json_each', j), [['b', '1'], ['a', '{"x":  [1, 2]}'], ['b', '"s"'], ['c', 'null']]);
  assert.deepEqual(rows('jsonb_each', j), [['a', '{"x": [1, 2]}'], ['b', '"s"'], ['c', 'null']]);
  assert.deepEqual(rows('json_each_text', '{"a": "x\\u00e9", "b": 1.50e0, "c": null}'), [['a', 'xé'], ['b', '1.50e0'], ['c', null]]);
  assert.deepEqual(rows('jsonb_each_text', '{"a": "x", "d": [1,  2]}'), [['a', 'x'], ['d', '[1, 2]']]);
});

test('array elements and object keys', () => {
  assert.deepEqual(rows('json_array_elements', '[1, "a", {"b" :  2}, null]'), [['1'], ['"a"'], ['{"b" :  2}'], ['null']]);
  assert.deepEqual(rows('jsonb_array_elements_text', '[1, "a", {"b" :  2}, null]'), [['1'], ['a'], ['{"b": 2}'], [null]]);
  assert.deepEqual(rows('json_object_keys', '{"b": 1, "a": 2, "b": 3}'), [['b'], ['a'], ['b']]);
  assert.deepEqual(rows('jsonb_object_keys', '{"bb": 1, "a": 2, "b": 3}'), [['a'], ['b'], ['bb']]);
  assert.deepEqual(rows('jsonb_array_elements', '[]'), []);
});

test('output columns are named as in PostgreSQL', () => {
  const cols = (name: string) => registry.setReturning(name)!.overloads[0]!.columns([T.jsonb]).map((c) => `${c.name}:${c.type.id}`);
  assert.deepEqual(cols('jsonb_each'), ['key:text', 'value:jsonb']);
  assert.deepEqual(cols('json_each_text'), ['key:text', 'value:text']);
  assert.deepEqual(cols('json_array_elements'), ['value:json']);
  assert.deepEqual(cols('jsonb_object_keys'), ['jsonb_object_keys:text']);
});

test('the wrong kind of value raises 22023 with PostgreSQL\'s message', () => {
  assert.equal(error('jsonb_each', '[1]'), '22023 cannot call jsonb_each on a non-object');
  assert.equal(error('jsonb_each_text', '1'), '22023 cannot call jsonb_each_text on a non-object');
  assert.equal(error('json_each', '[1]'), '22023 cannot deconstruct an array as an object');
  assert.equal(error('json_each_text', '1'), '22023 cannot deconstruct a scalar');
  assert.equal(error('jsonb_array_elements', '{}'), '22023 cannot extract elements from an object');
  assert.equal(error('jsonb_array_elements_text', '1'), '22023 cannot extract elements from a scalar');
  assert.equal(error('json_array_elements', '{}'), '22023 cannot call json_array_elements on a non-array');
  assert.equal(error('json_array_elements_text', '1'), '22023 cannot call json_array_elements_text on a scalar');
  assert.equal(error('jsonb_object_keys', '[]'), '22023 cannot call jsonb_object_keys on an array');
  assert.equal(error('json_object_keys', '1'), '22023 cannot call json_object_keys on a scalar');
});

test('json_array_elements passes \\u0000 through; the _text form cannot', () => {
  assert.deepEqual(rows('json_array_elements', '["\\u0000"]'), [['"\\u0000"']]);
  assert.equal(error('json_array_elements_text', '["\\u0000"]'), '22P05 unsupported Unicode escape sequence');
});
