import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serialize } from 'pg-protocol';
import { SqlError } from '../common/index.ts';
import { MessageFramer, type Frame } from './buffer-reader.ts';
import { frontendLengthLimit } from './message-limits.ts';

const limits = (max = 1 << 20) => frontendLengthLimit(max, () => false);

/** A startup packet, then a few typed messages of various sizes (as a client would pipeline them). */
function stream(): Buffer {
  return Buffer.concat([
    serialize.startup({ user: 'alice', database: 'db' }),
    serialize.query('SELECT 1'),
    serialize.parse({ name: 's1', text: 'SELECT $1::int', types: [23] }),
    serialize.bind({ statement: 's1', values: ['x'.repeat(3000)] }),
    serialize.describe({ type: 'P' }),
    serialize.execute({ rows: 0 }),
    serialize.sync(),
    serialize.end(),
  ]);
}

const summary = (frames: Frame[]) => frames.map((f) => [f.code, f.body.toString('hex')]);

function frameAll(chunks: Buffer[], framer = new MessageFramer(limits())): Frame[] {
  const out: Frame[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

describe('MessageFramer', () => {
  const whole = frameAll([stream()]);

  test('frames a coalesced stream: one untyped packet, then typed messages', () => {
    assert.deepEqual(whole.map((f) => f.code), [0, 0x51, 0x50, 0x42, 0x44, 0x45, 0x53, 0x58]);
    assert.equal(whole[1]!.body.toString(), 'SELECT 1\0');
    assert.equal(whole[6]!.body.length, 0);
  });

  test('byte-by-byte input gives the same messages', () => {
    const s = stream();
    const chunks = Array.from({ length: s.length }, (_, i) => s.subarray(i, i + 1));
    assert.deepEqual(summary(frameAll(chunks)), summary(whole));
  });

  test('every split point, and odd-sized chunks, give the same messages', () => {
    const s = stream();
    for (let cut = 1; cut < s.length; cut += 7) {
      assert.deepEqual(summary(frameAll([s.subarray(0, cut), s.subarray(cut)])), summary(whole), `cut at ${cut}`);
    }
    for (const size of [2, 3, 5, 13, 100, 4097]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < s.length; i += size) chunks.push(s.subarray(i, i + size));
      assert.deepEqual(summary(frameAll(chunks)), summary(whole), `chunks of ${size}`);
    }
  });

  test('bodies stay intact after later chunks arrive (no reuse of handed-out bytes)', () => {
    const framer = new MessageFramer(limits());
    const s = stream();
    const kept: Frame[] = [];
    for (let i = 0; i < s.length; i += 3) kept.push(...framer.push(Buffer.from(s.subarray(i, i + 3))));
    assert.deepEqual(summary(kept), summary(whole));
  });

  test('SSLRequest keeps the framer in untyped mode for the real startup packet', () => {
    const frames = frameAll([serialize.requestSsl(), serialize.startup({ user: 'u' }), serialize.sync()]);
    assert.deepEqual(frames.map((f) => f.code), [0, 0, 0x53]);
  });

  /** Push the bytes after a startup packet; return the frames and the failure. */
  function afterStartup(bytes: Buffer, max = 1 << 20): [Frame[], SqlError | undefined] {
    const framer = new MessageFramer(limits(max));
    const frames = framer.push(Buffer.concat([serialize.startup({ user: 'u' }), bytes])).slice(1);
    return [frames, framer.failure];
  }

  test('a length word over the limit is refused as soon as the header arrives', () => {
    // Query claiming 4096 bytes when 1000 are allowed: only the header is here.
    const [frames, failure] = afterStartup(Buffer.from([0x51, 0, 0, 0x10, 0]), 1000);
    assert.equal(frames.length, 0);
    assert.equal(failure?.code, '08P01');
    assert.equal(failure?.severity, 'FATAL');
    assert.equal(failure?.message, 'invalid message length');
  });

  test('small messages have a small limit regardless of the large limit', () => {
    const [, failure] = afterStartup(Buffer.from([0x53, 0, 1, 0, 0])); // Sync claiming 65536 bytes
    assert.equal(failure?.message, 'invalid message length');
  });

  test('a length below 4 and an unknown type byte are protocol violations', () => {
    assert.equal(afterStartup(Buffer.from([0x51, 0, 0, 0, 3]))[1]?.message, 'invalid message length');
    assert.equal(afterStartup(Buffer.from([0x7a]))[1]?.message, 'invalid frontend message type 122');
  });

  test('a bad startup packet length is refused', () => {
    for (const bytes of [[0, 0, 0, 4], [0, 1, 0, 0]]) {
      const framer = new MessageFramer(limits());
      assert.deepEqual(framer.push(Buffer.from(bytes)), []);
      assert.equal(framer.failure?.message, 'invalid length of startup packet');
    }
  });

  test('messages before bad bytes are returned; nothing after them ever is', () => {
    const framer = new MessageFramer(limits());
    const frames = framer.push(Buffer.concat([
      serialize.startup({ user: 'u' }), serialize.query('x'), Buffer.from([0x7a, 0, 0, 0, 4]), serialize.sync(),
    ]));
    assert.deepEqual(frames.map((f) => f.code), [0, 0x51]);
    assert.equal(framer.failure?.code, '08P01');
    assert.deepEqual(framer.push(serialize.sync()), []);
  });

  test('a large message split over many chunks is assembled once', () => {
    const framer = new MessageFramer(limits(1 << 24));
    framer.push(serialize.startup({ user: 'u' }));
    const big = serialize.query('y'.repeat(3_000_000));
    const out: Frame[] = [];
    for (let i = 0; i < big.length; i += 65536) out.push(...framer.push(big.subarray(i, i + 65536)));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.body.length, 3_000_001);
    assert.equal(out[0]!.body.toString('latin1', 0, 5), 'yyyyy');
  });
});
