/**
 * Results stream with backpressure: a client that asks for 10 million rows and then stops reading must not
 * make the server produce (and hold) them all. We speak the protocol over a raw socket so that nothing on
 * the client side buffers rows, pause reading, and watch the server's resident memory; then read on to the
 * end and check every row arrived.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const rssBytes = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
};

function startup(user: string, database: string): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

function query(sql: string): Buffer {
  const body = Buffer.from(`${sql}\0`);
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** Counts DataRow messages and notices ReadyForQuery, reading frames from the stream. */
class Reader {
  rows = 0;
  ready = 0;
  tag = '';
  private pending: Buffer = Buffer.alloc(0);
  feed(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let off = 0;
    while (this.pending.length - off >= 5) {
      const len = this.pending.readInt32BE(off + 1);
      if (this.pending.length - off < 1 + len) break;
      const type = String.fromCharCode(this.pending[off]!);
      if (type === 'D') this.rows++;
      else if (type === 'Z') this.ready++;
      else if (type === 'C') this.tag = this.pending.toString('utf8', off + 5, off + len).replace(/\0$/, '');
      else if (type === 'E') throw new Error(`server error: ${this.pending.toString('utf8', off + 5, off + 1 + len)}`);
      off += 1 + len;
    }
    this.pending = this.pending.subarray(off);
  }
}

test('a 10M-row SELECT streams with backpressure and arrives complete', { timeout: 240_000 }, async () => {
  const pid = server.pid!;
  const sock: Socket = connect(server.port, server.host);
  const reader = new Reader();
  sock.on('data', (c: Buffer) => reader.feed(c));
  await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
  sock.write(startup('basin', 'basin'));
  while (reader.ready < 1) await new Promise((r) => setTimeout(r, 10));

  const before = rssBytes(pid);
  sock.write(query('SELECT x, x * 2 AS y FROM generate_series(1, 10000000) AS g(x)'));
  while (reader.rows < 100_000) await new Promise((r) => setTimeout(r, 5));
  // Stop reading: the socket buffers fill and the server must wait instead of producing the rest.
  sock.pause();
  await new Promise((r) => setTimeout(r, 1500));
  const paused = rssBytes(pid);
  await new Promise((r) => setTimeout(r, 1500));
  const pausedLater = rssBytes(pid);
  const received = reader.rows;
  assert.ok(received < 10_000_000, 'the whole result arrived while the client was not reading');
  // 10M rows as DataRows are hundreds of MB; while paused the server may only hold a few batches.
  assert.ok(pausedLater - before < 150 * 1024 * 1024, `server memory grew by ${(pausedLater - before) >> 20} MiB while the client paused`);
  assert.ok(pausedLater - paused < 32 * 1024 * 1024, `server memory kept growing while paused: ${(pausedLater - paused) >> 20} MiB`);

  sock.resume();
  while (reader.ready < 2) await new Promise((r) => setTimeout(r, 20));
  assert.equal(reader.rows, 10_000_000);
  assert.equal(reader.tag, 'SELECT 10000000');
  // Close now: a socket still open at server shutdown would receive its FATAL 57P01.
  sock.removeAllListeners('data');
  sock.destroy();
});
