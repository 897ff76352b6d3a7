// Expected values were checked against PostgreSQL 15.18.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { castValue, castVector, canCast } from './cast.ts';
import { Decimal, DEFAULT_TEXT_OPTIONS as O, SqlError, T, sqlType, numericTypmod, textIn, textOut, vectorFromValues, getValue } from '../common/index.ts';

const cv = (v: unknown, from = T.float8, to = T.int4, mode: 'explicit' | 'assignment' = 'explicit', opts = O): unknown => castValue(v, from, to, mode, opts);
const code = (f: () => unknown, c: string, msg?: string): void => {
  assert.throws(f, (e: unknown) => e instanceof SqlError && e.code === c && (msg === undefined || e.message === msg));
};

test('numeric casts', () => {
  assert.deepEqual([2.5, 3.5, -2.5].map((x) => cv(x)), [2, 4, -2]);
  assert.equal(cv(Decimal.parse('2.5'), T.numeric, T.int4), 3);
  assert.equal(cv(Decimal.parse('-2.5'), T.numeric, T.int2), -3);
  assert.equal(String(cv(Math.fround(1.1), T.float4, T.numeric)), '1.1');
  assert.equal(String(cv(0.1, T.float8, T.numeric)), '0.1');
  assert.equal(cv(Decimal.parse('1.5'), T.numeric, T.float4), 1.5);
  assert.equal(String(cv(Decimal.parse('1.5'), T.numeric, sqlType('numeric', numericTypmod(2, 0)))), '2');
  code(() => cv(40000, T.int4, T.int2), '22003', 'smallint out of range');
  code(() => cv(NaN, T.float8, T.int4), '22003', 'integer out of range');
  code(() => cv(Decimal.NaN, T.numeric, T.int4), '0A000', 'cannot convert NaN to integer');
  code(() => cv(1e40, T.float8, T.float4), '22003', 'value out of range: overflow');
  code(() => cv(2 ** 63, T.float8, T.int8), '22003', 'bigint out of range');
});

test('bool, oid, strings', () => {
  assert.equal(cv(true, T.bool, T.int4), 1);
  assert.equal(cv(0, T.int4, T.bool), false);
  assert.equal(cv(5, T.int4, T.bool), true);
  assert.equal(cv(-1, T.int4, T.oid), 4294967295);
  assert.equal(cv('ab  ', sqlType('bpchar', 8), T.text), 'ab');
  assert.equal(cv('abcd', T.text, sqlType('varchar', 6)), 'ab');
  code(() => cv('abcd', T.text, sqlType('varchar', 6), 'assignment'), '22001', 'value too long for type character varying(2)');
  assert.equal(cv('ab   ', T.text, sqlType('varchar', 6), 'assignment'), 'ab');
  assert.equal(cv(Decimal.parse('12.5'), T.numeric, T.text), '12.5');
  assert.equal(cv(1e20, T.float8, T.text), '1e+20');
  assert.equal(cv(' 42 ', T.text, T.int4), 42);
});

test('bool → text/varchar/bpchar is booltext (true/false); → name is the output function', () => {
  assert.equal(cv(true, T.bool, T.text), 'true');
  assert.equal(cv(false, T.bool, T.varchar), 'false');
  assert.equal(cv(false, T.bool, sqlType('varchar', 7)), 'fal');
  assert.equal(cv(true, T.bool, sqlType('bpchar', 10)), 'true  ');
  assert.equal(cv(true, T.bool, T.name), 't');
  const v = castVector(vectorFromValues(T.bool, [true, null, false]), T.text, 'explicit', O);
  assert.deepEqual([0, 1, 2].map((i) => getValue(v, i)), ['true', null, 'false']);
});

test('char(n) pads on assignment and cast, from text and from unknown', () => {
  assert.equal(cv('ab', T.text, sqlType('bpchar', 9), 'assignment'), 'ab   ');
  assert.equal(cv('ab', T.unknown, sqlType('bpchar', 9), 'assignment'), 'ab   ');
  assert.equal(cv('ab ', sqlType('bpchar', 7), sqlType('bpchar', 9), 'assignment'), 'ab   ');
  assert.equal(cv('ab   ', sqlType('bpchar', 9), sqlType('bpchar', 7), 'explicit'), 'ab ');
});

test('jsonb casts', () => {
  assert.equal(cv('{"a": 1}', T.jsonb, T.text), '{"a": 1}');
  assert.equal(String(cv('1.5', T.jsonb, T.numeric)), '1.5');
  assert.equal(cv('true', T.jsonb, T.bool), true);
  code(() => cv('"x"', T.jsonb, T.int4), '22023', 'cannot cast jsonb string to type integer');
});

test('date and time casts', () => {
  const ny = { ...O, timeZone: 'America/New_York' };
  const d = (s: string) => textIn(T.date, s, O) as number;
  const ts = (s: string) => textIn(T.timestamp, s, O) as number;
  const tz = (s: string) => textIn(T.timestamptz, s, ny) as number;
  assert.equal(textOut(T.date, cv(ts('2024-01-31 12:34:56'), T.timestamp, T.date), O), '2024-01-31');
  assert.equal(textOut(T.timestamp, cv(d('2024-01-31'), T.date, T.timestamp), O), '2024-01-31 00:00:00');
  assert.equal(textOut(T.timestamp, cv(d('infinity'), T.date, T.timestamp), O), 'infinity');
  assert.equal(textOut(T.timestamptz, cv(d('2024-03-10'), T.date, T.timestamptz, 'explicit', ny), ny), '2024-03-10 00:00:00-05');
  assert.equal(textOut(T.date, cv(tz('2024-07-01 00:00Z'), T.timestamptz, T.date, 'explicit', ny), ny), '2024-06-30');
  assert.equal(textOut(T.timestamp, cv(tz('2024-07-01 00:00Z'), T.timestamptz, T.timestamp, 'explicit', ny), ny), '2024-06-30 20:00:00');
  assert.equal(textOut(T.timestamptz, cv(ts('2024-07-01 12:00'), T.timestamp, T.timestamptz, 'explicit', ny), ny), '2024-07-01 12:00:00-04');
  assert.equal(textOut(T.time, cv(tz('2024-07-01 12:00Z'), T.timestamptz, T.time, 'explicit', ny), ny), '08:00:00');
  assert.equal(textOut(T.time, cv(textIn(T.interval, '25 hours', O), T.interval, T.time), O), '01:00:00');
});

test('castVector keeps nulls and uses typed arrays', () => {
  const v = vectorFromValues(T.float8, [2.5, null, -3.5, 7]);
  const r = castVector(v, T.int4, 'explicit', O);
  assert.ok(r.values instanceof Int32Array);
  assert.deepEqual([0, 1, 2, 3].map((i) => getValue(r, i)), [2, null, -4, 7]);
  const b = castVector(vectorFromValues(T.int4, [0, 3, null]), T.bool, 'explicit', O);
  assert.deepEqual([0, 1, 2].map((i) => getValue(b, i)), [false, true, null]);
  const s = castVector(vectorFromValues(T.int4, [1, null]), T.text, 'explicit', O);
  assert.deepEqual([getValue(s, 0), getValue(s, 1)], ['1', null]);
  assert.throws(() => castVector(vectorFromValues(T.int8, [1n, 2n ** 40n]), T.int4, 'explicit', O), /integer out of range/);
});

// Checked against PostgreSQL 15.18.
test('int8 casts are exact bigints with PostgreSQL range errors', () => {
  const MAX = 9223372036854775807n, MIN = -9223372036854775808n;
  assert.equal(cv(5, T.int4, T.int8), 5n);
  assert.equal(cv(7, T.int2, T.int8), 7n);
  assert.equal(cv(2.5, T.float8, T.int8), 2n);
  assert.equal(cv(-3.5, T.float4, T.int8), -4n);
  assert.equal(cv(2 ** 62, T.float8, T.int8), 4611686018427387904n);
  code(() => cv(NaN, T.float8, T.int8), '22003', 'bigint out of range');
  assert.equal(cv(Decimal.parse('9223372036854775807.4'), T.numeric, T.int8), MAX);
  code(() => cv(Decimal.parse('9223372036854775807.5'), T.numeric, T.int8), '22003', 'bigint out of range');
  assert.equal(cv(Decimal.parse('-2.5'), T.numeric, T.int8), -3n);
  assert.equal(cv('9007199254740993', T.text, T.int8), 9007199254740993n);
  assert.equal(cv('12', T.jsonb, T.int8), 12n);
  assert.equal(cv(4294967295, T.oid, T.int8), 4294967295n);
  // int8 →
  assert.equal(cv(MAX, T.int8, T.text), '9223372036854775807');
  assert.equal(String(cv(9007199254740993n, T.int8, T.numeric)), '9007199254740993');
  assert.equal(cv(9007199254740993n, T.int8, T.float8), 9007199254740992);
  assert.equal(cv(MAX, T.int8, T.float8), 2 ** 63);
  // one rounding, as C's (float4) int64: 2^62 + 2^38 + 1 is above the float4 halfway point
  assert.equal(cv(4611686293305294849n, T.int8, T.float4), 4611686568183201792);
  assert.equal(cv(-4611686293305294849n, T.int8, T.float4), -4611686568183201792);
  assert.equal(cv(16777217n, T.int8, T.float4), 16777216);
  assert.equal(cv(-2147483648n, T.int8, T.int4), -2147483648);
  code(() => cv(2147483648n, T.int8, T.int4), '22003', 'integer out of range');
  code(() => cv(MIN, T.int8, T.int2), '22003', 'smallint out of range');
  assert.equal(cv(4294967295n, T.int8, T.oid), 4294967295);
  code(() => cv(-1n, T.int8, T.oid), '22003', 'OID out of range');
  code(() => cv(4294967296n, T.int8, T.oid), '22003', 'OID out of range');
  // vectors
  const big = vectorFromValues(T.int8, [MAX, null, MIN, 9007199254740993n]);
  const f = castVector(big, T.float8, 'explicit', O);
  assert.ok(f.values instanceof Float64Array);
  assert.deepEqual([0, 1, 2, 3].map((i) => getValue(f, i)), [2 ** 63, null, -(2 ** 63), 9007199254740992]);
  const back = castVector(vectorFromValues(T.int4, [1, null, -2147483648]), T.int8, 'explicit', O);
  assert.ok(back.values instanceof BigInt64Array);
  assert.deepEqual([0, 1, 2].map((i) => getValue(back, i)), [1n, null, -2147483648n]);
  code(() => castVector(vectorFromValues(T.float8, [NaN, 1.5]), T.int8, 'explicit', O), '22003', 'bigint out of range');
  const nullNaN = castVector({ ...vectorFromValues(T.float8, [NaN, 2.5]), nulls: Uint8Array.of(1, 0) }, T.int8, 'explicit', O);
  assert.deepEqual([getValue(nullNaN, 0), getValue(nullNaN, 1)], [null, 2n]);
  const n = castVector(vectorFromValues(T.int8, [MIN, null]), T.numeric, 'explicit', O);
  assert.equal(String(getValue(n, 0)), '-9223372036854775808');
  const t = castVector(vectorFromValues(T.text, [' -9223372036854775808', null]), T.int8, 'explicit', O);
  assert.ok(t.values instanceof BigInt64Array);
  assert.equal(getValue(t, 0), MIN);
});

test('canCast contexts', () => {
  assert.equal(canCast(T.int4, T.int8), 'implicit');
  assert.equal(canCast(T.int8, T.int4), 'assignment');
  assert.equal(canCast(T.int4, T.numeric), 'implicit');
  assert.equal(canCast(T.numeric, T.float8), 'implicit');
  assert.equal(canCast(T.float8, T.numeric), 'assignment');
  assert.equal(canCast(T.text, T.int4), 'explicit');
  assert.equal(canCast(T.varchar, T.text), 'implicit');
  assert.equal(canCast(T.date, T.timestamp), 'implicit');
  assert.equal(canCast(T.timestamp, T.date), 'assignment');
  assert.equal(canCast(T.bool, T.int4), 'explicit');
  assert.equal(canCast(T.int4, T.bool), 'explicit');
  assert.equal(canCast(T.date, T.int4), undefined);
});
