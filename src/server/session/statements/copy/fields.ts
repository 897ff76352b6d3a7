/**
 * One COPY FROM line cut into fields, as PostgreSQL 15's CopyReadAttributesText / CopyReadAttributesCSV do:
 * a field is NULL when its raw bytes (before de-escaping; in CSV, only if it was never quoted) equal the NULL
 * string. Values are decoded as UTF-8; the caller has checked that the line is valid UTF-8, but text-format
 * escapes (`\xff`, `\0`) can still produce bytes that are not, which is the same error PostgreSQL raises.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import type { DelimitedOptions } from './copy-options.ts';
import { checkUtf8 } from './utf8.ts';

const BACKSLASH = 0x5c;

const sameBytes = (b: Uint8Array, from: number, to: number, s: Uint8Array): boolean => {
  if (to - from !== s.length) return false;
  for (let k = 0; k < s.length; k++) if (b[from + k] !== s[k]) return false;
  return true;
};

const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37;
const hexValue = (c: number | undefined): number => {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
};

const SIMPLE_ESCAPES: Record<number, number> = { 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };

/** Text format: fields split at the delimiter, backslash escapes decoded. */
export function textFields(line: Uint8Array, o: DelimitedOptions): (string | null)[] {
  const buf = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  if (o.delimiter < 0x80 && buf.indexOf(BACKSLASH) < 0) return plainFields(buf, o.delimiter, o.nullString);
  const fields: (string | null)[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    const start = i;
    let out: number[] | undefined; // decoded bytes, once the field has an escape
    let foundDelim = false;
    let rawEnd = n;
    let odd = false; // an escape produced a NUL or non-ASCII byte
    while (i < n) {
      const c = line[i++]!;
      if (c === o.delimiter) { foundDelim = true; rawEnd = i - 1; break; }
      if (c !== BACKSLASH) { out?.push(c); continue; }
      out ??= [...line.subarray(start, i - 1)];
      if (i >= n) break; // a trailing backslash is dropped
      let e = line[i++]!;
      if (isOctal(e)) {
        let v = e - 0x30;
        if (isOctal(line[i])) { v = v * 8 + line[i++]! - 0x30; if (isOctal(line[i])) v = v * 8 + line[i++]! - 0x30; }
        e = v & 0xff;
        if (e === 0 || e > 0x7f) odd = true;
      } else if (e === 0x78 && hexValue(line[i]) >= 0) { // \x
        let v = hexValue(line[i++]);
        if (hexValue(line[i]) >= 0) v = v * 16 + hexValue(line[i++]);
        e = v;
        if (e === 0 || e > 0x7f) odd = true;
      } else {
        e = SIMPLE_ESCAPES[e] ?? e;
      }
      out.push(e);
    }
    if (!foundDelim) rawEnd = n;
    if (sameBytes(line, start, rawEnd, o.nullString)) fields.push(null);
    else if (out === undefined) fields.push(buf.toString('utf8', start, rawEnd));
    else {
      const bytes = Uint8Array.from(out);
      if (odd) checkUtf8(bytes);
      fields.push(Buffer.from(bytes.buffer).toString('utf8'));
    }
    if (!foundDelim) return fields;
  }
}

/**
 * A line without the bytes that need decoding (CSV's quote, text's backslash): one decode of the line and a
 * split at the (single-byte) delimiter; a field whose text is the NULL string is NULL.
 */
function plainFields(buf: Buffer, delimiter: number, nullString: Uint8Array): (string | null)[] {
  const fields: (string | null)[] = buf.toString('utf8').split(String.fromCharCode(delimiter));
  // The NULL string compares as bytes; a plain field's bytes are its UTF-8 text.
  const nullText = NULL_TEXT.get(nullString) ?? NULL_TEXT.set(nullString, Buffer.from(nullString).toString('utf8')).get(nullString)!;
  for (let i = 0; i < fields.length; i++) if (fields[i] === nullText) fields[i] = null;
  return fields;
}

const NULL_TEXT = new WeakMap<Uint8Array, string>();

/** CSV: quotes may start anywhere in a field and enclose delimiters and newlines; `""` (escape + quote) inside quotes is a quote. */
export function csvFields(line: Uint8Array, o: DelimitedOptions): (string | null)[] {
  const buf = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  if (o.delimiter < 0x80 && buf.indexOf(o.quote) < 0) return plainFields(buf, o.delimiter, o.nullString);
  const { delimiter, quote, escape } = o;
  const fields: (string | null)[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    const start = i;
    let sawQuote = false;
    let foundDelim = false;
    let end = i; // end of the raw field (before its delimiter)
    const parts: [number, number][] = []; // [from, to) runs of value bytes
    let runStart = i;
    outer: for (;;) {
      // Outside quotes.
      for (;;) {
        end = i;
        if (i >= n) { parts.push([runStart, i]); break outer; }
        const c = line[i++]!;
        if (c === delimiter) { foundDelim = true; parts.push([runStart, i - 1]); break outer; }
        if (c === quote) { sawQuote = true; parts.push([runStart, i - 1]); runStart = i; break; }
      }
      // Inside quotes.
      for (;;) {
        end = i;
        if (i >= n) throw new SqlError(SqlState.badCopyFileFormat, 'unterminated CSV quoted field');
        const c = line[i++]!;
        if (c === escape && i < n && (line[i] === escape || line[i] === quote)) {
          // The escaped byte is kept; the escape itself is not.
          parts.push([runStart, i - 1]);
          runStart = i;
          i++;
          continue;
        }
        if (c === quote) { parts.push([runStart, i - 1]); runStart = i; break; }
      }
    }
    if (!sawQuote && sameBytes(line, start, end, o.nullString)) fields.push(null);
    else if (parts.length === 1) fields.push(buf.toString('utf8', parts[0]![0], parts[0]![1]));
    // Runs end at ASCII quote or escape bytes, so each is whole UTF-8 on its own.
    else fields.push(parts.map(([a, b]) => buf.toString('utf8', a, b)).join(''));
    if (!foundDelim) return fields;
  }
}
