import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatType, numericTypmod, sqlType, T, type SqlType } from '../../common/index.ts';
import { BASIN_TYPE, deltaToSqlType, sqlTypeToDelta } from './delta-type.ts';
import { parseSchemaString, schemaToSchemaString } from './schema-string.ts';
import { decodeInterval, encodeInterval } from './value-codec.ts';

test('SQL → Delta types follow the table in delta-type.ts', () => {
  const cases: [SqlType, string, Record<string, string>][] = [
    [T.bool, 'boolean', {}], [T.int2, 'short', {}], [T.int4, 'integer', {}], [T.int8, 'long', {}],
    [T.float4, 'float', {}], [T.float8, 'double', {}], [sqlType('numeric', numericTypmod(10, 2)), 'decimal(10,2)', {}],
    [T.numeric, 'string', { [BASIN_TYPE]: 'numeric' }], [T.text, 'string', {}],
    [sqlType('varchar', 14), 'string', { __CHAR_VARCHAR_TYPE_STRING: 'varchar(10)' }],
    [sqlType('bpchar', 5), 'string', { __CHAR_VARCHAR_TYPE_STRING: 'char(1)' }],
    [T.date, 'date', {}], [T.timestamptz, 'timestamp', {}], [T.timestamp, 'timestamp_ntz', {}],
    [T.interval, 'string', { [BASIN_TYPE]: 'interval' }], [T.bytea, 'binary', {}],
    [T.json, 'string', { [BASIN_TYPE]: 'json' }], [T.jsonb, 'string', { [BASIN_TYPE]: 'jsonb' }],
    [T.uuid, 'string', { [BASIN_TYPE]: 'uuid' }],
  ];
  for (const [t, type, metadata] of cases) assert.deepEqual(sqlTypeToDelta(t), { type, metadata }, formatType(t));
});

test('every storable SQL type survives SQL → Delta → SQL, typmods included', () => {
  const types: SqlType[] = [
    T.bool, T.int2, T.int4, T.int8, T.float4, T.float8, T.numeric, sqlType('numeric', numericTypmod(38, 0)),
    sqlType('numeric', numericTypmod(50, 5)), sqlType('numeric', numericTypmod(5, -2)), T.text, T.varchar,
    sqlType('varchar', 104), T.bpchar, sqlType('bpchar', 5), T.name, sqlType('char'), T.date, T.time, T.timestamp,
    sqlType('timestamp', 3), T.timestamptz, T.interval, T.bytea, T.oid, T.json, T.jsonb, T.uuid,
  ];
  for (const t of types) {
    const d = sqlTypeToDelta(t);
    assert.deepEqual(deltaToSqlType(d), t, formatType(t));
  }
  assert.throws(() => sqlTypeToDelta(T.record), { code: '0A000' });
});

test('Delta types of other engines map to SQL types; nested types are refused', () => {
  assert.deepEqual(deltaToSqlType({ type: 'byte', metadata: {} }), T.int2);
  assert.deepEqual(deltaToSqlType({ type: 'decimal(12, 3)', metadata: {} }), sqlType('numeric', numericTypmod(12, 3)));
  assert.deepEqual(deltaToSqlType({ type: 'string', metadata: { [BASIN_TYPE]: 'bogus' } }), T.text);
  assert.throws(() => deltaToSqlType({ type: { type: 'array', elementType: 'long' }, metadata: {} }), { code: '0A000' });
  assert.throws(() => deltaToSqlType({ type: 'variant', metadata: {} }), { code: '0A000' });
});

test('schemaString round trip', () => {
  const cols = [{ name: 'a b', type: T.int4, nullable: false }, { name: 'é', type: sqlType('varchar', 9), nullable: true }];
  const s = schemaToSchemaString(cols);
  assert.deepEqual(parseSchemaString(s).columns, cols);
  assert.throws(() => parseSchemaString('{"type":"array"}'), { code: 'XX001' });
});

test('interval text: ISO 8601 with signed fields, exact micros', () => {
  const cases: [{ months: number; days: number; micros: number }, string][] = [
    [{ months: 0, days: 0, micros: 0 }, 'PT0S'],
    [{ months: 14, days: 3, micros: 3_723_500_000 }, 'P1Y2M3DT1H2M3.5S'],
    [{ months: -1, days: 2, micros: -1 }, 'P-1M2DT-0.000001S'],
    [{ months: -25, days: -400, micros: -86_400_000_000 * 3 - 5_000_000 }, 'P-2Y-1M-400DT-72H-5S'],
    [{ months: 0, days: 0, micros: 60_000_000 }, 'PT1M'],
  ];
  for (const [iv, text] of cases) {
    assert.equal(encodeInterval(iv), text);
    assert.deepEqual(decodeInterval(text), iv);
  }
  assert.throws(() => decodeInterval('1 day'), { code: 'XX001' });
});
