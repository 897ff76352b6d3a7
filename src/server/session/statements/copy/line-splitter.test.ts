import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqlError } from '../../../../common/index.ts';
import { LineSplitter, type CopyLine } from './line-splitter.ts';

const CSV = { csv: true, quote: 0x22, escape: 0x22 };
const TEXT = { csv: false, quote: 0x22, escape: 0x22 };

/** Lines as [lineNo, text], with the input pushed in chunks of `size` bytes (all at once when undefined). */
function split(input: string, syntax: typeof CSV, size?: number): [number, string][] {
  const s = new LineSplitter(syntax, (l) => `line ${l}`);
  const bytes = Buffer.from(input);
  const out: CopyLine[] = [];
  const step = size ?? Math.max(1, bytes.length);
  for (let i = 0; i < bytes.length; i += step) s.push(bytes.subarray(i, i + step), out);
  s.finish(out);
  return out.map((l) => [l.lineNo, Buffer.from(l.bytes).toString()]);
}

/** The same lines whatever the chunk size: COPY FROM STDIN's CopyData messages split input anywhere. */
function splitEverywhere(input: string, syntax: typeof CSV): [number, string][] {
  const whole = split(input, syntax);
  for (let size = 1; size <= 5; size++) assert.deepEqual(split(input, syntax, size), whole, `chunks of ${size} bytes`);
  return whole;
}

test('lines end at LF, CRLF or CR, the first deciding; the last may have no end of line', () => {
  assert.deepEqual(splitEverywhere('a\nb\nc', TEXT), [[1, 'a'], [2, 'b'], [3, 'c']]);
  assert.deepEqual(splitEverywhere('a\r\nb\r\n', TEXT), [[1, 'a'], [2, 'b']]);
  assert.deepEqual(splitEverywhere('a\rb\r', CSV), [[1, 'a'], [2, 'b']]);
  assert.deepEqual(splitEverywhere('\n\n', TEXT), [[1, ''], [2, '']]);
});

test('CSV: newlines inside quotes are data and count as lines; an escaped quote does not end the quotes', () => {
  // As in PostgreSQL, only once the first end of line has set the style (so not in the first record).
  assert.deepEqual(splitEverywhere('1,"a\nb",2\n3,"x""\ny",4\n5\n', CSV), [[1, '1,"a\nb",2'], [3, '3,"x""\ny",4'], [4, '5']]);
  const backslash = { ...CSV, escape: 0x5c };
  assert.deepEqual(splitEverywhere('1,"a\\"\nb"\n2\n', backslash), [[1, '1,"a\\"\nb"'], [2, '2']]);
});

test('text: a backslash makes the next byte data, a newline included', () => {
  assert.deepEqual(splitEverywhere('a\\\nb\nc\\\\\nd\n', TEXT), [[1, 'a\\\nb'], [2, 'c\\\\'], [3, 'd']]);
});

test('\\. ends the data: text anywhere before an end of line, CSV only alone on a line', () => {
  assert.deepEqual(splitEverywhere('a\n\\.\nb\n', TEXT), [[1, 'a']]);
  // Text: the marker ends the line it is on, which keeps what came before it; reading goes on.
  assert.deepEqual(splitEverywhere('a\nb\\.\nc\n', TEXT), [[1, 'a'], [2, 'b'], [3, 'c']]);
  assert.deepEqual(splitEverywhere('a\r\n\\.\r\nb\r\n', TEXT), [[1, 'a']]);
  assert.deepEqual(splitEverywhere('"x\n\\.\n",1\n\\.\nb\n', CSV), [[1, '"x\n\\.\n",1']]);
  assert.deepEqual(splitEverywhere('\\.x\n\\.\n', CSV), [[1, '\\.x']]);
});

function fails(input: string, syntax: typeof CSV, message: RegExp, line: number): void {
  for (const size of [undefined, 1]) {
    assert.throws(() => split(input, syntax, size), (e: unknown) => e instanceof SqlError && e.code === '22P04' && message.test(e.message)
      && e.where === `line ${line}`);
  }
}

test('end-of-line styles may not mix; a broken end marker is an error in text', () => {
  fails('a\nb\rc\n', TEXT, /^literal carriage return found in data$/, 2);
  fails('a\r\nb\n', TEXT, /^literal newline found in data$/, 2);
  fails('a\nb\rc\n', CSV, /^unquoted carriage return found in data$/, 2);
  fails('a\rb\nc', CSV, /^unquoted newline found in data$/, 2);
  fails('a\n\\.x\n', TEXT, /^end-of-copy marker corrupt$/, 2);
  fails('a\n\\.', TEXT, /^end-of-copy marker corrupt$/, 2);
  fails('a\n\\.\r\n', TEXT, /^end-of-copy marker does not match previous newline style$/, 2);
});

test('plain stretches (no CR, backslash or quote) and the bytes that need care mix in any chunking', () => {
  // A quoted newline counts as a line, and the record is numbered by its last line.
  assert.deepEqual(splitEverywhere('a\nb\n"x\ny"\nc\nd', CSV), [[1, 'a'], [2, 'b'], [4, '"x\ny"'], [5, 'c'], [6, 'd']]);
  assert.deepEqual(splitEverywhere('a|1\nb|2\nc\\\nd\ne\n\\.\nignored\n', TEXT), [[1, 'a|1'], [2, 'b|2'], [3, 'c\\\nd'], [4, 'e']]);
  for (const size of [1, 3, 100]) {
    assert.throws(() => split('a\nb\nc\r\nd\n', TEXT, size), (e: unknown) => e instanceof SqlError && e.message === 'literal carriage return found in data');
  }
});
