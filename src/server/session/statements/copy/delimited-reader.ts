/**
 * COPY FROM in text or CSV format: bytes in (pushed in chunks of any size, so a file's pieces and COPY FROM
 * STDIN's CopyData messages feed the same reader), Batches of the COPY's columns out. Lines become
 * fields (line-splitter.ts, fields.ts), fields become values through each type's text input function, with
 * PostgreSQL's errors and CONTEXT lines (`COPY t, line 3, column b: "x"`).
 */
import {
  scaledNumeric, scaledNumericIn, scaledNumericScale, SqlError, SqlState, textInFor, vectorFromValues, type Batch, type SqlType, type TextOptions, type Vector,
} from '../../../../common/index.ts';
import type { CopyOptions } from './copy-options.ts';
import { csvFields, textFields } from './fields.ts';
import { LineSplitter, type CopyLine } from './line-splitter.ts';
import { checkUtf8 } from './utf8.ts';

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
  private values: unknown[][];
  private rows = 0;
  /** Per column: its text input function, and how a batch's values become its vector. */
  private readonly parsers: readonly ((text: string) => unknown)[];
  private readonly vectors: readonly ((values: unknown[]) => Vector)[];

  /** `relName` names the table in CONTEXT lines; `batchSize` rows make a Batch. */
  constructor(private readonly o: CopyOptions, private readonly relName: string, private readonly columns: readonly CopyColumn[],
    private readonly text: TextOptions, private readonly batchSize: number) {
    this.splitter = new LineSplitter(o, (line) => `COPY ${relName}, line ${line}`);
    this.nullText = Buffer.from(o.nullString).toString('utf8');
    this.headerPending = o.header !== false;
    this.values = columns.map(() => []);
    this.parsers = columns.map((c) => (scaledNumericScale(c.type) !== undefined ? scaledNumericIn(c.type) : textInFor(c.type, text)));
    this.vectors = columns.map((c) => {
      const scale = scaledNumericScale(c.type);
      // numeric(p, s) with p ≤ 15 arrives as scaled doubles: no Decimal per value, and the Parquet writer
      // takes the coefficients as they are.
      if (scale === undefined) return (values) => vectorFromValues(c.type, values);
      const type = scaledNumeric(c.type.typmod, scale);
      return (values) => {
        const n = values.length, out = new Float64Array(n);
        let nulls: Uint8Array | null = null;
        for (let i = 0; i < n; i++) {
          const x = values[i];
          if (x === null) (nulls ??= new Uint8Array(n))[i] = 1;
          else out[i] = x as number;
        }
        return { type, length: n, values: out, nulls };
      };
    });
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
      this.line(l);
      if (this.rows >= this.batchSize) out.push(this.flush());
    }
    if (last && this.rows > 0) out.push(this.flush());
    return out;
  }

  private flush(): Batch {
    const b: Batch = { columns: this.columns.map((_, i) => this.vectors[i]!(this.values[i]!)), length: this.rows };
    this.values = this.columns.map(() => []);
    this.rows = 0;
    return b;
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
      this.values[i]!.push(v);
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
