/**
 * A transaction's characteristics, as PostgreSQL sets them: BEGIN / START TRANSACTION options, SET TRANSACTION,
 * `SET transaction_read_only` (and _deferrable, _isolation), SET SESSION CHARACTERISTICS and the
 * default_transaction_* settings new transactions start from.
 *
 * The current transaction's values are transaction-scoped settings (as SET LOCAL: the end of the transaction,
 * or ROLLBACK TO a savepoint set before them, undoes them); without one, a characteristic reads as its
 * default_transaction_* setting (the settings table's `transactionDefault`). Outside a transaction block
 * they cannot be set: each statement is its own transaction, which starts from the defaults.
 *
 * Isolation levels are checked and accepted, but Basin runs every transaction with snapshot isolation and
 * reports 'repeatable read' (README, Transactions), so they change nothing.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { Ast } from '../../sql/index.ts';
import type { StatementContext } from './statement-context.ts';
import type { Transaction } from './transaction.ts';

/** Statements that run without a snapshot (PostgreSQL's PlannedStmtRequiresSnapshot): SET TRANSACTION may follow them. */
const SNAPSHOT_FREE = new Set([
  'TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'LockStmt', 'ConstraintsSetStmt', 'FetchStmt',
  'ListenStmt', 'NotifyStmt', 'UnlistenStmt', 'CheckPointStmt',
]);

/** Transactions that have run a statement needing a snapshot ("any query"). */
const queried = new WeakSet<Transaction>();

/** A statement of this kind starts in `tx`: from then on the transaction's mode is fixed. */
export function noteStatement(tx: Transaction, kind: string): void {
  if (!SNAPSHOT_FREE.has(kind)) queried.add(tx);
}

const ISOLATION_LEVELS = ['serializable', 'repeatable read', 'read committed', 'read uncommitted'];

const CHARACTERISTICS = new Set(['transaction_read_only', 'transaction_deferrable', 'transaction_isolation']);
const SESSION_DEFAULTS: Readonly<Record<string, string>> = {
  transaction_read_only: 'default_transaction_read_only', transaction_deferrable: 'default_transaction_deferrable',
  transaction_isolation: 'default_transaction_isolation',
};

export const isTransactionCharacteristic = (name: string): boolean => CHARACTERISTICS.has(name);

/** What this module needs of a statement's context. */
type ModeContext = Pick<StatementContext, 'tx' | 'sink' | 'setting' | 'setSetting'>;

const inBlock = (tx: Transaction): boolean => tx.explicit || tx.multi;

function isolationLevel(name: string, value: string): string {
  const v = value.trim().toLowerCase();
  if (!ISOLATION_LEVELS.includes(v)) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${value}"`, {
      hint: `Available values: ${ISOLATION_LEVELS.join(', ')}.`,
    });
  }
  return v;
}

function boolValue(name: string, value: string): string {
  const s = value.trim().toLowerCase();
  if (['on', 'true', 'yes', '1', 't', 'y'].includes(s)) return 'on';
  if (['off', 'false', 'no', '0', 'f', 'n'].includes(s)) return 'off';
  throw new SqlError(SqlState.invalidParameterValue, `parameter "${name}" requires a Boolean value`);
}

/**
 * Set one characteristic of the current transaction (undefined: RESET, which makes it read-write and not
 * deferrable, as in PostgreSQL). Outside a transaction block it is checked but not kept (`warn`: SET
 * TRANSACTION's warning). The checks are PostgreSQL's: read-write and deferrability only before the first query.
 */
export function setCharacteristic(ctx: ModeContext, name: string, value: string | undefined, warn = false, local = false): void {
  const normal = name === 'transaction_isolation'
    ? isolationLevel(name, value ?? 'repeatable read') : boolValue(name, value ?? 'off');
  const block = inBlock(ctx.tx);
  if (!block && warn) {
    ctx.sink.notice(new SqlError(SqlState.noActiveSqlTransaction, 'SET TRANSACTION can only be used in transaction blocks', { severity: 'WARNING' }));
  }
  // The checks apply to a statement's own transaction too (set_config() in a SELECT has run a query).
  const started = queried.has(ctx.tx);
  if (name === 'transaction_read_only') {
    if (normal === 'off' && ctx.setting(name) === 'on') {
      if (ctx.tx.savepoints.length > 0 && ctx.tx.savepoints.at(-1)!.readOnly === true) {
        throw new SqlError(SqlState.activeSqlTransaction, 'cannot set transaction read-write mode inside a read-only transaction');
      }
      if (started) throw new SqlError(SqlState.activeSqlTransaction, 'transaction read-write mode must be set before any query');
    }
  } else if (name === 'transaction_deferrable') {
    if (ctx.tx.savepoints.length > 0) {
      throw new SqlError(SqlState.activeSqlTransaction, 'SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction');
    }
    if (started) throw new SqlError(SqlState.activeSqlTransaction, 'SET TRANSACTION [NOT] DEFERRABLE must be called before any query');
  } else {
    return; // isolation: checked, and always snapshot isolation
  }
  // Outside a block the value would last only to the end of this statement: nothing to set (SET LOCAL warns).
  if (block || local) ctx.setSetting(name, normal, true);
}

/** A DefElem's value as SET would write it (`READ ONLY` is transaction_read_only = 1). */
function defValue(arg: Ast | undefined): string {
  const c = arg?.A_Const;
  if (c?.sval !== undefined) return c.sval.sval ?? '';
  if (c?.ival !== undefined) return (c.ival.ival ?? 0) === 0 ? 'off' : 'on';
  if (c?.boolval !== undefined) return c.boolval.boolval === true ? 'on' : 'off';
  return '';
}

/** BEGIN's / START TRANSACTION's options, or SET TRANSACTION's (`warn`: outside a block, warn). */
export function setTransactionOptions(ctx: ModeContext, options: readonly Ast[] | undefined, warn: boolean): void {
  for (const o of options ?? []) {
    const d = o.DefElem;
    if (d !== undefined) setCharacteristic(ctx, d.defname as string, defValue(d.arg), warn);
  }
}

/** SET SESSION CHARACTERISTICS AS TRANSACTION …: the defaults of new transactions. */
export function setSessionCharacteristics(ctx: ModeContext, options: readonly Ast[] | undefined): void {
  for (const o of options ?? []) {
    const d = o.DefElem;
    if (d === undefined) continue;
    const name = SESSION_DEFAULTS[d.defname as string];
    if (name === undefined) continue;
    setSessionDefault(ctx, name, defValue(d.arg));
  }
}

/**
 * SET default_transaction_*: the current transaction keeps the characteristics it started with, so in a block
 * they are fixed first. Isolation levels are checked only (see the top of this file).
 */
export function setSessionDefault(ctx: ModeContext, name: string, value: string | undefined, local = false): void {
  if (name === 'default_transaction_isolation') {
    if (value !== undefined) isolationLevel(name, value);
    return;
  }
  const normal = value === undefined ? undefined : boolValue(name, value);
  const characteristic = name.replace('default_', '');
  if (inBlock(ctx.tx)) ctx.setSetting(characteristic, ctx.setting(characteristic), true);
  ctx.setSetting(name, normal, local);
}

/** transaction_* and default_transaction_*: settings that SET and set_config() change through this module. */
export const isTransactionSetting = (name: string): boolean => CHARACTERISTICS.has(name) || Object.values(SESSION_DEFAULTS).includes(name);

/** SET / RESET / set_config() of a transaction setting (value undefined: RESET). */
export function setTransactionSetting(ctx: ModeContext, name: string, value: string | undefined, local: boolean): void {
  if (CHARACTERISTICS.has(name)) setCharacteristic(ctx, name, value, false, local);
  else setSessionDefault(ctx, name, value, local);
}
