import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal } from '../../common/index.ts';
import { numericTypmod, sqlType, T, vectorFromValues } from '../../common/index.ts';
import { ColumnStats, DISTINCT_LIMIT } from '../parquet/column-stats.ts';
import { parseLosslessJson, JsonNumber } from './lossless-json.ts';
import { decodeStats, encodeStats, fileStatsOf } from './stats-json.ts';
import { parseCommit } from './actions.ts';
import { parseLogPath } from './log-path.ts';

const cols = (...c: [string, ReturnType<typeof sqlType>][]) => c.map(([name, type]) => ({ name, type, nullable: true }));

test('string max is truncated upward or omitted; min is a prefix', () => {
  const c = cols(['s', T.text]);
  const enc = (min: string, max: string) =>
    JSON.parse(encodeStats({ numRecords: 1, minValues: { s: min }, maxValues: { s: max }, nullCount: { s: 0 } }, c));
  const a = 'a'.repeat(31);
  assert.deepEqual(enc(a + 'bcd', a + 'bcd').minValues.s, a + 'b');
  assert.deepEqual(enc(a + 'bcd', a + 'bcd').maxValues.s, a + 'c');
  assert.deepEqual(enc('x', a + '\uffffz').maxValues.s, 'a'.repeat(30) + 'b'); // U+FFFF cannot be incremented
  assert.deepEqual(enc('x', '\uffff'.repeat(40)).maxValues, {}); // no bound: omitted
  assert.deepEqual(enc('😀'.repeat(40), '😀'.repeat(33)).minValues.s, '😀'.repeat(32)); // code points, not units
  assert.deepEqual(enc('x', '😀'.repeat(33)).maxValues, {});
});

test('decimals keep all digits; non-finite floats and NaN decimals are omitted', () => {
  const c = cols(['d', sqlType('numeric', numericTypmod(38, 10))], ['f', T.float8]);
  const big = Decimal.parse('1234567890123456789012345678.0123456789');
  const text = encodeStats({ numRecords: 2, minValues: { d: big, f: -Infinity }, maxValues: { d: Decimal.NaN, f: 1.5 }, nullCount: { d: 0, f: 1 } }, c);
  assert.equal(text, '{"numRecords":2,"minValues":{"d":1234567890123456789012345678.0123456789},"maxValues":{"f":1.5},"nullCount":{"d":0,"f":1}}');
  const back = decodeStats(text, c)!;
  assert.equal(String(back.minValues.d), big.toString());
  assert.deepEqual(back.maxValues, { f: 1.5 });
});

test('stats of other writers: timestamps with offsets and micro precision, garbage ignored', () => {
  const c = cols(['t', T.timestamptz], ['n', T.timestamp], ['i', T.int4], ['x', T.int4]);
  const s = decodeStats('{"numRecords":3,"minValues":{"t":"2021-01-01T01:00:00.000+01:00","n":"2021-01-01T00:00:00.000001","i":"oops"},'
    + '"maxValues":{"t":"2021-01-01T00:00:00.5Z","x":{"nested":1}},"nullCount":{"i":1}}', c)!;
  assert.equal(s.minValues.t, Date.UTC(2021, 0, 1) * 1000);
  assert.equal(s.minValues.n, Date.UTC(2021, 0, 1) * 1000 + 1);
  assert.equal(s.maxValues.t, Date.UTC(2021, 0, 1) * 1000 + 500_999);
  assert.deepEqual([s.minValues.i, s.maxValues.x, s.nullCount.i], [undefined, undefined, 1]);
  assert.equal(decodeStats('not json', c), undefined);
  assert.equal(decodeStats(undefined, c), undefined);
});

test('lossless JSON keeps number text', () => {
  const v = parseLosslessJson('{"a":[1, -2.50e3, "x\\"y", true, null, {}]}') as { a: unknown[] };
  assert.ok(v.a[0] instanceof JsonNumber && v.a[0].text === '1');
  assert.equal((v.a[1] as JsonNumber).text, '-2.50e3');
  assert.deepEqual(v.a.slice(2), ['x"y', true, null, {}]);
  assert.throws(() => parseLosslessJson('{"a":1,}'));
});

test('log file names', () => {
  assert.deepEqual(parseLogPath('_delta_log/00000000000000000012.json'), { kind: 'commit', version: 12 });
  assert.deepEqual(parseLogPath('_delta_log/00000000000000000010.checkpoint.parquet'), { kind: 'checkpoint', version: 10 });
  assert.deepEqual(parseLogPath('_delta_log/00000000000000000010.checkpoint.0000000001.0000000002.parquet'),
    { kind: 'checkpoint', version: 10, part: 1, parts: 2 });
  assert.equal(parseLogPath('_delta_log/00000000000000000010.crc'), undefined);
  assert.equal(parseLogPath('_delta_log/_last_checkpoint'), undefined);
  assert.throws(() => parseCommit(new TextEncoder().encode('{"add":\n'), 3), { code: 'XX001' });
});

test('distinct counts: counted while a file has few values, kept through the log, absent when there are many', () => {
  const c = cols(['k', T.int4], ['s', T.text], ['b', T.int8], ['d', sqlType('numeric', numericTypmod(10, 2))]);
  const few = new ColumnStats(T.text), many = new ColumnStats(T.int4), big = new ColumnStats(T.int8), dec = new ColumnStats(c[3]!.type);
  few.add(vectorFromValues(T.text, ['F', 'O', null, 'F', 'P', 'O']));
  few.add(vectorFromValues(T.text, ['F', 'Q']));
  many.add(vectorFromValues(T.int4, Array.from({ length: DISTINCT_LIMIT + 1 }, (_, i) => i)));
  big.add(vectorFromValues(T.int8, [1n, 2n, 1n, null]));
  dec.add(vectorFromValues(c[3]!.type, [Decimal.parse('1.50')]));
  assert.equal(few.distinctCount, 4);
  assert.equal(many.distinctCount, undefined);
  assert.equal(big.distinctCount, 2);
  assert.equal(dec.distinctCount, undefined); // decimals are not counted
  const stats = fileStatsOf(8, c, [many, few, big, dec]);
  assert.deepEqual(stats.distinctCount, { s: 4, b: 2 });
  const text = encodeStats(stats, c);
  assert.match(text, /"basinDistinctCounts":\{"s":4,"b":2\}\}$/);
  assert.deepEqual(decodeStats(text, c)!.distinctCount, { s: 4, b: 2 });
  // Stats without counts (other writers) decode without them.
  assert.equal(decodeStats('{"numRecords":1,"minValues":{},"maxValues":{},"nullCount":{}}', c)!.distinctCount, undefined);
});
