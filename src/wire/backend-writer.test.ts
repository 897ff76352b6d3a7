import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Parser } from 'pg-protocol/dist/parser.js';
import { SqlError, T, sqlType, numericTypmod } from '../common/index.ts';
import { BackendWriter } from './backend-writer.ts';

/** Decode what the writer produced with node-postgres's own parser (an independent oracle). */
function parsed(w: BackendWriter): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  new Parser().parse(w.take() ?? Buffer.alloc(0), (m) => out.push(m as unknown as Record<string, unknown>));
  return out;
}

describe('BackendWriter', () => {
  test('startup sequence', () => {
    const w = new BackendWriter();
    w.authenticationSASL(['SCRAM-SHA-256']);
    w.authenticationSASLContinue(Buffer.from('r=abc,s=c2FsdA==,i=4096'));
    w.authenticationSASLFinal(Buffer.from('v=xyz'));
    w.authenticationOk();
    w.parameterStatus('server_version', '15.0 (Basin)');
    w.backendKeyData(42, -123456);
    w.readyForQuery('I');
    const m = parsed(w);
    assert.deepEqual(m.map((x) => x.name), [
      'authenticationSASL', 'authenticationSASLContinue', 'authenticationSASLFinal', 'authenticationOk',
      'parameterStatus', 'backendKeyData', 'readyForQuery',
    ]);
    assert.deepEqual(m[0]!.mechanisms, ['SCRAM-SHA-256']);
    assert.equal(m[1]!.data, 'r=abc,s=c2FsdA==,i=4096');
    assert.equal(m[2]!.data, 'v=xyz');
    assert.equal(m[4]!.parameterName, 'server_version');
    assert.equal(m[4]!.parameterValue, '15.0 (Basin)');
    assert.equal(m[5]!.processID, 42);
    assert.equal(m[5]!.secretKey, -123456);
    assert.equal(m[6]!.status, 'I');
  });

  test('NotificationResponse: sender pid, channel, payload', () => {
    const w = new BackendWriter();
    w.notificationResponse(7, 'chän', '');
    w.notificationResponse(8, 'c', 'payload');
    const m = parsed(w);
    assert.deepEqual(m.map((x) => [x.name, x.processId, x.channel, x.payload]), [
      ['notification', 7, 'chän', ''], ['notification', 8, 'c', 'payload'],
    ]);
  });

  test('RowDescription takes OID, typlen and typmod from the type, and a format per column', () => {
    const w = new BackendWriter();
    w.rowDescription([
      { name: 'id', type: T.int4, tableOid: 16384, columnAttr: 1 },
      { name: 'név', type: sqlType('varchar', 14), tableOid: 16384, columnAttr: 2 },
      { name: 'amount', type: sqlType('numeric', numericTypmod(12, 2)), tableOid: 0, columnAttr: 0 },
    ], [1, 0, 1]);
    const [m] = parsed(w);
    const fields = m!.fields as Record<string, unknown>[];
    assert.deepEqual(fields.map((f) => [f.name, f.tableID, f.columnID, f.dataTypeID, f.dataTypeSize, f.dataTypeModifier, f.format]), [
      ['id', 16384, 1, 23, 4, -1, 'binary'],
      ['név', 16384, 2, 1043, -1, 14, 'text'],
      ['amount', 0, 0, 1700, -1, numericTypmod(12, 2), 'binary'],
    ]);
  });

  test('extended-protocol replies', () => {
    const w = new BackendWriter();
    w.parseComplete();
    w.parameterDescription([T.int4, T.text]);
    w.noData();
    w.bindComplete();
    w.portalSuspended();
    w.commandComplete('SELECT 3');
    w.closeComplete();
    w.emptyQueryResponse();
    const m = parsed(w);
    assert.deepEqual(m.map((x) => x.name), [
      'parseComplete', 'parameterDescription', 'noData', 'bindComplete', 'portalSuspended', 'commandComplete',
      'closeComplete', 'emptyQuery',
    ]);
    assert.deepEqual(m[1]!.dataTypeIDs, [23, 25]);
    assert.equal(m[5]!.text, 'SELECT 3');
  });

  test('ErrorResponse and NoticeResponse fields', () => {
    const w = new BackendWriter();
    w.errorResponse(new SqlError('42601', 'syntax error at or near "FORM"', { position: 10, hint: 'h', detail: 'd' }));
    w.errorResponse(new SqlError('28P01', 'password authentication failed for user "x"'), 'FATAL');
    w.noticeResponse(new SqlError('01000', 'careful', { severity: 'WARNING' }));
    const [e1, e2, n] = parsed(w);
    assert.equal(e1!.name, 'error');
    assert.deepEqual([e1!.severity, e1!.code, e1!.message, e1!.position, e1!.hint, e1!.detail],
      ['ERROR', '42601', 'syntax error at or near "FORM"', '10', 'h', 'd']);
    assert.deepEqual([e2!.severity, e2!.code, e2!.position], ['FATAL', '28P01', undefined]);
    assert.deepEqual([n!.name, n!.severity, n!.message], ['notice', 'WARNING', 'careful']);
  });

  test('growth keeps a message being written intact, and taken views are never overwritten', () => {
    const w = new BackendWriter();
    w.commandComplete('first');
    const first = w.take()!;
    const copy = Buffer.from(first);
    const long = 'x'.repeat(200_000); // forces a new buffer in the middle of the message
    w.parameterStatus('big', long);
    w.commandComplete('after');
    assert.deepEqual(first, copy);
    const m = parsed(w);
    assert.equal(m[0]!.parameterValue, long);
    assert.equal(m[1]!.text, 'after');
  });

  test('a NUL inside a string does not break framing', () => {
    const w = new BackendWriter();
    w.commandComplete('a\0b');
    w.readyForQuery('T');
    const m = parsed(w);
    assert.equal(m[0]!.text, 'ab');
    assert.equal(m[1]!.status, 'T');
  });
});
