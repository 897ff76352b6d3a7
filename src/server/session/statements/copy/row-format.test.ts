import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TEXT_OPTIONS, T, vectorFromValues } from '../../../../common/index.ts';
import { parseCopyOptions } from './copy-options.ts';
import { csvAttribute, RowFormatter, textAttribute } from './row-format.ts';

test("text format escapes as PostgreSQL's CopyAttributeOutText", () => {
  assert.equal(textAttribute('plain é', '\t'), 'plain é');
  assert.equal(textAttribute('a\tb\nc\rd\\e', '\t'), 'a\\tb\\nc\\rd\\\\e');
  assert.equal(textAttribute('\b\f\v', '\t'), '\\b\\f\\v');
  // Other control characters pass through, unless they are the delimiter.
  assert.equal(textAttribute('x\x01y', '\t'), 'x\x01y');
  assert.equal(textAttribute('x\x01y', '\x01'), 'x\\\x01y');
  assert.equal(textAttribute('a,b', ','), 'a\\,b');
  assert.equal(textAttribute('\\.', '\t'), '\\\\.');
});

test("CSV quotes as PostgreSQL's CopyAttributeOutCSV", () => {
  const o = { delimiter: ',', quote: '"', escape: '"', nullText: '' };
  assert.equal(csvAttribute('plain', o, false, false), 'plain');
  assert.equal(csvAttribute('a,b', o, false, false), '"a,b"');
  assert.equal(csvAttribute('say "hi"', o, false, false), '"say ""hi"""');
  assert.equal(csvAttribute('two\nlines', o, false, false), '"two\nlines"');
  assert.equal(csvAttribute('', o, false, false), '""', 'the empty string is quoted: it is the NULL string');
  assert.equal(csvAttribute('x', o, true, false), '"x"');
  assert.equal(csvAttribute('\\.', o, false, true), '"\\."', 'the end-of-data marker alone on a line is quoted');
  assert.equal(csvAttribute('\\.', o, false, false), '\\.');
  assert.equal(csvAttribute('it\'s "x"', { delimiter: ';', quote: '\'', escape: '\\', nullText: 'NULL' }, false, false), '\'it\\\'s "x"\'');
});

const options = (sql: Record<string, string | undefined>) => parseCopyOptions(Object.entries(sql).map(([defname, v]) => ({
  DefElem: { defname, ...(v === undefined ? {} : { arg: { String: { sval: v } } }) },
})), false, () => undefined);

test('rows, NULLs and the header line in text and CSV', () => {
  const batch = { columns: [vectorFromValues(T.int4, [1, null]), vectorFromValues(T.text, ['a\tb', null])], length: 2 };
  const text = new RowFormatter(options({ header: undefined }), ['id', 'na\tme'], [T.int4, T.text], [false, false], DEFAULT_TEXT_OPTIONS);
  assert.equal(text.header(), 'id\tna\\tme\n');
  assert.deepEqual([...text.rows(batch)], ['1\ta\\tb\n', '\\N\t\\N\n']);
  assert.equal(text.trailer(), null);
  const csv = new RowFormatter(options({ format: 'csv', null: 'NA' }), ['id', 'name'], [T.int4, T.text], [true, false], DEFAULT_TEXT_OPTIONS);
  assert.equal(csv.header(), null);
  assert.deepEqual([...csv.rows(batch)], ['"1",a\tb\n', 'NA,NA\n']);
});

test('binary: the header goes with the first row, the trailer alone; with no rows both in one message', () => {
  const sig = 'PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0';
  const batch = { columns: [vectorFromValues(T.int4, [7])], length: 1 };
  const f = new RowFormatter(options({ format: 'binary' }), ['id'], [T.int4], [false], DEFAULT_TEXT_OPTIONS);
  const [first] = [...f.rows(batch)];
  assert.equal(Buffer.from(first as Uint8Array).toString('latin1'), `${sig}\0\x01\0\0\0\x04\0\0\0\x07`);
  assert.deepEqual([...f.trailer()!], [0xff, 0xff]);
  const empty = new RowFormatter(options({ format: 'binary' }), ['id'], [T.int4], [false], DEFAULT_TEXT_OPTIONS);
  assert.equal(Buffer.from(empty.trailer()!).toString('latin1'), `${sig}\xff\xff`);
});
