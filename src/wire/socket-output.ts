/**
 * The connection's way out: messages are written into one BackendWriter and handed to the socket in large
 * writes. Result rows apply backpressure through `room()`: once the socket's buffer is past its high-water
 * mark the executor waits for 'drain', so a huge SELECT streams at the client's pace instead of piling up
 * in memory. When the client goes away every waiter is released with 08006, so a query blocked on a dead
 * client unwinds instead of hanging.
 */
import type { Socket } from 'node:net';
import { SqlError, SqlState } from '../common/index.ts';
import { BackendWriter } from './backend-writer.ts';

/** Hand results to the socket once this much is pending (PostgreSQL flushes every 8 kB; larger is cheaper here). */
const FLUSH_THRESHOLD = 64 * 1024;

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Mark a promise's rejection as handled while still returning it, so the caller who awaits it sees the
 * error, but an engine that forgot to await (a bug, yet not one a disconnecting client should be able to
 * turn into an unhandled rejection that ends the process) does not crash the server.
 */
function handled(p: Promise<void>): Promise<void> {
  p.catch(() => {});
  return p;
}

export const connectionLost = (): SqlError => new SqlError(SqlState.connectionFailure, 'connection to client lost');

export class SocketOutput {
  readonly writer = new BackendWriter();
  private lost = false;
  private waiters: { resolve: () => void; reject: (e: SqlError) => void }[] = [];

  constructor(private readonly socket: Socket) {
    socket.on('drain', () => this.release());
  }

  /** True once the socket closed or errored: nothing more can be sent. */
  get closed(): boolean {
    return this.lost;
  }

  /** Send everything written so far. */
  flush(): void {
    const bytes = this.writer.take();
    if (bytes === null || this.lost || !this.socket.writable) return;
    this.socket.write(bytes);
  }

  /** Flush if enough piled up; resolves when the socket can take more (at once when it can already). */
  room(): Promise<void> {
    if (this.lost) return handled(Promise.reject(connectionLost()));
    if (this.writer.length >= FLUSH_THRESHOLD) this.flush();
    if (!this.socket.writableNeedDrain) return RESOLVED;
    return handled(new Promise((resolve, reject) => this.waiters.push({ resolve, reject })));
  }

  /** The socket is gone: drop pending output and fail every waiter. */
  markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.writer.take();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(connectionLost());
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }
}
