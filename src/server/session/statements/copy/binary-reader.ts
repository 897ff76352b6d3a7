/**
 * COPY FROM in binary format (PostgreSQL's "Binary Format" of COPY): bytes in, pushed in chunks of any size
 * like DelimitedReader's, Batches of the COPY's columns out. The input is the 11-byte PGCOPY signature, an
 * int32 of flags (bit 16: OIDs, which PostgreSQL 12+ refuses; bits 17–31 must be clear), an int32 length of a
 * header extension to skip, then per row an int16 field count and each field as an int32 length (-1 for
 * NULL) and that many bytes in the type's binary send form; an int16 -1 ends the data. Errors and CONTEXT
 * lines are PostgreSQL 15's (copyfromparse.c); "line" counts rows.
 */
import {
  applyCharTypmod, binaryIn, Decimal, numericPrecision, numericScale, SqlError, SqlState, vectorFromValues, type Batch,
  type SqlType,
} from '../../../../common/index.ts';
import { BINARY_SIGNATURE } from './row-format.ts';
import type { CopyColumn } from './delimited-reader.ts';
import { joinBytes } from './line-splitter.ts';

const bad = (message: string, where?: string): SqlError =>
  new SqlError(SqlState.badCopyFileFormat, message, where === undefined ? {} : { where });

/** A received value with its column's type modifier applied, as the receive functions do with typmod. */
function withTypmod(type: SqlType, v: unknown): unknown {
  switch (type.id) {
    case 'varchar': case 'bpchar': return applyCharTypmod(v as string, type, false);
    case 'numeric': return type.typmod >= 4 ? (v as Decimal).applyTypmod(numericPrecision(type.typmod), numericScale(type.typmod)) : v;
    default: return v;
  }
}

export class BinaryReader {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private headerDone = false;
  /** The int16 -1 trailer was read. */
  ended = false;
  private rowNo = 0;
  private values: unknown[][];
  private rows = 0;

  constructor(private readonly relName: string, private readonly columns: readonly CopyColumn[], private readonly batchSize: number) {
    this.values = columns.map(() => []);
  }

  push(chunk: Uint8Array): Batch[] {
    if (chunk.length === 0) return [];
    if (this.ended) throw bad('received copy data after EOF marker', this.where(this.rowNo + 1));
    this.buf = joinBytes(this.buf.subarray(this.pos), chunk);
    this.pos = 0;
    return this.scan(false);
  }

  finish(): Batch[] {
    const out = this.scan(true);
    if (this.rows > 0) out.push(this.flush());
    return out;
  }

  private available(): number {
    return this.buf.length - this.pos;
  }

  private int16(at: number): number {
    const b = this.buf;
    return ((b[at]! << 24) >> 16) | b[at + 1]!;
  }

  private int32(at: number): number {
    const b = this.buf;
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  }

  private scan(final: boolean): Batch[] {
    const out: Batch[] = [];
    if (!this.headerDone && !this.header(final)) return out;
    while (!this.ended) {
      // End of input between rows (even with one stray byte) ends the data, as PostgreSQL's CopyReadBinaryTuple does.
      if (this.available() < 2) break;
      const end = this.rowEnd();
      if (typeof end === 'object') {
        if (final) throw bad('unexpected EOF in COPY data', this.where(this.rowNo + 1, this.columns[end.column]!.name));
        break;
      }
      if (end === -1) {
        this.ended = true;
        this.pos += 2;
        if (this.available() > 0) throw bad('received copy data after EOF marker', this.where(this.rowNo + 1));
        break;
      }
      this.row();
      if (this.rows >= this.batchSize) out.push(this.flush());
    }
    return out;
  }

  /** The header; false when more bytes are needed. */
  private header(final: boolean): boolean {
    const need = (n: number, message: string): boolean => {
      if (this.available() >= n) return true;
      if (final) throw bad(message);
      return false;
    };
    const sig = BINARY_SIGNATURE.length;
    if (this.available() < sig) {
      if (final) throw bad('COPY file signature not recognized');
      // A wrong signature is refused as soon as its first bytes show it.
      for (let i = 0; i < this.available(); i++) if (this.buf[this.pos + i] !== BINARY_SIGNATURE[i]) throw bad('COPY file signature not recognized');
      return false;
    }
    for (let i = 0; i < sig; i++) if (this.buf[this.pos + i] !== BINARY_SIGNATURE[i]) throw bad('COPY file signature not recognized');
    if (!need(sig + 4, 'invalid COPY file header (missing flags)')) return false;
    const flags = this.int32(this.pos + sig);
    if ((flags & (1 << 16)) !== 0) throw bad('invalid COPY file header (WITH OIDS)');
    if ((flags & 0xfffe0000) !== 0) throw bad('unrecognized critical flags in COPY file header');
    if (!need(sig + 8, 'invalid COPY file header (missing length)')) return false;
    const extension = this.int32(this.pos + sig + 4);
    if (extension < 0) throw bad('invalid COPY file header (missing length)');
    if (!need(sig + 8 + extension, 'invalid COPY file header (wrong length)')) return false;
    this.pos += sig + 8 + extension;
    this.headerDone = true;
    return true;
  }

  private where(row: number, column?: string): string {
    return column === undefined ? `COPY ${this.relName}, line ${row}` : `COPY ${this.relName}, line ${row}, column ${column}`;
  }

  /** Where the row at `pos` ends, -1 for the trailer, or the column whose bytes have not all arrived. */
  private rowEnd(): number | { readonly column: number } {
    const count = this.int16(this.pos);
    if (count === -1) return -1;
    const row = this.rowNo + 1;
    if (count !== this.columns.length) {
      throw bad(`row field count is ${count}, expected ${this.columns.length}`, this.where(row));
    }
    let p = this.pos + 2;
    for (let i = 0; i < count; i++) {
      if (this.buf.length - p < 4) return { column: i };
      const len = this.int32(p);
      p += 4;
      if (len < -1) throw bad('invalid field size', this.where(row, this.columns[i]!.name));
      if (len > 0) p += len;
      if (p > this.buf.length) return { column: i };
    }
    return p;
  }

  private row(): void {
    this.rowNo++;
    let p = this.pos + 2;
    this.columns.forEach((c, i) => {
      const len = this.int32(p);
      p += 4;
      if (len === -1) {
        this.values[i]!.push(null);
        return;
      }
      const bytes = this.buf.subarray(p, p + len);
      p += len;
      try {
        this.values[i]!.push(withTypmod(c.type, binaryIn(c.type, bytes)));
      } catch (e) {
        if (e instanceof SqlError && e.where === undefined) {
          throw new SqlError(e.code, e.message, { detail: e.detail, hint: e.hint, where: this.where(this.rowNo, c.name), cause: e });
        }
        throw e;
      }
    });
    this.pos = p;
    this.rows++;
  }

  private flush(): Batch {
    const b: Batch = { columns: this.columns.map((c, i) => vectorFromValues(c.type, this.values[i]!)), length: this.rows };
    this.values = this.columns.map(() => []);
    this.rows = 0;
    return b;
  }
}
