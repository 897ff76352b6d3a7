import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqlError } from '../../../../common/index.ts';
import { parseCopyOptions } from './copy-options.ts';
import { csvFields, textFields } from './fields.ts';

const def = (defname: string, sval?: string) => ({ DefElem: { defname, ...(sval === undefined ? {} : { arg: { String: { sval } } }) } });
const options = (...defs: ReturnType<typeof def>[]) => parseCopyOptions(defs, true, () => undefined);
const line = (s: string | number[]): Uint8Array => (typeof s === 'string' ? Buffer.from(s) : Uint8Array.from(s));

test('text fields: escapes are decoded, NULL is matched on the raw field', () => {
  const o = options();
  assert.deepEqual(textFields(line('a\\tb\t\\N\tc\\\\d\t\\101\\x42\\x\\q'), o), ['a\tb', null, 'c\\d', 'ABxq']);
  assert.deepEqual(textFields(line(''), o), ['']);
  assert.deepEqual(textFields(line('x\\'), o), ['x']); // a trailing backslash is dropped
  assert.deepEqual(textFields(line('a\\\tb'), o), ['a\tb']); // an escaped delimiter is data
  const pipes = options(def('delimiter', '|'), def('null', ''));
  assert.deepEqual(textFields(line('|\\N|x'), pipes), [null, 'N', 'x']);
});

test('text fields: escapes that make invalid UTF-8 or NUL are refused', () => {
  const o = options();
  assert.deepEqual(textFields(line('\\xc3\\xa9'), o), ['é']);
  for (const bad of ['\\xff', '\\0']) {
    assert.throws(() => textFields(line(bad), o), (e: unknown) => e instanceof SqlError && e.code === '22021');
  }
});

test('CSV fields: quotes anywhere, doubled quotes, NULL only when never quoted', () => {
  const o = options(def('format', 'csv'));
  assert.deepEqual(csvFields(line('1,"a,b",,"",x"y,z"w'), o), ['1', 'a,b', null, '', 'xy,zw']);
  assert.deepEqual(csvFields(line('"say ""hi""",é'), o), ['say "hi"', 'é']);
  const esc = options(def('format', 'csv'), def('escape', '\\'));
  assert.deepEqual(csvFields(line('"a\\"b","c\\\\d","e\\f"'), esc), ['a"b', 'c\\d', 'e\\f']);
  assert.throws(() => csvFields(line('1,"open'), o), (e: unknown) => e instanceof SqlError && e.message === 'unterminated CSV quoted field');
});

test('options are checked as PostgreSQL checks them', () => {
  const code = (f: () => unknown, c: string, m: RegExp): void =>
    assert.throws(f, (e: unknown) => e instanceof SqlError && e.code === c && m.test(e.message));
  code(() => options(def('format', 'csv'), def('format', 'csv')), '42601', /^conflicting or redundant options$/);
  code(() => options(def('delimiter', 'ab')), '0A000', /single one-byte character/);
  code(() => options(def('delimiter', '\\')), '22023', /^COPY delimiter cannot be "\\"$/);
  code(() => options(def('quote', "'")), '0A000', /only in CSV mode/);
  code(() => options(def('format', 'csv'), def('null', '"')), '22023', /quote character must not appear/);
  code(() => options(def('oids')), '42601', /^option "oids" not recognized$/);
  const o = options(def('format', 'csv'), def('header', 'match'));
  assert.equal(o.header, 'match');
  assert.equal(o.delimiter, 0x2c);
  assert.deepEqual([...o.nullString], []);
});
