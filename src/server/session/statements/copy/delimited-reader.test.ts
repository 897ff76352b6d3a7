import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TEXT_OPTIONS, getValue, numericTypmod, sqlType, SqlError, type Batch, type SqlType, type TypeId } from '../../../../common/index.ts';
import { parseCopyOptions } from './copy-options.ts';
import { DelimitedReader, type CopyColumn } from './delimited-reader.ts';

const def = (defname: string, sval?: string) => ({ DefElem: { defname, ...(sval === undefined ? {} : { arg: { String: { sval } } }) } });
const options = (...defs: ReturnType<typeof def>[]) => parseCopyOptions(defs, true, () => undefined);

/** 'int4', 'numeric(12,2)', 'varchar(5)', 'char(3)' as types. */
function typeOf(name: string): SqlType {
  const m = /^(\w+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(name)!;
  const id = (m[1] === 'char' ? 'bpchar' : m[1]) as TypeId;
  if (m[2] === undefined) return sqlType(id);
  return id === 'numeric' ? sqlType(id, numericTypmod(Number(m[2]), Number(m[3] ?? 0))) : sqlType(id, Number(m[2]) + 4);
}

function read(types: string[], input: string | Uint8Array, ...defs: ReturnType<typeof def>[]): unknown[][] {
  const columns: CopyColumn[] = types.map((t, i) => ({ name: `c${i}`, type: typeOf(t), forceNotNull: false, forceNull: false }));
  const reader = new DelimitedReader(options(...defs), 't', columns, DEFAULT_TEXT_OPTIONS, 3);
  // in two pieces, so lines also span chunks
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const cut = Math.floor(bytes.length / 2);
  const batches: Batch[] = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut)), ...reader.finish()];
  const rows: unknown[][] = [];
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      rows.push(b.columns.map((c) => {
        const v = getValue(c, i);
        return typeof v === 'object' && v !== null ? String(v) : v;
      }));
    }
  }
  return rows;
}

const fails = (f: () => unknown, code: string, message: RegExp, where?: string) =>
  assert.throws(f, (e: unknown) => e instanceof SqlError && e.code === code && message.test(e.message) && (where === undefined || e.where === where));

test('integers, scaled numerics and ISO dates read from the bytes, other forms through the input functions', () => {
  const csv = [def('format', 'csv'), def('delimiter', '|')];
  assert.deepEqual(read(['int4', 'int8', 'numeric(12,2)', 'date', 'text', 'varchar(5)', 'char(3)'], [
    '1|9007199254740993|1234.5|1996-02-29|héllo|abc|x',
    '-2147483648|-42|-0.05|0999-12-31||a|ab',
    '+7| 12 |1.005|19960301|"q|uoted"|b|abc',
    '007|000000000000000000000000000001|.5|Jan 8 1999|z|c|a',
  ].join('\n'), ...csv), [
    [1, 9007199254740993n, '1234.50', 9555, 'héllo', 'abc', 'x  '],
    [-2147483648, -42n, '-0.05', -354286, null, 'a', 'ab '],
    [7, 12n, '1.01', 9556, 'q|uoted', 'b', 'abc'], // numeric_in rounds half away from zero
    [7, 1n, '0.50', 10599, 'z', 'c', 'a  '],
  ]);
});

test('the fast path reports errors as the input functions do, with the line and column', () => {
  const csv = [def('format', 'csv')];
  fails(() => read(['int4', 'int4'], '1,2\n3,2147483648\n', ...csv), '22003', /out of range for type integer/, 'COPY t, line 2, column c1: "2147483648"');
  fails(() => read(['int2'], '40000\n', ...csv), '22003', /out of range for type smallint/);
  fails(() => read(['date'], '2023-02-30\n', ...csv), '22008', /date\/time field value out of range/);
  fails(() => read(['numeric(5,2)'], '1234.5\n', ...csv), '22003', /numeric field overflow/);
  fails(() => read(['int4'], '1x\n', ...csv), '22P02', /invalid input syntax for type integer: "1x"/);
  fails(() => read(['int4', 'int4'], '1\n', ...csv), '22P04', /missing data for column "c1"/);
  fails(() => read(['int4'], '1,2\n', ...csv), '22P04', /extra data after last expected column/);
  fails(() => read(['varchar(2)'], 'abc\n', ...csv), '22001', /value too long/);
  fails(() => read(['text'], Uint8Array.from([0x61, 0x00, 0x62, 0x0a]), ...csv), '22021', /invalid byte sequence/);
  fails(() => read(['text'], Uint8Array.from([0x61, 0xff, 0x0a]), ...csv), '22021', /invalid byte sequence for encoding "UTF8": 0xff/);
});

test('NULL strings, text-format escapes and empty fields', () => {
  assert.deepEqual(read(['int4', 'text'], '1\t\\N\n\\N\ta\\tb\n2\t\n'), [[1, null], [null, 'a\tb'], [2, '']]);
  assert.deepEqual(read(['int4', 'text'], '1|NA\nNA|x\n', def('delimiter', '|'), def('null', 'NA')), [[1, null], [null, 'x']]);
  assert.deepEqual(read(['int4', 'text'], '1,\n,""\n', def('format', 'csv')), [[1, null], [null, '']]);
});
