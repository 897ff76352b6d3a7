/**
 * COPY FROM input (text or CSV) cut into lines, over chunks of bytes as they arrive: a file read in pieces,
 * or the CopyData messages of COPY FROM STDIN. Follows PostgreSQL 15's CopyReadLineText byte for byte:
 *
 * - The first end of line decides the style (\n, \r or \r\n); a different one later is an error
 *   ("literal carriage return found in data", or "unquoted …" in CSV).
 * - Text: a backslash makes the next byte data (so `\` + newline is a newline inside a value).
 *   CSV: end-of-line bytes inside quotes are data.
 * - `\.` followed by the end of line marks the end of the data (text: anywhere, its line keeping what came
 *   before it; CSV: only alone at the start of a line, otherwise it is data).
 *
 * Line numbers are PostgreSQL's: one per line read (the header included), plus, in CSV, one per newline
 * inside quotes.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

export interface CopyLine {
  /** The line's bytes, without its end of line. */
  readonly bytes: Uint8Array;
  readonly lineNo: number;
}

export interface LineSyntax {
  readonly csv: boolean;
  readonly quote: number;
  readonly escape: number;
}

type Eol = 'nl' | 'cr' | 'crnl' | undefined;

export class LineSplitter {
  private buf: Uint8Array = new Uint8Array(0);
  /** Where scanning resumes in `buf` (the current line starts at 0). */
  private pos = 0;
  private eol: Eol;
  private inQuote = false;
  private lastWasEsc = false;
  /** Lines read so far, the current one included once it has started. */
  private lineNo = 0;
  private lineStarted = false;
  /** The end-of-data marker was seen: everything after it is ignored. */
  ended = false;

  /** `where(line)`: the CONTEXT of an error on that line. */
  constructor(private readonly syntax: LineSyntax, private readonly where: (line: number) => string) {}

  /** The line number of the line being read or last read. */
  get currentLine(): number {
    return this.lineNo;
  }

  /** Add bytes; complete lines are appended to `out`. */
  push(chunk: Uint8Array, out: CopyLine[]): void {
    if (this.ended || chunk.length === 0) return;
    this.buf = joinBytes(this.buf, chunk);
    this.scan(false, out);
  }

  /** The input is complete: the last line, if it has no end of line. */
  finish(out: CopyLine[]): void {
    if (this.ended) return;
    this.scan(true, out);
    if (this.buf.length > 0) {
      this.startLine();
      out.push({ bytes: this.buf, lineNo: this.lineNo });
      this.buf = new Uint8Array(0);
    }
  }

  private startLine(): void {
    if (!this.lineStarted) {
      this.lineNo++;
      this.lineStarted = true;
    }
  }

  private fail(message: string, hint?: string): never {
    throw new SqlError(SqlState.badCopyFileFormat, message, { ...(hint === undefined ? {} : { hint }), where: this.where(this.lineNo) });
  }

  private strayCr(): never {
    if (this.syntax.csv) this.fail('unquoted carriage return found in data', 'Use quoted CSV field to represent carriage return.');
    this.fail('literal carriage return found in data', 'Use "\\r" to represent carriage return.');
  }

  private strayLf(): never {
    if (this.syntax.csv) this.fail('unquoted newline found in data', 'Use quoted CSV field to represent newline.');
    this.fail('literal newline found in data', 'Use "\\n" to represent newline.');
  }

  /** Emit the line buf[0, end) and drop it and its end of line (`next` is where the next line starts). */
  private emit(end: number, next: number, out: CopyLine[]): void {
    out.push({ bytes: this.buf.subarray(0, end), lineNo: this.lineNo });
    this.buf = this.buf.subarray(next);
    this.pos = 0;
    this.lineStarted = false;
    this.inQuote = false;
    this.lastWasEsc = false;
  }

  private scan(final: boolean, out: CopyLine[]): void {
    const { csv, quote } = this.syntax;
    // An escape that is also the quote needs no tracking here: the quote alone toggles.
    const escape = this.syntax.escape === quote ? -1 : this.syntax.escape;
    // Input without CR, backslash or (CSV) quote bytes, read with \n line ends: every line simply ends at the
    // next LF, found natively instead of by the loop below (which would do the same with each byte).
    const plain = !this.inQuote && !this.lastWasEsc && this.eol !== 'cr' && this.eol !== 'crnl'
      && this.buf.indexOf(CR, this.pos) < 0 && this.buf.indexOf(BACKSLASH, this.pos) < 0 && (!csv || this.buf.indexOf(quote, this.pos) < 0);
    for (;;) {
      const b = this.buf;
      const n = b.length;
      if (n === 0 || this.ended) return;
      this.startLine();
      let i = this.pos;
      if (plain) {
        const lf = b.indexOf(LF, i);
        if (lf < 0) { this.pos = n; return; }
        this.eol = 'nl';
        this.emit(lf, lf + 1, out);
        continue;
      }
      let done = false;
      while (i < n) {
        const c = b[i]!;
        if (csv) {
          if (this.inQuote && c === escape) this.lastWasEsc = !this.lastWasEsc;
          if (c === quote && !this.lastWasEsc) this.inQuote = !this.inQuote;
          if (c !== escape) this.lastWasEsc = false;
          if (this.inQuote && c === (this.eol === 'nl' ? LF : CR)) this.lineNo++;
        }
        if (c === CR && !(csv && this.inQuote)) {
          if (this.eol === undefined || this.eol === 'crnl') {
            if (i + 1 >= n && !final) break; // the next byte decides
            if (b[i + 1] === LF) {
              this.eol = 'crnl';
              this.emit(i, i + 2, out);
              done = true;
              break;
            }
            if (this.eol === 'crnl') this.strayCr();
            this.eol = 'cr';
          } else if (this.eol === 'nl') this.strayCr();
          this.emit(i, i + 1, out);
          done = true;
          break;
        }
        if (c === LF && !(csv && this.inQuote)) {
          if (this.eol === 'cr' || this.eol === 'crnl') this.strayLf();
          this.eol = 'nl';
          this.emit(i, i + 1, out);
          done = true;
          break;
        }
        if (c === BACKSLASH && (!csv || i === 0)) {
          if (i + 1 >= n && !final) break;
          if (b[i + 1] === DOT) {
            const r = this.endMarker(i, final);
            if (r === 'more') break;
            if (r !== 'data') {
              if (i > 0) this.emit(i, r, out); // text: the line keeps what came before the marker
              else {
                this.ended = true;
                this.buf = new Uint8Array(0);
                return;
              }
              done = true;
              break;
            }
          } else if (!csv) {
            i += 2; // the escaped byte is data
            continue;
          }
        }
        i++;
      }
      if (!done) {
        this.pos = Math.min(i, n);
        return;
      }
    }
  }

  /**
   * `\.` at `i`: the index after the marker and its end of line when it ends the data, 'data' when (CSV) it
   * is just data, 'more' when the bytes that decide have not arrived yet.
   */
  private endMarker(i: number, final: boolean): number | 'data' | 'more' {
    const b = this.buf;
    const csv = this.syntax.csv;
    let j = i + 2;
    const next = (): number | 'more' => {
      if (j >= b.length) return final ? 0 : 'more';
      return b[j++]!;
    };
    if (this.eol === 'crnl') {
      const c = next();
      if (c === 'more') return 'more';
      if (c === LF) {
        if (!csv) this.fail('end-of-copy marker does not match previous newline style');
        return 'data';
      }
      if (c !== CR) {
        if (!csv) this.fail('end-of-copy marker corrupt');
        return 'data';
      }
    }
    const c = next();
    if (c === 'more') return 'more';
    if (c !== CR && c !== LF) {
      if (!csv) this.fail('end-of-copy marker corrupt');
      return 'data';
    }
    if ((this.eol === 'nl' && c !== LF) || (this.eol === 'crnl' && c !== LF) || (this.eol === 'cr' && c !== CR)) {
      this.fail('end-of-copy marker does not match previous newline style');
    }
    return j;
  }
}

/** The unread tail of a buffer followed by a new chunk (the chunk itself when nothing is left over). */
export function joinBytes(rest: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (rest.length === 0) return chunk;
  const joined = new Uint8Array(rest.length + chunk.length);
  joined.set(rest, 0);
  joined.set(chunk, rest.length);
  return joined;
}
