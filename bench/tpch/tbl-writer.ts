/**
 * Writes one `.tbl` file: rows of `|`-separated fields, each row ending in `|` as dbgen's do (or not, when
 * the reader is a plain CSV loader that would see the trailing `|` as one more, empty column). Rows are
 * gathered into a string of about a megabyte and written synchronously, so memory stays flat at any scale.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_CHARS = 1 << 20;

export class TblWriter {
  private readonly fd: number;
  private buf = '';
  rows = 0;

  constructor(file: string, private readonly trailing: boolean) {
    this.fd = openSync(file, 'w', 0o644);
  }

  /** One row; its fields are already text and contain no `|` or newline. */
  row(fields: string): void {
    this.buf += this.trailing ? `${fields}|\n` : `${fields}\n`;
    this.rows++;
    if (this.buf.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Two decimals from an integer number of hundredths: -99999 → "-999.99". */
export function cents(c: number): string {
  const neg = c < 0;
  const a = neg ? -c : c;
  const frac = a % 100;
  return `${neg ? '-' : ''}${(a - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

/** A key padded to nine digits, as in "Supplier#000000001". */
export const pad9 = (n: number): string => String(n).padStart(9, '0');
