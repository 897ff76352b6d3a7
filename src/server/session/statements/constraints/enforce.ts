/**
 * Enforcing a table's rules on rows about to be written, a batch at a time: generated columns are computed
 * from the row, then NOT NULL, CHECK constraints and column invariants are evaluated over the whole batch.
 * The first failing row (in row order; NOT NULL before CHECK, checks by name, as PostgreSQL reports them)
 * ends the statement before any file is written.
 */
import {
  DEFAULT_TEXT_OPTIONS, getValue, SqlError, SqlState, textOut, type Batch, type Vector,
} from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import { evalExprs, type ExecContext } from '../../../../exec/index.ts';
import type { Expr } from '../../../../plan/index.ts';
import { BinderState, parseExpressionText } from '../../../../sql/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { bindRule, resolveCaseInsensitively, type RuleKind } from './bind-rule.ts';
import { tableRules } from './table-rules.ts';

export interface WriteRules {
  readonly table: TableDef;
  readonly generated: readonly { readonly index: number; readonly expr: Expr }[];
  readonly notNull: readonly number[];
  readonly checks: readonly { readonly name: string; readonly expr: Expr }[];
  readonly invariants: readonly { readonly index: number; readonly text: string; readonly expr: Expr }[];
}

/** Bind a rule stored in the log; one Basin cannot bind cannot be honoured, so the write is refused. */
function bindStored(ctx: StatementContext, table: TableDef, text: string, kind: RuleKind, what: string, column?: number): Expr {
  try {
    const ast = parseExpressionText(text);
    resolveCaseInsensitively(ast, table.columns);
    const state = new BinderState(ctx.bindContext, text, [], false);
    return bindRule(ast, kind, table, state, column === undefined ? undefined : table.columns[column]);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    throw new SqlError(SqlState.featureNotSupported, `cannot enforce ${what} of table "${table.name}"`, {
      detail: `Its expression ${text} cannot be evaluated: ${e.message}`,
    });
  }
}

/** The rules of `table` as the transaction's snapshot of its log has them, bound for this statement. */
export async function writeRules(ctx: StatementContext, table: TableDef): Promise<WriteRules> {
  const rules = tableRules(table, await ctx.tx.snapshot(table.location));
  // Generated columns are computed whatever they were given; bind them as plain columns of the row.
  const generated = [...rules.generated].map(([index, text]) => ({
    index, expr: bindStored(ctx, table, text, 'generated', `generated column "${table.columns[index]!.name}"`, index),
  }));
  const notNull = table.columns.map((c, i) => (!c.nullable || rules.notNull.has(i) ? i : -1)).filter((i) => i >= 0);
  const checks = rules.checks.map((c) => ({ name: c.name, expr: bindStored(ctx, table, c.text, 'check', `check constraint "${c.name}"`) }));
  const invariants = [...rules.invariants].map(([index, text]) => ({
    index, text, expr: bindStored(ctx, table, text, 'check', `the invariant of column "${table.columns[index]!.name}"`),
  }));
  return { table, generated, notNull, checks, invariants };
}

/** The batch with its generated columns computed from the rest of the row. */
export async function generateColumns(rules: WriteRules, b: Batch, exec: ExecContext): Promise<Batch> {
  if (rules.generated.length === 0 || b.length === 0) return b;
  const values = await evalExprs(rules.generated.map((g) => g.expr), b, exec);
  const columns = [...b.columns];
  rules.generated.forEach((g, k) => { columns[g.index] = values[k]!; });
  return { columns, length: b.length };
}

/** `Failing row contains (…)`: the row's values as text, as PostgreSQL prints them. */
export function failingRow(b: Batch, row: number): string {
  const values = b.columns.map((col) => {
    const x = getValue(col, row);
    return x === null ? 'null' : textOut(col.type, x, DEFAULT_TEXT_OPTIONS);
  });
  return `Failing row contains (${values.join(', ')}).`;
}

const firstNull = (v: Vector): number => (v.nulls === null ? -1 : v.nulls.indexOf(1));

/** First row where a boolean vector is false (`orNull`: or NULL), or -1. */
function firstFailure(v: Vector, orNull: boolean): number {
  for (let i = 0; i < v.length; i++) {
    const isNull = v.nulls !== null && v.nulls[i] === 1;
    if (isNull ? orNull : v.values[i] === 0) return i;
  }
  return -1;
}

/** Throw 23502/23514 for the first row of `b` that breaks a rule. */
export async function enforceRules(rules: WriteRules, b: Batch, exec: ExecContext): Promise<void> {
  if (b.length === 0) return;
  const table = rules.table;
  let best: { row: number; rank: number; error: () => SqlError } | undefined;
  const consider = (row: number, rank: number, error: () => SqlError): void => {
    if (row >= 0 && (best === undefined || row < best.row || (row === best.row && rank < best.rank))) best = { row, rank, error };
  };
  for (const i of rules.notNull) {
    const row = firstNull(b.columns[i]!);
    consider(row, i, () => new SqlError(SqlState.notNullViolation,
      `null value in column "${table.columns[i]!.name}" of relation "${table.name}" violates not-null constraint`,
      { detail: failingRow(b, row) }));
  }
  const exprs = [...rules.checks.map((c) => c.expr), ...rules.invariants.map((v) => v.expr)];
  if (exprs.length > 0) {
    const results = await evalExprs(exprs, b, exec);
    rules.checks.forEach((c, k) => {
      const row = firstFailure(results[k]!, false);
      consider(row, table.columns.length + k, () => new SqlError(SqlState.checkViolation,
        `new row for relation "${table.name}" violates check constraint "${c.name}"`, { detail: failingRow(b, row) }));
    });
    rules.invariants.forEach((v, k) => {
      const row = firstFailure(results[rules.checks.length + k]!, true);
      const column = table.columns[v.index]!.name;
      consider(row, table.columns.length + rules.checks.length + k, () => new SqlError(SqlState.checkViolation,
        `new row for relation "${table.name}" violates the invariant of column "${column}": ${v.text}`, { detail: failingRow(b, row) }));
    });
  }
  if (best !== undefined) throw (best as { error: () => SqlError }).error();
}

/** A batch with its generated columns computed (for RETURNING before the rows are written). */
export async function withGeneratedColumns(ctx: StatementContext, table: TableDef, b: Batch, exec: ExecContext): Promise<Batch> {
  return generateColumns(await writeRules(ctx, table), b, exec);
}
