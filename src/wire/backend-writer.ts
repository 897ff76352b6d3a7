/**
 * The one growable buffer the server's messages are written into, with a function per backend message.
 * Messages accumulate until the connection takes them (at ReadyForQuery, Flush, or when enough piled up) and
 * hands them to the socket in one write, as PostgreSQL's 8 kB output buffer does.
 *
 * The buffer works like a bump allocator: `take()` hands out a view of the bytes written so far and later
 * messages go after them, so a taken view is never overwritten while the socket still holds it; when the
 * space runs out a fresh buffer is allocated and only the untaken bytes move.
 */
import { SqlError, TYPES, type SqlType } from '../common/index.ts';
import type { Field, TransactionStatus } from './engine.ts';
import { AuthCode, BackendCode } from './message-codes.ts';

const INITIAL_SIZE = 64 * 1024;

export class BackendWriter {
  /** Public for the DataRow encoder's hot loop; everything else uses the methods. */
  buf: Buffer = Buffer.allocUnsafe(INITIAL_SIZE);
  pos = 0;
  /** Start of the bytes not yet taken. */
  start = 0;
  /** Offset (relative to `start`) of the length word of the message being written. */
  private lenAt = 0;

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.pos - this.start;
  }

  /** Make room for `n` more bytes. Offsets relative to `start` stay valid; absolute ones do not. */
  ensure(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(INITIAL_SIZE, (used + n) * 2));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  /** Everything written since the last take, or null if nothing was. */
  take(): Buffer | null {
    if (this.pos === this.start) return null;
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    return out;
  }

  // ---- primitives ----

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  int16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
  }

  cstring(s: string): void {
    // A NUL inside would end the string early and desynchronise the client; PostgreSQL cannot hold one.
    if (s.includes('\0')) s = s.replaceAll('\0', '');
    this.ensure(s.length * 3 + 1);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf[this.pos++] = 0;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string's UTF-8 bytes, without a terminator. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Start a message: type byte plus a length word filled in by `end()`. */
  begin(code: number): void {
    this.ensure(5);
    this.buf[this.pos] = code;
    this.lenAt = this.pos + 1 - this.start;
    this.pos += 5;
  }

  end(): void {
    const at = this.start + this.lenAt;
    this.buf.writeInt32BE(this.pos - at, at);
  }

  private empty(code: number): void {
    this.ensure(5);
    this.buf[this.pos] = code;
    this.buf.writeInt32BE(4, this.pos + 1);
    this.pos += 5;
  }

  // ---- startup and authentication ----

  authenticationOk(): void {
    this.begin(BackendCode.Authentication);
    this.int32(AuthCode.Ok);
    this.end();
  }

  authenticationSASL(mechanisms: readonly string[]): void {
    this.begin(BackendCode.Authentication);
    this.int32(AuthCode.SASL);
    for (const m of mechanisms) this.cstring(m);
    this.byte(0);
    this.end();
  }

  authenticationSASLContinue(data: Uint8Array): void {
    this.begin(BackendCode.Authentication);
    this.int32(AuthCode.SASLContinue);
    this.bytes(data);
    this.end();
  }

  authenticationSASLFinal(data: Uint8Array): void {
    this.begin(BackendCode.Authentication);
    this.int32(AuthCode.SASLFinal);
    this.bytes(data);
    this.end();
  }

  /**
   * The newest protocol version we speak for the client's major version, and the `_pq_.` options we did
   * not recognise. PostgreSQL sends the whole version code (196608 for 3.0) and libpq expects that.
   */
  negotiateProtocolVersion(version: number, unrecognized: readonly string[]): void {
    this.begin(BackendCode.NegotiateProtocolVersion);
    this.int32(version);
    this.int32(unrecognized.length);
    for (const o of unrecognized) this.cstring(o);
    this.end();
  }

  parameterStatus(name: string, value: string): void {
    this.begin(BackendCode.ParameterStatus);
    this.cstring(name);
    this.cstring(value);
    this.end();
  }

  /** NotificationResponse: LISTEN's asynchronous message (sender's pid, channel, payload). */
  notificationResponse(pid: number, channel: string, payload: string): void {
    this.begin(BackendCode.NotificationResponse);
    this.int32(pid);
    this.cstring(channel);
    this.cstring(payload);
    this.end();
  }

  backendKeyData(pid: number, secret: number): void {
    this.begin(BackendCode.BackendKeyData);
    this.int32(pid);
    this.int32(secret);
    this.end();
  }

  readyForQuery(status: TransactionStatus): void {
    this.ensure(6);
    this.buf[this.pos] = BackendCode.ReadyForQuery;
    this.buf.writeInt32BE(5, this.pos + 1);
    this.buf[this.pos + 5] = status.charCodeAt(0);
    this.pos += 6;
  }

  // ---- results ----

  /** `formats[i]` is column i's format code (missing = text). */
  rowDescription(fields: readonly Field[], formats: readonly number[] | null): void {
    this.begin(BackendCode.RowDescription);
    this.int16(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const info = TYPES[f.type.id];
      this.cstring(f.name);
      this.int32(f.tableOid);
      this.int16(f.columnAttr);
      this.int32(info.oid);
      this.int16(info.len);
      this.int32(f.type.typmod);
      this.int16(formats?.[i] ?? 0);
    }
    this.end();
  }

  parameterDescription(types: readonly SqlType[]): void {
    this.begin(BackendCode.ParameterDescription);
    this.int16(types.length);
    for (const t of types) this.int32(TYPES[t.id].oid);
    this.end();
  }

  commandComplete(tag: string): void {
    this.begin(BackendCode.CommandComplete);
    this.cstring(tag);
    this.end();
  }

  // ---- COPY ----

  /**
   * CopyInResponse / CopyOutResponse: the overall format (0 text, 1 binary) and one format code per column,
   * all the same, as PostgreSQL sends them.
   */
  copyResponse(code: BackendCode.CopyInResponse | BackendCode.CopyOutResponse, binary: boolean, columns: number): void {
    this.begin(code);
    this.byte(binary ? 1 : 0);
    this.int16(columns);
    for (let i = 0; i < columns; i++) this.int16(binary ? 1 : 0);
    this.end();
  }

  /** One CopyData message with `data` (a string goes out as UTF-8). */
  copyData(data: string | Uint8Array): void {
    this.begin(BackendCode.CopyData);
    if (typeof data === 'string') this.utf8(data);
    else this.bytes(data);
    this.end();
  }

  copyDone(): void { this.empty(BackendCode.CopyDone); }

  emptyQueryResponse(): void { this.empty(BackendCode.EmptyQueryResponse); }
  parseComplete(): void { this.empty(BackendCode.ParseComplete); }
  bindComplete(): void { this.empty(BackendCode.BindComplete); }
  closeComplete(): void { this.empty(BackendCode.CloseComplete); }
  noData(): void { this.empty(BackendCode.NoData); }
  portalSuspended(): void { this.empty(BackendCode.PortalSuspended); }

  // ---- errors and notices ----

  /** ErrorResponse; `severity` overrides the error's own (e.g. FATAL during startup). */
  errorResponse(err: SqlError, severity: string = err.severity): void {
    this.begin(BackendCode.ErrorResponse);
    this.noticeFields(err, severity);
    this.end();
  }

  noticeResponse(notice: SqlError): void {
    this.begin(BackendCode.NoticeResponse);
    this.noticeFields(notice, notice.severity);
    this.end();
  }

  /** S (localized severity), V (severity, never localized), C, M, then D, H, P, W, s, t, c, d, n when present. */
  private noticeFields(e: SqlError, severity: string): void {
    this.field(0x53, severity);
    this.field(0x56, severity);
    this.field(0x43, e.code);
    this.field(0x4d, e.message);
    if (e.detail !== undefined) this.field(0x44, e.detail);
    if (e.hint !== undefined) this.field(0x48, e.hint);
    if (e.position !== undefined) this.field(0x50, String(e.position));
    if (e.where !== undefined) this.field(0x57, e.where);
    if (e.schema !== undefined) this.field(0x73, e.schema);
    if (e.table !== undefined) this.field(0x74, e.table);
    if (e.column !== undefined) this.field(0x63, e.column);
    if (e.dataType !== undefined) this.field(0x64, e.dataType);
    if (e.constraint !== undefined) this.field(0x6e, e.constraint);
    this.byte(0);
  }

  private field(tag: number, value: string): void {
    this.byte(tag);
    this.cstring(value);
  }
}
