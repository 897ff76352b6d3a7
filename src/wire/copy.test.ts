/**
 * The COPY sub-protocol end to end over TCP, with the fake engine's `COPY in …` / `COPY out N` statements and a
 * raw client that sends exactly the message sequences the protocol docs describe (and some they forbid).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serialize } from 'pg-protocol';
import { startWireServer, type WireServer } from './index.ts';
import { FakeEngine } from './test-support/fake-engine.ts';
import { dataRow, errorFields, RawClient, type RawMessage } from './test-support/raw-client.ts';

let engine: FakeEngine;
let server: WireServer;

before(async () => {
  engine = new FakeEngine();
  server = await startWireServer({ host: '127.0.0.1', port: 0, engine, maxMessageSize: 1 << 20, log: () => {} });
});
after(async () => {
  await server.close();
});

const types = (ms: readonly RawMessage[]): string => ms.map((m) => m.type).join('');
const data = (s: string): Buffer => serialize.copyData(Buffer.from(s));
const tagOf = (m: RawMessage): string => m.body.toString('utf8', 0, m.body.length - 1);

async function client(): Promise<RawClient> {
  const raw = await RawClient.connect(server.port);
  await raw.startup();
  return raw;
}

/** The session still answers a query, with exactly one ReadyForQuery and nothing left over. */
async function stillUsable(raw: RawClient): Promise<void> {
  raw.send(serialize.query('SELECT rows'));
  const ms = await raw.until('Z');
  assert.equal(types(ms), 'TDDDCZ');
  assert.deepEqual(dataRow(ms[1]!.body), ['1', 'one']);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(types(raw.rest()), '', 'no stray messages after the COPY');
}

/** CopyInResponse / CopyOutResponse body: overall format, column count, per-column formats. */
function copyResponse(m: RawMessage): { format: number; columns: number[] } {
  const n = m.body.readInt16BE(1);
  return { format: m.body[0]!, columns: Array.from({ length: n }, (_, i) => m.body.readInt16BE(3 + 2 * i)) };
}

describe('copy-in (simple query)', () => {
  test('CopyData up to CopyDone reaches the statement; Flush and Sync in between are ignored', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in'));
    const [g] = await raw.until('G');
    assert.deepEqual(copyResponse(g!), { format: 0, columns: [0, 0] });
    raw.send(data('a\tb\n'), serialize.flush(), serialize.sync(), data('c\t'), data('d\n'), serialize.copyDone());
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'CZ');
    assert.equal(tagOf(ms[0]!), 'COPY 3');
    assert.equal(engine.stats.copiedIn.at(-1), 'a\tb\nc\td\n');
    await stillUsable(raw);
    raw.end();
  });

  test('binary COPY announces binary column formats', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in binary'));
    const [g] = await raw.until('G');
    assert.deepEqual(copyResponse(g!), { format: 1, columns: [1, 1] });
    raw.send(serialize.copyDone());
    assert.equal(types(await raw.until('Z')), 'CZ');
    raw.end();
  });

  test('CopyFail ends the COPY with 57014 and the client message', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in'));
    await raw.until('G');
    raw.send(data('x\n'), serialize.copyFail('client changed its mind'));
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    const e = errorFields(ms[0]!.body);
    assert.equal(e.C, '57014');
    assert.equal(e.M, 'COPY from stdin failed: client changed its mind');
    await stillUsable(raw);
    raw.end();
  });

  test('an error mid-COPY answers at once; the copy messages the client still sends are dropped', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in fail'));
    await raw.until('G');
    raw.send(data('1\n'), data('2\n'), data('3\n'), data('4\n'), serialize.copyDone());
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    assert.equal(errorFields(ms[0]!.body).C, '22P04');
    await stillUsable(raw);
    raw.end();
  });

  test('an error does not wait for the rest of the data (a client that stops sending is answered)', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in early'));
    await raw.until('G');
    raw.send(data('1\n'));
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    await stillUsable(raw);
    raw.end();
  });

  test('another message type during copy-in is a protocol error (08P01) that ends the COPY, not the session', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in'));
    await raw.until('G');
    raw.send(data('1\n'), serialize.query('SELECT rows'));
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    const e = errorFields(ms[0]!.body);
    assert.equal(e.C, '08P01');
    assert.equal(e.M, 'unexpected message type 0x51 during COPY from stdin');
    assert.equal(e.S, 'ERROR');
    await stillUsable(raw);
    raw.end();
  });

  test('a client that hangs up during copy-in ends the statement and the session', async () => {
    const closedBefore = engine.stats.sessionsClosed;
    const copiedBefore = engine.stats.copiedIn.length;
    const raw = await client();
    raw.send(serialize.query('COPY in'));
    await raw.until('G');
    raw.send(data('1\n'));
    raw.socket.destroy();
    const deadline = Date.now() + 3000;
    while (engine.stats.sessionsClosed <= closedBefore) {
      assert.ok(Date.now() < deadline, 'session was not closed');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(engine.stats.copiedIn.length, copiedBefore, 'the COPY did not complete');
    assert.deepEqual(engine.stats.internalErrors, []);
  });

  test('megabytes of CopyData stream through (the socket is paused and resumed, nothing is lost)', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY in'));
    await raw.until('G');
    const line = `${'x'.repeat(1000)}\n`;
    const parts: Buffer[] = [];
    for (let i = 0; i < 4000; i++) parts.push(data(line));
    parts.push(serialize.copyDone());
    raw.send(...parts);
    const ms = await raw.until('Z', 20_000);
    assert.equal(types(ms), 'CZ');
    assert.equal(tagOf(ms[0]!), 'COPY 4000');
    assert.equal(engine.stats.copiedIn.at(-1)!.length, 4000 * line.length);
    raw.end();
  });
});

describe('copy-in (extended query)', () => {
  const run = (sql: string): Buffer[] => [
    serialize.parse({ text: sql }), serialize.bind({}), serialize.describe({ type: 'P', name: '' }), serialize.execute({}),
    serialize.sync(),
  ];

  test('Parse/Bind/Execute of a COPY, with the Sync pipelined after Execute ignored during copy-in', async () => {
    const raw = await client();
    raw.send(...run('COPY in'));
    assert.equal(types(await raw.until('G')), '12nG');
    raw.send(data('a\n'), serialize.copyDone(), serialize.sync());
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'CZ');
    assert.equal(tagOf(ms[0]!), 'COPY 1');
    await stillUsable(raw);
    raw.end();
  });

  test('an error discards messages up to the Sync after CopyDone: one ErrorResponse, one ReadyForQuery', async () => {
    const raw = await client();
    raw.send(...run('COPY in fail'));
    await raw.until('G');
    raw.send(data('1\n'), data('2\n'), data('3\n'), serialize.copyDone(), serialize.sync());
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    assert.equal(errorFields(ms[0]!.body).C, '22P04');
    await stillUsable(raw);
    raw.end();
  });

  test('CopyFail in the extended protocol', async () => {
    const raw = await client();
    raw.send(...run('COPY in'));
    await raw.until('G');
    raw.send(serialize.copyFail('stop'), serialize.sync());
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    assert.equal(errorFields(ms[0]!.body).M, 'COPY from stdin failed: stop');
    await stillUsable(raw);
    raw.end();
  });
});

describe('copy-out', () => {
  test('CopyOutResponse, one CopyData per row, CopyDone, then CommandComplete', async () => {
    const raw = await client();
    raw.send(serialize.query('COPY out 3'));
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'HdddcCZ');
    assert.deepEqual(copyResponse(ms[0]!), { format: 0, columns: [0] });
    assert.deepEqual(ms.slice(1, 4).map((m) => m.body.toString()), ['row 0\n', 'row 1\n', 'row 2\n']);
    assert.equal(tagOf(ms[5]!), 'COPY 3');
    raw.end();
  });

  test('a large COPY OUT streams with backpressure, and through the extended protocol', async () => {
    const raw = await client();
    raw.countOnly.add('d');
    raw.send(serialize.parse({ text: 'COPY out 200000' }), serialize.bind({}), serialize.execute({}), serialize.sync());
    const ms = await raw.until('Z', 20_000);
    assert.equal(types(ms), '12HcCZ');
    assert.equal(raw.counted, 200000);
    raw.end();
  });
});
