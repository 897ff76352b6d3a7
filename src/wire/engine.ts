/**
 * The contract between the protocol layer and the engine. `wire/` does the protocol bookkeeping (framing,
 * startup, authentication exchange, named statements and portals, the extended-protocol error/Sync dance,
 * encoding result batches into DataRows); the engine (implemented in `server/`) does the SQL work behind these
 * interfaces. Nothing here knows SQL semantics.
 */
import type { Batch, SqlError, SqlType } from '../common/index.ts';
import type { TextOptions } from '../common/index.ts';

/** One result column as RowDescription describes it. */
export interface Field {
  readonly name: string;
  readonly type: SqlType;
  /** OID of the table the column comes from, or 0. */
  readonly tableOid: number;
  /** Attribute number in that table, or 0. */
  readonly columnAttr: number;
}

/** What the client sent in its StartupMessage. */
export interface StartupInfo {
  readonly user: string;
  readonly database: string;
  /** All startup parameters, including user/database/application_name/options. */
  readonly params: ReadonlyMap<string, string>;
  readonly remoteAddress: string;
  /** True for 127.0.0.0/8, ::1 and unix sockets. */
  readonly loopback: boolean;
}

/** How a connection must authenticate: decided by the server per startup. */
export type AuthMethod =
  | { readonly kind: 'trust' }
  | { readonly kind: 'scram-sha-256'; readonly verifier: string }
  /** Refuse with this error (e.g. 28000 no password configured and the client is not on loopback). */
  | { readonly kind: 'reject'; readonly error: SqlError };

export type TransactionStatus = 'I' | 'T' | 'E';

/** What a CopyInResponse or CopyOutResponse announces: the format, and how many columns each row has. */
export interface CopyFormat {
  readonly binary: boolean;
  readonly columns: number;
}

/** A COPY TO STDOUT in progress: its rows go out one CopyData message each, as the protocol wants. */
export interface CopyOutStream {
  /** One CopyData message (a string goes out as UTF-8). */
  data(data: string | Uint8Array): void;
  /** Resolves when the socket has room for more (backpressure); rejects with 08006 once the client is gone. */
  room(): Promise<void>;
  /** CopyDone: the data is complete (CommandComplete follows as for any statement). */
  done(): void;
}

/**
 * Where an executing statement sends its output. `rows` returns a promise that resolves once the socket has
 * room again (backpressure): the executor must await it before producing the next batch.
 */
export interface ResultSink {
  /**
   * RowDescription, sent by the simple protocol before rows (the extended protocol uses Describe). `binary`:
   * the rows that follow go out in binary (a BINARY cursor's FETCH); the extended protocol keeps Bind's formats.
   */
  rowDescription(fields: readonly Field[], binary?: boolean): void;
  /** DataRows for the batch's rows [start, end) (whole batch by default). */
  rows(batch: Batch, start?: number, end?: number): Promise<void>;
  commandComplete(tag: string): void;
  /** NoticeResponse / WARNING etc. */
  notice(notice: SqlError): void;
  /** ParameterStatus, e.g. after SET of a reported setting. */
  parameterStatus(name: string, value: string): void;
  /** EmptyQueryResponse (a statement string with no statements). */
  emptyQuery(): void;
  /**
   * COPY FROM STDIN: send CopyInResponse and return the CopyData payloads as they arrive. The iteration ends
   * at the client's CopyDone; a CopyFail ends it with 57014, any message other than CopyData, CopyDone,
   * CopyFail, Flush or Sync with 08P01, a lost client with 08006. A COPY that succeeds must read it to its
   * end (after an end-of-data marker too); one that fails may stop anywhere: the protocol layer then drops
   * the client's remaining copy messages.
   */
  copyIn(format: CopyFormat): AsyncIterable<Uint8Array>;
  /** COPY TO STDOUT: send CopyOutResponse; the rows follow through the stream, then `done()`. */
  copyOut(format: CopyFormat): CopyOutStream;
}

/**
 * A statement prepared with Parse. `paramTypes` are the inferred (or client-given) types of $1..$n;
 * `fields` is null when the statement returns no rows (NoData).
 */
export interface PreparedStatement {
  readonly paramTypes: readonly SqlType[];
  readonly fields: readonly Field[] | null;
}

/**
 * The session's named prepared statements. Parse and Close fill and empty it, and so do SQL PREPARE and
 * DEALLOCATE through the engine: in PostgreSQL both kinds share one namespace (and pg_prepared_statements).
 * The unnamed statement ('') belongs to the protocol alone: `entries` and `clear` pass it by.
 */
export interface PreparedStatements {
  get(name: string): PreparedStatement | undefined;
  /** Store under a new name; 42P05 when a named statement already has it ('' is replaced). */
  add(name: string, stmt: PreparedStatement): void;
  delete(name: string): boolean;
  /** DEALLOCATE ALL: every named statement. */
  clear(): void;
  entries(): Iterable<readonly [string, PreparedStatement]>;
}

/** A portal created by Bind: a prepared statement with its parameter values, runnable in pieces. */
export interface Portal {
  readonly fields: readonly Field[] | null;
  /**
   * Run until completion or until `maxRows` rows were sent (0 = no limit). Returns 'suspended' when rows
   * remain (the wire layer then sends PortalSuspended); 'done' after CommandComplete was sent to the sink.
   */
  execute(maxRows: number, sink: ResultSink): Promise<'done' | 'suspended'>;
  /** Release resources (open scans) without running to completion. */
  close(): Promise<void>;
}

/** One client session's engine side. */
export interface EngineSession {
  /** Settings to announce with ParameterStatus after authentication (server_version, TimeZone, ...). */
  reportedSettings(): ReadonlyMap<string, string>;
  /** How text-format values are rendered for this session now (TimeZone, extra_float_digits, DateStyle). */
  textOptions(): TextOptions;
  /** Whether a notice of this severity reaches the client now (client_min_messages); the others are dropped. */
  sendsNotice(severity: string): boolean;
  /**
   * Run a simple-protocol query string (possibly several statements, possibly none: then sink.emptyQuery()).
   * Errors are thrown as SqlError after whatever was already sent; the wire layer sends ErrorResponse.
   */
  simpleQuery(sql: string, sink: ResultSink): Promise<void>;
  /** Parse: `paramTypes[i]` is the client-specified type of $i+1 or undefined to infer. */
  prepare(sql: string, paramTypes: readonly (SqlType | undefined)[]): Promise<PreparedStatement>;
  /**
   * Bind: `params` are already decoded JS values (see common/types.ts for their representation) of the
   * prepared statement's paramTypes; `resultFormats` is the expanded per-column format list (0 text, 1 binary).
   */
  bind(stmt: PreparedStatement, params: readonly unknown[], resultFormats: readonly number[]): Promise<Portal>;
  /** An error ended the current extended-protocol batch (the wire layer is discarding until Sync). */
  onExtendedError(): void;
  /** Sync: end of an extended-protocol batch (ends an implicit transaction). */
  sync(): Promise<void>;
  transactionStatus(): TransactionStatus;
  /** Cancel what is running now (CancelRequest); it must end with SqlError 57014. */
  cancel(): void;
  /**
   * Asked each time the connection turns idle (ReadyForQuery sent, nothing queued): how long it may stay idle
   * before it is ended with this FATAL error (idle_in_transaction_session_timeout), or undefined for no limit.
   */
  idleLimit(): { readonly ms: number; readonly error: SqlError } | undefined;
  /** The connection is gone: roll back and release everything. */
  close(): Promise<void>;
  /**
   * LISTEN's notifications waiting for this client, handed over (and forgotten). The connection sends them
   * only outside a transaction block: before ReadyForQuery, or at once while the client is idle.
   */
  takeNotifications?(): readonly Notification[];
  /** Called once with what the session calls when notifications arrive for it (from another session). */
  watchNotifications?(wake: () => void): void;
}

/** One NotificationResponse: a NOTIFY committed by the session with backend pid `pid`. */
export interface Notification {
  readonly pid: number;
  readonly channel: string;
  readonly payload: string;
}

/** What the wire server needs from the rest of Basin. */
export interface Engine {
  /** Decide how this startup authenticates (and whether the database/user exist: 3D000 / 28000). */
  authMethod(startup: StartupInfo): Promise<AuthMethod>;
  /** Open a session after successful authentication; `statements` is the connection's statement namespace. */
  openSession(startup: StartupInfo, backendPid: number, statements: PreparedStatements): Promise<EngineSession>;
  /** Log an internal error (anything that was not a SqlError). */
  logInternal(err: unknown, context: string): void;
}
