/**
 * COPY FROM in text or CSV format: bytes in (pushed in chunks of any size, so a file's pieces and COPY FROM
 * STDIN's CopyData messages feed the same reader), Batches of the COPY's columns out. Lines become
 * fields (line-splitter.ts, fields.ts), fields become values through each type's text input function, with
 * PostgreSQL's errors and CONTEXT lines (`COPY t, line 3, column b: "x"`).
 */
import { isUtf8 } from 'node:buffer';
import {
  scaledNumericIn, scaledNumericScale, SqlError, SqlState, textInFor, type Batch, type SqlType, type TextOptions,
} from '../../../../common/index.ts';
import { columnBuilder, type ColumnBuilder } from './column-builders.ts';
import type { CopyOptions } from './copy-options.ts';
import { csvFields, textFields } from './fields.ts';
import { LineSplitter, type CopyLine } from './line-splitter.ts';
import { checkUtf8 } from './utf8.ts';

const BACKSLASH = 0x5c;

export interface CopyColumn {
  readonly name: string;
  readonly type: SqlType;
  /** CSV FORCE_NOT_NULL: an unquoted NULL string is a value. */
  readonly forceNotNull: boolean;
  /** CSV FORCE_NULL: a quoted NULL string is NULL too. */
  readonly forceNull: boolean;
}

/** PostgreSQL's limit_printout_length: at most 100 bytes of a value in a message, then "...". */
function printable(s: string): string {
  if (Buffer.byteLength(s) <= 100) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > 100) break;
    out += ch;
  }
  return `${out}...`;
}

const withWhere = (e: unknown, where: string): unknown =>
  e instanceof SqlError && e.where === undefined
    ? new SqlError(e.code, e.message, { detail: e.detail, hint: e.hint, where, cause: e })
    : e;

export class DelimitedReader {
  private readonly splitter: LineSplitter;
  private readonly nullText: string;
  private headerPending: boolean;
  private rows = 0;
  /** Per column: its text input function, and the column filling up. */
  private readonly parsers: readonly ((text: string) => unknown)[];
  private readonly builders: readonly ColumnBuilder[];
  /** The byte that makes a line need the full field reader (CSV's quote, text's backslash); -1: no fast path. */
  private readonly special: number;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  /** A Buffer over the input chunk the current line lies in, which the fast path reads fields from. */
  private view: Buffer | undefined;

  /** `relName` names the table in CONTEXT lines; `batchSize` rows make a Batch. */
  constructor(private readonly o: CopyOptions, private readonly relName: string, private readonly columns: readonly CopyColumn[],
    private readonly text: TextOptions, private readonly batchSize: number) {
    this.splitter = new LineSplitter(o, (line) => `COPY ${relName}, line ${line}`);
    this.nullText = Buffer.from(o.nullString).toString('utf8');
    this.headerPending = o.header !== false;
    // numeric(p, s) with p ≤ 15 arrives as scaled doubles: no Decimal per value, and the Parquet writer takes
    // the coefficients as they are.
    this.parsers = columns.map((c) => (scaledNumericScale(c.type) !== undefined ? scaledNumericIn(c.type) : textInFor(c.type, text)));
    this.builders = columns.map((c, i) => columnBuilder(c.type, this.parsers[i]!));
    const plainNull = o.nullString.every((b) => b < 0x80 && b !== o.delimiter);
    const forced = columns.some((c) => c.forceNull || c.forceNotNull);
    this.special = o.delimiter >= 0x80 || !plainNull || forced ? -1 : o.csv ? o.quote : BACKSLASH;
    this.fieldStarts = new Int32Array(columns.length);
    this.fieldEnds = new Int32Array(columns.length);
  }

  /** The end-of-data marker (`\.`) was read: later input is ignored. */
  get ended(): boolean {
    return this.splitter.ended;
  }

  /** Add input; returns the Batches completed by it. */
  push(chunk: Uint8Array): Batch[] {
    const lines: CopyLine[] = [];
    this.splitter.push(chunk, lines);
    return this.take(lines, false);
  }

  /** The input is complete: the remaining rows. */
  finish(): Batch[] {
    const lines: CopyLine[] = [];
    this.splitter.finish(lines);
    return this.take(lines, true);
  }

  private take(lines: readonly CopyLine[], last: boolean): Batch[] {
    const out: Batch[] = [];
    for (const l of lines) {
      if (this.headerPending || !this.fastLine(l)) this.line(l);
      if (this.rows >= this.batchSize) out.push(this.flush());
    }
    if (last && this.rows > 0) out.push(this.flush());
    return out;
  }

  private flush(): Batch {
    const b: Batch = { columns: this.builders.map((c) => c.build()), length: this.rows };
    this.rows = 0;
    return b;
  }

  /**
   * A line without the byte that needs the full field reader (see `special`), of exactly as many fields as
   * columns, in valid UTF-8: its fields go from the bytes to the columns. False, having taken nothing, for
   * any other line, which `line` then reads (and reports the errors of).
   */
  private fastLine(l: CopyLine): boolean {
    const special = this.special;
    if (special < 0) return false;
    const b = l.bytes, n = b.length, delim = this.o.delimiter, last = this.columns.length - 1;
    const starts = this.fieldStarts, ends = this.fieldEnds;
    let field = 0, high = 0;
    starts[0] = 0;
    for (let i = 0; i < n; i++) {
      const c = b[i]!;
      if (c === delim) {
        if (field === last) return false;
        ends[field++] = i;
        starts[field] = i + 1;
      } else if (c === special || c === 0) { // NUL: the full reader reports it
        return false;
      } else {
        high |= c;
      }
    }
    if (field !== last) return false;
    ends[last] = n;
    const ascii = high < 0x80;
    if (!ascii && !isUtf8(b)) return false;
    if (this.view === undefined || this.view.buffer !== b.buffer) this.view = Buffer.from(b.buffer, 0, b.buffer.byteLength);
    const line = this.view, off = b.byteOffset;
    const nulls = this.o.nullString, nn = nulls.length;
    for (let j = 0; j < this.builders.length; j++) {
      const s = starts[j]! + off, e = ends[j]! + off;
      let isNull = e - s === nn;
      for (let k = 0; isNull && k < nn; k++) isNull = line[s + k] === nulls[k];
      const builder = this.builders[j]!;
      if (isNull) { builder.value(null); continue; }
      try {
        if (!builder.bytes(line, s, e, ascii)) builder.value(this.parsers[j]!(line.toString('utf8', s, e)));
      } catch (err) {
        const text = line.toString('utf8', s, e);
        throw withWhere(err, `${this.where(l)}, column ${this.columns[j]!.name}: "${printable(text)}"`);
      }
    }
    this.rows++;
    return true;
  }

  // The CONTEXT texts are built only when an error needs them: this runs once per input line.
  private where(l: CopyLine): string {
    return `COPY ${this.relName}, line ${l.lineNo}`;
  }

  private lineWhere(l: CopyLine): string {
    const text = Buffer.from(l.bytes.buffer, l.bytes.byteOffset, l.bytes.byteLength).toString('utf8');
    return `${this.where(l)}: "${printable(text)}"`;
  }

  private fields(l: CopyLine): (string | null)[] {
    try {
      return this.o.csv ? csvFields(l.bytes, this.o) : textFields(l.bytes, this.o);
    } catch (e) {
      throw withWhere(e, this.lineWhere(l));
    }
  }

  private line(l: CopyLine): void {
    try {
      checkUtf8(l.bytes);
    } catch (e) {
      throw withWhere(e, this.where(l));
    }
    const fields = this.fields(l);
    if (this.headerPending) {
      this.headerPending = false;
      if (this.o.header === 'match') this.matchHeader(fields, this.lineWhere(l));
      return;
    }
    const cols = this.columns;
    if (fields.length > cols.length) {
      throw new SqlError(SqlState.badCopyFileFormat, 'extra data after last expected column', { where: this.lineWhere(l) });
    }
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      if (i >= fields.length) {
        throw new SqlError(SqlState.badCopyFileFormat, `missing data for column "${c.name}"`, { where: this.lineWhere(l) });
      }
      let s: string | null = fields[i] ?? null;
      if (this.o.csv) {
        if (s === null && c.forceNotNull) s = this.nullText;
        else if (s !== null && c.forceNull && s === this.nullText) s = null;
      }
      let v: unknown = null;
      if (s !== null) {
        try {
          v = this.parsers[i]!(s);
        } catch (e) {
          throw withWhere(e, `${this.where(l)}, column ${c.name}: "${printable(s)}"`);
        }
      }
      this.builders[i]!.value(v);
    }
    this.rows++;
  }

  /** HEADER MATCH: the header line names the COPY's columns, in order. */
  private matchHeader(fields: readonly (string | null)[], where: string): void {
    const cols = this.columns;
    if (fields.length !== cols.length) {
      throw new SqlError(SqlState.badCopyFileFormat, `wrong number of fields in header line: got ${fields.length}, expected ${cols.length}`, { where });
    }
    cols.forEach((c, i) => {
      const f = fields[i];
      if (f === null) {
        throw new SqlError(SqlState.badCopyFileFormat,
          `column name mismatch in header line field ${i + 1}: got null value ("${this.nullText}"), expected "${c.name}"`, { where });
      }
      if (f !== c.name) {
        throw new SqlError(SqlState.badCopyFileFormat, `column name mismatch in header line field ${i + 1}: got "${f}", expected "${c.name}"`, { where });
      }
    });
  }
}
