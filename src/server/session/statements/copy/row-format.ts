/**
 * COPY TO's output formats, byte for byte as PostgreSQL 15 writes them (copyto.c): each value is first
 * rendered by its type's text output (the session's TimeZone, DateStyle and extra_float_digits, as in a
 * DataRow), then
 * - text: backslash, the delimiter and the control characters \b \f \n \r \t \v are backslash-escaped (other
 *   control characters pass through unless they are the delimiter); NULL is the NULL string as given;
 * - CSV: a value is quoted when it contains the delimiter, the quote, CR or LF, when it equals the NULL
 *   string, when it is `\.` alone in a one-column row, or when FORCE_QUOTE names its column; inside quotes
 *   the quote and escape characters are preceded by the escape character; NULL is the NULL string unquoted;
 * - binary: the PGCOPY header, then per row an int16 field count and each field as int32 length (-1 for
 *   NULL) and its binary send form, then the int16 -1 trailer.
 * Every row ends with "\n". One string (or byte array) per row: the protocol wants a CopyData per row.
 */
import { binaryOut, getValue, textOut, type Batch, type SqlType, type TextOptions } from '../../../../common/index.ts';
import type { CopyOptions } from './copy-options.ts';

/** The 11 bytes that open a binary COPY file, then the flags and header-extension length (both 0). */
export const BINARY_SIGNATURE = Uint8Array.of(0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00);

/** Columns that need the slow path of text escaping: backslash and the control characters. */
const TEXT_SPECIAL = /[\\\x00-\x1f]/;
const TEXT_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** PostgreSQL's CopyAttributeOutText. */
export function textAttribute(s: string, delimiter: string): string {
  if (!TEXT_SPECIAL.test(s) && !s.includes(delimiter)) return s;
  let out = '';
  for (const ch of s) {
    const esc = TEXT_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (ch === '\\' || ch === delimiter) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** PostgreSQL's CopyAttributeOutCSV. */
export function csvAttribute(s: string, o: CsvText, forceQuote: boolean, singleColumn: boolean): string {
  let quote = forceQuote || s === o.nullText || (singleColumn && s === '\\.');
  if (!quote) {
    for (let i = 0; i < s.length && !quote; i++) {
      const c = s[i];
      quote = c === o.delimiter || c === o.quote || c === '\n' || c === '\r';
    }
  }
  if (!quote) return s;
  let out = o.quote;
  for (const ch of s) {
    if (ch === o.quote || ch === o.escape) out += o.escape;
    out += ch;
  }
  return out + o.quote;
}

interface CsvText {
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullText: string;
}

/** One COPY TO's rows: `header()` (text/CSV with HEADER, else null), `rows(batch)`, `trailer()`. */
export class RowFormatter {
  private readonly delimiter: string;
  private readonly csv: CsvText;
  private readonly forced: boolean[];
  private binaryHeaderPending: boolean;

  /** `forceQuote[i]`: FORCE_QUOTE applies to column i. */
  constructor(private readonly o: CopyOptions, private readonly names: readonly string[], private readonly types: readonly SqlType[],
    forceQuote: readonly boolean[], private readonly text: TextOptions) {
    this.delimiter = String.fromCharCode(o.delimiter);
    this.csv = {
      delimiter: this.delimiter, quote: String.fromCharCode(o.quote), escape: String.fromCharCode(o.escape),
      nullText: Buffer.from(o.nullString).toString('utf8'),
    };
    this.forced = [...forceQuote];
    this.binaryHeaderPending = o.format === 'binary';
  }

  /** The header line, when there is one. */
  header(): string | null {
    if (this.o.format === 'binary' || this.o.header === false) return null;
    const single = this.names.length === 1;
    const cells = this.names.map((n) => (this.o.csv ? csvAttribute(n, this.csv, false, single) : textAttribute(n, this.delimiter)));
    return `${cells.join(this.delimiter)}\n`;
  }

  /** Each row of the batch, ready to send. */
  *rows(batch: Batch): Generator<string | Uint8Array> {
    if (this.o.format === 'binary') {
      yield* this.binaryRows(batch);
      return;
    }
    const cols = batch.columns;
    const n = cols.length;
    const single = n === 1;
    const nullText = this.csv.nullText;
    const csv = this.o.csv;
    for (let r = 0; r < batch.length; r++) {
      let line = '';
      for (let c = 0; c < n; c++) {
        if (c > 0) line += this.delimiter;
        const v = getValue(cols[c]!, r);
        if (v === null || v === undefined) {
          line += nullText;
          continue;
        }
        const s = textOut(this.types[c]!, v, this.text);
        line += csv ? csvAttribute(s, this.csv, this.forced[c] === true, single) : textAttribute(s, this.delimiter);
      }
      yield `${line}\n`;
    }
  }

  /** What ends the data: the binary trailer (with the header, when there were no rows), else nothing. */
  trailer(): Uint8Array | null {
    if (this.o.format !== 'binary') return null;
    const head = this.takeBinaryHeader();
    const out = new Uint8Array(head.length + 2);
    out.set(head, 0);
    out[head.length] = 0xff;
    out[head.length + 1] = 0xff;
    return out;
  }

  /** PostgreSQL sends the binary header in the same CopyData as the first row. */
  private takeBinaryHeader(): Uint8Array {
    if (!this.binaryHeaderPending) return new Uint8Array(0);
    this.binaryHeaderPending = false;
    const h = new Uint8Array(BINARY_SIGNATURE.length + 8);
    h.set(BINARY_SIGNATURE, 0);
    return h;
  }

  private *binaryRows(batch: Batch): Generator<Uint8Array> {
    const cols = batch.columns;
    const n = cols.length;
    for (let r = 0; r < batch.length; r++) {
      const head = this.takeBinaryHeader();
      const cells: (Uint8Array | null)[] = new Array(n);
      let size = head.length + 2;
      for (let c = 0; c < n; c++) {
        const v = getValue(cols[c]!, r);
        const b = v === null || v === undefined ? null : binaryOut(this.types[c]!, v);
        cells[c] = b;
        size += 4 + (b?.length ?? 0);
      }
      const out = new Uint8Array(size);
      const view = new DataView(out.buffer);
      out.set(head, 0);
      let p = head.length;
      view.setInt16(p, n);
      p += 2;
      for (const b of cells) {
        view.setInt32(p, b === null ? -1 : b.length);
        p += 4;
        if (b !== null) {
          out.set(b, p);
          p += b.length;
        }
      }
      yield out;
    }
  }
}
