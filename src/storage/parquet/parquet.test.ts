import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { Decimal } from '../../common/index.ts';
import { numericTypmod, scaledNumeric, sqlType, T, type SqlType } from '../../common/index.ts';
import { getValue, vectorFromValues, type Batch } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { readParquet } from './reader.ts';
import { sharedStringBytes } from './from-arrow.ts';
import { ParquetWriter } from './writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'basin-parquet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const col = (name: string, type: SqlType, nullable = true): ColumnSchema => ({ name, type, nullable });
const batchOf = (cols: readonly ColumnSchema[], rows: readonly (readonly unknown[])[]): Batch => ({
  columns: cols.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i]))),
  length: rows.length,
});
const rowsOf = (b: Batch): unknown[][] =>
  Array.from({ length: b.length }, (_, r) => b.columns.map((v) => getValue(v, r)));

async function roundTrip(cols: readonly ColumnSchema[], batches: readonly Batch[], batchSize = 1000, read = cols) {
  const w = new ParquetWriter(cols);
  for (const b of batches) w.write(b);
  const out = w.finish();
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, out.bytes);
  const got: Batch[] = [];
  for await (const b of readParquet(await openAsBlob(file), { columns: read, batchSize })) got.push(b);
  return { out, got, rows: got.flatMap(rowsOf), file };
}

const dec = (s: string) => Decimal.parse(s);
const norm = (x: unknown): unknown =>
  x instanceof Decimal ? `D:${x.toString()}` : x instanceof Uint8Array ? `B:${Buffer.from(x).toString('hex')}` : x;

test('every type round-trips through Parquet, NULLs included', async () => {
  const cols = [
    col('b', T.bool), col('s', T.int2), col('i', T.int4), col('l', T.int8), col('r', T.float4), col('d', T.float8),
    col('n', sqlType('numeric', numericTypmod(10, 2))), col('nu', T.numeric), col('t', T.text),
    col('vc', sqlType('varchar', 14)), col('bc', sqlType('bpchar', 7)), col('dt', T.date), col('ts', T.timestamp),
    col('tz', T.timestamptz), col('iv', T.interval), col('by', T.bytea), col('j', T.jsonb), col('u', T.uuid),
    col('n38', sqlType('numeric', numericTypmod(38, 10))), col('tm', T.time), col('o', T.oid), col('nm', T.name),
    col('ch', sqlType('char')), col('vu', T.varchar),
  ];
  const rows: unknown[][] = [
    [true, 1, 2, 2n ** 53n - 1n, 1.5, 0.1, dec('12345678.91'), dec('3.14159265358979323846264338327950288'), 'héllo 🌊',
      'vc', 'abc    ', -719162, -62135596800000000, 1700000000123456, { months: 14, days: -3, micros: 3723500001 },
      new Uint8Array([0, 255, 7]), '{"a":1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', dec('-1234567890123456789012345678.0123456789'),
      86_399_999_999, 4294967295, 'pg_class', 'c', 'ü'],
    [false, -32768, -2147483648, -(2n ** 53n) + 1n, -0, -1e308, dec('-0.01'), dec('NaN'), '', '', '', -1, -1, -1,
      { months: -1, days: 0, micros: -500000 }, new Uint8Array(0), '[]', '00000000-0000-0000-0000-000000000000', dec('0.0000000001'), 0, 0, '', '', ''],
    Array(24).fill(null),
    [null, 32767, 2147483647, 9223372036854775807n, Infinity, NaN, dec('99999999.99'), dec('-Infinity'), 'x'.repeat(100),
      null, null, 2932896, 253402300799999999, 0, { months: 0, days: 0, micros: 0 }, null, null, null, dec('1.0000000000'), null, 1, null, null, null],
  ];
  const { rows: got } = await roundTrip(cols, [batchOf(cols, rows)]);
  assert.deepEqual(got.map((r) => r.map(norm)), rows.map((r) => r.map(norm)));
  // numeric(10,2) keeps its scale; unconstrained numeric keeps its display scale
  assert.equal((got[1]![6] as Decimal).toString(), '-0.01');
  assert.equal((got[0]![7] as Decimal).toString(), '3.14159265358979323846264338327950288');
});

test('projection, order of requested columns, batch size and missing columns', async () => {
  const cols = [col('a', T.int4), col('b', T.text), col('c', T.int8)];
  const n = 2500;
  const b = batchOf(cols, Array.from({ length: n }, (_, i) => [i, `s${i}`, i % 7 === 0 ? null : BigInt(-i) * 1000000000n]));
  const read = [col('c', T.int8), col('a', T.int4), col('zz', T.text)];
  const { got } = await roundTrip(cols, [b], 1000, read);
  assert.deepEqual(got.map((x) => x.length), [1000, 1000, 500]);
  assert.deepEqual(rowsOf(got[2]!)[498], [-2498000000000n, 2498, null]);
  assert.deepEqual(rowsOf(got[2]!)[499], [null, 2499, null]);
  assert.deepEqual(rowsOf(got[0]!)[7], [null, 7, null]);
  assert.equal(got[0]!.columns[2]!.nulls?.[0], 1);
});

test('a scan needing no file column still yields the row counts', async () => {
  const cols = [col('a', T.int4)];
  const { got } = await roundTrip(cols, [batchOf(cols, [[1], [2], [3]])], 2, [col('new', T.int4)]);
  assert.deepEqual(got.map((b) => [b.length, rowsOf(b)]), [[2, [[null], [null]]], [1, [[null]]]]);
  const { got: none } = await roundTrip(cols, [batchOf(cols, [[1], [2], [3]])], 10, []);
  assert.deepEqual(none.map((b) => [b.length, b.columns.length]), [[3, 0]]);
});

test('int8 round-trips exactly over its whole range, as BigInt64Arrays', async () => {
  const cols = [col('l', T.int8)];
  const vals = [2n ** 53n, 9007199254740993n, -(2n ** 53n) - 1n, 2n ** 62n, -9223372036854775808n, 9223372036854775807n, 0n, null];
  const { rows, got, out } = await roundTrip(cols, [batchOf(cols, vals.map((v) => [v]))]);
  assert.deepEqual(rows.map((r) => r[0]), vals);
  assert.ok(got[0]!.columns[0]!.values instanceof BigInt64Array);
  const [s] = out.stats;
  assert.deepEqual([s!.nullCount, s!.min, s!.max], [1, -9223372036854775808n, 9223372036854775807n]);
});

test('an int8 column reads files another writer left with narrower integers (Delta type widening)', async () => {
  const narrow = [col('l', T.int4)];
  const { got } = await roundTrip(narrow, [batchOf(narrow, [[-2147483648], [null], [7]])], 1000, [col('l', T.int8)]);
  assert.ok(got[0]!.columns[0]!.values instanceof BigInt64Array);
  assert.deepEqual(rowsOf(got[0]!), [[-2147483648n], [null], [7n]]);
});

test('stats: null counts, min/max in code point order, NaN suppresses min/max', async () => {
  const cols = [col('i', T.int4), col('t', T.text), col('f', T.float8), col('n', sqlType('numeric', numericTypmod(5, 1)))];
  const b1 = batchOf(cols, [[5, 'b', 1, dec('1.5')], [null, '\uffff', NaN, null]]);
  const b2 = batchOf(cols, [[-3, '😀', 2, dec('-2.0')], [9, null, null, dec('10.0')]]);
  const { out } = await roundTrip(cols, [b1, b2]);
  assert.equal(out.numRecords, 4);
  const [i, t, f, n] = out.stats;
  assert.deepEqual([i!.nullCount, i!.min, i!.max], [1, -3, 9]);
  assert.deepEqual([t!.nullCount, t!.min, t!.max], [1, 'b', '😀']); // U+1F600 > U+FFFF in code point order
  assert.deepEqual([f!.nullCount, f!.unordered], [1, true]);
  assert.deepEqual([n!.nullCount, String(n!.min), String(n!.max)], [1, '-2.0', '10.0']);
});

test('the file is zstd-compressed with the Arrow types of the Delta mapping', async () => {
  const cols = [col('ts', T.timestamp), col('tz', T.timestamptz), col('n', sqlType('numeric', numericTypmod(10, 2))), col('d', T.date)];
  const { out } = await roundTrip(cols, [batchOf(cols, [[1, 2, dec('1.00'), 3]])]);
  const file = await pw.ParquetFile.fromFile(new Blob([out.bytes]));
  const md = file.metadata();
  const rg = md.rowGroup(0);
  const cc = rg.column(0);
  assert.equal(cc.compression(), pw.Compression.ZSTD);
  cc.free(); rg.free(); md.free();
  const schema = arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
  file.free();
  assert.deepEqual(schema.fields.map((f) => String(f.type)).filter((_, i) => i !== 2),
    ['Timestamp<MICROSECOND>', 'Timestamp<MICROSECOND, UTC>', 'Date32<DAY>']);
  const d = schema.fields[2]!.type as arrow.Decimal;
  assert.deepEqual([d.typeId, d.precision, d.scale, d.bitWidth], [arrow.Type.Decimal, 10, 2, 128]);
});

test('the sync readParquet ignores projection (why the reader uses ParquetFile)', async () => {
  const cols = [col('a', T.int4), col('b', T.int4)];
  const { out } = await roundTrip(cols, [batchOf(cols, [[1, 2]])]);
  const t = pw.readParquet(out.bytes, { columns: ['a'] });
  const names = arrow.tableFromIPC(t.intoIPCStream()).schema.fields.map((f) => f.name);
  // If a parquet-wasm upgrade fixes this, the reader could use it for small files.
  assert.deepEqual(names, ['a', 'b']);
});

test('numeric overflow of a decimal column raises 22003; NULL in a NOT NULL column raises 23502', () => {
  const w = new ParquetWriter([col('n', sqlType('numeric', numericTypmod(3, 1)))]);
  assert.throws(() => w.write({ columns: [vectorFromValues(sqlType('numeric', numericTypmod(3, 1)), [dec('100.0')])], length: 1 }),
    { code: '22003' });
  const w2 = new ParquetWriter([col('a', T.int4, false)]);
  assert.throws(() => w2.write({ columns: [vectorFromValues(T.int4, [null])], length: 1 }), { code: '23502' });
});

test('sliced vectors (views into larger buffers) are written from their own rows only', async () => {
  const { sliceBatch } = await import('../../common/vector.ts');
  const cols = [col('a', T.int4), col('d', T.float8), col('t', T.text), col('b', T.bool)];
  const all = batchOf(cols, Array.from({ length: 100 }, (_, i) => [i, i / 2, `t${i}`, i % 3 === 0 ? null : i % 2 === 0]));
  const { rows } = await roundTrip(cols, [sliceBatch(all, 37, 41)]);
  assert.deepEqual(rows, [[37, 18.5, 't37', false], [38, 19, 't38', true], [39, 19.5, 't39', null], [40, 20, 't40', true]]);
});

test('short strings are interned per chunk (equal values, one object) and read back exactly; many distinct values are not', async () => {
  const cols = [col('mode', T.text), col('note', T.text)];
  const modes = ['AIR', 'MAIL', 'ü-bahn', '', 'x'.repeat(33), 'TRUCK', 'AIR '];
  const rows = Array.from({ length: 5000 }, (_, i) => [i % 11 === 0 ? null : modes[i % modes.length]!, `note ${i}`]);
  const { got, rows: back } = await roundTrip(cols, [batchOf(cols, rows)], 5000);
  assert.deepEqual(back, rows);
  const [mode, note] = got[0]!.columns;
  // Interned: each distinct short string counted once; the 33-byte value, too long to intern, once per row.
  const size = (m: string): number => 2 * Buffer.byteLength(m) + 16;
  const long = rows.filter((r) => r[0] === 'x'.repeat(33)).length;
  const expected = modes.filter((m) => m.length <= 32).reduce((n, m) => n + size(m), 0) + long * size('x'.repeat(33));
  assert.equal(sharedStringBytes(mode!.values as unknown[]), expected);
  // 5000 distinct notes: interning gave up, so the rows' strings count one by one.
  assert.equal(sharedStringBytes(note!.values as unknown[]), undefined);
});

test('scaled numeric columns (COPY of numeric(p, s), p ≤ 15) write the same Decimal128 values and stats as Decimals', async () => {
  const type = sqlType('numeric', numericTypmod(15, 2));
  const cols = [col('d', type)];
  const texts = ['0.00', '-0.01', '1.50', '-1.50', '42949672.96', '-42949672.96', '-42949672.97', '9999999999999.99', '-9999999999999.99', null, '123.45'];
  const scaledBatch: Batch = {
    columns: [{
      type: scaledNumeric(type.typmod, 2), length: texts.length,
      values: Float64Array.from(texts, (t) => (t === null ? 0 : Number(dec(t).coef))),
      nulls: Uint8Array.from(texts, (t) => (t === null ? 1 : 0)),
    }],
    length: texts.length,
  };
  const scaled = await roundTrip(cols, [scaledBatch]);
  const plain = await roundTrip(cols, [batchOf(cols, texts.map((t) => [t === null ? null : dec(t)]))]);
  assert.deepEqual(scaled.rows.map((r) => norm(r[0])), texts.map((t) => (t === null ? null : `D:${t}`)));
  const stats = (o: typeof scaled.out) => [String(o.stats[0]!.min), String(o.stats[0]!.max), o.stats[0]!.nullCount];
  assert.deepEqual(stats(scaled.out), ['-9999999999999.99', '9999999999999.99', 1]);
  assert.deepEqual(stats(scaled.out), stats(plain.out));
});
