/**
 * Points in a table's history that statements name: `TIMESTAMP AS OF expr` evaluated as a timestamptz in the
 * session's time zone (before binding: the binder only ever sees literal timestamps), and the session's
 * `basin.read_as_of` pin, which makes every table read without AS OF read that version or timestamp (for
 * BI tools that cannot write AS OF). While a pin is set, writes are refused: they would be made against a
 * version other than the one the session reads.
 */
import { DEFAULT_TEXT_OPTIONS, SqlError, SqlState, T, textIn, textOut, type TextOptions } from '../../../common/index.ts';
import { evalExpr } from '../../../exec/index.ts';
import { BinderState, bindExpr, coerce, Scope, type Ast, type AsOfClause, type TimeTravel } from '../../../sql/index.ts';
import type { StatementContext } from '../statement-context.ts';

export const READ_AS_OF = 'basin.read_as_of';

/** A constant expression's value as timestamptz (µs since the epoch). */
export function evaluateTimestamp(expr: Ast, ctx: StatementContext, clause = 'TIMESTAMP AS OF'): number {
  const state = new BinderState(ctx.bindContext, ctx.sql, ctx.paramTypes, ctx.fixedParams);
  const bound = bindExpr(expr, { scope: new Scope([], undefined), state, aggs: undefined, clause });
  const e = coerce(bound, T.timestamptz, 'explicit', ctx.paramTypes);
  const v = evalExpr(e, { columns: [], length: 1 }, ctx.execContext());
  if (v.nulls !== null && v.nulls[0] === 1) throw new SqlError(SqlState.nullValueNotAllowed, `the ${clause} expression is null`);
  return v.values[0] as number;
}

/**
 * The statement's time-travel clauses with every `TIMESTAMP AS OF expr` replaced by its value. `describing`:
 * a prepared statement's Describe, where parameters have no values yet: an expression that cannot be
 * evaluated then is left out (the table's current columns describe it).
 */
export function resolveTimeTravel(clauses: ReadonlyMap<number, TimeTravel>, ctx: StatementContext, describing = false): ReadonlyMap<number, TimeTravel> {
  if (![...clauses.values()].some((c) => c.kind === 'timestamp' && c.expr !== undefined)) return clauses;
  const out = new Map<number, TimeTravel>();
  for (const [at, c] of clauses) {
    if (c.kind !== 'timestamp' || c.expr === undefined) {
      out.set(at, c);
      continue;
    }
    try {
      out.set(at, { kind: 'timestamp', text: textOut(T.timestamptz, evaluateTimestamp(c.expr as Ast, ctx), DEFAULT_TEXT_OPTIONS) });
    } catch (e) {
      if (!describing) throw e;
    }
  }
  return out;
}

/** A time-travel clause as a version or a time in ms (RESTORE). */
export function travelTarget(to: AsOfClause, ctx: StatementContext): { version: number } | { timestampMs: number } {
  if (to.kind === 'version') return { version: to.version };
  const micros = to.expr !== undefined ? evaluateTimestamp(to.expr as Ast, ctx)
    : readTimestamp(to.text, ctx.execContext().textOptions, 'TIMESTAMP AS OF');
  return { timestampMs: Math.floor(micros / 1000) };
}

function readTimestamp(text: string, opts: TextOptions, what: string): number {
  try {
    return textIn(T.timestamptz, text, opts) as number;
  } catch (e) {
    throw e instanceof SqlError ? e : new SqlError(SqlState.invalidDatetimeFormat, `invalid timestamp "${text}" in ${what}`);
  }
}

/** The `basin.read_as_of` setting as the version or time every unqualified read uses; undefined when unset. */
export function pinnedReadAsOf(value: string, opts: TextOptions): { readonly version: number } | { readonly timestamp: number } | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return { version: Number(v) };
  return { timestamp: readTimestamp(v, opts, READ_AS_OF) };
}

/** 25006 for a write while reads are pinned. */
export function refuseWriteWhilePinned(ctx: Pick<StatementContext, 'setting'>, what: string): void {
  if (ctx.setting(READ_AS_OF).trim() === '') return;
  throw new SqlError(SqlState.readOnlySqlTransaction, `cannot execute ${what} while ${READ_AS_OF} is set`, {
    detail: `Every table is read as of ${ctx.setting(READ_AS_OF)}.`,
    hint: `RESET ${READ_AS_OF} to read and write the latest versions.`,
  });
}

/** The statements that write table data, by node kind (RESTORE, OPTIMIZE and VACUUM check for themselves). */
const WRITES: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE', TruncateStmt: 'TRUNCATE',
  CreateTableAsStmt: 'CREATE TABLE AS', AlterTableStmt: 'ALTER TABLE',
};

/** 25006 for a data-writing statement while `basin.read_as_of` pins reads. */
export function refusePinnedWrite(kind: string, n: Ast, ctx: Pick<StatementContext, 'setting'>): void {
  const what = kind === 'SelectStmt' ? (n.intoClause !== undefined ? 'SELECT INTO' : undefined)
    : kind === 'CopyStmt' ? (n.is_from === true ? 'COPY FROM' : undefined) : WRITES[kind];
  if (what !== undefined) refuseWriteWhilePinned(ctx, what);
}
