// Expected strings and orders were checked against PostgreSQL 15.18 (psql, VERBOSITY verbose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  jsonKind, JsonObject, JsonRaw, jsonTopLevel, keyOrder, normalizeJsonb, parseJson, parseJsonb, quoteJsonString, renderJson,
  renderJsonb, toJsonb, validateJson,
} from './json.ts';
import { compareJsonb, compareJsonbText, equalJsonb, jsonbContains, jsonbExists, jsonbHashKey } from './json-compare.ts';
import { sqlToJson, sqlToJsonKey } from './json-from-sql.ts';
import { Decimal } from './decimal.ts';
import { SqlError } from './errors.ts';
import { PgArray } from './array.ts';
import { T, sqlType } from './types.ts';
import { DEFAULT_TEXT_OPTIONS as O } from './type-io.ts';

const err = (f: () => unknown): string => {
  try { f(); } catch (e) {
    if (e instanceof SqlError) return `${e.code} ${e.message}${e.detail === undefined ? '' : ` | ${e.detail}`}`;
    throw e;
  }
  return 'no error';
};

test('jsonb normal form: key order, last duplicate wins, numbers as numeric prints them', () => {
  assert.equal(normalizeJsonb('{"b": [1, 2.50, 1e2, -0, 1E-2], "a": "x\\u00e9\\n\\/", "aa": {}, "a": true, "c": null, "ab": []}'),
    '{"a": true, "b": [1, 2.50, 100, 0, 0.01], "c": null, "aa": {}, "ab": []}');
  assert.equal(normalizeJsonb('{"\\u00e9": 1, "z": 2, "é": 3}'), '{"z": 2, "é": 3}');
  assert.equal(normalizeJsonb('{"bb": 1, "a": 2, "ccc": 3, "b": 4}'), '{"a": 2, "b": 4, "bb": 1, "ccc": 3}');
  assert.equal(normalizeJsonb(' "\\ud83d\\ude00" '), '"😀"');
  assert.equal(normalizeJsonb('[]'), '[]');
  assert.ok(keyOrder('b', 'aa') < 0 && keyOrder('é', 'z') > 0 && keyOrder('a', 'a') === 0);
});

test('json input keeps the text; validation alone accepts \\u0000 and lone surrogates', () => {
  assert.equal(validateJson('  [1, {"a":1} ]'), '  [1, {"a":1} ]');
  assert.equal(validateJson('"\\u0000"'), '"\\u0000"');
  assert.equal(validateJson('"\\ud83d"'), '"\\ud83d"');
});

test('syntax errors carry PostgreSQL\'s DETAIL lines', () => {
  const cases: [string, string][] = [
    ['[1,2', 'The input string ended unexpectedly.'],
    ['', 'The input string ended unexpectedly.'],
    ['01', 'Token "01" is invalid.'],
    ['1.', 'Token "1." is invalid.'],
    ['0.x1', 'Token "0.x1" is invalid.'],
    ['-', 'Token "-" is invalid.'],
    ['True', 'Token "True" is invalid.'],
    ['"abc', 'Token ""abc" is invalid.'],
    ['{"a" 1}', 'Expected ":", but found "1".'],
    ['{1:1}', 'Expected string or "}", but found "1".'],
    ['{"a":1,}', 'Expected string, but found "}".'],
    ['[1 2]', 'Expected "," or "]", but found "2".'],
    ['[,]', 'Expected array element or "]", but found ",".'],
    ['{"a":1}}', 'Expected end of input, but found "}".'],
    ['[1] x', 'Token "x" is invalid.'],
    ['"\\x"', 'Escape sequence "\\x" is invalid.'],
    ['"\\u00"', '"\\u" must be followed by four hexadecimal digits.'],
    ['"a\tb"', 'Character with value 0x09 must be escaped.'],
  ];
  for (const [input, detail] of cases) {
    assert.equal(err(() => validateJson(input)), `22P02 invalid input syntax for type json | ${detail}`, input);
  }
  assert.equal(err(() => parseJsonb('"\\ud83d"')), '22P02 invalid input syntax for type json | Unicode low surrogate must follow a high surrogate.');
  assert.equal(err(() => parseJsonb('"\\ud83d\\ud83d"')), '22P02 invalid input syntax for type json | Unicode high surrogate must not follow a high surrogate.');
  assert.equal(err(() => parseJsonb('"\\ude00"')), '22P02 invalid input syntax for type json | Unicode low surrogate must follow a high surrogate.');
  assert.equal(err(() => parseJsonb('["\\u0000"]')), '22P05 unsupported Unicode escape sequence | \\u0000 cannot be converted to text.');
  assert.equal(err(() => validateJson('['.repeat(2001))), '54001 stack depth limit exceeded');
});

test('parseJson keeps order and duplicates; renderJson is compact', () => {
  const v = parseJson('{"b": 1, "a": [1.50e1, null], "b": "x\\ty"}', { numberText: true });
  assert.ok(v instanceof JsonObject);
  assert.deepEqual(v.entries.map(([k]) => k), ['b', 'a', 'b']);
  assert.equal(v.get('b'), 'x\ty');
  assert.equal(renderJson(v), '{"b":1,"a":[1.50e1,null],"b":"x\\ty"}');
  assert.equal(renderJsonb(v), '{"a": [15.0, null], "b": "x\\ty"}');
  assert.equal(renderJson([new JsonRaw('{"x":  1}'), Decimal.parse('2.50'), true, null]), '[{"x":  1},2.50,true,null]');
  assert.equal(renderJsonb([new JsonRaw('{"x":  1}'), new JsonRaw('1e+20')]), '[{"x": 1}, 100000000000000000000]');
  assert.deepEqual(toJsonb(new JsonObject([['b', 1 as never], ['a', new JsonRaw('2')], ['b', 'z']])), parseJsonb('{"a": 2, "b": "z"}'));
});

test('quoteJsonString escapes quotes, backslashes and control characters only', () => {
  assert.equal(quoteJsonString('a"b\\c\n\u0001é\u007f'), '"a\\"b\\\\c\\n\\u0001é\u007f"');
});

test('jsonTopLevel finds each child\'s text as written', () => {
  const text = '{"a": { "b" :  1 }, "c" : [1,2], "a": 3 }';
  const top = jsonTopLevel(text);
  assert.equal(top.kind, 'object');
  assert.deepEqual(top.children.map((c) => [c.key, text.slice(c.start, c.end)]), [['a', '{ "b" :  1 }'], ['c', '[1,2]'], ['a', '3']]);
  const arr = ' [ 1.50e0 , "x" ] ';
  assert.deepEqual(jsonTopLevel(arr).children.map((c) => arr.slice(c.start, c.end)), ['1.50e0', '"x"']);
  assert.equal(jsonTopLevel('"s"').kind, 'string');
  assert.equal(jsonTopLevel('[{"a": "\\u0000"}]', false).children.length, 1);
});

test('jsonb order: object > array > boolean > number > string > null; [] sorts first', () => {
  // the order PostgreSQL's ORDER BY gives for these values
  const sorted = ['[]', 'null', '""', '"a"', '"ab"', '"b"', '"z"', '"é"', '-2', '1', '1.5', 'false', 'true', '[null]', '["a"]',
    '[1]', '[2]', '[true]', '[[1]]', '[{}]', '[1, 2]', '{}', '{"a": null}', '{"a": "x"}', '{"a": 1}', '{"a": 2}', '{"a": [1]}',
    '{"aa": 1}', '{"b": 1}', '{"a": 1, "b": 1}'];
  const shuffled = [...sorted].reverse().sort((x, y) => x.length - y.length);
  const resorted = shuffled.sort((x, y) => compareJsonb(parseJsonb(x), parseJsonb(y)));
  assert.deepEqual(resorted, sorted);
  assert.ok(equalJsonb(parseJsonb('1.0'), parseJsonb('1')));
  assert.ok(equalJsonb(parseJsonb('{"a": [1, 2]}'), parseJsonb('{"a": [1, 2.0]}')));
  assert.ok(compareJsonb(parseJsonb('[[1, 2]]'), parseJsonb('[[3]]')) > 0);
});

test('containment and existence', () => {
  const c = (a: string, b: string) => jsonbContains(parseJsonb(a), parseJsonb(b));
  assert.equal(c('{"a": 1, "b": {"c": 2}}', '{"b": {}}'), true);
  assert.equal(c('{"a": 1}', '{"a": 1, "b": 2}'), false);
  assert.equal(c('[1, 2, [3, 4]]', '[[3]]'), true);
  assert.equal(c('[1, 2]', '1'), true);
  assert.equal(c('1', '[1]'), false);
  assert.equal(c('{"a": [1, 2]}', '{"a": 1}'), false);
  assert.equal(c('[{"a": 1}]', '[{}]'), true);
  assert.equal(c('{}', '[]'), false);
  assert.equal(c('1.0', '1'), true);
  assert.equal(c('[1, 1, 2]', '[2, 2, 1]'), true);
  assert.equal(c('[[1, 2]]', '[1]'), false);
  assert.equal(c('{"a": {"b": [1, {"c": 3}]}}', '{"a": {"b": [{"c": 3}]}}'), true);
  assert.equal(c('{"a": [1]}', '{"a": {}}'), false);
  const e = (a: string, k: string) => jsonbExists(parseJsonb(a), k);
  assert.deepEqual([e('{"a": 1}', 'a'), e('["a"]', 'a'), e('"a"', 'a'), e('[["a"]]', 'a'), e('{"b": {"a": 1}}', 'a')], [true, true, true, false, false]);
});

test('jsonKind', () => {
  assert.deepEqual(['{}', '[]', '"x"', '1', 'true', 'null'].map((s) => jsonKind(parseJsonb(s))), ['object', 'array', 'string', 'number', 'boolean', 'null']);
  assert.equal(jsonKind(new JsonRaw(' [1]')), 'array');
});

test('sqlToJson: numbers, floats, text, datetimes, arrays, embedded json', () => {
  const j = (v: unknown, t: Parameters<typeof sqlToJson>[1], opts = O) => renderJson(sqlToJson(v, t, opts));
  const jb = (v: unknown, t: Parameters<typeof sqlToJson>[1]) => renderJsonb(sqlToJson(v, t, O));
  assert.equal(j(true, T.bool), 'true');
  assert.equal(j(12345678901234n, T.int8), '12345678901234');
  assert.equal(j(Decimal.parse('2.50'), T.numeric), '2.50');
  assert.equal(j(Decimal.NaN, T.numeric), '"NaN"');
  assert.equal(j(1e20, T.float8), '1e+20');
  assert.equal(jb(1e20, T.float8), '100000000000000000000');
  assert.equal(j(-0, T.float8), '-0');
  assert.equal(jb(-0, T.float8), '0');
  assert.equal(j(Infinity, T.float8), '"Infinity"');
  assert.equal(j('a"b\n', T.text), '"a\\"b\\n"');
  assert.equal(j(Uint8Array.of(1, 2), T.bytea), '"\\\\x0102"');
  assert.equal(j({ months: 0, days: 1, micros: 7_200_000_000 }, T.interval), '"1 day 02:00:00"');
  const ts = Date.UTC(2020, 0, 1, 10, 0, 0, 500) * 1000;
  assert.equal(j(ts, T.timestamp), '"2020-01-01T10:00:00.5"');
  assert.equal(j(ts, T.timestamptz, { ...O, timeZone: 'America/New_York' }), '"2020-01-01T05:00:00.5-05:00"');
  assert.equal(j(ts, T.timestamptz), '"2020-01-01T10:00:00.5+00:00"');
  assert.equal(j(ts, T.timestamptz, { ...O, timeZone: 'Asia/Kolkata' }), '"2020-01-01T15:30:00.5+05:30"');
  assert.equal(j(Infinity, T.timestamp), '"infinity"');
  assert.equal(j(18262, T.date), '"2020-01-01"');
  assert.equal(j(36_000_000_000, T.time), '"10:00:00"');
  assert.equal(j('{"a":  1}', T.json), '{"a":  1}');
  assert.equal(jb('{"a":  1}', T.json), '{"a": 1}');
  assert.equal(j(new PgArray([1, 2, 3, null], [2, 2], [1, 1]), sqlType('_int4')), '[[1,2],[3,null]]');
  assert.equal(jb(new PgArray([1, 2, 3, null], [2, 2], [0, 1]), sqlType('_int4')), '[[1, 2], [3, null]]');
  assert.equal(j(PgArray.EMPTY, sqlType('_text')), '[]');
  assert.equal(j(null, T.int4), 'null');
});

test('sqlToJsonKey: scalars as text, containers refused', () => {
  assert.equal(sqlToJsonKey(Decimal.parse('1.5'), T.numeric, O), '1.5');
  assert.equal(sqlToJsonKey(true, T.bool, O), 'true');
  assert.equal(sqlToJsonKey(1e20, T.float8, O), '1e+20');
  assert.equal(sqlToJsonKey(Date.UTC(2020, 0, 1, 10) * 1000, T.timestamp, O), '2020-01-01T10:00:00');
  assert.equal(err(() => sqlToJsonKey(PgArray.of([1]), sqlType('_int4'), O)), '22023 key value must be scalar, not array, composite, or json');
  assert.equal(err(() => sqlToJsonKey('{}', T.jsonb, O)), '22023 key value must be scalar, not array, composite, or json');
});

test('compareJsonbText and jsonbHashKey agree with jsonb equality', () => {
  assert.equal(compareJsonbText('{"a": 1.0}', '{"a": 1}'), 0);
  assert.ok(compareJsonbText('[]', '1') < 0);
  assert.equal(jsonbHashKey('{"a": [1.0, "x1"]}'), jsonbHashKey('{"a": [1, "x1"]}'));
  assert.notEqual(jsonbHashKey('{"a": [1.5]}'), jsonbHashKey('{"a": [1]}'));
  assert.notEqual(jsonbHashKey('"1"'), jsonbHashKey('1'));
  assert.equal(jsonbHashKey('{"a": true}'), '{"a": true}');
});
