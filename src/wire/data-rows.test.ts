import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  binaryOut, Decimal, DEFAULT_TEXT_OPTIONS, T, textOut, vectorFromValues, type Batch, type SqlType,
} from '../common/index.ts';
import { BackendWriter } from './backend-writer.ts';
import { encodeDataRows } from './data-rows.ts';

/** Split DataRow messages into raw cells (null for SQL NULL). */
function rows(buf: Buffer): (Buffer | null)[][] {
  const out: (Buffer | null)[][] = [];
  let p = 0;
  while (p < buf.length) {
    assert.equal(buf[p], 0x44);
    const len = buf.readInt32BE(p + 1);
    const end = p + 1 + len;
    const n = buf.readInt16BE(p + 5);
    let q = p + 7;
    const cells: (Buffer | null)[] = [];
    for (let i = 0; i < n; i++) {
      const l = buf.readInt32BE(q);
      q += 4;
      if (l === -1) cells.push(null);
      else { cells.push(buf.subarray(q, q + l)); q += l; }
    }
    assert.equal(q, end, 'row length word matches its content');
    out.push(cells);
    p = end;
  }
  return out;
}

const columns: [SqlType, unknown[]][] = [
  [T.bool, [true, false, null, true]],
  [T.int2, [0, -32768, 32767, null]],
  [T.int4, [0, -2147483648, 2147483647, 123456]],
  [T.int8, [0n, -9007199254740991n, 9007199254740991n, -1n]],
  [T.int8, [2n ** 60n, -(2n ** 63n), 4294967296n, -4294967297n]],
  [T.int8, [9223372036854775807n, -9223372036854775808n, 9007199254740993n, null]],
  [T.oid, [0, 4294967295, 16384, null]],
  [T.float4, [1.5, -0, Infinity, NaN]],
  [T.float8, [0.1, 1e300, -2.5e-7, null]],
  [T.float8, [1 / 3, -123456.789, 1e-4, 999999999999999.9]],
  [T.float8, [1e15, 0.00009999, -0, 123456789012345]],
  [T.text, ['', 'héllo wörld', 'x'.repeat(100), '日本語'.repeat(20)]],
  [T.varchar, ['a', null, 'ascii but longer than thirty-two characters', '\u{1f600}']],
  [T.name, ['pg_class', 'n', 'é', null]],
  [T.numeric, [Decimal.parse('12.50'), Decimal.parse('-0.001'), null, Decimal.parse('1e20')]],
  [T.date, [0, 19000, -1, null]],
  [T.timestamptz, [0, 1_700_000_000_123_456, null, -1]],
  [T.timestamp, [Infinity, -Infinity, -62_000_000_000_000_000, 946_684_800_000_000]],
  [T.date, [2147483647, -2147483648, 10957, -800000]],
  [T.time, [0, 86_400_000_000, 45_296_789_012, null]],
  [T.int8, [-2147483649n, 2147483648n, 10n ** 15n, -999999999999999n]],
  [T.bytea, [Uint8Array.of(1, 2, 255), new Uint8Array(0), null, Uint8Array.of(0)]],
];

const batch: Batch = { columns: columns.map(([t, v]) => vectorFromValues(t, v)), length: 4 };

describe('encodeDataRows', () => {
  for (const format of [0, 1]) {
    test(`${format === 0 ? 'text' : 'binary'} cells are byte-identical to type-io's output`, () => {
      const w = new BackendWriter();
      encodeDataRows(w, batch, 0, 4, columns.map(() => format), DEFAULT_TEXT_OPTIONS);
      const got = rows(w.take()!);
      assert.equal(got.length, 4);
      for (let r = 0; r < 4; r++) {
        columns.forEach(([type, values], c) => {
          const v = values[r];
          const want = v === null ? null
            : format === 0 ? Buffer.from(textOut(type, v, DEFAULT_TEXT_OPTIONS)) : Buffer.from(binaryOut(type, v));
          assert.deepEqual(got[r]![c], want, `row ${r} column ${c} (${type.id})`);
        });
      }
    });
  }

  test('random numbers across magnitudes match type-io in both formats (the fast paths)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 8_000;
    const floats = Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 44 - 22));
    const ints = Array.from({ length: n }, () => Math.round((rand() - 0.5) * 2 ** Math.floor(rand() * 54)));
    const bigs = ints.map((x, i) => BigInt(x) * (i % 3 === 0 ? 1024n : 1n)); // beyond 2^53 too
    const cols: [SqlType, unknown[]][] = [[T.float8, floats], [T.int8, bigs], [T.timestamptz, ints], [T.int4, ints.map((x) => x | 0)]];
    const b: Batch = { columns: cols.map(([t, v]) => vectorFromValues(t, v)), length: n };
    for (const opts of [DEFAULT_TEXT_OPTIONS, { ...DEFAULT_TEXT_OPTIONS, extraFloatDigits: 0 }]) {
      for (const format of [0, 1]) {
        const w = new BackendWriter();
        encodeDataRows(w, b, 0, n, [format, format, format, format], opts);
        const got = rows(w.take()!);
        for (let r = 0; r < n; r++) {
          cols.forEach(([type, values], c) => {
            const want = format === 0 ? Buffer.from(textOut(type, values[r], opts)) : Buffer.from(binaryOut(type, values[r]));
            if (!want.equals(got[r]![c]!)) assert.fail(`${type.id} ${values[r]} format ${format}: ${got[r]![c]} != ${want}`);
          });
        }
      }
    }
  });

  test('a range of rows, mixed formats, and null formats meaning text', () => {
    const w = new BackendWriter();
    encodeDataRows(w, batch, 1, 3, null, DEFAULT_TEXT_OPTIONS);
    const got = rows(w.take()!);
    assert.equal(got.length, 2);
    assert.equal(got[0]![2]!.toString(), '-2147483648');
    assert.equal(got[1]![0], null);
  });

  test('a large batch goes into one buffer', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => i);
    const big: Batch = { columns: [vectorFromValues(T.int4, ids), vectorFromValues(T.text, ids.map((i) => `row ${i}`))], length: n };
    const w = new BackendWriter();
    encodeDataRows(w, big, 0, n, [0, 0], DEFAULT_TEXT_OPTIONS);
    const got = rows(w.take()!);
    assert.equal(got.length, n);
    assert.equal(got[n - 1]![0]!.toString(), String(n - 1));
    assert.equal(got[n - 1]![1]!.toString(), `row ${n - 1}`);
  });
});
