/**
 * SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL does it, server side. Channel binding is not offered
 * (Basin speaks no TLS yet), so the only mechanism announced is "SCRAM-SHA-256" and a client may send the
 * GS2 flag 'n' or 'y' but not 'p'. As in PostgreSQL, the user name inside the SCRAM messages is ignored:
 * the StartupMessage's user is the one authenticated.
 *
 * The stored verifier is PostgreSQL's format, so verifiers can be copied from pg_authid:
 *   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SqlError, SqlState } from '../common/index.ts';
import { fatal } from './wire-errors.ts';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';

/** PostgreSQL's defaults: SCRAM_DEFAULT_SALT_LEN and SCRAM_RAW_NONCE_LEN. */
const SALT_LENGTH = 16;
const NONCE_LENGTH = 18;

const hmac = (key: Uint8Array, data: string | Uint8Array): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

export interface ScramSecret {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** Build a verifier in PostgreSQL's stored format from a password (what `CREATE ROLE ... PASSWORD` stores). */
export function makeScramVerifier(password: string, salt: Uint8Array = randomBytes(SALT_LENGTH), iterations = 4096): string {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError('SCRAM iteration count must be a positive integer');
  const salted = pbkdf2Sync(saslPrep(password), salt, iterations, 32, 'sha256');
  const storedKey = sha256(hmac(salted, 'Client Key'));
  const serverKey = hmac(salted, 'Server Key');
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
  return `${SCRAM_SHA_256}$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/** Parse a stored verifier; undefined when it is not a SCRAM-SHA-256 verifier. */
export function parseScramVerifier(verifier: string): ScramSecret | undefined {
  const m = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(verifier);
  if (m === null) return undefined;
  const iterations = Number(m[1]);
  const salt = Buffer.from(m[2]!, 'base64');
  const storedKey = Buffer.from(m[3]!, 'base64');
  const serverKey = Buffer.from(m[4]!, 'base64');
  if (iterations < 1 || salt.length === 0 || storedKey.length !== 32 || serverKey.length !== 32) return undefined;
  return { iterations, salt, storedKey, serverKey };
}

const malformed = (detail: string): SqlError =>
  new SqlError(SqlState.protocolViolation, 'malformed SCRAM message', { detail, severity: 'FATAL' });

/**
 * One SCRAM exchange: `start` answers the client-first-message with the server-first-message (sent as
 * AuthenticationSASLContinue); `finish` checks the client-final-message's proof and returns the
 * server-final-message (AuthenticationSASLFinal). Both throw FATAL SqlErrors.
 */
export class ScramExchange {
  private readonly secret: ScramSecret;
  /** A verifier that could not be parsed: go through the motions, then fail like a wrong password. */
  private readonly doomed: boolean;
  private gs2Header = '';
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';

  constructor(private readonly user: string, verifier: string) {
    const parsed = parseScramVerifier(verifier);
    this.doomed = parsed === undefined;
    this.secret = parsed ?? {
      iterations: 4096, salt: randomBytes(SALT_LENGTH), storedKey: randomBytes(32), serverKey: randomBytes(32),
    };
  }

  start(mechanism: string, clientFirst: Uint8Array | null): Buffer {
    if (mechanism !== SCRAM_SHA_256) {
      throw fatal(SqlState.protocolViolation, 'client selected an invalid SASL authentication mechanism');
    }
    if (clientFirst === null || clientFirst.length === 0) throw malformed('The message is empty.');
    const msg = Buffer.from(clientFirst).toString('utf8');
    // gs2-header = cbind-flag "," [authzid] ","
    const flag = msg[0];
    if (flag === 'p') {
      throw malformed('The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.');
    }
    if (flag !== 'n' && flag !== 'y') throw malformed(`Unexpected channel-binding flag "${flag ?? ''}".`);
    if (msg[1] !== ',') throw malformed(`Comma expected, but found character "${msg[1] ?? ''}".`);
    if (msg[2] === 'a') throw fatal(SqlState.featureNotSupported, 'client uses authorization identity, but it is not supported');
    if (msg[2] !== ',') throw malformed(`Unexpected attribute "${msg[2] ?? ''}" in client-first-message.`);
    this.gs2Header = msg.slice(0, 3);
    this.clientFirstBare = msg.slice(3);
    if (this.clientFirstBare.startsWith('m=')) {
      throw fatal(SqlState.featureNotSupported, 'client requires an unsupported SCRAM extension');
    }
    const attrs = this.clientFirstBare.split(',');
    if (!attrs[0]?.startsWith('n=')) throw malformed('Expected attribute "n" in client-first-message.');
    const r = attrs[1];
    if (r === undefined || !r.startsWith('r=')) throw malformed('Expected attribute "r" in client-first-message.');
    const clientNonce = r.slice(2);
    if (clientNonce === '' || !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)) throw malformed('Invalid nonce in client-first-message.');

    this.nonce = clientNonce + randomBytes(NONCE_LENGTH).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.secret.salt.toString('base64')},i=${this.secret.iterations}`;
    return Buffer.from(this.serverFirst, 'utf8');
  }

  finish(clientFinal: Uint8Array): Buffer {
    const msg = Buffer.from(clientFinal).toString('utf8');
    const attrs = msg.split(',');
    const c = attrs[0];
    if (c === undefined || !c.startsWith('c=')) throw malformed('Expected attribute "c" in client-final-message.');
    const cbind = decodeBase64(c.slice(2));
    if (cbind === undefined) throw malformed('Invalid channel binding data in client-final-message.');
    if (cbind.toString('utf8') !== this.gs2Header) {
      throw fatal(SqlState.protocolViolation, 'SCRAM channel binding check failed');
    }
    const r = attrs[1];
    if (r === undefined || !r.startsWith('r=')) throw malformed('Expected attribute "r" in client-final-message.');
    if (r.slice(2) !== this.nonce) throw malformed('Nonce does not match.');
    const p = attrs[attrs.length - 1];
    if (attrs.length < 3 || p === undefined || !p.startsWith('p=')) throw malformed('Expected attribute "p" in client-final-message.');
    const proof = decodeBase64(p.slice(2));
    if (proof === undefined || proof.length !== 32) throw malformed('Malformed proof in client-final-message.');
    const withoutProof = msg.slice(0, msg.length - p.length - 1);

    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.secret.storedKey, authMessage);
    const clientKey = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const ok = timingSafeEqual(sha256(clientKey), this.secret.storedKey);
    if (!ok || this.doomed) {
      throw fatal(SqlState.invalidPassword, `password authentication failed for user "${this.user}"`);
    }
    const serverSignature = hmac(this.secret.serverKey, authMessage);
    return Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8');
  }
}

function decodeBase64(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

/**
 * SASLprep (RFC 4013) as PostgreSQL's pg_saslprep applies it: map non-ASCII spaces to a space, drop the
 * characters "commonly mapped to nothing", normalise to NFKC. Like PostgreSQL, a password with prohibited
 * characters is used as-is rather than rejected, so every password still works from libpq.
 */
export function saslPrep(password: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(password)) return password;
  const mapped = password
    .replace(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200c\u200d\u2060\ufe00-\ufe0f\ufeff]/g, '')
    .normalize('NFKC');
  if (mapped === '' || /[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff\ufff9-\ufffd\u2028\u2029\u200e\u200f\u202a-\u202e\u206a-\u206f]/.test(mapped)) {
    return password;
  }
  return mapped;
}
