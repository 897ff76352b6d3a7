// Expected strings were checked against PostgreSQL 15.18 (psql, extra_float_digits as noted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryIn, binaryOut, DEFAULT_TEXT_OPTIONS as O, formatFloat, scaledNumericIn, scaledNumericScale, textIn, textOut } from './type-io.ts';
import { SqlError } from './errors.ts';
import { Decimal } from './decimal.ts';
import { T, sqlType, numericPrecision, numericTypmod, type SqlType, TYPES, type TypeId } from './types.ts';

const run = (t: SqlType, s: string): string => {
  try { return textOut(t, textIn(t, s, O), O); } catch (e) {
    if (e instanceof SqlError) return `ERR ${e.code} ${e.message}`;
    throw e;
  }
};

test('float8 output, extra_float_digits 1', () => {
  const xs = [1e14, 1e15, 123456789012345, 1234567890123456, 12345678901234567, 0.0001, 0.00001, 1.5e-5, -0, 1e300, 5e-324, 1e20, 0.1, 1.5, NaN, -Infinity, 100, 1.7976931348623157e308];
  assert.equal(xs.map((x) => formatFloat(x, false, 1)).join('|'),
    '100000000000000|1e+15|123456789012345|1.234567890123456e+15|1.2345678901234568e+16|0.0001|1e-05|1.5e-05|-0|1e+300|5e-324|1e+20|0.1|1.5|NaN|-Infinity|100|1.7976931348623157e+308');
});

test('float4 output and %g modes', () => {
  const xs = [1e10, 3.4e38, 0.1, 16777216, 100000, 1000000, 123456, 1234567, 0.0001, 0.00001, -0, 1.1, 3.14159265, 1e-45].map(Math.fround);
  assert.equal(xs.map((x) => formatFloat(x, true, 1)).join('|'), '1e+10|3.4e+38|0.1|1.6777216e+07|100000|1e+06|123456|1.234567e+06|0.0001|1e-05|-0|1.1|3.1415927|1e-45');
  assert.equal([0.1, 1e15, 1e14, 123456789012345678, 1 / 3, -0, 1e-5, 100].map((x) => formatFloat(x, false, 0)).join('|'),
    '0.1|1e+15|100000000000000|1.23456789012346e+17|0.333333333333333|-0|1e-05|100');
  assert.equal([0.1, 1234567, 2.5e-5].map((x) => formatFloat(Math.fround(x), true, 0)).join('|'), '0.1|1.23457e+06|2.5e-05');
  assert.equal([1 / 3, 123.456].map((x) => formatFloat(x, false, -3)).join('|'), '0.333333333333|123.456');
  assert.equal([1 / 3, 123.456, 0.5].map((x) => formatFloat(x, false, -15)).join('|'), '0.3|1e+02|0.5');
});

test('text input', () => {
  const cases: [SqlType, string, string][] = [
    [T.float8, '1e400', 'ERR 22003 "1e400" is out of range for type double precision'],
    [T.float8, '1e-400', 'ERR 22003 "1e-400" is out of range for type double precision'],
    [T.float4, '1e39', 'ERR 22003 "1e39" is out of range for type real'],
    [T.float8, ' 1.5 ', '1.5'], [T.float8, '1.', '1'], [T.float8, '+inf', 'Infinity'], [T.float4, 'infinity', 'Infinity'],
    [T.float8, 'abc', 'ERR 22P02 invalid input syntax for type double precision: "abc"'],
    [T.float4, 'abc', 'ERR 22P02 invalid input syntax for type real: "abc"'],
    [T.int4, '99999999999', 'ERR 22003 value "99999999999" is out of range for type integer'],
    [T.int4, 'abc', 'ERR 22P02 invalid input syntax for type integer: "abc"'], [T.int4, ' +5 ', '5'],
    [T.int2, '-32768', '-32768'], [T.int8, '9223372036854775807', '9223372036854775807'],
    [T.int2, '40000', 'ERR 22003 value "40000" is out of range for type smallint'],
    [T.int8, '9223372036854775808', 'ERR 22003 value "9223372036854775808" is out of range for type bigint'],
    [T.int4, '', 'ERR 22P02 invalid input syntax for type integer: ""'],
    [T.bool, 'tr', 't'], [T.bool, 'Y', 't'], [T.bool, ' on ', 't'], [T.bool, 'of', 'f'], [T.bool, '0', 'f'], [T.bool, 'no', 'f'],
    [T.bool, 'o', 'ERR 22P02 invalid input syntax for type boolean: "o"'],
    [T.bytea, '\\x0102ff', '\\x0102ff'], [T.bytea, 'abc\\\\def', '\\x6162635c646566'], [T.bytea, '\\001\\377a', '\\x01ff61'],
    [T.bytea, '\\x 01 02', '\\x0102'], [T.bytea, '\\x012', 'ERR 22023 invalid hexadecimal data: odd number of digits'],
    [T.bytea, '\\x0g', 'ERR 22023 invalid hexadecimal digit: "g"'], [T.bytea, 'a\\9', 'ERR 22P02 invalid input syntax for type bytea'],
    [T.uuid, '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    [T.uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    [T.uuid, 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    [T.uuid, 'a0eebc99', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99"'],
    [T.jsonb, '{"b": [1, 2.50, 1e2, -0, 1E-2], "a": "x\\u00e9\\n\\/", "aa": {}, "a": true, "c": null, "ab": []}',
      '{"a": true, "b": [1, 2.50, 100, 0, 0.01], "c": null, "aa": {}, "ab": []}'],
    [T.json, '  [1, {"a":1} ]', '  [1, {"a":1} ]'], [T.jsonb, '{"a": }', 'ERR 22P02 invalid input syntax for type json'],
    [sqlType('varchar', 7), 'abcd', 'ERR 22001 value too long for type character varying(3)'],
    [sqlType('varchar', 7), 'abc   ', 'abc'], [sqlType('bpchar', 8), 'ab', 'ab  '],
    [T.oid, '-1', '4294967295'], [T.oid, '4294967296', 'ERR 22003 value "4294967296" is out of range for type oid'],
    [sqlType('timestamp', 1), '2024-01-31 12:34:56.789', '2024-01-31 12:34:56.8'],
    [sqlType('timestamp', 1), '2024-01-31 12:34:56.75', '2024-01-31 12:34:56.8'],
    [sqlType('numeric', numericTypmod(5, 2)), '1.005', '1.01'],
    [T.timestamptz, '2024-01-01 12:00:00.5+05:30', '2024-01-01 06:30:00.5+00'],
    [T.interval, '1 year 2 mons 3 days 04:05:06.5', '1 year 2 mons 3 days 04:05:06.5'],
  ];
  for (const [t, s, want] of cases) assert.equal(run(t, s), want, `${t.id} ${s}`);
});

// Checked against PostgreSQL 15.18: int8in is exact over the whole range and its values are bigints.
test('int8 text input is exact and typed bigint', () => {
  assert.equal(textIn(T.int8, '9007199254740993', O), 9007199254740993n);
  assert.equal(textIn(T.int8, ' -9223372036854775808 ', O), -9223372036854775808n);
  assert.equal(textIn(T.int8, '+5', O), 5n);
  assert.equal(textOut(T.int8, 9223372036854775807n, O), '9223372036854775807');
  assert.equal(textOut(T.int8, -9223372036854775808n, O), '-9223372036854775808');
  assert.equal(run(T.int8, '-9223372036854775809'), 'ERR 22003 value "-9223372036854775809" is out of range for type bigint');
  assert.equal(run(T.int8, 'abc'), 'ERR 22P02 invalid input syntax for type bigint: "abc"');
  assert.equal(run(T.int8, '1.5'), 'ERR 22P02 invalid input syntax for type bigint: "1.5"');
});

test('binary forms', () => {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  assert.equal(hex(binaryOut(T.numeric, Decimal.parse('-12345.678'))), '0003000140000003000109291a7c');
  assert.equal(hex(binaryOut(T.numeric, Decimal.parse('0.00'))), '0000000000000002');
  assert.equal(hex(binaryOut(T.numeric, Decimal.NaN)), '00000000c0000000');
  assert.equal(hex(binaryOut(T.date, textIn(T.date, '2000-01-02', O))), '00000001');
  assert.equal(hex(binaryOut(T.timestamp, textIn(T.timestamp, '2000-01-01 00:00:01', O))), '00000000000f4240');
  assert.equal(hex(binaryOut(T.int8, 9223372036854775807n)), '7fffffffffffffff');
  assert.equal(hex(binaryOut(T.int8, -9223372036854775808n)), '8000000000000000');
  assert.equal(binaryIn(T.int8, Buffer.from('8000000000000000', 'hex')), -9223372036854775808n);
  assert.equal(binaryIn(T.int8, Buffer.from('0020000000000001', 'hex')), 9007199254740993n);
  assert.throws(() => binaryIn(T.int8, Uint8Array.of(1, 2, 3, 4)), (e: unknown) => e instanceof SqlError && e.code === '22P03');
  assert.throws(() => binaryIn(T.int4, Uint8Array.of(1, 2)), (e: unknown) => e instanceof SqlError && e.code === '22P03');
});

test('binary round trips for every type', () => {
  const samples: Partial<Record<TypeId, string[]>> = {
    bool: ['t', 'f'], int2: ['-32768', '7'], int4: ['-2147483648', '42'], int8: ['-9007199254740991', '0', '9007199254740993', '9223372036854775807', '-9223372036854775808'],
    float4: ['1.5', '-0', 'NaN', 'Infinity'], float8: ['0.1', '-1e+300', '5e-324'],
    numeric: ['0.001', '-12345.678', '100000000', 'NaN', '-Infinity', '1.000'], text: ['héllo', ''], varchar: ['x'],
    bpchar: ['ab'], name: ['pg_class'], char: ['a'], date: ['0044-03-15 BC', 'infinity', '2024-02-29'],
    time: ['12:34:56.789'], timestamp: ['1900-01-01 00:00:00.000001', '-infinity'],
    timestamptz: ['2024-03-10 07:30:00+00'], interval: ['-1 days +02:00:00', '1 year 2 mons'],
    bytea: ['\\x00ff10'], oid: ['4294967295'], json: ['{"a": [1,2]}'], jsonb: ['{"a": [1, 2]}'],
    uuid: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'], unknown: ['u'],
  };
  for (const [id, texts] of Object.entries(samples) as [TypeId, string[]][]) {
    const t = TYPES[id] && sqlType(id);
    for (const s of texts) {
      const v = textIn(t, s, O);
      assert.equal(textOut(t, binaryIn(t, binaryOut(t, v)), O), s, `${id} ${s}`);
    }
  }
});

test('scaled numeric input equals numeric_in with the typmod: rounding, signs, overflow and odd texts', () => {
  const types = [sqlType('numeric', numericTypmod(15, 2)), sqlType('numeric', numericTypmod(5, 0)), sqlType('numeric', numericTypmod(12, 9)), sqlType('numeric', numericTypmod(15, 4))];
  const texts = ['0', '-0', '-0.00', '1', '+1.5', '.5', '5.', '-.005', '0.005', '-0.004', '1.125', '-1.125', '1.995', '99999', '99999.5',
    '123456789012.99', '9999999999999.99', '9999999999999.995', '1e3', ' 12 ', '12 ', 'NaN', 'Infinity', '-', '.', '', '1.2.3', '0001.10',
    '1234567890123456', '0.123456789012', '-999.9999', '00000000000000000001'];
  let seed = 7;
  const rnd = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  for (let i = 0; i < 300; i++) texts.push(`${rnd(2) ? '-' : ''}${rnd(100000)}.${String(rnd(1000000)).padStart(rnd(8), '0')}`);
  for (const type of types) {
    const fast = scaledNumericIn(type);
    const scale = scaledNumericScale(type)!;
    for (const text of texts) {
      let expected: string, got: string;
      try { const d = textIn(type, text, O) as Decimal; expected = d.isFinite() ? d.toString() : 'not finite'; } catch (e) { expected = `error ${(e as SqlError).code}`; }
      try { got = Decimal.of(BigInt(fast(text)), scale).toString(); } catch (e) { got = (e as SqlError).code === '0A000' ? 'not finite' : `error ${(e as SqlError).code}`; }
      assert.equal(got, expected, `${text} as numeric(${numericPrecision(type.typmod)},${scale})`);
    }
  }
  assert.equal(scaledNumericScale(sqlType('numeric', numericTypmod(16, 2))), undefined);
  assert.equal(scaledNumericScale(sqlType('numeric', numericTypmod(15, 10))), undefined);
  assert.equal(scaledNumericScale(T.numeric), undefined);
});
