import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { SqlError } from '../common/index.ts';
import { makeScramVerifier, parseScramVerifier, saslPrep, ScramExchange } from './scram.ts';

// node-postgres's own SCRAM client, as a second, independent implementation of the other side.
const require = createRequire(import.meta.url);
const pgSasl = require('pg/lib/crypto/sasl.js') as {
  startSession(mechanisms: string[]): { response: string };
  continueSession(session: object, password: string, serverData: string): Promise<void>;
  finalizeSession(session: object, serverData: string): void;
};

const hmac = (key: Uint8Array, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** A minimal SCRAM-SHA-256 client (RFC 5802), written from the RFC rather than from scram.ts. */
class TestClient {
  readonly nonce = 'rOprNGfwEbeRWgbNEkqO';
  readonly first = `n,,n=,r=${this.nonce}`;
  serverSignature = '';

  final(serverFirst: string, password: string, gs2 = 'biws'): string {
    const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
    const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const withoutProof = `c=${gs2},r=${attrs.r}`;
    const authMessage = `${this.first.slice(3)},${serverFirst},${withoutProof}`;
    const signature = hmac(sha256(clientKey), authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    this.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
    return `${withoutProof},p=${proof.toString('base64')}`;
  }
}

const fails = (fn: () => unknown, code: string, message?: RegExp) =>
  assert.throws(fn, (e: SqlError) => e.code === code && e.severity === 'FATAL' && (message === undefined || message.test(e.message)));

describe('makeScramVerifier', () => {
  test("PostgreSQL's stored format", () => {
    const v = makeScramVerifier('secret');
    assert.match(v, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    const s = parseScramVerifier(v)!;
    assert.equal(s.iterations, 4096);
    assert.equal(s.salt.length, 16);
  });

  test('keys match the RFC 7677 test vector', () => {
    // RFC 7677 section 3: user "user", password "pencil".
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const s = parseScramVerifier(makeScramVerifier('pencil', salt, 4096))!;
    const authMessage = 'n=user,r=rOprNGfwEbeRWgbNEkqO,'
      + 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,'
      + 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    const clientKey = Buffer.from(proof.map((b, i) => b ^ hmac(s.storedKey, authMessage)[i]!));
    assert.deepEqual(sha256(clientKey), s.storedKey);
    assert.equal(hmac(s.serverKey, authMessage).toString('base64'), '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  test('custom iterations and malformed verifiers', () => {
    assert.equal(parseScramVerifier(makeScramVerifier('x', undefined, 10))!.iterations, 10);
    assert.equal(parseScramVerifier('md5abcdef'), undefined);
    assert.equal(parseScramVerifier('SCRAM-SHA-256$4096:c2FsdA==$AAAA:BBBB'), undefined);
  });

  test('SASLprep: mapped characters and NFKC, as libpq and node-postgres apply them', () => {
    assert.equal(saslPrep('I\u00adX'), 'IX');
    assert.equal(saslPrep('a\u00a0b'), 'a b');
    assert.equal(saslPrep('\u2168'), 'IX');
    assert.equal(saslPrep('plain ascii'), 'plain ascii');
    assert.equal(saslPrep('\u0007bell\u00e9'), '\u0007bell\u00e9'); // prohibited: used as-is, like PostgreSQL
  });
});

describe('ScramExchange', () => {
  const verifier = makeScramVerifier('correct horse');

  test('round trip with a client written from the RFC', () => {
    const client = new TestClient();
    const server = new ScramExchange('alice', verifier);
    const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(client.first)).toString();
    assert.ok(serverFirst.startsWith(`r=${client.nonce}`));
    assert.match(serverFirst, /^r=[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
    const serverFinal = server.finish(Buffer.from(client.final(serverFirst, 'correct horse'))).toString();
    assert.equal(serverFinal, `v=${client.serverSignature}`);
  });

  test("round trip with node-postgres's SCRAM client, including a non-ASCII password", async () => {
    for (const password of ['correct horse', 'pässwörd\u00a0x']) {
      const session = pgSasl.startSession(['SCRAM-SHA-256']);
      const server = new ScramExchange('alice', makeScramVerifier(password));
      const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(session.response)).toString();
      await pgSasl.continueSession(session, password, serverFirst);
      const serverFinal = server.finish(Buffer.from(session.response)).toString();
      pgSasl.finalizeSession(session, serverFinal); // throws if the server signature is wrong
    }
  });

  test('wrong password: FATAL 28P01 naming the user', () => {
    const client = new TestClient();
    const server = new ScramExchange('alice', verifier);
    const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(client.first)).toString();
    fails(() => server.finish(Buffer.from(client.final(serverFirst, 'wrong'))), '28P01', /^password authentication failed for user "alice"$/);
  });

  test('an unusable verifier fails like a wrong password, after a normal-looking exchange', () => {
    const client = new TestClient();
    const server = new ScramExchange('bob', 'not a verifier');
    const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(client.first)).toString();
    fails(() => server.finish(Buffer.from(client.final(serverFirst, ''))), '28P01');
  });

  test('protocol errors', () => {
    const start = (mech: string, first: string | null) =>
      new ScramExchange('a', verifier).start(mech, first === null ? null : Buffer.from(first));
    fails(() => start('SCRAM-SHA-256-PLUS', 'n,,n=,r=abc'), '08P01', /invalid SASL authentication mechanism/);
    fails(() => start('SCRAM-SHA-256', null), '08P01', /malformed SCRAM message/);
    fails(() => start('SCRAM-SHA-256', 'p=tls-server-end-point,,n=,r=abc'), '08P01');
    fails(() => start('SCRAM-SHA-256', 'x,,n=,r=abc'), '08P01');
    fails(() => start('SCRAM-SHA-256', 'n,a=someone,n=,r=abc'), '0A000');
    fails(() => start('SCRAM-SHA-256', 'n,,n=,x=abc'), '08P01');

    const client = new TestClient();
    const server = new ScramExchange('a', verifier);
    const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(client.first)).toString();
    const good = client.final(serverFirst, 'correct horse');
    fails(() => server.finish(Buffer.from(good.replace('c=biws', 'c=eSws'))), '08P01', /channel binding/);
    fails(() => server.finish(Buffer.from(good.replace(/r=[^,]+/, 'r=other'))), '08P01', /malformed/);
    fails(() => server.finish(Buffer.from(good.replace(/p=.*/, 'p=AAAA'))), '08P01', /malformed/);
  });

  test("a client that says 'y' (it supports channel binding, we offered none) is accepted", () => {
    const client = new TestClient();
    const server = new ScramExchange('a', verifier);
    const first = `y,,n=,r=${client.nonce}`;
    const serverFirst = server.start('SCRAM-SHA-256', Buffer.from(first)).toString();
    Object.assign(client, { first });
    assert.doesNotThrow(() => server.finish(Buffer.from(client.final(serverFirst, 'correct horse', 'eSws'))));
  });
});
