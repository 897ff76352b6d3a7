import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryOut, getValue, SqlError, T, type Batch } from '../../../../common/index.ts';
import { BinaryReader } from './binary-reader.ts';
import type { CopyColumn } from './delimited-reader.ts';
import { BINARY_SIGNATURE } from './row-format.ts';

const COLUMNS: CopyColumn[] = [
  { name: 'id', type: T.int4, forceNotNull: false, forceNull: false },
  { name: 'name', type: T.text, forceNotNull: false, forceNull: false },
];

const int16 = (v: number): Buffer => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
const int32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(v); return b; };
const field = (b: Uint8Array | null): Buffer => (b === null ? int32(-1) : Buffer.concat([int32(b.length), b]));
const row = (id: number | null, name: string | null): Buffer =>
  Buffer.concat([int16(2), field(id === null ? null : binaryOut(T.int4, id)), field(name === null ? null : Buffer.from(name))]);
const header = (flags = 0, extension: Buffer = Buffer.alloc(0)): Buffer =>
  Buffer.concat([BINARY_SIGNATURE, int32(flags), int32(extension.length), extension]);

/** Rows read from `input` pushed in chunks of `size` bytes. */
function read(input: Buffer, size = input.length): unknown[][] {
  const r = new BinaryReader('t', COLUMNS, 2);
  const batches: Batch[] = [];
  for (let i = 0; i < input.length; i += Math.max(1, size)) batches.push(...r.push(input.subarray(i, i + size)));
  batches.push(...r.finish());
  return batches.flatMap((b) => Array.from({ length: b.length }, (_, i) => b.columns.map((c) => getValue(c, i))));
}

function failure(input: Buffer): { message: string; where: string | undefined } {
  try {
    read(input);
  } catch (e) {
    assert.ok(e instanceof SqlError);
    return { message: e.message, where: e.where };
  }
  assert.fail('expected an error');
}

test('rows, NULLs, a header extension and the trailer, split at every byte', () => {
  const input = Buffer.concat([header(0, Buffer.from('ext')), row(1, 'one'), row(null, 'two'), row(3, null), int16(-1)]);
  const want = [[1, 'one'], [null, 'two'], [3, null]];
  for (let size = 1; size <= 7; size++) assert.deepEqual(read(input, size), want, `chunks of ${size}`);
});

test('the end of input between rows ends the data, as a missing trailer', () => {
  assert.deepEqual(read(Buffer.concat([header(), row(1, 'a')])), [[1, 'a']]);
  assert.deepEqual(read(header()), []);
});

test("PostgreSQL's header errors", () => {
  assert.equal(failure(Buffer.from('PGCOPX\n\xff\r\n\0', 'latin1')).message, 'COPY file signature not recognized');
  assert.equal(failure(Buffer.from('id,name\n')).message, 'COPY file signature not recognized');
  assert.equal(failure(Buffer.from(BINARY_SIGNATURE)).message, 'invalid COPY file header (missing flags)');
  assert.equal(failure(Buffer.concat([BINARY_SIGNATURE, int32(0)])).message, 'invalid COPY file header (missing length)');
  assert.equal(failure(Buffer.concat([BINARY_SIGNATURE, int32(0), int32(10), Buffer.from('x')])).message, 'invalid COPY file header (wrong length)');
  assert.equal(failure(header(1 << 16)).message, 'invalid COPY file header (WITH OIDS)');
  assert.equal(failure(header(1 << 20)).message, 'unrecognized critical flags in COPY file header');
});

test('row errors name the row (and column) in CONTEXT', () => {
  assert.deepEqual(failure(Buffer.concat([header(), row(1, 'a'), int16(3)])),
    { message: 'row field count is 3, expected 2', where: 'COPY t, line 2' });
  assert.deepEqual(failure(Buffer.concat([header(), row(1, 'a'), row(2, 'b').subarray(0, 12)])),
    { message: 'unexpected EOF in COPY data', where: 'COPY t, line 2, column name' });
  assert.deepEqual(failure(Buffer.concat([header(), int16(2), field(Buffer.from([1, 2])), field(null)])),
    { message: 'incorrect binary data format', where: 'COPY t, line 1, column id' });
  assert.deepEqual(failure(Buffer.concat([header(), int16(2), int32(-2)])),
    { message: 'invalid field size', where: 'COPY t, line 1, column id' });
  assert.deepEqual(failure(Buffer.concat([header(), row(1, 'a'), int16(-1), Buffer.from('x')])),
    { message: 'received copy data after EOF marker', where: 'COPY t, line 2' });
});
