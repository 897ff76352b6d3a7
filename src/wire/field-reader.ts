/**
 * A cursor over one message body. Every read checks the bounds, so a truncated or padded message becomes a
 * FATAL 08P01 (with PostgreSQL's wording) instead of a RangeError or garbage.
 */
import { decodeUtf8 } from './utf8.ts';
import { protocolViolation } from './wire-errors.ts';

export class FieldReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw protocolViolation('insufficient data left in message');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw protocolViolation('invalid string in message');
    const s = decodeUtf8(this.buf, this.pos, end);
    this.pos = end + 1;
    return s;
  }

  /** `n` raw bytes, as a view (no copy). */
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Everything left. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** The message must have been consumed exactly (PostgreSQL's pq_getmsgend). */
  end(): void {
    if (this.pos !== this.buf.length) throw protocolViolation('invalid message format');
  }
}
