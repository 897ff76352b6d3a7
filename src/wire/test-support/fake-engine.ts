/**
 * An in-memory Engine for the wire layer's end-to-end tests: a handful of canned statements that exercise
 * every path of the protocol (rows, errors with positions, SET with ParameterStatus, notices, transactions,
 * slow and huge queries for cancel and backpressure, parameters echoed back). Not used outside tests.
 */
import {
  DEFAULT_TEXT_OPTIONS, SqlError, T, typeIdByName, sqlType, vectorFromValues, type Batch, type SqlType,
} from '../../common/index.ts';
import type {
  AuthMethod, Engine, EngineSession, Field, Portal, PreparedStatement, ResultSink, StartupInfo, TransactionStatus,
} from '../engine.ts';
import { makeScramVerifier } from '../scram.ts';

export const SCRAM_USER = 'scram_user';
export const SCRAM_PASSWORD = 'pencil';

const field = (name: string, type: SqlType): Field => ({ name, type, tableOid: 0, columnAttr: 0 });

export const ROW_FIELDS: readonly Field[] = [field('id', T.int4), field('name', T.text)];
export const ROWS: readonly [number, string | null][] = [[1, 'one'], [2, null], [3, 'three']];

function rowsBatch(from: number, to: number): Batch {
  const part = ROWS.slice(from, to);
  return {
    columns: [vectorFromValues(T.int4, part.map((r) => r[0])), vectorFromValues(T.text, part.map((r) => r[1]))],
    length: part.length,
  };
}

/** `SELECT big N`: N rows of (int4, text) produced 10,000 at a time, each batch awaiting the sink. */
async function bigQuery(n: number, sink: ResultSink, stats: FakeStats): Promise<void> {
  sink.rowDescription(ROW_FIELDS);
  const step = 10_000;
  for (let i = 0; i < n; i += step) {
    const m = Math.min(step, n - i);
    const ids = Array.from({ length: m }, (_, k) => i + k);
    stats.batchesProduced++;
    await sink.rows({ columns: [vectorFromValues(T.int4, ids), vectorFromValues(T.text, ids.map((x) => `row number ${x}`))], length: m });
  }
  sink.commandComplete(`SELECT ${n}`);
}

/**
 * `COPY in` (read the whole CopyData stream; `COPY in fail` fails on its second chunk, `COPY in early` stops
 * reading after its first one and fails) and `COPY out N` (N rows "row i\n").
 */
async function copyStatement(stmt: string, sink: ResultSink, stats: FakeStats): Promise<boolean> {
  if (stmt.startsWith('COPY in')) {
    const mode = stmt.slice('COPY in'.length).trim();
    const chunks: Buffer[] = [];
    for await (const chunk of sink.copyIn({ binary: mode === 'binary', columns: 2 })) {
      chunks.push(Buffer.from(chunk));
      if (mode === 'early') throw new SqlError('22P04', 'bad first chunk');
      if (mode === 'fail' && chunks.length === 2) throw new SqlError('22P04', 'bad second chunk');
    }
    stats.copiedIn.push(Buffer.concat(chunks).toString('utf8'));
    sink.commandComplete(`COPY ${chunks.length}`);
    return true;
  }
  const m = /^COPY out (\d+)$/.exec(stmt);
  if (m === null) return false;
  const n = Number(m[1]);
  const out = sink.copyOut({ binary: false, columns: 1 });
  for (let i = 0; i < n; i++) {
    out.data(`row ${i}\n`);
    if (i % 1000 === 999) await out.room();
  }
  out.done();
  sink.commandComplete(`COPY ${n}`);
  return true;
}

export interface FakeStats {
  sessionsOpened: number;
  sessionsClosed: number;
  cancels: number;
  extendedErrors: number;
  batchesProduced: number;
  internalErrors: unknown[];
  lastParams: readonly unknown[] | undefined;
  lastResultFormats: readonly number[] | undefined;
  lastPrepareTypes: readonly (SqlType | undefined)[] | undefined;
  /** Rejections seen by queries that were writing when their client went away. */
  sinkFailures: SqlError[];
  /** What each successful `COPY in` received. */
  copiedIn: string[];
}

export class FakeEngine implements Engine {
  readonly stats: FakeStats = {
    sessionsOpened: 0, sessionsClosed: 0, cancels: 0, extendedErrors: 0, batchesProduced: 0, internalErrors: [],
    lastParams: undefined, lastResultFormats: undefined, lastPrepareTypes: undefined, sinkFailures: [], copiedIn: [],
  };
  readonly sessions: FakeSession[] = [];
  private readonly verifier = makeScramVerifier(SCRAM_PASSWORD);

  async authMethod(startup: StartupInfo): Promise<AuthMethod> {
    if (startup.database === 'nodb') throw new SqlError('3D000', 'database "nodb" does not exist');
    if (startup.user === SCRAM_USER) return { kind: 'scram-sha-256', verifier: this.verifier };
    if (startup.user === 'nobody') return { kind: 'reject', error: new SqlError('28000', 'role "nobody" does not exist') };
    return { kind: 'trust' };
  }

  async openSession(startup: StartupInfo, backendPid: number): Promise<EngineSession> {
    this.stats.sessionsOpened++;
    const s = new FakeSession(this.stats, startup, backendPid);
    this.sessions.push(s);
    return s;
  }

  logInternal(err: unknown): void {
    this.stats.internalErrors.push(err);
  }
}

export class FakeSession implements EngineSession {
  closed = false;
  private status: TransactionStatus = 'I';
  private cancelWaiter: ((e: SqlError) => void) | undefined;
  private readonly settings = new Map<string, string>([
    ['server_version', '15.0 (Basin test)'], ['client_encoding', 'UTF8'], ['TimeZone', 'UTC'],
    ['integer_datetimes', 'on'], ['standard_conforming_strings', 'on'],
  ]);

  constructor(private readonly stats: FakeStats, readonly startup: StartupInfo, readonly pid: number) {
    this.settings.set('application_name', startup.params.get('application_name') ?? '');
  }

  reportedSettings(): ReadonlyMap<string, string> { return this.settings; }

  /** A startup parameter `idle_limit_ms` ends the connection after that long idle in a transaction. */
  idleLimit(): { ms: number; error: SqlError } | undefined {
    const ms = Number(this.startup.params.get('idle_limit_ms') ?? 0);
    if (ms <= 0 || this.status === 'I') return undefined;
    return { ms, error: new SqlError('25P03', 'terminating connection due to idle-in-transaction timeout') };
  }
  textOptions() { return DEFAULT_TEXT_OPTIONS; }
  sendsNotice() { return true; }

  async simpleQuery(sql: string, sink: ResultSink): Promise<void> {
    for (const stmt of sql.split(';').map((s) => s.trim())) {
      if (stmt === '') continue;
      await this.runStatement(stmt, sink);
    }
    if (sql.trim() === '') sink.emptyQuery();
  }

  private async runStatement(stmt: string, sink: ResultSink): Promise<void> {
    if (this.status === 'E' && !/^(ROLLBACK|COMMIT)$/i.test(stmt)) {
      throw new SqlError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
    }
    let m: RegExpExecArray | null;
    if (await copyStatement(stmt, sink, this.stats)) return;
    if (stmt === 'SELECT rows') {
      sink.rowDescription(ROW_FIELDS);
      await sink.rows(rowsBatch(0, ROWS.length));
      sink.commandComplete(`SELECT ${ROWS.length}`);
    } else if ((m = /^SET (\w+) = '(.*)'$/.exec(stmt)) !== null) {
      this.settings.set(m[1]!, m[2]!);
      sink.parameterStatus(m[1]!, m[2]!);
      sink.commandComplete('SET');
    } else if (stmt === 'SELECT bad') {
      throw new SqlError('42703', 'column "bad" does not exist', { position: 8 });
    } else if (stmt === 'SELECT internal') {
      throw new TypeError('boom');
    } else if (stmt === 'NOTICE') {
      sink.notice(new SqlError('01000', 'just so you know', { severity: 'WARNING' }));
      sink.commandComplete('DO');
    } else if ((m = /^SELECT big (\d+)$/.exec(stmt)) !== null) {
      try {
        await bigQuery(Number(m[1]), sink, this.stats);
      } catch (e) {
        this.stats.sinkFailures.push(e as SqlError);
        throw e;
      }
    } else if (stmt === 'SELECT sleep') {
      await new Promise<void>((_, reject) => { this.cancelWaiter = reject; });
    } else if (stmt === 'BEGIN') {
      this.status = 'T';
      sink.commandComplete('BEGIN');
    } else if (stmt === 'COMMIT' || stmt === 'ROLLBACK') {
      sink.commandComplete(this.status === 'E' ? 'ROLLBACK' : stmt);
      this.status = 'I';
    } else if (stmt === 'FAIL') {
      if (this.status === 'T') this.status = 'E';
      throw new SqlError('22012', 'division by zero');
    } else {
      throw new SqlError('42601', `syntax error at or near "${stmt.split(' ')[0]}"`, { position: 1 });
    }
  }

  /**
   * Prepared statements: `SELECT rows`, `INSERT ...` (no rows), `SELECT bad` (fails), or an echo
   * `SELECT $1::type [AS name], ...` whose one result row is the parameters.
   */
  async prepare(sql: string, paramTypes: readonly (SqlType | undefined)[]): Promise<PreparedStatement> {
    this.stats.lastPrepareTypes = paramTypes;
    if (sql === 'SELECT rows') return { paramTypes: [], fields: ROW_FIELDS, sql } as PreparedStatement;
    if (sql.startsWith('INSERT') || sql.startsWith('COPY')) return { paramTypes: [], fields: null, sql } as PreparedStatement;
    if (sql === 'SELECT bad') throw new SqlError('42703', 'column "bad" does not exist', { position: 8 });
    const params = [...sql.matchAll(/\$(\d+)(?:::(\w+))?(?: AS (\w+))?/g)];
    if (params.length === 0) throw new SqlError('42601', 'syntax error at or near "x"', { position: 1 });
    const types = params.map((p, i) => paramTypes[i] ?? sqlType(typeIdByName(p[2] ?? 'text') ?? 'text'));
    return {
      paramTypes: types, fields: params.map((p, i) => field(p[3] ?? '?column?', types[i]!)), sql,
    } as PreparedStatement;
  }

  async bind(stmt: PreparedStatement, params: readonly unknown[], resultFormats: readonly number[]): Promise<Portal> {
    this.stats.lastParams = params;
    this.stats.lastResultFormats = resultFormats;
    const sql = (stmt as PreparedStatement & { sql: string }).sql;
    let pos = 0;
    return {
      fields: stmt.fields,
      execute: async (maxRows, sink) => {
        if (await copyStatement(sql, sink, this.stats)) return 'done';
        if (sql.startsWith('INSERT')) {
          sink.commandComplete('INSERT 0 1');
          return 'done';
        }
        if (sql === 'SELECT rows') {
          const end = maxRows === 0 ? ROWS.length : Math.min(ROWS.length, pos + maxRows);
          await sink.rows(rowsBatch(0, ROWS.length), pos, end);
          const sent = end - pos;
          pos = end;
          if (pos < ROWS.length) return 'suspended';
          sink.commandComplete(`SELECT ${sent}`);
          return 'done';
        }
        const batch: Batch = {
          columns: stmt.fields!.map((f, i) => vectorFromValues(f.type, [params[i]])), length: 1,
        };
        await sink.rows(batch);
        sink.commandComplete('SELECT 1');
        return 'done';
      },
      close: async () => {},
    };
  }

  onExtendedError(): void {
    this.stats.extendedErrors++;
  }

  async sync(): Promise<void> {}

  transactionStatus(): TransactionStatus { return this.status; }

  cancel(): void {
    this.stats.cancels++;
    this.cancelWaiter?.(new SqlError('57014', 'canceling statement due to user request'));
    this.cancelWaiter = undefined;
  }

  async close(): Promise<void> {
    this.stats.sessionsClosed++;
    this.closed = true;
    this.cancelWaiter?.(new SqlError('57P01', 'terminating connection'));
    this.cancelWaiter = undefined;
  }
}
