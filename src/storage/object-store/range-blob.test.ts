import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T } from '../../common/index.ts';
import { getValue, vectorFromValues } from '../../common/index.ts';
import { readParquet } from '../parquet/reader.ts';
import { ParquetWriter } from '../parquet/writer.ts';
import { RangeBlob } from './range-blob.ts';

/** A RangeBlob over `bytes` that records every read. */
function recording(bytes: Uint8Array): { blob: RangeBlob; reads: [number, number][] } {
  const reads: [number, number][] = [];
  const blob = new RangeBlob(async (offset, length) => {
    reads.push([offset, length]);
    return bytes.slice(offset, offset + length);
  }, 0, bytes.length);
  return { blob, reads };
}

test('slicing reads nothing; reading fetches exactly the slice', async () => {
  const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
  const { blob, reads } = recording(bytes);
  const s = blob.slice(10, 50).slice(5, -5);
  assert.equal(s.size, 30);
  assert.deepEqual(reads, []);
  assert.deepEqual(new Uint8Array(await s.arrayBuffer()), bytes.subarray(15, 45));
  assert.deepEqual(reads, [[15, 30]]);
  assert.equal((await blob.slice(90, 10).bytes()).length, 0);
  assert.deepEqual(reads, [[15, 30]]);
});

test('a short read is an error, not silently fewer bytes', async () => {
  const blob = new RangeBlob(async () => new Uint8Array(3), 0, 10);
  await assert.rejects(blob.arrayBuffer(), /short read: 3 of 10 bytes/);
});

test('a Parquet scan of one column reads the footer and that column, not the whole file', async (t) => {
  const cols = [{ name: 'id', type: T.int4, nullable: false }, { name: 'wide', type: T.text, nullable: true }];
  const n = 20_000;
  const w = new ParquetWriter(cols);
  // Random-looking text that zstd cannot shrink much, so the text column dominates the file.
  w.write({
    length: n,
    columns: [
      vectorFromValues(T.int4, Array.from({ length: n }, (_, i) => i)),
      vectorFromValues(T.text, Array.from({ length: n }, (_, i) => `${(i * 2654435761) >>> 0}:${Math.sin(i).toString(36)}`)),
    ],
  });
  const { bytes } = w.finish();
  const { blob, reads } = recording(bytes);
  let sum = 0;
  let rows = 0;
  for await (const b of readParquet(blob, { columns: [cols[0]!], batchSize: 8192 })) {
    for (let i = 0; i < b.length; i++) sum += getValue(b.columns[0]!, i) as number;
    rows += b.length;
  }
  assert.equal(rows, n);
  assert.equal(sum, (n * (n - 1)) / 2);
  const read = reads.reduce((a, [, len]) => a + len, 0);
  t.diagnostic(`read ${read} of ${bytes.length} bytes in ${reads.length} requests`);
  assert.ok(read < bytes.length / 3, `read ${read} of ${bytes.length} bytes in ${reads.length} requests`);
  assert.ok(reads.every(([off, len]) => off >= 0 && off + len <= bytes.length));
});
