// Expected behaviour checked against a real PostgreSQL 15.18 (errors via psql VERBOSITY verbose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, PgArray, SqlError, sqlType, vectorFromValues, getValue, T, type TypeId } from '../../../common/index.ts';
import { call, callError, findOverload, registry, testContext } from '../test-support.ts';

const arr = (...items: (string | null)[]) => PgArray.of(items);

test('-> and ->> on json keep the text as written; on jsonb they normalise', () => {
  const j = '{"a": { "b" :  1 }, "n": null, "s": "x\\u00e9", "f": 1.50e0, "a2": [1, 2]}';
  assert.equal(call('json_object_field', ['json', 'text'], j, 'a'), '{ "b" :  1 }');
  assert.equal(call('json_object_field_text', ['json', 'text'], j, 's'), 'xé');
  assert.equal(call('json_object_field_text', ['json', 'text'], j, 'f'), '1.50e0');
  assert.equal(call('json_object_field_text', ['json', 'text'], j, 'n'), null);
  assert.equal(call('json_object_field', ['json', 'text'], j, 'n'), 'null');
  assert.equal(call('json_object_field', ['json', 'text'], '{"a": 1, "a": 2}', 'a'), '2');
  assert.equal(call('json_array_element', ['json', 'int4'], '[1, 2, 3]', -1), '3');
  assert.equal(call('json_array_element', ['json', 'int4'], '[1, 2, 3]', 3), null);
  assert.equal(call('json_array_element', ['json', 'int4'], '"abc"', 0), null);
  assert.equal(call('jsonb_object_field', ['jsonb', 'text'], '{"a": {"b": 1}}', 'a'), '{"b": 1}');
  assert.equal(call('jsonb_object_field_text', ['jsonb', 'text'], '{"a": 1.50}', 'a'), '1.50');
  assert.equal(call('jsonb_array_element', ['jsonb', 'int4'], '[1, 2, 3]', -3), '1');
  assert.equal(call('jsonb_array_element', ['jsonb', 'int4'], '"abc"', 0), '"abc"');
  assert.equal(call('jsonb_array_element_text', ['jsonb', 'int4'], '[true, null]', 1), null);
  assert.equal(call('jsonb_object_field', ['jsonb', 'text'], '[1]', 'a'), null);
});

test('#> and #>> follow keys and indexes; NULLs and dead ends give NULL', () => {
  const j = '{"a": {"b": {"c":  [1, 2]}}}';
  assert.equal(call('json_extract_path', ['json', '_text'], j, arr('a', 'b')), '{"c":  [1, 2]}');
  assert.equal(call('jsonb_extract_path', ['jsonb', '_text'], j, arr('a', 'b', 'c', '-1')), '2');
  assert.equal(call('jsonb_extract_path_text', ['jsonb', '_text'], '"x"', arr()), 'x');
  assert.equal(call('jsonb_extract_path', ['jsonb', '_text'], j, arr('a', null)), null);
  assert.equal(call('jsonb_extract_path', ['jsonb', '_text'], '[1]', arr('x')), null);
  assert.equal(call('jsonb_extract_path', ['jsonb', '_text'], '1', arr('0')), null);
  assert.equal(call('json_extract_path_text', ['json', 'text', 'text'], '{"a": {"b": "x"}}', 'a', 'b'), 'x');
  assert.equal(call('json_extract_path', ['json', '_text'], '[1, [2, 3]]', arr(' +1', '0')), '2');
});

test('containment and existence', () => {
  assert.equal(call('jsonb_contains', ['jsonb', 'jsonb'], '{"a": 1, "b": [1, 2]}', '{"b": [2]}'), true);
  assert.equal(call('jsonb_contained', ['jsonb', 'jsonb'], '{"b": [2]}', '{"a": 1, "b": [1, 2]}'), true);
  assert.equal(call('jsonb_exists', ['jsonb', 'text'], '["a"]', 'a'), true);
  assert.equal(call('jsonb_exists_any', ['jsonb', '_text'], '{"a": 1}', arr(null)), false);
  assert.equal(call('jsonb_exists_all', ['jsonb', '_text'], '{"a": 1}', arr('a', null)), true);
  assert.equal(call('jsonb_exists_all', ['jsonb', '_text'], '{"a": 1}', arr('a', 'b')), false);
});

test('concatenation and deletion', () => {
  assert.equal(call('jsonb_concat', ['jsonb', 'jsonb'], '1', '2'), '[1, 2]');
  assert.equal(call('jsonb_concat', ['jsonb', 'jsonb'], '{"a": 1}', '[2]'), '[{"a": 1}, 2]');
  assert.equal(call('jsonb_concat', ['jsonb', 'jsonb'], '{"a": 1, "c": 3}', '{"a": 2, "b": 3}'), '{"a": 2, "b": 3, "c": 3}');
  assert.equal(call('jsonb_concat', ['jsonb', 'jsonb'], '[]', '{}'), '[{}]');
  assert.equal(call('jsonb_delete', ['jsonb', 'text'], '["a", "b", 1, "a"]', 'a'), '["b", 1]');
  assert.equal(call('jsonb_delete', ['jsonb', 'int4'], '[1, 2, 3]', -1), '[1, 2]');
  assert.equal(call('jsonb_delete', ['jsonb', 'int4'], '[1, 2, 3]', -5), '[1, 2, 3]');
  assert.equal(call('jsonb_delete', ['jsonb', '_text'], '{"a": 1, "b": 2}', arr('a', null)), '{"b": 2}');
  assert.deepEqual(callError('jsonb_delete', ['jsonb', 'text'], '1', 'a'), { code: '22023', message: 'cannot delete from scalar' });
  assert.deepEqual(callError('jsonb_delete', ['jsonb', 'int4'], '{}', 0), { code: '22023', message: 'cannot delete from object using integer index' });
  assert.deepEqual(callError('jsonb_delete', ['jsonb', '_text'], '{}', new PgArray(['a'], [1, 1], [1, 1])), { code: '2202E', message: 'wrong number of array subscripts' });
  assert.equal(call('jsonb_delete_path', ['jsonb', '_text'], '{"a": [1, 2, 3]}', arr('a', '-1')), '{"a": [1, 2]}');
  assert.deepEqual(callError('jsonb_delete_path', ['jsonb', '_text'], '1', arr('a')), { code: '22023', message: 'cannot delete path in scalar' });
  assert.deepEqual(callError('jsonb_delete_path', ['jsonb', '_text'], '{"a": [1]}', arr('a', 'x')), { code: '22P02', message: 'path element at position 2 is not an integer: "x"' });
  assert.deepEqual(callError('jsonb_delete_path', ['jsonb', '_text'], '{"a": [1]}', arr('a', null)), { code: '22004', message: 'path element at position 2 is null' });
});

test('jsonb_set, jsonb_insert, jsonb_set_lax', () => {
  const set = (t: string, p: PgArray, v: string, create?: boolean) =>
    create === undefined ? call('jsonb_set', ['jsonb', '_text', 'jsonb'], t, p, v) : call('jsonb_set', ['jsonb', '_text', 'jsonb', 'bool'], t, p, v, create);
  assert.equal(set('{"a": 1}', arr('b'), '2'), '{"a": 1, "b": 2}');
  assert.equal(set('{"a": 1}', arr('b'), '2', false), '{"a": 1}');
  assert.equal(set('[1, 2, 3]', arr('-9'), '"x"'), '["x", 1, 2, 3]');
  assert.equal(set('[1, 2, 3]', arr('9'), '"x"'), '[1, 2, 3, "x"]');
  assert.equal(set('{"a": [1, {"b": 2}]}', arr('a', '1', 'b'), '3'), '{"a": [1, {"b": 3}]}');
  assert.equal(set('{"a": 1}', arr('x', 'y'), '2'), '{"a": 1}');
  assert.deepEqual(callError('jsonb_set', ['jsonb', '_text', 'jsonb'], '1', arr('a'), '2'), { code: '22023', message: 'cannot set path in scalar' });
  const ins = (t: string, p: PgArray, v: string, after = false) => call('jsonb_insert', ['jsonb', '_text', 'jsonb', 'bool'], t, p, v, after);
  assert.equal(ins('[1, 2]', arr('0'), '0'), '[0, 1, 2]');
  assert.equal(ins('[1, 2]', arr('0'), '0', true), '[1, 0, 2]');
  assert.equal(ins('[1, 2]', arr('-5'), '9'), '[9, 1, 2]');
  assert.deepEqual(callError('jsonb_insert', ['jsonb', '_text', 'jsonb'], '{"a": 1}', arr('a'), '2'), { code: '22023', message: 'cannot replace existing key' });
  const lax = (v: string | null, treatment: string | null) =>
    call('jsonb_set_lax', ['jsonb', '_text', 'jsonb', 'bool', 'text'], '{"a": 1}', arr('a'), v, true, treatment);
  assert.equal(lax(null, 'use_json_null'), '{"a": null}');
  assert.equal(lax(null, 'delete_key'), '{}');
  assert.equal(lax(null, 'return_target'), '{"a": 1}');
  assert.equal(lax('3', 'bogus'), '{"a": 3}');
  assert.equal(call('jsonb_set_lax', ['jsonb', '_text', 'jsonb'], '{"a": 1}', arr('a'), null), '{"a": null}');
  assert.equal(call('jsonb_set_lax', ['jsonb', '_text', 'jsonb', 'bool', 'text'], null, arr('a'), '1', true, 'x'), null);
  assert.throws(() => lax(null, 'raise_exception'), (e: SqlError) => e.code === '22004' && e.message === 'JSON value must not be null');
  assert.throws(() => lax(null, null), (e: SqlError) => e.code === '22023' && /null_value_treatment must be/.test(e.message));
});

test('typeof, array length, pretty, strip nulls', () => {
  assert.equal(call('json_typeof', ['json'], ' [1]'), 'array');
  assert.equal(call('jsonb_typeof', ['jsonb'], 'null'), 'null');
  assert.equal(call('json_array_length', ['json'], '[1, [2, 3], {"a": "\\u0000"}]'), 3);
  assert.equal(call('jsonb_array_length', ['jsonb'], '[]'), 0);
  assert.deepEqual(callError('jsonb_array_length', ['jsonb'], '1'), { code: '22023', message: 'cannot get array length of a scalar' });
  assert.deepEqual(callError('json_array_length', ['json'], '{}'), { code: '22023', message: 'cannot get array length of a non-array' });
  assert.equal(call('jsonb_pretty', ['jsonb'], '{"a": [1, {}], "b": []}'), '{\n    "a": [\n        1,\n        {\n        }\n    ],\n    "b": [\n    ]\n}');
  assert.equal(call('jsonb_pretty', ['jsonb'], '"x"'), '"x"');
  assert.equal(call('json_strip_nulls', ['json'], '{"a": 1, "b": null, "c": [null, {"d": null}], "f": 1.50e1}'), '{"a":1,"c":[null,{}],"f":1.50e1}');
  assert.equal(call('jsonb_strip_nulls', ['jsonb'], '{"a": null, "b": [null]}'), '{"b": [null]}');
});

/** Call a variadic "any" function with typed columns of one row. */
function callAny(name: string, types: readonly TypeId[], ...values: unknown[]): unknown {
  const ov = registry.scalar(name)!.overloads[0]!;
  const args = values.map((v, i) => vectorFromValues(sqlType(types[i]!), [v]));
  return getValue(ov.kernel(args, 1, testContext()), 0);
}

test('to_json, to_jsonb, array_to_json', () => {
  assert.equal(call('to_json', ['float8'], 1e20), '1e+20');
  assert.equal(call('to_jsonb', ['float8'], 1e20), '100000000000000000000');
  assert.equal(call('to_json', ['numeric'], Decimal.parse('2.50')), '2.50');
  assert.equal(call('to_json', ['text'], null), null);
  assert.equal(call('to_jsonb', ['json'], '{"b": 1,  "a": 2}'), '{"a": 2, "b": 1}');
  assert.equal(call('to_json', ['timestamp'], Date.UTC(2020, 0, 1, 10) * 1000), '"2020-01-01T10:00:00"');
  const m = new PgArray([1, 2, 3, 4], [2, 2], [1, 1]);
  assert.equal(callAny('array_to_json', ['_int4'], m), '[[1,2],[3,4]]');
  assert.equal(registry.scalar('array_to_json')!.overloads[1]!.kernel(
    [vectorFromValues(sqlType('_int4'), [m]), vectorFromValues(T.bool, [true])], 1, testContext()).values[0], '[[1,2],\n [3,4]]');
});

test('json_build_object / json_build_array and their jsonb forms', () => {
  assert.equal(callAny('json_build_object', ['text', 'int4', 'text', 'numeric', 'text', '_int4'], 'a', 1, 'b', Decimal.parse('2.50'), 'c', PgArray.of([1, 2])),
    '{"a" : 1, "b" : 2.50, "c" : [1,2]}');
  assert.equal(callAny('jsonb_build_object', ['text', 'int4', 'text', 'int4', 'text', 'json'], 'b', 1, 'a', 2, 'b', '{"x":  1}'),
    '{"a": 2, "b": {"x": 1}}');
  assert.equal(callAny('json_build_object', []), '{}');
  assert.equal(callAny('json_build_array', ['int4', 'text', 'int4', 'bool'], 1, 'a', null, true), '[1, "a", null, true]');
  assert.equal(callAny('jsonb_build_array', ['json'], '[1,  2]'), '[[1, 2]]');
  assert.equal(callAny('json_build_object', ['numeric', 'int4', 'bool', 'int4'], Decimal.parse('1.5'), 2, true, 3), '{"1.5" : 2, "true" : 3}');
  const e = (f: () => unknown) => { try { f(); } catch (x) { return x instanceof SqlError ? [x.code, x.message, x.hint] : x; } return 'no error'; };
  assert.deepEqual(e(() => callAny('json_build_object', ['text'], 'a')), ['22023', 'argument list must have even number of elements',
    'The arguments of json_build_object() must consist of alternating keys and values.']);
  assert.deepEqual(e(() => callAny('json_build_object', ['text', 'int4'], null, 1)), ['22023', 'argument 1 cannot be null', 'Object keys should be text.']);
  assert.deepEqual(e(() => callAny('jsonb_build_object', ['text', 'int4'], null, 1)), ['22023', 'argument 1: key must not be null', undefined]);
  assert.deepEqual(e(() => callAny('jsonb_build_object', ['jsonb', 'int4'], '{}', 1)), ['22023', 'key value must be scalar, not array, composite, or json', undefined]);
});

test('json_object and jsonb_object', () => {
  assert.equal(call('json_object', ['_text'], arr('a', 'b', 'c', null)), '{"a" : "b", "c" : null}');
  assert.equal(call('jsonb_object', ['_text'], new PgArray(['b', '1', 'a', '2'], [2, 2], [1, 1])), '{"a": "2", "b": "1"}');
  assert.equal(call('json_object', ['_text', '_text'], arr('a', 'b'), arr('1', null)), '{"a" : "1", "b" : null}');
  assert.equal(call('json_object', ['_text'], PgArray.EMPTY), '{}');
  assert.deepEqual(callError('json_object', ['_text'], arr('a')), { code: '2202E', message: 'array must have even number of elements' });
  assert.deepEqual(callError('json_object', ['_text'], new PgArray(['a', 'b', 'c'], [1, 3], [1, 1])), { code: '2202E', message: 'array must have two columns' });
  assert.deepEqual(callError('json_object', ['_text'], arr(null, 'b')), { code: '22004', message: 'null value not allowed for object key' });
  assert.deepEqual(callError('json_object', ['_text', '_text'], arr('a', 'b'), arr('1')), { code: '2202E', message: 'mismatched array dimensions' });
});

test('the variadic forms resolve without clashing with the array and single-key forms', () => {
  assert.equal(findOverload('jsonb_delete', ['jsonb', 'text']).args.length, 2);
  assert.equal(findOverload('jsonb_delete', ['jsonb', 'text', 'text']).variadic, true);
  assert.equal(findOverload('json_extract_path', ['json', '_text']).args[1], '_text');
});
