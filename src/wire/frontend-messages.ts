/**
 * One small pure parser per frontend message (protocol 3.0). Each takes the body the framer produced (the
 * bytes after the type byte and length word) and either returns the message's fields or throws: a FATAL
 * 08P01 for a malformed body (truncated, unterminated string, trailing bytes), an ERROR for content that is
 * well-formed but invalid (an unknown Describe subtype, text that is not UTF-8), as PostgreSQL does.
 */
import { FieldReader } from './field-reader.ts';
import { StartupCode } from './message-codes.ts';
import { protocolError, protocolViolation } from './wire-errors.ts';

// ---- untyped startup packets ----

export type StartupPacket =
  | { readonly kind: 'startup'; readonly major: number; readonly minor: number; readonly params: ReadonlyMap<string, string> }
  | { readonly kind: 'ssl' }
  | { readonly kind: 'gssenc' }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: number };

/** The body of an untyped packet: int32 version code, then (for a StartupMessage) name/value string pairs. */
export function parseStartupPacket(body: Buffer): StartupPacket {
  const r = new FieldReader(body);
  const version = r.int32();
  switch (version) {
    case StartupCode.SSLRequest: r.end(); return { kind: 'ssl' };
    case StartupCode.GSSENCRequest: r.end(); return { kind: 'gssenc' };
    case StartupCode.CancelRequest: {
      const pid = r.int32();
      const secret = r.int32();
      r.end();
      return { kind: 'cancel', pid, secret };
    }
  }
  const params = new Map<string, string>();
  // PostgreSQL: pairs until an empty name, and that terminator must be the packet's last byte.
  const layout = 'invalid startup packet layout: expected terminator as last byte';
  for (;;) {
    if (r.remaining === 0) throw protocolViolation(layout);
    const name = r.cstring();
    if (name === '') break;
    if (r.remaining === 0) throw protocolViolation(layout);
    params.set(name, r.cstring());
  }
  if (r.remaining !== 0) throw protocolViolation(layout);
  return { kind: 'startup', major: version >>> 16, minor: version & 0xffff, params };
}

// ---- simple query ----

export interface QueryMessage { readonly sql: string }

export function parseQuery(body: Buffer): QueryMessage {
  const r = new FieldReader(body);
  const sql = r.cstring();
  r.end();
  return { sql };
}

// ---- extended query ----

export interface ParseMessage {
  readonly name: string;
  readonly sql: string;
  /** Client-specified parameter type OIDs; 0 means "infer". May be shorter than the number of parameters. */
  readonly paramTypeOids: readonly number[];
}

export function parseParse(body: Buffer): ParseMessage {
  const r = new FieldReader(body);
  const name = r.cstring();
  const sql = r.cstring();
  const n = r.int16();
  if (n < 0) throw protocolViolation('invalid message format');
  const paramTypeOids: number[] = new Array(n);
  for (let i = 0; i < n; i++) paramTypeOids[i] = r.int32() >>> 0; // OIDs are unsigned
  r.end();
  return { name, sql, paramTypeOids };
}

export interface BindMessage {
  readonly portal: string;
  readonly statement: string;
  /** As sent: empty (all text), one code (applies to all) or one per parameter. */
  readonly paramFormats: readonly number[];
  /** Raw parameter values (views into the message); null for SQL NULL. */
  readonly params: readonly (Buffer | null)[];
  /** As sent: empty (all text), one code (applies to all) or one per result column. */
  readonly resultFormats: readonly number[];
}

export function parseBind(body: Buffer): BindMessage {
  const r = new FieldReader(body);
  const portal = r.cstring();
  const statement = r.cstring();
  const paramFormats = readInt16List(r);
  const n = r.int16();
  if (n < 0) throw protocolViolation('invalid message format');
  const params: (Buffer | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const len = r.int32();
    if (len < -1) throw protocolViolation('insufficient data left in message');
    params[i] = len === -1 ? null : r.bytes(len);
  }
  const resultFormats = readInt16List(r);
  r.end();
  return { portal, statement, paramFormats, params, resultFormats };
}

function readInt16List(r: FieldReader): number[] {
  const n = r.int16();
  if (n < 0) throw protocolViolation('invalid message format');
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = r.int16();
  return out;
}

/** Describe and Close name either a prepared statement ('S') or a portal ('P'). */
export interface TargetMessage { readonly target: 'S' | 'P'; readonly name: string }

export function parseDescribe(body: Buffer): TargetMessage {
  return parseTarget(body, 'DESCRIBE');
}

export function parseClose(body: Buffer): TargetMessage {
  return parseTarget(body, 'CLOSE');
}

function parseTarget(body: Buffer, what: string): TargetMessage {
  const r = new FieldReader(body);
  const t = r.byte();
  const name = r.cstring();
  r.end();
  if (t === 0x53) return { target: 'S', name };
  if (t === 0x50) return { target: 'P', name };
  throw protocolError(`invalid ${what} message subtype ${t}`);
}

export interface ExecuteMessage {
  readonly portal: string;
  /** 0 = no limit. */
  readonly maxRows: number;
}

export function parseExecute(body: Buffer): ExecuteMessage {
  const r = new FieldReader(body);
  const portal = r.cstring();
  const n = r.int32();
  r.end();
  // PostgreSQL treats a non-positive row count as "fetch all".
  return { portal, maxRows: n > 0 ? n : 0 };
}

/** Sync, Flush, Terminate and CopyDone carry no body. */
export function parseEmpty(body: Buffer): void {
  new FieldReader(body).end();
}

// ---- authentication ('p': which one depends on what the server asked for) ----

export interface PasswordMessage { readonly password: string }

export function parsePasswordMessage(body: Buffer): PasswordMessage {
  const r = new FieldReader(body);
  const password = r.cstring();
  r.end();
  return { password };
}

export interface SASLInitialResponse {
  readonly mechanism: string;
  /** The client-first-message; null when the client sent length -1. */
  readonly data: Buffer | null;
}

export function parseSASLInitialResponse(body: Buffer): SASLInitialResponse {
  const r = new FieldReader(body);
  const mechanism = r.cstring();
  const len = r.int32();
  if (len < -1) throw protocolViolation('insufficient data left in message');
  const data = len === -1 ? null : r.bytes(len);
  r.end();
  return { mechanism, data };
}

export interface SASLResponse { readonly data: Buffer }

export function parseSASLResponse(body: Buffer): SASLResponse {
  return { data: new FieldReader(body).rest() };
}

// ---- COPY (copy-in.ts reads these during a COPY FROM STDIN) ----

export interface CopyDataMessage { readonly data: Buffer }

export function parseCopyData(body: Buffer): CopyDataMessage {
  return { data: body };
}

export interface CopyFailMessage { readonly message: string }

export function parseCopyFail(body: Buffer): CopyFailMessage {
  const r = new FieldReader(body);
  const message = r.cstring();
  r.end();
  return { message };
}
