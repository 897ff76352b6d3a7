/**
 * One client session: settings, the open transaction, and statement dispatch. Implements the engine side of
 * the wire protocol (simple and extended query). A failed statement never breaks the session: outside a
 * transaction block its writes are rolled back; inside one the block enters the failed state (25P02).
 */
import type { SessionAdvisoryLocks } from '../advisory-locks.ts';
import { CLIENT_MESSAGE_LEVELS, findSetting, SETTINGS, SqlError, SqlState, T, textOptionsFrom, type Batch, type SqlType, type TextOptions } from '../../common/index.ts';
import { CatalogView, isSystemRelation, SystemCatalog, type SessionActivity } from '../../catalog/index.ts';
import type { ExecContext } from '../../exec/index.ts';
import type { AsOf, BindContext, CatalogLookup, CatalogReader, RelationRef, SessionInfo } from '../../plan/index.ts';
import { regIO } from '../../functions/index.ts';
import { BinderState, bindInsert, bindMerge, bindModify, bindQuery, nodeOf, parseSql, preloadRelations, type Ast, type ParsedStatement } from '../../sql/index.ts';
import type { EngineSession, Field, Notification, Portal, PreparedStatement, PreparedStatements, ResultSink, StartupInfo, TransactionStatus } from '../../wire/index.ts';
import type { Outcome, ServerServices, StatementContext, StatementSink } from './statement-context.ts';
import { dispatch } from './dispatch.ts';
import { canonicalSettingName, checkSettingValue, runSet } from './statements/set-show.ts';
import { Transaction } from './transaction.ts';
import { fieldsOf } from './statements/query.ts';
import { pinnedReadAsOf, READ_AS_OF, resolveTimeTravel } from './statements/as-of.ts';
import { deltaResultFields } from './statements/delta-results.ts';
import { describeRelation } from './statements/history.ts';
import { resolveTableFunction } from './statements/table-changes.ts';
import { readFiles } from './statements/read-files.ts';
import { bindViewColumns, SYSTEM_SCHEMAS, tableSize } from './system-relations.ts';
import { SessionCursors } from './cursors.ts';
import { SessionNotifications } from './notifications.ts';
import { isTransactionSetting, noteStatement, setTransactionOptions, setTransactionSetting } from './transaction-mode.ts';
import {
  deallocate, executeParams, innerStatement, listPrepared, lookupPrepared, prepareParamTypes, type Prepared,
} from './sql-prepared.ts';

/** Describing a statement binds it without running it: nothing is sent, no COPY data flows. */
const noCopy = (): never => {
  throw new SqlError(SqlState.internalError, 'COPY data cannot flow while a statement is only described');
};
const DESCRIBE_SINK: StatementSink = { notice: () => undefined, parameterStatus: () => undefined, copyIn: noCopy, copyOut: noCopy };

const CANCELED = () => new SqlError(SqlState.queryCanceled, 'canceling statement due to user request');
const TIMED_OUT = () => new SqlError(SqlState.queryCanceled, 'canceling statement due to statement timeout');

export class Session implements EngineSession {
  private readonly settings = new Map<string, string>();
  private tx: Transaction | null = null;
  private cancelError: (() => SqlError) | null = null;
  private readonly backendStart = Date.now() * 1000;
  private lastQuery = '';
  private queryStart: number | null = null;
  private stateChange: number | null = null;
  private running = false;
  private seed = Math.random();
  private readonly cursors = new SessionCursors();
  /** Settings changed in the current transaction (see changeSetting), and reported ones it ended by changing. */
  private readonly txSettings = new Map<string, { readonly start: string | undefined; kept: string | undefined }>();
  private settingsTx: Transaction | null = null;
  private readonly pendingReports = new Set<string>();
  /** LISTEN's channels, NOTIFYs of the open transaction, and notifications received. */
  private readonly notifications: SessionNotifications;
  /** The catalog the latest statement sees, where the reg* types' names in its results and casts come from. */
  private statementCatalog: (() => CatalogLookup) | undefined;
  private readonly reg = regIO(() => this.statementCatalog?.());
  /** This session's advisory locks; transaction-level ones go when the transaction that took them ends. */
  private readonly advisoryLocks: SessionAdvisoryLocks;
  private advisoryTx: Transaction | null = null;
  readonly database: string;
  readonly user: string;

  constructor(private readonly services: ServerServices, startup: StartupInfo, readonly backendPid: number,
    private readonly statements: PreparedStatements, private readonly onClose: () => void) {
    this.database = startup.database;
    this.user = startup.user;
    this.advisoryLocks = services.advisoryLocks.session(backendPid, this.database, () => {
      const tx = this.tx;
      if (tx === null || this.advisoryTx === tx) return;
      this.advisoryTx = tx;
      tx.onEnd(() => {
        this.advisoryTx = null;
        this.advisoryLocks.transactionEnded();
      });
    });
    this.notifications = new SessionNotifications(services.notifications, backendPid);
    this.settings.set('application_name', startup.params.get('application_name') ?? '');
    this.settings.set('session_authorization', startup.user);
    this.settings.set('is_superuser', services.catalog.role(startup.user)?.superuser ? 'on' : 'off');
    const opts = startup.params.get('options');
    if (opts !== undefined) this.applyStartupOptions(opts);
    for (const [k, v] of startup.params) {
      const def = findSetting(k);
      if (def !== undefined && def.scope === 'session' && !['user', 'database', 'is_superuser', 'session_authorization'].includes(k)) {
        try { this.settings.set(def.name, def.check ? def.check(v) : v); } catch { /* ignore bad startup values as PostgreSQL warns */ }
      }
    }
  }

  /** `-c name=value` pairs in the startup `options` parameter. */
  private applyStartupOptions(opts: string): void {
    const re = /(?:-c\s*|--)([A-Za-z_.]+)=(\S+)/g;
    for (const m of opts.matchAll(re)) {
      const def = findSetting(m[1]!);
      if (def?.scope === 'session') this.settings.set(def.name, m[2]!);
    }
  }

  // ─── settings ──────────────────────────────────────────────────────────────────────────────────────────

  setting(name: string): string {
    const def = findSetting(name);
    const key = def?.name ?? name;
    const value = this.settings.get(key);
    if (value === undefined && def?.transactionDefault !== undefined) return this.setting(def.transactionDefault);
    return value ?? this.services.serverSettings.get(key) ?? def?.default ?? '';
  }

  reportedSettings(): ReadonlyMap<string, string> {
    const m = new Map<string, string>();
    for (const s of SETTINGS) if (s.report) m.set(s.name, this.setting(s.name));
    return m;
  }

  /** The text I/O options of the current settings: rebuilt only when one of them has changed. */
  textOptions(): TextOptions {
    const key = `${this.setting('TimeZone')}\0${this.setting('DateStyle')}\0${this.setting('extra_float_digits')}`;
    if (this.textOptionsKey !== key) {
      this.cachedTextOptions = { ...textOptionsFrom((n) => this.setting(n)), reg: this.reg };
      this.textOptionsKey = key;
    }
    return this.cachedTextOptions!;
  }
  private textOptionsKey: string | undefined;
  private cachedTextOptions: TextOptions | undefined;

  sendsNotice(severity: string): boolean {
    // INFO always reaches the client; the rest rank against client_min_messages (DEBUG1..5 report as DEBUG).
    const level = severity.toLowerCase();
    if (level === 'info') return true;
    const rank = (l: string) => (l === 'debug' ? 4 : (CLIENT_MESSAGE_LEVELS as readonly string[]).indexOf(l));
    const min = this.setting('client_min_messages');
    return rank(level) >= (min === 'info' ? rank('notice') : rank(min));
  }

  private searchPath(): string[] {
    const view = this.catalogView();
    const out: string[] = [];
    for (const raw of this.setting('search_path').split(',')) {
      let s = raw.trim();
      if (s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).replace(/""/g, '"');
      else s = s.toLowerCase();
      if (s === '$user') s = this.user;
      if (s !== '' && view.schema(this.database, s) !== undefined && !out.includes(s)) out.push(s);
    }
    return out;
  }

  /** What functions see of this session in every statement: built once (StatementSession adds the rest). */
  private get info(): SessionInfo {
    return this.baseInfo ??= {
      user: this.user, database: this.database, backendPid: this.backendPid,
      setting: (n) => (findSetting(n) !== undefined || this.settings.has(n) ? this.setting(n) : undefined),
      searchPath: () => this.searchPath(),
      random: () => {
        // xorshift-style PRNG so setseed() makes random() repeatable.
        let x = Math.floor(this.seed * 2 ** 31) ^ 0x5bd1e995;
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
        this.seed = ((x >>> 0) % 2 ** 31) / 2 ** 31;
        return this.seed;
      },
      setSeed: (s) => { this.seed = (s + 1) / 2 + 1e-9; },
      advisoryLocks: this.advisoryLocks,
    };
  }
  private baseInfo: SessionInfo | undefined;

  // ─── transactions ──────────────────────────────────────────────────────────────────────────────────────

  transactionStatus(): TransactionStatus {
    if (this.tx === null || !this.tx.explicit) return 'I';
    return this.tx.failed ? 'E' : 'T';
  }

  private catalogView(): CatalogView {
    return new CatalogView(this.services.catalog, this.tx?.catalogChanges ?? new Map());
  }

  private begin(explicit: boolean): Transaction {
    this.tx ??= new Transaction(explicit, this.services.storage, this.services.catalog);
    return this.tx;
  }

  /** Transaction control statements are handled here, not in dispatch: they own `this.tx`. */
  private async transactionStatement(n: Ast, sink: StatementSink): Promise<string> {
    const kind: string = n.kind;
    const warn = (code: typeof SqlState[keyof typeof SqlState], msg: string) => sink.notice(new SqlError(code, msg, { severity: 'WARNING' }));
    switch (kind) {
      case 'TRANS_STMT_BEGIN': case 'TRANS_STMT_START':
        if (this.tx?.explicit) warn(SqlState.activeSqlTransaction, 'there is already a transaction in progress');
        else if (this.tx !== null) this.tx.explicit = true; // BEGIN inside a multi-statement query continues its block
        else this.tx = new Transaction(true, this.services.storage, this.services.catalog);
        if (n.options !== undefined) setTransactionOptions(this.modeContext(this.tx, sink), n.options, false);
        return kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION';
      case 'TRANS_STMT_COMMIT': case 'TRANS_STMT_ROLLBACK': {
        const tx = this.tx;
        this.tx = null;
        if (tx === null || !tx.explicit) {
          warn(SqlState.noActiveSqlTransaction, 'there is no transaction in progress');
          // COMMIT/ROLLBACK inside a multi-statement query ends its implicit block, as in PostgreSQL.
          if (tx !== null) {
            if (kind === 'TRANS_STMT_COMMIT') await tx.commit(this.idempotentWrite()); else await tx.rollback();
            this.tx = new Transaction(false, this.services.storage, this.services.catalog, true);
          }
          return kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK';
        }
        if (kind === 'TRANS_STMT_ROLLBACK' || tx.failed) {
          await tx.rollback();
          return 'ROLLBACK';
        }
        try {
          await tx.commit(this.idempotentWrite());
        } catch (e) {
          await tx.rollback();
          throw e;
        }
        return 'COMMIT';
      }
      case 'TRANS_STMT_SAVEPOINT': case 'TRANS_STMT_RELEASE': case 'TRANS_STMT_ROLLBACK_TO':
        return this.savepointStatement(kind, n.savepoint_name as string, sink);
      default:
        throw new SqlError(SqlState.featureNotSupported, `${kind.replace('TRANS_STMT_', '').toLowerCase()} is not supported yet`);
    }
  }

  /**
   * SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT, inside a transaction block. A name may be reused:
   * the newest savepoint of that name is meant. ROLLBACK TO keeps the savepoint (and ends the failed state);
   * RELEASE drops it and every newer one, keeping their work.
   */
  private async savepointStatement(kind: string, name: string, sink: StatementSink): Promise<string> {
    const tx = this.tx;
    const tag = kind === 'TRANS_STMT_SAVEPOINT' ? 'SAVEPOINT' : kind === 'TRANS_STMT_RELEASE' ? 'RELEASE' : 'ROLLBACK';
    if (tx === null || !tx.explicit) {
      const what = kind === 'TRANS_STMT_SAVEPOINT' ? 'SAVEPOINT' : kind === 'TRANS_STMT_RELEASE' ? 'RELEASE SAVEPOINT' : 'ROLLBACK TO SAVEPOINT';
      throw new SqlError(SqlState.noActiveSqlTransaction, `${what} can only be used in transaction blocks`);
    }
    if (kind === 'TRANS_STMT_SAVEPOINT') {
      const readOnly = this.setting('transaction_read_only') === 'on';
      tx.savepoints.push({ name, state: tx.save(), readOnly, restoreSession: this.saveSessionState(tx, sink) });
      return tag;
    }
    const i = tx.savepoints.map((s) => s.name).lastIndexOf(name);
    if (i < 0) throw new SqlError(SqlState.invalidSavepointSpecification, `savepoint "${name}" does not exist`);
    if (kind === 'TRANS_STMT_RELEASE') {
      tx.savepoints.splice(i);
      return tag;
    }
    tx.savepoints.splice(i + 1);
    await tx.rollbackTo(tx.savepoints[i]!.state);
    tx.savepoints[i]!.restoreSession?.();
    return tag;
  }

  /** What ROLLBACK TO a savepoint set now puts back of the session: its settings (reported ones to the client). */
  private saveSessionState(tx: Transaction, sink: StatementSink): () => void {
    const notifications = this.notifications.save();
    const settings = new Map(this.settings);
    const txSettings = this.settingsTx === tx ? new Map([...this.txSettings].map(([k, v]) => [k, { ...v }])) : new Map<string, never>();
    return () => {
      notifications();
      const before = this.reportedSettings();
      this.settings.clear();
      for (const [k, v] of settings) this.settings.set(k, v);
      this.txSettings.clear();
      for (const [k, v] of txSettings) this.txSettings.set(k, { ...v });
      for (const [k, v] of this.reportedSettings()) if (before.get(k) !== v) sink.parameterStatus(k, v);
    };
  }

  /** What SET TRANSACTION needs, for BEGIN's options. */
  private modeContext(tx: Transaction, sink: StatementSink) {
    return { tx, sink, setting: (n: string) => this.setting(n), setSetting: (n: string, v: string | undefined, local = false) => this.changeSetting(n, v, local, sink) };
  }

  // ─── statements ────────────────────────────────────────────────────────────────────────────────────────

  private statementContext(stmt: ParsedStatement, sql: string, sink: StatementSink,
    paramTypes: (SqlType | undefined)[], fixed: boolean, paramValues: readonly unknown[]): StatementContext {
    const tx = this.begin(false);
    noteStatement(tx, nodeOf(stmt.node)[0]);
    const view = this.catalogView();
    // The catalog's system relations and functions see the catalog as this statement does; built on first use.
    let system: SystemCatalog | undefined;
    const systemCatalog = (): SystemCatalog => system ??= new SystemCatalog({
      view, database: this.database, user: this.user, searchPath: this.searchPath(), functions: this.services.functions,
      setting: (n) => this.setting(n), backendPid: this.backendPid, activity: () => this.services.activity(),
      viewColumns: (v) => bindViewColumns(v, bindContext, columnsOnlyReader ??= reader(true)),
      tableSize: (t) => tableSize(tx, t),
      cursors: () => this.cursors.list(), preparedStatements: () => listPrepared(this.statements),
      advisoryLocks: () => this.services.advisoryLocks.list().map((l) => ({ database: l.database, ...l.key, mode: l.mode, pid: l.pid })),
    });
    this.statementCatalog = systemCatalog;
    const session = new StatementSession(this.info, systemCatalog, {
      setConfig: (n, v, local) => {
        const name = canonicalSettingName(n);
        if (isTransactionSetting(name)) setTransactionSetting(ctx, name, v, local);
        else this.changeSetting(name, checkSettingValue(name, v), local, sink);
        return this.setting(name);
      },
      notice: (e) => sink.notice(e),
      notify: (channel, payload) => this.notifications.notify(tx, channel, payload),
      listeningChannels: () => this.notifications.listening(),
    });
    // The search path as this statement resolves names: read once, not per name.
    let path: readonly string[] | undefined;
    const statementPath = () => path ??= this.searchPath();
    const reader = (columnsOnly: boolean): CatalogReader => ({
      relation: async (schema, name, asOf) => this.resolveRelation(view, tx, systemCatalog, statementPath, columnsOnly, schema, name, asOf),
      schemaExists: (name) => view.schema(this.database, name) !== undefined,
      tableFunction: (name, args) => resolveTableFunction(ctx, name, args),
      readFiles: (format, args) => readFiles(ctx, format, args),
      prepareSizes: () => systemCatalog().prepareSizes(),
    });
    const catalogReader = reader(false);
    let columnsOnlyReader: CatalogReader | undefined;
    const bindContext: BindContext = { catalog: catalogReader, functions: this.services.functions, session };
    const statementStart = Date.now() * 1000;
    const self = this;
    const ctx: StatementContext = {
      services: this.services, view, tx, database: this.database, user: this.user, backendPid: this.backendPid,
      sql, text: stmt.text, bindContext, paramTypes, fixedParams: fixed, sink, timeTravel: stmt.timeTravel,
      mergeStar: stmt.mergeStar, mergeEvolution: stmt.mergeEvolution,
      execContext(): ExecContext {
        return {
          storage: tx.storage, params: paramValues, batchSize: Number(self.setting('batch_size')),
          textOptions: self.textOptions(), timeZone: self.setting('TimeZone'), transactionStart: tx.startMicros,
          statementStart, session, checkCancel: () => self.checkCancel(),
          parallel: self.services.workers?.parallelism(Number(self.setting('threads')), Number(self.setting('parallel_min_rows'))),
          spill: { space: self.services.tempSpace, workMem: Number(self.setting('work_mem')) * 1024, pool: self.services.memory },
        };
      },
      creationSchema: () => this.searchPath()[0],
      setting: (n) => this.setting(n),
      setSetting: (n, v, local = false) => {
        const tx = self.tx;
        if (local && (tx === null || !(tx.explicit || tx.multi))) {
          sink.notice(new SqlError(SqlState.noActiveSqlTransaction, 'SET LOCAL can only be used in transaction blocks', { severity: 'WARNING' }));
          return;
        }
        self.changeSetting(n, v, local, sink);
      },
    };
    return ctx;
  }

  /**
   * A name in FROM: a system relation when its schema is pg_catalog or information_schema (pg_catalog is
   * searched first unless the search path places it), else a table or view. `columnsOnly`: system relations
   * without their rows, for binding that only needs column types.
   */
  private async resolveRelation(view: CatalogView, tx: Transaction, system: () => SystemCatalog, searchPath: () => readonly string[],
    columnsOnly: boolean, schema: string | undefined, name: string, asOf?: AsOf): Promise<RelationRef | undefined> {
    const path = searchPath();
    const schemas = schema !== undefined ? [schema] : path.includes('pg_catalog') ? path : ['pg_catalog', ...path];
    for (const s of schemas) {
      if (SYSTEM_SCHEMAS.has(s)) {
        // Checked by name first: most statements name only tables, and building the system catalog costs.
        if (!isSystemRelation(s, name)) continue;
        const rel = await system().systemRelation(s, name, columnsOnly);
        if (rel === undefined) continue;
        if (asOf !== undefined) throw new SqlError(SqlState.wrongObjectType, `cannot time travel system relation "${rel.name}": only tables have versions`);
        return rel;
      }
      const rel = view.relation(this.database, s, name);
      if (rel === undefined) continue;
      if (rel.kind === 'view') {
        if (asOf !== undefined) throw new SqlError(SqlState.wrongObjectType, `cannot time travel view "${rel.name}": only tables have versions`);
        return { kind: 'view', oid: rel.oid, schemaName: rel.schema, name: rel.name, sql: rel.sql, columnNames: rel.columnNames };
      }
      if (asOf !== undefined && 'describe' in asOf) return describeRelation(this.services.storage, rel, asOf.describe, asOf.limit);
      asOf ??= pinnedReadAsOf(this.setting(READ_AS_OF), this.textOptions()); // basin.read_as_of pins tables, not views
      // Time travel reads a committed version, with that version's columns.
      const storage = this.services.storage;
      const snapshot = asOf === undefined ? await tx.snapshot(rel.location) : await storage.snapshot(rel.location,
        'version' in asOf ? asOf.version : await storage.versionAt(rel.location, Math.floor(asOf.timestamp / 1000)));
      const columns = asOf === undefined ? rel.columns : snapshot.schema;
      return {
        kind: 'table', oid: rel.oid, schemaName: rel.schema, name: rel.name, location: rel.location,
        columns: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })), snapshot,
      };
    }
    return undefined;
  }

  private checkCancel(): void {
    if (this.cancelError !== null) {
      const e = this.cancelError();
      this.cancelError = null;
      throw e;
    }
  }

  cancel(): void {
    this.cancelError = CANCELED;
  }

  /** Start-of-statement bookkeeping: failed-transaction check, statement_timeout, what pg_stat_activity shows. */
  private startStatement(stmt: ParsedStatement): () => void {
    this.cancelError = null;
    this.advisoryLocks.statementStarted();
    if (this.tx?.failed && !endsTransaction(stmt)) {
      throw new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    this.lastQuery = stmt.text;
    this.queryStart = this.stateChange = Date.now() * 1000;
    this.running = true;
    const finished = () => {
      this.running = false;
      this.stateChange = Date.now() * 1000;
    };
    const timeout = Number(this.setting('statement_timeout'));
    if (timeout > 0) {
      const t = setTimeout(() => { this.cancelError = TIMED_OUT; }, timeout);
      return () => { clearTimeout(t); finished(); };
    }
    return finished;
  }

  /** This session as pg_stat_activity shows it. */
  activity(): SessionActivity {
    const state = this.running ? 'active' : this.tx?.explicit ? (this.tx.failed ? 'idle in transaction (aborted)' : 'idle in transaction') : 'idle';
    return {
      pid: this.backendPid, database: this.database, user: this.user, applicationName: this.setting('application_name'),
      state, query: this.lastQuery, backendStart: this.backendStart, xactStart: this.tx?.startMicros ?? null,
      queryStart: this.queryStart, stateChange: this.stateChange,
    };
  }

  /** Run one statement to an Outcome (rows not yet pulled). */
  private async outcome(stmt: ParsedStatement, sql: string, sink: StatementSink,
    paramTypes: (SqlType | undefined)[], fixed: boolean, values: readonly unknown[]): Promise<Outcome> {
    const [kind, n] = nodeOf(stmt.node);
    if (kind === 'TransactionStmt') {
      const tag = await this.transactionStatement(n, sink);
      return { fields: null, tag: () => tag };
    }
    // Cursors and prepared statements belong to the session.
    switch (kind) {
      case 'FetchStmt': return this.cursors.fetch(n, () => this.checkCancel());
      case 'ClosePortalStmt': return this.cursors.close(n);
      case 'DeallocateStmt': return deallocate(this.statements, n);
      case 'DiscardStmt': return this.discard(n.target as string, this.statementContext(stmt, sql, sink, paramTypes, fixed, values));
      case 'ListenStmt':
        this.notifications.listen(this.begin(false), n.conditionname as string);
        return { fields: null, tag: () => 'LISTEN' };
      case 'UnlistenStmt':
        this.notifications.unlisten(this.begin(false), n.conditionname as string | undefined);
        return { fields: null, tag: () => 'UNLISTEN' };
      case 'NotifyStmt':
        this.notifications.notify(this.begin(false), n.conditionname as string, (n.payload as string | undefined) ?? null);
        return { fields: null, tag: () => 'NOTIFY' };
      case 'DeclareCursorStmt': {
        const inBlock = this.tx !== null && (this.tx.explicit || this.tx.multi);
        return this.cursors.declare(n, this.statementContext(stmt, sql, sink, paramTypes, fixed, values), inBlock);
      }
      case 'PrepareStmt': {
        const ctx = this.statementContext(stmt, sql, sink, paramTypes, fixed, values);
        const prepared = await this.prepareParsed(innerStatement(stmt, n.query), sql, prepareParamTypes(n, ctx), true);
        this.statements.add(n.name, prepared);
        return { fields: null, tag: () => 'PREPARE' };
      }
      case 'ExecuteStmt': {
        const p = lookupPrepared(this.statements, n.name);
        const args = await executeParams(n.name, p, n, this.statementContext(stmt, sql, sink, paramTypes, fixed, values));
        if (p.stmt === undefined) return { fields: null, tag: () => 'EXECUTE' };
        return this.outcome(p.stmt, p.sql, sink, [...p.paramTypes], true, args);
      }
      case 'ExplainStmt': {
        // EXPLAIN EXECUTE p(args): the plan of p's statement with those parameter values.
        const e = n.query?.ExecuteStmt;
        if (e === undefined) break;
        const p = lookupPrepared(this.statements, e.name);
        const args = await executeParams(e.name, p, e, this.statementContext(stmt, sql, sink, paramTypes, fixed, values));
        const inner = p.stmt ?? stmt;
        return dispatch(kind, { ...n, query: inner.node }, this.statementContext(inner, p.sql, sink, [...p.paramTypes], true, args));
      }
    }
    return dispatch(kind, n, this.statementContext(stmt, sql, sink, paramTypes, fixed, values));
  }

  /**
   * DISCARD ALL: the session as a new connection has it (cursors closed, prepared statements deallocated,
   * settings reset, channels unlistened), outside transaction blocks only. DISCARD PLANS, SEQUENCES and TEMP
   * have nothing to drop: Basin caches no plans and has neither sequences nor temporary tables.
   */
  private async discard(target: string, ctx: StatementContext): Promise<Outcome> {
    const what = target.replace('DISCARD_', '');
    if (what === 'ALL') {
      if (this.tx !== null && (this.tx.explicit || this.tx.multi)) {
        throw new SqlError(SqlState.activeSqlTransaction, 'DISCARD ALL cannot run inside a transaction block');
      }
      await this.cursors.closeAll();
      this.statements.clear();
      runSet({ kind: 'VAR_RESET_ALL' }, ctx);
      this.notifications.unlisten(ctx.tx, undefined);
    }
    return { fields: null, tag: () => `DISCARD ${what}` };
  }

  /**
   * Set (undefined: reset) a setting. In a transaction the value it had at the start is kept, and the value a
   * COMMIT keeps (that of the last plain SET; a LOCAL change is not kept), so that the end of the transaction
   * can put back the right one; a reported setting's new value goes to the client.
   */
  private changeSetting(name: string, value: string | undefined, local: boolean, sink: Pick<ResultSink, 'parameterStatus'>): void {
    const key = findSetting(name)?.name ?? name;
    const tx = this.tx;
    if (tx !== null) {
      if (this.settingsTx !== tx) {
        this.txSettings.clear();
        this.settingsTx = tx;
        tx.onEnd((committed) => this.settleSettings(committed));
      }
      let saved = this.txSettings.get(key);
      if (saved === undefined) this.txSettings.set(key, saved = { start: this.settings.get(key), kept: this.settings.get(key) });
      if (!local) saved.kept = value;
    }
    const before = this.setting(key);
    if (value === undefined) this.settings.delete(key);
    else this.settings.set(key, value);
    if (findSetting(key)?.report && this.setting(key) !== before) sink.parameterStatus(key, this.setting(key));
  }

  /** The transaction ended: settings changed in it take the value a commit keeps, or their value before it. */
  private settleSettings(committed: boolean): void {
    for (const [key, saved] of this.txSettings) {
      const before = this.setting(key);
      const value = committed ? saved.kept : saved.start;
      if (value === undefined) this.settings.delete(key);
      else this.settings.set(key, value);
      if (findSetting(key)?.report && this.setting(key) !== before) this.pendingReports.add(key);
    }
    this.txSettings.clear();
    this.settingsTx = null;
  }

  /** After a statement: commit an implicit transaction, or roll it back on error. */
  private async endStatement(error: unknown, sink: Pick<ResultSink, 'parameterStatus'>): Promise<void> {
    try {
      const tx = this.tx;
      if (tx === null) return;
      if (error !== undefined) {
        if (tx.explicit) tx.failed = true;
        else {
          this.tx = null;
          await tx.rollback();
        }
        return;
      }
      if (!tx.explicit && !tx.multi) await this.commitImplicit(tx);
    } finally {
      this.flushReports(sink);
    }
  }

  /** Send the reported settings the end of a transaction put back. */
  private flushReports(sink: Pick<ResultSink, 'parameterStatus'>): void {
    for (const key of this.pendingReports) sink.parameterStatus(key, this.setting(key));
    this.pendingReports.clear();
  }

  /** The idempotent-write marker of the session's basin.txn_app_id / basin.txn_version, when both are set. */
  private idempotentWrite(): { appId: string; version: number } | undefined {
    const appId = this.setting('basin.txn_app_id'), version = this.setting('basin.txn_version');
    return appId === '' || version === '' ? undefined : { appId, version: Number(version) };
  }

  /** Commit the current implicit transaction `tx` (rolling it back if the commit fails). */
  private async commitImplicit(tx: Transaction): Promise<void> {
    this.tx = null;
    try {
      await tx.commit(this.idempotentWrite());
    } catch (e) {
      await tx.rollback();
      throw e;
    }
  }

  async simpleQuery(sql: string, sink: ResultSink): Promise<void> {
    let stmts: ParsedStatement[];
    try {
      stmts = parseSql(sql);
    } catch (e) {
      if (this.tx?.explicit) this.tx.failed = true;
      throw e;
    }
    if (stmts.length === 0) {
      sink.emptyQuery();
      return;
    }
    // Several statements in one Query run as one implicit transaction (unless they manage their own).
    const block = stmts.length > 1 && this.tx === null;
    if (block) this.tx = new Transaction(false, this.services.storage, this.services.catalog, true);
    try {
      await this.runStatements(stmts, sql, sink);
    } catch (e) {
      if (block && this.tx !== null && !this.tx.explicit) {
        const tx = this.tx;
        this.tx = null;
        await tx.rollback();
      }
      throw e;
    } finally {
      if (block && this.tx !== null && !this.tx.explicit) await this.commitImplicit(this.tx);
      this.flushReports(sink);
    }
  }

  private async runStatements(stmts: readonly ParsedStatement[], sql: string, sink: ResultSink): Promise<void> {
    for (const stmt of stmts) {
      const done = this.startStatement(stmt);
      let error: unknown;
      try {
        const out = await this.outcome(stmt, sql, sink, [], true, []);
        let count = 0;
        if (out.rows !== undefined) {
          sink.rowDescription(out.fields ?? [], out.binary);
          for await (const b of out.rows) {
            this.checkCancel();
            if (b.length === 0) continue;
            count += b.length;
            await sink.rows(b);
          }
        }
        sink.commandComplete(out.tag(count));
      } catch (e) {
        error = e;
      } finally {
        done();
      }
      await this.endStatement(error, sink);
      if (error !== undefined) throw error;
    }
  }

  // ─── extended protocol ─────────────────────────────────────────────────────────────────────────────────

  async prepare(sql: string, paramTypes: readonly (SqlType | undefined)[]): Promise<PreparedStatement> {
    const stmts = parseSql(sql);
    if (stmts.length > 1) throw new SqlError(SqlState.syntaxError, 'cannot insert multiple commands into a prepared statement');
    return this.prepareParsed(stmts[0], sql, paramTypes, false);
  }

  /** Parse's and PREPARE's work: infer parameter types and result columns. */
  private async prepareParsed(stmt: ParsedStatement | undefined, sql: string, paramTypes: readonly (SqlType | undefined)[],
    fromSql: boolean): Promise<Prepared> {
    const types = [...paramTypes];
    let fields: Field[] | null = null;
    if (stmt !== undefined) {
      // As in PostgreSQL, only COMMIT and ROLLBACK may be parsed in a failed transaction (JDBC prepares them).
      if (this.tx?.failed && !endsTransaction(stmt)) {
        throw new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
      }
      fields = await this.describe(stmt, sql, types);
    }
    const resolved = types.map((t) => t ?? T.text);
    return { paramTypes: resolved, fields, stmt, sql, declaredTypes: paramTypes, fromSql, prepareTime: Date.now() * 1000 };
  }

  /** Bind a statement without running it, to infer parameter types and result columns. */
  private async describe(stmt: ParsedStatement, sql: string, types: (SqlType | undefined)[]): Promise<Field[] | null> {
    const [kind, n] = nodeOf(stmt.node);
    const ctx = this.statementContext(stmt, sql, DESCRIBE_SINK, types, false, []);
    const state = new BinderState(ctx.bindContext, sql, types, false);
    if (stmt.timeTravel !== undefined) state.timeTravel = resolveTimeTravel(stmt.timeTravel, ctx, true);
    try {
      const delta = deltaResultFields(kind);
      if (delta !== undefined) return delta;
      if (kind === 'SelectStmt') {
        await preloadRelations(stmt.node, state);
        return fieldsOf(bindQuery(stmt.node, state, undefined).plan);
      }
      if (kind === 'InsertStmt') {
        await preloadRelations(stmt.node, state);
        const b = bindInsert(n, state, () => null);
        return b.returning === null ? null : b.returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 }));
      }
      if (kind === 'UpdateStmt' || kind === 'DeleteStmt') {
        await preloadRelations(stmt.node, state);
        const b = bindModify(n, kind === 'UpdateStmt' ? 'update' : 'delete', state, () => null);
        return b.returning === null ? null : b.returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 }));
      }
      if (kind === 'MergeStmt') {
        await preloadRelations(stmt.node, state);
        const b = bindMerge(n, state, () => null, stmt.mergeStar);
        return b.returning === null ? null : b.returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 }));
      }
      if (kind === 'VariableShowStmt') return [{ name: n.name, type: T.text, tableOid: 0, columnAttr: 0 }];
      if (kind === 'ExplainStmt') return [{ name: 'QUERY PLAN', type: T.text, tableOid: 0, columnAttr: 0 }];
      // A FETCH is described by its cursor, if it exists yet (PostgreSQL: NoData otherwise); EXECUTE by its statement.
      if (kind === 'FetchStmt') {
        const cursorFields = n.ismove === true ? undefined : this.cursors.fields(n.portalname);
        return cursorFields === undefined ? null : [...cursorFields];
      }
      if (kind === 'ExecuteStmt') {
        const executed = lookupPrepared(this.statements, n.name).fields;
        return executed === null ? null : [...executed];
      }
      return null;
    } finally {
      if (this.tx !== null && !this.tx.explicit && !this.tx.hasWrites) this.tx = null;
    }
  }

  async bind(prepared: PreparedStatement, params: readonly unknown[], _resultFormats: readonly number[]): Promise<Portal> {
    const p = prepared as Prepared;
    if (p.stmt === undefined) {
      return { fields: null, execute: async (_max, sink) => { sink.emptyQuery(); return 'done'; }, close: async () => undefined };
    }
    const stmt = p.stmt;
    if (this.tx?.failed && !endsTransaction(stmt)) {
      throw new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    let out: Outcome | undefined;
    let iterator: AsyncGenerator<Batch> | undefined;
    let pending: Batch | undefined;
    let pendingOffset = 0;
    let count = 0;
    let finished = false;
    const session = this;
    const types = [...p.paramTypes];
    const portal: Portal = {
      fields: p.fields,
      async execute(maxRows: number, sink: ResultSink): Promise<'done' | 'suspended'> {
        if (finished) {
          sink.commandComplete(out?.tag(count) ?? 'SELECT 0');
          return 'done';
        }
        const done = session.startStatement(stmt);
        let error: unknown;
        try {
          if (out === undefined) {
            out = await session.outcome(stmt, p.sql, sink, types, true, params);
            iterator = out.rows;
          }
          let sent = 0;
          for (;;) {
            if (pending === undefined || pendingOffset >= pending.length) {
              if (iterator === undefined) break;
              const next = await iterator.next();
              session.checkCancel();
              if (next.done) { iterator = undefined; pending = undefined; break; }
              pending = next.value;
              pendingOffset = 0;
              if (pending.length === 0) continue;
            }
            const room = maxRows > 0 ? maxRows - sent : Infinity;
            const end = Math.min(pending.length, pendingOffset + room);
            await sink.rows(pending, pendingOffset, end);
            sent += end - pendingOffset;
            count += end - pendingOffset;
            pendingOffset = end;
            if (maxRows > 0 && sent >= maxRows) {
              // Suspend only if more rows remain.
              if (pendingOffset < pending.length) return 'suspended';
              const next = await iterator?.next();
              if (next === undefined || next.done) { iterator = undefined; pending = undefined; break; }
              pending = next.value;
              pendingOffset = 0;
              return 'suspended';
            }
          }
          finished = true;
          sink.commandComplete(out.tag(count));
        } catch (e) {
          error = e;
          finished = true;
        } finally {
          done();
        }
        if (finished) await session.endStatement(error, sink);
        if (error !== undefined) throw error;
        return 'done';
      },
      async close(): Promise<void> {
        if (iterator !== undefined) await iterator.return(undefined);
        iterator = undefined;
      },
    };
    return portal;
  }

  onExtendedError(): void {
    if (this.tx?.explicit) this.tx.failed = true;
  }

  async sync(): Promise<void> {
    // Statements commit as they finish; nothing is pending at Sync.
  }

  takeNotifications(): readonly Notification[] {
    return this.notifications.take();
  }

  watchNotifications(wake: () => void): void {
    this.notifications.watch(wake);
  }

  idleLimit(): { ms: number; error: SqlError } | undefined {
    const ms = Number(this.setting('idle_in_transaction_session_timeout'));
    if (!(ms > 0) || this.tx === null || !this.tx.explicit) return undefined;
    return { ms, error: new SqlError(SqlState.idleInTransactionSessionTimeout, 'terminating connection due to idle-in-transaction timeout') };
  }

  async close(): Promise<void> {
    const tx = this.tx;
    this.tx = null;
    try {
      if (tx !== null) await tx.rollback();
    } finally {
      this.notifications.close();
      await this.cursors.closeAll();
      this.advisoryLocks.close();
      this.onClose();
    }
  }
}


/** COMMIT, ROLLBACK and ROLLBACK TO SAVEPOINT: the statements a failed transaction still accepts. */
/**
 * SessionInfo for one statement: the session's own (built once per session) plus the statement's catalog,
 * built on first use, and what reaches its sink and transaction. A class rather than a spread literal with a
 * getter, which V8 builds on a slow path: this is made for every statement, point lookups included.
 */
class StatementSession implements SessionInfo {
  readonly user: string;
  readonly database: string;
  readonly backendPid: number;
  readonly advisoryLocks: SessionInfo['advisoryLocks'];
  readonly setConfig: NonNullable<SessionInfo['setConfig']>;
  readonly notice: NonNullable<SessionInfo['notice']>;
  readonly notify: NonNullable<SessionInfo['notify']>;
  readonly listeningChannels: NonNullable<SessionInfo['listeningChannels']>;

  constructor(private readonly base: SessionInfo, private readonly systemCatalog: () => CatalogLookup,
    own: Required<Pick<SessionInfo, 'setConfig' | 'notice' | 'notify' | 'listeningChannels'>>) {
    this.user = base.user;
    this.database = base.database;
    this.backendPid = base.backendPid;
    this.advisoryLocks = base.advisoryLocks;
    this.setConfig = own.setConfig;
    this.notice = own.notice;
    this.notify = own.notify;
    this.listeningChannels = own.listeningChannels;
  }

  get catalog(): CatalogLookup { return this.systemCatalog(); }
  setting(name: string): string | undefined { return this.base.setting(name); }
  searchPath(): readonly string[] { return this.base.searchPath(); }
  random(): number { return this.base.random(); }
  setSeed(seed: number): void { this.base.setSeed(seed); }
}

function endsTransaction(stmt: ParsedStatement): boolean {
  const [kind, n] = nodeOf(stmt.node);
  return kind === 'TransactionStmt' && ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_ROLLBACK_TO'].includes(n.kind);
}
