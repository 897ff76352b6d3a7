import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serialize } from 'pg-protocol';
import type { SqlError } from '../common/index.ts';
import {
  parseBind, parseClose, parseDescribe, parseExecute, parseParse, parseQuery, parseSASLInitialResponse,
  parseStartupPacket,
} from './frontend-messages.ts';

/** The body of a serialized typed message (after type byte and length). */
const body = (msg: Buffer): Buffer => msg.subarray(5);
/** The body of an untyped startup packet (after the length). */
const packet = (msg: Buffer): Buffer => msg.subarray(4);

const violation = (fn: () => unknown, message: string, severity = 'FATAL') =>
  assert.throws(fn, (e: SqlError) => e.code === '08P01' && e.message === message && e.severity === severity);

describe('frontend message parsers', () => {
  test('StartupMessage: version and parameters', () => {
    const p = parseStartupPacket(packet(serialize.startup({ user: 'alice', database: 'db', options: '-c x=1' })));
    assert.equal(p.kind, 'startup');
    if (p.kind !== 'startup') return;
    assert.deepEqual([p.major, p.minor], [3, 0]);
    assert.deepEqual([...p.params], [['user', 'alice'], ['database', 'db'], ['options', '-c x=1'], ['client_encoding', 'UTF8']]);
  });

  test('SSLRequest, GSSENCRequest, CancelRequest', () => {
    assert.deepEqual(parseStartupPacket(packet(serialize.requestSsl())), { kind: 'ssl' });
    const gss = Buffer.alloc(4);
    gss.writeInt32BE(80877104);
    assert.deepEqual(parseStartupPacket(gss), { kind: 'gssenc' });
    assert.deepEqual(parseStartupPacket(packet(serialize.cancel(77, -5))), { kind: 'cancel', pid: 77, secret: -5 });
  });

  test('a startup packet must end with the terminator', () => {
    const good = packet(serialize.startup({ user: 'u' }));
    violation(() => parseStartupPacket(good.subarray(0, good.length - 1)), 'invalid startup packet layout: expected terminator as last byte');
    violation(() => parseStartupPacket(Buffer.concat([good, Buffer.from([0x41])])), 'invalid startup packet layout: expected terminator as last byte');
    const noValue = Buffer.from([0, 3, 0, 0, 0x75, 0x73, 0x65, 0x72, 0]);
    violation(() => parseStartupPacket(noValue), 'invalid startup packet layout: expected terminator as last byte');
  });

  test('Query, Parse (OIDs unsigned), Execute (non-positive = all)', () => {
    assert.equal(parseQuery(body(serialize.query('SELECT 1'))).sql, 'SELECT 1');
    assert.deepEqual(parseParse(body(serialize.parse({ name: 's', text: 'SELECT $1', types: [23, 0, -1] }))),
      { name: 's', sql: 'SELECT $1', paramTypeOids: [23, 0, 4294967295] });
    assert.deepEqual(parseExecute(body(serialize.execute({ portal: 'p', rows: 10 }))), { portal: 'p', maxRows: 10 });
    const negative = Buffer.from(body(serialize.execute({ portal: '', rows: 1 })));
    negative.writeInt32BE(-3, 1);
    assert.equal(parseExecute(negative).maxRows, 0);
  });

  test('Bind: formats, NULLs and binary values as views', () => {
    const m = parseBind(body(serialize.bind({ portal: 'p', statement: 's', values: ['1', null, Buffer.from([9, 8])], binary: true })));
    assert.equal(m.portal, 'p');
    assert.equal(m.statement, 's');
    assert.deepEqual(m.paramFormats, [0, 0, 1]);
    assert.deepEqual(m.params, [Buffer.from('1'), null, Buffer.from([9, 8])]);
    assert.deepEqual(m.resultFormats, [1]);
  });

  test('Describe and Close: subtype S or P, anything else is an ERROR', () => {
    assert.deepEqual(parseDescribe(body(serialize.describe({ type: 'S', name: 'x' }))), { target: 'S', name: 'x' });
    assert.deepEqual(parseClose(body(serialize.close({ type: 'P', name: '' }))), { target: 'P', name: '' });
    violation(() => parseDescribe(Buffer.from([0x58, 0])), 'invalid DESCRIBE message subtype 88', 'ERROR');
    violation(() => parseClose(Buffer.from([0x58, 0])), 'invalid CLOSE message subtype 88', 'ERROR');
  });

  test('truncated, unterminated and padded bodies are FATAL protocol violations', () => {
    const bind = body(serialize.bind({ values: ['abc'] }));
    violation(() => parseBind(bind.subarray(0, bind.length - 3)), 'insufficient data left in message');
    violation(() => parseQuery(Buffer.from('abc')), 'invalid string in message');
    violation(() => parseQuery(Buffer.from('abc\0\0')), 'invalid message format');
    violation(() => parseExecute(Buffer.from([0, 0, 0])), 'insufficient data left in message');
  });

  test('SASLInitialResponse with data and without (-1)', () => {
    const m = parseSASLInitialResponse(body(serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'n,,n=,r=abc')));
    assert.equal(m.mechanism, 'SCRAM-SHA-256');
    assert.equal(m.data?.toString(), 'n,,n=,r=abc');
    const none = Buffer.concat([Buffer.from('SCRAM-SHA-256\0'), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    assert.equal(parseSASLInitialResponse(none).data, null);
  });

  test('strings must be UTF-8: 22021 with the offending bytes, as PostgreSQL reports them', () => {
    assert.throws(() => parseQuery(Buffer.from([0x61, 0xc3, 0x28, 0])),
      (e: SqlError) => e.code === '22021' && e.message === 'invalid byte sequence for encoding "UTF8": 0xc3 0x28');
    assert.equal(parseQuery(Buffer.from('héllo ☃ \u{1f600}\0')).sql, 'héllo ☃ \u{1f600}');
  });
});
