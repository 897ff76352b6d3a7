import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Decimal, PgArray, scaledNumeric, sqlType, T, vectorFromValues, type Batch, type SqlType } from '../../common/index.ts';
import { decodeBatch, encodeBatch, spillable } from './batch-codec.ts';
import { TempSpace } from './spill-file.ts';

const base = mkdtempSync(path.join(tmpdir(), 'basin-spill-test-'));
after(() => rmSync(base, { recursive: true, force: true }));

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

const values = (b: Batch): unknown[][] => b.columns.map((c) => Array.from({ length: b.length }, (_, i) =>
  (c.nulls !== null && c.nulls[i] === 1 ? null : c.values[i])));

test('every spillable kind of column comes back value for value, NULLs included', () => {
  const numeric = sqlType('numeric', -1);
  const columns: [SqlType, unknown[]][] = [
    [T.bool, [true, null, false]],
    [T.int2, [1, -32768, null]],
    [T.int4, [null, 2147483647, -5]],
    [T.int8, [9007199254740993n, null, -1n]],
    [T.float8, [1.5, Number.NaN, null]],
    [T.date, [0, -719162, null]],
    [T.text, ['héllo', '', null]],
    [T.text, ['\ud800 lone surrogate', 'a"b\\c\n', 'x']],
    [T.jsonb, ['{"a": 1}', null, '[]']],
    [numeric, [Decimal.parse('123.4500'), Decimal.NaN, null]],
    [T.bytea, [Uint8Array.of(0, 255, 7), null, new Uint8Array(0)]],
    [sqlType('_int4', -1), [PgArray.of([1, null, 3]), null, PgArray.EMPTY]],
  ];
  const batch: Batch = { columns: columns.map(([t, v]) => vectorFromValues(t, v)), length: 3 };
  assert.ok(columns.every(([t]) => spillable(t)));
  const back = decodeBatch(concatBytes(encodeBatch(batch)), columns.map(([t]) => t));
  assert.equal(back.length, 3);
  const expected = values(batch), got = values(back);
  for (let j = 0; j < columns.length; j++) {
    for (let i = 0; i < 3; i++) {
      const x = expected[j]![i], y = got[j]![i];
      if (x instanceof Decimal) assert.equal((y as Decimal).toString(), x.toString(), `column ${j} row ${i}`);
      else if (x instanceof PgArray) assert.deepEqual([...(y as PgArray).items], [...x.items], `column ${j} row ${i}`);
      else if (typeof x === 'number' && Number.isNaN(x)) assert.ok(Number.isNaN(y as number));
      else assert.deepEqual(y, x, `column ${j} row ${i}`);
    }
  }
});

test('a scaled numeric column keeps its scaled values when read back with its type', () => {
  const t = scaledNumeric((12 << 16 | 2) + 4, 2);
  const v = { type: t, length: 2, values: Float64Array.of(12345, -1), nulls: null };
  const back = decodeBatch(concatBytes(encodeBatch({ columns: [v], length: 2 })), [t]);
  assert.deepEqual([...(back.columns[0]!.values as Float64Array)], [12345, -1]);
});

test('record columns are not spillable: the operator keeps them in memory', () => {
  assert.equal(spillable(T.record), false);
});

test('spill files append and read batches by index, and are deleted; a dead process\'s directory is removed', async () => {
  const space = new TempSpace(base);
  const f = await space.create('sort');
  for (let k = 0; k < 3; k++) await f.append({ columns: [vectorFromValues(T.int4, [k, k + 1])], length: 2 });
  assert.equal(f.count, 3);
  const second = await f.read(1);
  assert.deepEqual([...(second.columns[0]!.values as Int32Array)], [1, 2]);
  assert.ok(existsSync(f.path));
  await f.remove();
  assert.equal(existsSync(f.path), false);
  assert.ok(space.bytesWritten > 0);

  // A directory named for a process that is not running is stale; this process's own is kept.
  mkdirSync(path.join(base, 'spill-999999999'), { recursive: true });
  space.removeStale();
  assert.deepEqual(readdirSync(base).sort(), [`spill-${process.pid}`]);
  space.removeAll();
  assert.deepEqual(readdirSync(base), []);
});
