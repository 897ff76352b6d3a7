/**
 * One client connection: the protocol state machine from the first startup packet to the socket's close.
 *
 * Bytes are framed as they arrive and the messages queued; one loop handles them strictly in order, each
 * handler awaited, because the protocol is sequential (a Bind refers to the Parse before it). Phases:
 *   startup  untyped packets: SSLRequest/GSSENCRequest (answered 'N'), CancelRequest, StartupMessage
 *   auth     the SASL exchange (SCRAM-SHA-256)
 *   ready    simple and extended queries
 * A COPY FROM STDIN takes its CopyData messages from the same queue while its statement runs (takeFrame):
 * the loop is awaiting that statement, so the two never compete for a message.
 * Errors: a FATAL one (malformed input, failed authentication, shutdown) is sent and the connection closed;
 * any other ends the statement: after a simple Query or Sync with ReadyForQuery, after an extended-protocol
 * message by discarding everything up to the next Sync, as PostgreSQL does.
 */
import type { Socket } from 'node:net';
import { isInternal, SqlError, SqlState, toSqlError } from '../common/index.ts';
import { connectionLost } from './socket-output.ts';
import { MessageFramer, type Frame } from './buffer-reader.ts';
import type { AuthMethod, Engine, EngineSession, StartupInfo } from './engine.ts';
import { ExtendedQuery } from './extended-query.ts';
import {
  parseBind, parseClose, parseDescribe, parseEmpty, parseExecute, parseParse, parseQuery,
  parseSASLInitialResponse, parseSASLResponse, parseStartupPacket, type StartupPacket,
} from './frontend-messages.ts';
import { FrontendCode, StartupCode } from './message-codes.ts';
import { frontendLengthLimit } from './message-limits.ts';
import { WireSink } from './result-sink.ts';
import { SCRAM_SHA_256, ScramExchange } from './scram.ts';
import { SocketOutput } from './socket-output.ts';
import { StatementNames } from './statement-names.ts';
import { fatal, isFatal, protocolViolation, withSeverity } from './wire-errors.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type Log = (level: LogLevel, msg: string) => void;

/** The key a CancelRequest must present. */
export interface BackendKey {
  readonly pid: number;
  readonly secret: number;
}

/** What a connection needs from the server that accepted it. */
export interface ConnectionHost {
  readonly engine: Engine;
  readonly maxMessageSize: number;
  readonly log: Log;
  /** Allocate a backend pid and secret for this connection, once it is authenticated. */
  registerBackend(conn: Connection): BackendKey;
  /** A CancelRequest arrived on this connection. */
  cancelRequest(pid: number, secret: number): void;
  /** The connection is over and its session released. */
  released(conn: Connection): void;
}

type Phase = 'startup' | 'auth' | 'ready';

/** Stop reading from a client that pipelines faster than we execute; go on when the queue has drained. */
const PAUSE_AT = 1 << 20;
const RESUME_AT = 256 << 10;
/** How long to wait for the client to close after we ended the connection. */
const LINGER_MS = 5000;

/** Messages whose error starts the skip-until-Sync of the extended protocol. */
const EXTENDED = new Set<number>([
  FrontendCode.Parse, FrontendCode.Bind, FrontendCode.Describe, FrontendCode.Execute,
  FrontendCode.Close, FrontendCode.Flush,
]);

const isLoopback = (addr: string | undefined): boolean =>
  addr === undefined || addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');

export class Connection {
  key: BackendKey | undefined;
  private phase: Phase = 'startup';
  private readonly framer: MessageFramer;
  private readonly out: SocketOutput;
  private readonly remoteAddress: string | undefined;

  private queue: (Frame | SqlError)[] = [];
  private head = 0;
  private queuedBytes = 0;
  private paused = false;
  /** The framer hit bad bytes: nothing after them can be framed. */
  private inputBroken = false;
  private processing = false;
  /** A running COPY FROM STDIN waits here for its next message. */
  private frameWaiter: (() => void) | undefined;
  /** No further message will be handled (Terminate, FATAL, shutdown, or the socket closed). */
  private ending = false;
  private socketClosed = false;
  private released = false;

  private startup: StartupInfo | undefined;
  private scram: ScramExchange | undefined;
  private scramStarted = false;
  private session: EngineSession | undefined;
  private extended: ExtendedQuery | undefined;
  private skipTillSync = false;
  /** Ends a connection that stays idle too long (the session's idleLimit), armed whenever the loop goes idle. */
  private idleTimer: NodeJS.Timeout | undefined;
  /** ReadyForQuery was the last thing sent: the client's turn (idle, as PostgreSQL counts it). */
  private awaitingQuery = false;

  constructor(private readonly socket: Socket, private readonly host: ConnectionHost) {
    this.remoteAddress = socket.remoteAddress;
    this.framer = new MessageFramer(frontendLengthLimit(host.maxMessageSize, () => this.phase !== 'ready'));
    this.out = new SocketOutput(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000); // notice clients that vanished while idle in a transaction
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => host.log('debug', `connection from ${this.remoteAddress ?? 'local socket'}: ${err.message}`));
    socket.on('close', () => this.onSocketClose());
  }

  /** CancelRequest with this connection's key: cancel whatever its session is running. */
  cancelQuery(): void {
    this.session?.cancel();
  }

  /** Server shutdown: FATAL 57P01 to the client, stop whatever runs, close. */
  shutdown(): void {
    if (this.socketClosed) return;
    if (!this.ending) {
      this.ending = true;
      this.out.flush();
      this.out.writer.errorResponse(fatal(SqlState.adminShutdown, 'terminating connection due to administrator command'));
      this.out.flush();
    }
    if (this.processing) this.session?.cancel();
    this.wakeFrameWaiter();
    this.endSocket();
  }

  // ---- input: framing and the message loop ----

  private onData(chunk: Buffer): void {
    this.disarmIdle();
    if (this.inputBroken || this.ending) return;
    for (const f of this.framer.push(chunk)) {
      this.queue.push(f);
      this.queuedBytes += f.body.length;
    }
    const failure = this.framer.failure;
    if (failure !== undefined) {
      // Messages framed before the bad bytes are still handled first; the error is handled after them.
      this.queue.push(failure);
      this.inputBroken = true;
    }
    if (!this.paused && this.queuedBytes > PAUSE_AT) {
      this.paused = true;
      this.socket.pause();
    }
    if (!this.processing) void this.process();
    else this.wakeFrameWaiter();
  }

  private wakeFrameWaiter(): void {
    const w = this.frameWaiter;
    this.frameWaiter = undefined;
    w?.();
  }

  /** The next queued item, with the queue's bookkeeping (compaction, resuming a paused socket). */
  private shift(): Frame | SqlError {
    const item = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      // Drop handled messages so a long pipelined stream does not keep them all alive.
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (item instanceof SqlError) return item;
    this.queuedBytes -= item.body.length;
    if (this.paused && this.queuedBytes <= RESUME_AT) {
      this.paused = false;
      this.socket.resume();
    }
    return item;
  }

  /**
   * The next message for a COPY FROM STDIN that the running statement reads (see copy-in.ts). Rejects with
   * 08006 once the client is gone; with the framing error (FATAL) when the input broke, leaving that error
   * queued so the loop ends the connection after the statement unwinds.
   */
  private readonly takeFrame = async (): Promise<Frame> => {
    for (;;) {
      if (this.head < this.queue.length) {
        const next = this.queue[this.head]!;
        if (next instanceof SqlError) throw next;
        return this.shift() as Frame;
      }
      if (this.socketClosed) throw connectionLost();
      if (this.ending) throw fatal(SqlState.adminShutdown, 'terminating connection due to administrator command');
      await new Promise<void>((resolve) => { this.frameWaiter = resolve; });
    }
  };

  private async process(): Promise<void> {
    this.processing = true;
    while (this.head < this.queue.length && !this.ending) {
      const item = this.shift();
      if (item instanceof SqlError) {
        this.fatal(item);
        break;
      }
      try {
        await this.handle(item);
      } catch (err) {
        // handle() routes its own errors; this is a bug in that routing, and must not take the server down.
        this.host.engine.logInternal(err, 'message loop');
        this.fatal(toSqlError(err));
      }
    }
    if (this.head === this.queue.length || this.ending) {
      this.queue = [];
      this.head = 0;
    }
    this.processing = false;
    if (this.socketClosed) await this.release();
    else this.armIdle();
  }

  private armIdle(): void {
    this.disarmIdle();
    if (!this.awaitingQuery || this.ending || this.head < this.queue.length) return;
    const limit = this.session?.idleLimit();
    if (limit === undefined) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.processing && !this.ending) this.fatal(limit.error);
    }, limit.ms);
  }

  private disarmIdle(): void {
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private async handle(f: Frame): Promise<void> {
    try {
      switch (this.phase) {
        case 'startup': return await this.onStartupPacket(parseStartupPacket(f.body));
        case 'auth': return await this.onAuthMessage(f);
        case 'ready': return await this.onMessage(f);
      }
    } catch (err) {
      await this.onError(err, f.code);
    }
  }

  // ---- startup and authentication ----

  private async onStartupPacket(p: StartupPacket): Promise<void> {
    switch (p.kind) {
      case 'ssl':
      case 'gssenc':
        // No TLS or GSS encryption here: 'N', and the client goes on in plain text on this socket.
        this.out.writer.byte(0x4e);
        this.out.flush();
        return;
      case 'cancel':
        // As in PostgreSQL: act on a matching key, answer nothing either way, close.
        this.ending = true;
        this.host.cancelRequest(p.pid, p.secret);
        this.endSocket();
        return;
      case 'startup':
        return this.onStartup(p.major, p.minor, p.params);
    }
  }

  private async onStartup(major: number, minor: number, sent: ReadonlyMap<string, string>): Promise<void> {
    if (major !== 3) {
      throw fatal(SqlState.featureNotSupported, `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`);
    }
    const params = new Map<string, string>();
    const unrecognized: string[] = [];
    for (const [k, v] of sent) {
      if (k.startsWith('_pq_.')) unrecognized.push(k);
      else params.set(k, v);
    }
    // A newer 3.x client, or protocol options: tell it we speak 3.0 without them, and go on.
    if (minor > 0 || unrecognized.length > 0) this.out.writer.negotiateProtocolVersion(StartupCode.Protocol30, unrecognized);
    const user = params.get('user') ?? '';
    if (user === '') {
      throw fatal(SqlState.invalidAuthorizationSpecification, 'no PostgreSQL user name specified in startup packet');
    }
    const database = params.get('database') || user;
    this.startup = { user, database, params, remoteAddress: this.remoteAddress ?? '', loopback: isLoopback(this.remoteAddress) };
    const method = await this.doAuthMethod(this.startup);
    switch (method.kind) {
      case 'trust':
        return this.authenticated();
      case 'scram-sha-256':
        this.scram = new ScramExchange(user, method.verifier);
        this.phase = 'auth';
        this.out.writer.authenticationSASL([SCRAM_SHA_256]);
        this.out.flush();
        return;
      case 'reject':
        throw withSeverity(method.error, 'FATAL');
    }
  }

  private async onAuthMessage(f: Frame): Promise<void> {
    if (f.code === FrontendCode.Terminate) {
      // A client without a password (psql before prompting) hangs up here: not an error.
      this.ending = true;
      this.endSocket();
      return;
    }
    if (f.code !== FrontendCode.Password) {
      throw fatal(SqlState.protocolViolation, `expected SASL response, got message type ${f.code}`);
    }
    const scram = this.scram!;
    const w = this.out.writer;
    if (!this.scramStarted) {
      const m = parseSASLInitialResponse(f.body);
      this.scramStarted = true;
      w.authenticationSASLContinue(scram.start(m.mechanism, m.data));
      this.out.flush();
      return;
    }
    w.authenticationSASLFinal(scram.finish(parseSASLResponse(f.body).data));
    this.scram = undefined;
    await this.authenticated();
  }

  /** AuthenticationOk, then the session, its reported settings, the cancel key, and the first ReadyForQuery. */
  private async authenticated(): Promise<void> {
    const w = this.out.writer;
    w.authenticationOk();
    const key = this.host.registerBackend(this);
    this.key = key;
    const statements = new StatementNames();
    const session = await this.doOpenSession(this.startup!, key.pid, statements);
    this.session = session;
    this.extended = new ExtendedQuery(session, this.out, (err) => this.host.engine.logInternal(err, 'closing a portal'),
      this.takeFrame, statements);
    this.phase = 'ready';
    session.watchNotifications?.(() => setImmediate(() => this.onNotifications()));
    for (const [name, value] of session.reportedSettings()) w.parameterStatus(name, value);
    w.backendKeyData(key.pid, key.secret);
    w.readyForQuery(session.transactionStatus());
    this.out.flush();
    this.awaitingQuery = true;
  }

  // ---- queries ----

  private async onMessage(f: Frame): Promise<void> {
    const code = f.code;
    this.awaitingQuery = false;
    if (this.skipTillSync && code !== FrontendCode.Sync && code !== FrontendCode.Terminate) return;
    const ext = this.extended!;
    switch (code) {
      case FrontendCode.Query: return this.onQuery(parseQuery(f.body).sql);
      case FrontendCode.Parse: return ext.onParse(parseParse(f.body));
      case FrontendCode.Bind: return ext.onBind(parseBind(f.body));
      case FrontendCode.Describe: return ext.onDescribe(parseDescribe(f.body));
      case FrontendCode.Execute: return ext.onExecute(parseExecute(f.body));
      case FrontendCode.Close: return ext.onClose(parseClose(f.body));
      case FrontendCode.Flush:
        parseEmpty(f.body);
        this.out.flush();
        return;
      case FrontendCode.Sync:
        parseEmpty(f.body);
        return this.onSync();
      case FrontendCode.Terminate:
        parseEmpty(f.body);
        this.ending = true;
        this.out.flush();
        this.endSocket();
        return;
      case FrontendCode.FunctionCall:
        throw new SqlError(SqlState.featureNotSupported, 'fastpath function calls are not supported');
      case FrontendCode.CopyData:
      case FrontendCode.CopyDone:
      case FrontendCode.CopyFail:
        // Outside COPY these are ignored, as PostgreSQL does: they are the tail of a COPY that failed.
        return;
      default:
        throw protocolViolation(`invalid frontend message type ${code}`);
    }
  }

  private async onQuery(sql: string): Promise<void> {
    await this.extended!.beforeSimpleQuery();
    await this.doSimpleQuery(sql, new WireSink(this.out, this.session!, null, false, this.takeFrame));
    await this.readyForQuery();
  }

  private async onSync(): Promise<void> {
    this.skipTillSync = false;
    await this.doSync();
    await this.readyForQuery();
  }

  // ---- the calls into the engine (everything above is protocol bookkeeping) ----

  private doAuthMethod(startup: StartupInfo): Promise<AuthMethod> {
    return this.host.engine.authMethod(startup);
  }

  private doOpenSession(startup: StartupInfo, pid: number, statements: StatementNames): Promise<EngineSession> {
    return this.host.engine.openSession(startup, pid, statements);
  }

  private doSimpleQuery(sql: string, sink: WireSink): Promise<void> {
    return this.session!.simpleQuery(sql, sink);
  }

  private doSync(): Promise<void> {
    return this.session!.sync();
  }

  private async readyForQuery(): Promise<void> {
    const status = this.session!.transactionStatus();
    await this.extended!.afterTransactionStatus(status);
    if (status === 'I') this.sendNotifications();
    this.out.writer.readyForQuery(status);
    this.out.flush();
    this.awaitingQuery = true;
  }

  /** Notifications go out only outside a transaction block (as PostgreSQL sends them). */
  private sendNotifications(): void {
    for (const n of this.session?.takeNotifications?.() ?? []) this.out.writer.notificationResponse(n.pid, n.channel, n.payload);
  }

  /** Notifications arrived: an idle client outside a transaction block gets them now, others at their next ReadyForQuery. */
  private onNotifications(): void {
    if (!this.awaitingQuery || this.processing || this.ending || this.head < this.queue.length) return;
    if (this.session?.transactionStatus() !== 'I') return;
    this.sendNotifications();
    this.out.flush();
  }

  // ---- errors and the end ----

  private async onError(err: unknown, code: number): Promise<void> {
    const e = toSqlError(err);
    if (isInternal(e)) this.host.engine.logInternal(err, `handling message type ${code} from ${this.remoteAddress ?? 'local socket'}`);
    if (this.phase !== 'ready' || isFatal(e)) {
      this.fatal(e);
      return;
    }
    if (this.out.closed) return;
    this.out.writer.errorResponse(e);
    try {
      if (EXTENDED.has(code)) {
        this.skipTillSync = true;
        this.session!.onExtendedError();
        return;
      }
      // Query, Sync, FunctionCall: the cycle still ends with ReadyForQuery.
      await this.readyForQuery();
    } catch (inner) {
      this.host.engine.logInternal(inner, 'recovering from an error');
      this.fatal(toSqlError(inner));
    }
  }

  private fatal(e: SqlError): void {
    // Like PostgreSQL's log: failed logins and protocol violations are worth a line, not a stack.
    this.host.log('info', `connection from ${this.remoteAddress ?? 'local socket'} ended: ${e.code} ${e.message}`);
    this.ending = true;
    this.out.writer.errorResponse(e, e.severity === 'PANIC' ? 'PANIC' : 'FATAL');
    this.out.flush();
    this.endSocket();
  }

  /** Half-close and let the client hang up (closing with unread input would reset the connection and
   * could lose our last message); destroy if it does not within LINGER_MS. */
  private endSocket(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    if (this.paused) {
      this.paused = false;
      socket.resume();
    }
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }

  /**
   * The client is gone. A statement that is writing results fails at its next batch (08006); one that is
   * not writing (a long aggregation, a wait) is cancelled rather than left to run for nobody, as
   * PostgreSQL's client_connection_check_interval would. The session is closed once the handler returns.
   */
  private onSocketClose(): void {
    this.disarmIdle();
    this.socketClosed = true;
    this.ending = true;
    this.out.markLost();
    this.wakeFrameWaiter();
    if (this.processing) this.session?.cancel();
    else void this.release();
  }

  /** Once: drop portals, close the session, tell the server. A running handler finishes first. */
  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      await this.extended?.closeAll();
      await this.session?.close();
    } catch (err) {
      this.host.engine.logInternal(err, 'closing a session');
    }
    this.host.released(this);
  }
}
