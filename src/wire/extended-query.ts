/**
 * The extended query protocol's state: named and unnamed prepared statements and portals, and the
 * handlers for Parse, Bind, Describe, Execute and Close. The `on*` methods do the protocol bookkeeping
 * (names, formats, lookups, PostgreSQL's error texts); the `do*` methods are the only calls into the engine.
 *
 * Errors are thrown; the connection sends them, tells the session, and discards messages until Sync.
 */
import {
  SqlError, SqlState, sqlType, typeByOid, type SqlType,
} from '../common/index.ts';
import { checkParamCount, decodeParams, expandParamFormats, expandResultFormats } from './bind-params.ts';
import type { TakeFrame } from './copy-in.ts';
import type { EngineSession, Portal, PreparedStatement, TransactionStatus } from './engine.ts';
import type { BindMessage, ExecuteMessage, ParseMessage, TargetMessage } from './frontend-messages.ts';
import { WireSink } from './result-sink.ts';
import type { SocketOutput } from './socket-output.ts';
import type { StatementNames } from './statement-names.ts';

interface PortalEntry {
  /** null once the transaction failed: PostgreSQL keeps the name but refuses to use it. */
  portal: Portal | null;
  readonly formats: readonly number[];
}

const statementName = (name: string): string =>
  name === '' ? 'unnamed prepared statement' : `prepared statement "${name}"`;

export class ExtendedQuery {
  private readonly portals = new Map<string, PortalEntry>();

  /** `onReleaseError` hears of failures while dropping portals at a transaction's end (nobody else would). */
  constructor(
    private readonly session: EngineSession,
    private readonly out: SocketOutput,
    private readonly onReleaseError: (err: unknown) => void,
    private readonly take: TakeFrame,
    private readonly statements: StatementNames,
  ) {}

  // ---- Parse ----

  async onParse(m: ParseMessage): Promise<void> {
    if (m.name === '') this.statements.delete(''); // replaced even if this Parse fails, as in PostgreSQL
    else if (this.statements.get(m.name) !== undefined) {
      throw new SqlError(SqlState.duplicatePreparedStatement, `prepared statement "${m.name}" already exists`);
    }
    const paramTypes = m.paramTypeOids.map(typeOfOid);
    const stmt = await this.doParse(m.sql, paramTypes);
    this.statements.add(m.name, stmt);
    this.out.writer.parseComplete();
  }

  private doParse(sql: string, paramTypes: readonly (SqlType | undefined)[]): Promise<PreparedStatement> {
    return this.session.prepare(sql, paramTypes);
  }

  // ---- Bind ----

  async onBind(m: BindMessage): Promise<void> {
    const stmt = this.statement(m.statement);
    const paramFormats = expandParamFormats(m.paramFormats, m.params.length);
    checkParamCount(m.params.length, stmt.paramTypes.length, m.statement);
    if (m.portal === '') await this.dropPortal('');
    else if (this.portals.has(m.portal)) {
      throw new SqlError(SqlState.duplicateCursor, `cursor "${m.portal}" already exists`);
    }
    const params = decodeParams(m.params, paramFormats, stmt.paramTypes, this.session.textOptions());
    const resultFormats = expandResultFormats(m.resultFormats, stmt.fields?.length ?? 0);
    const portal = await this.doBind(stmt, params, resultFormats);
    this.portals.set(m.portal, { portal, formats: resultFormats });
    this.out.writer.bindComplete();
  }

  private doBind(stmt: PreparedStatement, params: readonly unknown[], formats: readonly number[]): Promise<Portal> {
    return this.session.bind(stmt, params, formats);
  }

  // ---- Describe ----

  onDescribe(m: TargetMessage): void {
    const w = this.out.writer;
    if (m.target === 'S') {
      const stmt = this.statement(m.name);
      w.parameterDescription(stmt.paramTypes);
      // Formats are not known before Bind: PostgreSQL describes them as text.
      if (stmt.fields === null) w.noData();
      else w.rowDescription(stmt.fields, null);
      return;
    }
    const portal = this.runnablePortal(m.name);
    const fields = portal.fields;
    if (fields === null) w.noData();
    else w.rowDescription(fields, this.portals.get(m.name)!.formats);
  }

  // ---- Execute ----

  async onExecute(m: ExecuteMessage): Promise<void> {
    const portal = this.runnablePortal(m.portal);
    const sink = new WireSink(this.out, this.session, this.portals.get(m.portal)!.formats, true, this.take);
    const result = await this.doExecute(portal, m.maxRows, sink);
    if (result === 'suspended') this.out.writer.portalSuspended();
  }

  private doExecute(portal: Portal, maxRows: number, sink: WireSink): Promise<'done' | 'suspended'> {
    return portal.execute(maxRows, sink);
  }

  // ---- Close ----

  async onClose(m: TargetMessage): Promise<void> {
    // Closing something that does not exist is not an error.
    if (m.target === 'S') this.statements.delete(m.name);
    else await this.dropPortal(m.name);
    this.out.writer.closeComplete();
  }

  // ---- lifecycle ----

  /** A simple Query replaces the unnamed statement and the unnamed portal. */
  async beforeSimpleQuery(): Promise<void> {
    this.statements.delete('');
    await this.dropPortal('');
  }

  /**
   * Called with the status sent in each ReadyForQuery. Portals live only as long as their transaction:
   * at its end they are dropped; in a failed transaction they are released but their names remain (and
   * using one reports 25P02, as PostgreSQL does) until the transaction ends.
   */
  async afterTransactionStatus(status: TransactionStatus): Promise<void> {
    if (status === 'T' || this.portals.size === 0) return;
    for (const [name, entry] of this.portals) {
      const portal = entry.portal;
      entry.portal = null;
      if (status === 'I') this.portals.delete(name);
      if (portal === null) continue;
      try {
        await this.doClosePortal(portal);
      } catch (err) {
        this.onReleaseError(err);
      }
    }
  }

  /** The connection is ending: release every portal. */
  async closeAll(): Promise<void> {
    await this.afterTransactionStatus('I');
    this.statements.clearAll();
  }

  private async dropPortal(name: string): Promise<void> {
    const entry = this.portals.get(name);
    if (entry === undefined) return;
    this.portals.delete(name);
    if (entry.portal !== null) await this.doClosePortal(entry.portal);
  }

  private doClosePortal(portal: Portal): Promise<void> {
    return portal.close();
  }

  private statement(name: string): PreparedStatement {
    const stmt = this.statements.get(name);
    if (stmt === undefined) throw new SqlError(SqlState.invalidSqlStatementName, `${statementName(name)} does not exist`);
    return stmt;
  }

  private runnablePortal(name: string): Portal {
    const entry = this.portals.get(name);
    if (entry === undefined) throw new SqlError(SqlState.invalidCursorName, `portal "${name}" does not exist`);
    if (entry.portal === null) {
      throw new SqlError(SqlState.inFailedSqlTransaction,
        'current transaction is aborted, commands ignored until end of transaction block');
    }
    return entry.portal;
  }
}

/** Parse's parameter type OIDs: 0 (or unspecified) means infer. */
function typeOfOid(oid: number): SqlType | undefined {
  if (oid === 0) return undefined;
  const info = typeByOid(oid);
  if (info === undefined) throw new SqlError(SqlState.undefinedObject, `type with OID ${oid} does not exist`);
  return sqlType(info.id);
}
