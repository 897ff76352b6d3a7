/**
 * A bare-socket PostgreSQL client for tests that need to send what real drivers never send (malformed
 * messages, SSLRequest, CancelRequest, hand-made pipelines) and to see every backend message as it arrives.
 */
import { connect, type Socket } from 'node:net';
import { serialize } from 'pg-protocol';

export interface RawMessage {
  /** The type byte as a character ('Z', 'E', 'D', ...). */
  readonly type: string;
  readonly body: Buffer;
}

/** Fields of an ErrorResponse/NoticeResponse body by their one-letter codes. */
export function errorFields(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  while (p < body.length && body[p] !== 0) {
    const end = body.indexOf(0, p + 1);
    out[String.fromCharCode(body[p]!)] = body.toString('utf8', p + 1, end);
    p = end + 1;
  }
  return out;
}

/** Cells of a DataRow body as strings (null for NULL). */
export function dataRow(body: Buffer): (string | null)[] {
  const n = body.readInt16BE(0);
  const out: (string | null)[] = [];
  let p = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(p);
    p += 4;
    if (len === -1) { out.push(null); continue; }
    out.push(body.toString('utf8', p, p + len));
    p += len;
  }
  return out;
}

export class RawClient {
  readonly messages: RawMessage[] = [];
  /** Message types only counted, not kept (for results of millions of rows). */
  readonly countOnly = new Set<string>();
  counted = 0;
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>;
  private pending: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private isClosed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', () => {
      this.isClosed = true;
      this.wake();
      resolve();
    }));
  }

  static async connect(port: number): Promise<RawClient> {
    return new RawClient(await RawClient.socket(port));
  }

  /** A connected socket that nothing reads yet (for answers that are a single byte, like SSLRequest's). */
  static socket(port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
  }

  static wrap(socket: Socket): RawClient {
    return new RawClient(socket);
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  send(...parts: Buffer[]): void {
    this.socket.write(Buffer.concat(parts));
  }

  /** StartupMessage and wait for the first ReadyForQuery. */
  async startup(params: Record<string, string> = { user: 'alice' }): Promise<RawMessage[]> {
    this.send(serialize.startup(params));
    return this.until('Z');
  }

  /**
   * Wait until a message of `type` arrives (counting from the messages not yet consumed), and return the
   * messages up to and including it. Rejects if the connection closes first or after `ms`.
   */
  private cursor = 0;
  async until(type: string, ms = 5000): Promise<RawMessage[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.messages.findIndex((m, k) => k >= this.cursor && m.type === type);
      if (i >= 0) {
        const out = this.messages.slice(this.cursor, i + 1);
        this.cursor = i + 1;
        return out;
      }
      if (this.isClosed) throw new Error(`connection closed before '${type}'; got ${this.rest().map((m) => m.type).join('')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for '${type}'; got ${this.rest().map((m) => m.type).join('')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Messages not yet returned by until(), consumed. */
  rest(): RawMessage[] {
    const out = this.messages.slice(this.cursor);
    return out;
  }

  /** Wait for the server to close, returning what it sent that was not consumed yet. */
  async untilClosed(ms = 5000): Promise<RawMessage[]> {
    await Promise.race([this.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('server did not close')), ms).unref())]);
    const out = this.rest();
    this.cursor = this.messages.length;
    return out;
  }

  end(): void {
    this.socket.end();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const len = this.pending.readInt32BE(1);
      if (this.pending.length < len + 1) break;
      const type = String.fromCharCode(this.pending[0]!);
      if (this.countOnly.has(type)) this.counted++;
      else this.messages.push({ type, body: this.pending.subarray(5, len + 1) });
      this.pending = this.pending.subarray(len + 1);
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
