/**
 * INSERT: evaluate the source rows, fill defaults, enforce NOT NULL, write Parquet files, and record them in
 * the transaction (committed with it). RETURNING streams the inserted rows back.
 */
import {
  constantVector, SqlError, SqlState, textOut, DEFAULT_TEXT_OPTIONS, getValue, type Batch, type ColumnSchema, type Vector,
} from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import { evalExprs, executePlan } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import {
  bindExpr, bindInsert, coerce, preloadRelations, relationKey, Scope, type Ast, type BinderState, type ExprEnv,
} from '../../../sql/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { binderState, optimizePlan } from './query.ts';
import { upsert } from './upsert.ts';

export async function runInsert(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const def = targetTable(ctx, state, n);
  const defaults = columnDefaults(def, state);
  const bound = bindInsert(n, state, defaults);
  const table = def ?? tableDef(ctx, bound.table.oid);
  const source = optimizePlan(bound.source, ctx);
  const exec = ctx.execContext();
  const defaultExprs = table.columns.map((_, i) => (bound.sourceColumn[i]! >= 0 ? null : defaults(i)));

  const full: Batch[] = [];
  for await (const b of executePlan(source, exec)) {
    const cols: Vector[] = [];
    for (const [i, c] of table.columns.entries()) {
      const s = bound.sourceColumn[i]!;
      const d = defaultExprs[i];
      cols.push(s >= 0 ? b.columns[s]! : d === null || d === undefined ? constantVector(c.type, null, b.length) : (await evalExprs([d], b, exec))[0]!);
    }
    full.push({ columns: cols, length: b.length });
  }
  let count: number;
  let written = full;
  if (bound.onConflict !== null) {
    const r = await upsert(ctx, table, bound.onConflict, full, exec);
    count = r.count;
    written = r.written;
  } else {
    count = await writeRows(ctx, table, toAsync(full), 'WRITE');
  }
  if (bound.returning === null) return { fields: null, tag: () => `INSERT 0 ${count}` };
  const returning = bound.returning;
  async function* rows(): AsyncGenerator<Batch> {
    for (const b of written) yield { columns: await evalExprs(returning.map((r) => r.expr), b, exec), length: b.length };
  }
  return {
    fields: returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 })),
    rows: rows(),
    tag: () => `INSERT 0 ${count}`,
  };
}

async function* toAsync(batches: Batch[]): AsyncGenerator<Batch> {
  yield* batches;
}

/** The catalog entry of a DML statement's target table, when it is a table (the binder reports the rest). */
export function targetTable(ctx: StatementContext, state: BinderState, n: Ast): TableDef | undefined {
  const rel = state.relations.get(relationKey(n.relation.schemaname, n.relation.relname));
  return rel?.kind === 'table' ? tableDef(ctx, rel.oid) : undefined;
}

/** Column DEFAULT expressions, bound anew for this statement (cast to the column's type), or null. */
export function columnDefaults(def: TableDef | undefined, state: BinderState): (column: number) => Expr | null {
  return (col) => {
    const d = def?.columns[col]?.defaultExpr;
    if (d === null || d === undefined) return null;
    const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'DEFAULT expressions' };
    return coerce(bindExpr(d, env), def!.columns[col]!.type, 'assignment', state.params);
  };
}

export function tableDef(ctx: StatementContext, oid: number): TableDef {
  for (const r of ctx.view.relations(ctx.database)) if (r.oid === oid && r.kind === 'table') return r;
  throw new SqlError(SqlState.undefinedTable, `relation with OID ${oid} does not exist`);
}

/** Check NOT NULL, write the batches as data files of `table`, and add them to the transaction. */
export async function writeRows(ctx: StatementContext, table: TableDef, batches: AsyncIterable<Batch>, operation: string): Promise<number> {
  const schema: ColumnSchema[] = table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable }));
  let count = 0;
  const checked: Batch[] = [];
  for await (const b of batches) {
    if (b.length === 0) continue;
    checkNotNull(table, b);
    count += b.length;
    checked.push(b);
  }
  if (count === 0) return 0;
  const files = await ctx.services.storage.writeFiles(table.location, schema, checked);
  await ctx.tx.append(table.location, files, { operation, parameters: { mode: 'Append' }, user: ctx.user });
  return count;
}

function checkNotNull(table: TableDef, b: Batch): void {
  table.columns.forEach((c, i) => {
    const v = b.columns[i]!;
    if (c.nullable || v.nulls === null) return;
    const row = v.nulls.indexOf(1);
    if (row < 0) return;
    const values = b.columns.map((col) => {
      const x = getValue(col, row);
      return x === null ? 'null' : textOut(col.type, x, DEFAULT_TEXT_OPTIONS);
    });
    throw new SqlError(SqlState.notNullViolation,
      `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`,
      { detail: `Failing row contains (${values.join(', ')}).` });
  });
}
