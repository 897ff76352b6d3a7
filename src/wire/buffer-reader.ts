/**
 * Framing: turns the socket's chunks into whole frontend messages. A chunk may end inside a message (even
 * inside its length word) or hold several messages; both are handled here so that message parsers only ever
 * see one complete body.
 *
 * The first packets of a connection carry no type byte (StartupMessage, SSLRequest, GSSENCRequest,
 * CancelRequest). After an SSLRequest or GSSENCRequest the client sends another untyped packet on the same
 * socket; after anything else every message is typed.
 *
 * Bodies are returned as views into the chunk (no copy when a message arrives in one piece). Bytes that were
 * handed out are never overwritten: pending bytes are appended after them or moved into a new buffer, so a
 * body stays valid while the connection awaits the engine.
 */
import { SqlError } from '../common/index.ts';
import { StartupCode } from './message-codes.ts';
import { protocolViolation } from './wire-errors.ts';

/** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
export const MAX_STARTUP_PACKET_LENGTH = 10000;

export interface Frame {
  /** The type byte, or 0 for an untyped startup packet. */
  readonly code: number;
  /** The message after its type byte and length word (for a startup packet: from the version code on). */
  readonly body: Buffer;
}

/**
 * Largest allowed length word (which counts itself) of a typed message with this type byte, or undefined
 * when the type byte is not a frontend message at all. Checked as soon as the header arrives, so an oversize
 * or garbage message is refused before its body is buffered.
 */
export type LengthLimit = (code: number) => number | undefined;

const EMPTY = Buffer.alloc(0);
/** Largest buffer reserved ahead for a message whose bytes have not arrived yet. */
const PREALLOCATE_MAX = 1 << 20;

export class MessageFramer {
  private buf: Buffer = EMPTY;
  private start = 0;
  private end = 0;
  private untyped = true;
  private failed: SqlError | undefined;
  /** Total size of the partial message at the front, once its header is in (0 = not known yet). */
  private need = 0;

  constructor(private readonly limit: LengthLimit) {}

  /** True until the StartupMessage (or CancelRequest) was framed. */
  get inStartup(): boolean {
    return this.untyped;
  }

  /** Bytes received but not yet part of a complete message. */
  get pending(): number {
    return this.end - this.start;
  }

  /**
   * Set (to a FATAL 08P01) once a bad length or type byte was seen. The stream cannot be resynchronised
   * after that: the messages before the bad bytes are still returned, nothing after them ever is, and the
   * caller must close the connection once it has handled those messages.
   */
  get failure(): SqlError | undefined {
    return this.failed;
  }

  /** Add a chunk and return the messages it completed, in order. */
  push(chunk: Buffer): Frame[] {
    if (this.failed !== undefined) return [];
    this.append(chunk);
    const out: Frame[] = [];
    try {
      this.frame(out);
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      this.failed = err;
      this.buf = EMPTY;
      this.start = this.end = 0;
    }
    return out;
  }

  private frame(out: Frame[]): void {
    let need = 0;
    for (;;) {
      const avail = this.end - this.start;
      const buf = this.buf;
      const s = this.start;
      if (this.untyped) {
        if (avail < 4) break;
        const len = buf.readInt32BE(s);
        if (len < 8 || len > MAX_STARTUP_PACKET_LENGTH) throw protocolViolation('invalid length of startup packet');
        if (avail < len) { need = len; break; }
        const body = buf.subarray(s + 4, s + len);
        const version = body.readInt32BE(0);
        // Only SSL/GSS negotiation is followed by another untyped packet.
        if (version !== StartupCode.SSLRequest && version !== StartupCode.GSSENCRequest) this.untyped = false;
        out.push({ code: 0, body });
        this.start = s + len;
      } else {
        if (avail < 1) break;
        const code = buf[s]!;
        const max = this.limit(code);
        if (max === undefined) throw protocolViolation(`invalid frontend message type ${code}`);
        if (avail < 5) break;
        const len = buf.readInt32BE(s + 1);
        if (len < 4 || len > max) throw protocolViolation('invalid message length');
        if (avail < len + 1) { need = len + 1; break; }
        out.push({ code, body: buf.subarray(s + 5, s + 1 + len) });
        this.start = s + 1 + len;
      }
    }
    this.keepRemainder(need);
  }

  private append(chunk: Buffer): void {
    if (this.start === this.end) {
      // Nothing pending: parse straight out of the chunk.
      this.buf = chunk;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    const pending = this.end - this.start;
    if (this.buf.length - this.end >= chunk.length) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    // Grow by doubling, but not past the message being assembled when its size is known.
    const doubled = this.need > 0 ? Math.min(this.need, pending * 2) : pending * 2;
    const next = Buffer.allocUnsafe(Math.max(doubled, pending + chunk.length, 8192));
    this.buf.copy(next, 0, this.start, this.end);
    chunk.copy(next, pending);
    this.buf = next;
    this.start = 0;
    this.end = pending + chunk.length;
  }

  /**
   * After parsing: drop the buffer when nothing is pending (so a big chunk is not kept alive), or move a
   * partial message into a buffer of its own. The buffer is sized for the whole message when that is
   * small; a large one grows as its bytes actually arrive, so a length word alone cannot make us allocate
   * a gigabyte.
   */
  private keepRemainder(need: number): void {
    this.need = need;
    const pending = this.end - this.start;
    if (pending === 0) {
      this.buf = EMPTY;
      this.start = this.end = 0;
      return;
    }
    const size = Math.max(Math.min(need, PREALLOCATE_MAX), pending, 8192);
    if (this.start === 0 && this.buf.length >= size) return;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, this.start, this.end);
    this.buf = next;
    this.start = 0;
    this.end = pending;
  }
}
