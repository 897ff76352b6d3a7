/**
 * INSERT: evaluate the source rows, fill defaults, write Parquet files through writeRows (which computes
 * generated columns and enforces NOT NULL, CHECK and column invariants), and record them in the transaction
 * (committed with it). RETURNING streams the inserted rows back.
 */
import { constantVector, SqlError, SqlState, type Batch, type ColumnSchema, type Vector } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import { evalExprs, executePlan } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import {
  bindExpr, bindInsert, coerce, preloadRelations, relationKey, Scope, type Ast, type BinderState, type ExprEnv,
} from '../../../sql/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { enforceRules, generateColumns, writeRules } from './constraints/enforce.ts';
import { checkInsertValues, checkUpdateValues, assignedValues, insertedValues, overridingOf } from './constraints/explicit-values.ts';
import { advancedHighWaterMarks, identityDefaults } from './constraints/identity.ts';
import { tableRules } from './constraints/table-rules.ts';
import { binderState, optimizePlan } from './query.ts';
import { upsert } from './upsert.ts';
import { ChangeData } from './change-data.ts';
import { UniqueCheck } from './constraints/unique-check.ts';

export async function runInsert(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const def = targetTable(ctx, state, n);
  const prepared = await prepareDefaults(ctx, def);
  const defaults = columnDefaults(def, state, prepared);
  const bound = bindInsert(n, state, defaults);
  const table = def ?? tableDef(ctx, bound.table.oid);
  const rules = prepared?.rules ?? tableRules(table, await ctx.tx.snapshot(table.location));
  const overriding = overridingOf(n);
  const given = insertedValues(n, bound.sourceColumn);
  checkInsertValues(table, rules, (i) => given.has(i), overriding);
  if (bound.onConflict?.action === 'update') checkUpdateValues(table, rules, (i) => assignedValues(table, n.onConflictClause.targetList).has(i));
  // OVERRIDING USER VALUE: identity columns take their generated values whatever the source says.
  const ignored = (i: number) => overriding === 'user' && rules.identity.has(i);
  const source = optimizePlan(bound.source, ctx);
  const exec = ctx.execContext();
  const defaultExprs = table.columns.map((_, i) => (bound.sourceColumn[i]! >= 0 && !ignored(i) ? null : defaults(i)));

  const full: Batch[] = [];
  for await (const b of executePlan(source, exec)) {
    const cols: Vector[] = [];
    for (const [i, c] of table.columns.entries()) {
      const s = bound.sourceColumn[i]!;
      const d = defaultExprs[i];
      cols.push(s >= 0 && !ignored(i) ? b.columns[s]! : d === null || d === undefined ? constantVector(c.type, null, b.length) : (await evalExprs([d], b, exec))[0]!);
    }
    full.push({ columns: cols, length: b.length });
  }
  let count: number;
  let written: Batch[] = [];
  if (bound.onConflict !== null) {
    const r = await upsert(ctx, table, bound.onConflict, full, exec);
    count = r.count;
    written = r.written;
  } else {
    // A plain INSERT needs change data only where its transaction already writes some (change-data.ts).
    const changes = await ChangeData.start(ctx, table);
    const unique = await UniqueCheck.start(ctx, table);
    count = await writeRows(ctx, table, toAsync(full), 'WRITE', written, unique);
    await unique?.finish();
    for (const b of written) changes?.inserted(b);
    await changes?.finish();
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

/** What column defaults need from the table's log before binding: its rules and identity counters. */
export interface PreparedDefaults {
  readonly rules: ReturnType<typeof tableRules>;
  readonly identity: ReadonlyMap<number, Expr>;
}

/** Read the target table's rules and prepare its identity columns' next values (undefined: no table). */
export async function prepareDefaults(ctx: StatementContext, def: TableDef | undefined): Promise<PreparedDefaults | undefined> {
  if (def === undefined) return undefined;
  return { rules: tableRules(def, await ctx.tx.snapshot(def.location)), identity: await identityDefaults(ctx, def) };
}

/**
 * Column defaults, bound anew for this statement (cast to the column's type), or null: an identity column's
 * next value (from `prepared`), a placeholder NULL for a generated column (writeRows computes it), or the
 * column's DEFAULT expression.
 */
export function columnDefaults(def: TableDef | undefined, state: BinderState, prepared?: PreparedDefaults): (column: number) => Expr | null {
  return (col) => {
    const c = def?.columns[col];
    if (c === undefined) return null;
    const identity = prepared?.identity.get(col);
    if (identity !== undefined) return identity;
    if (c.identity !== undefined) {
      throw new SqlError(SqlState.internalError, `the identity column "${c.name}" needs prepareDefaults before binding`);
    }
    if (prepared?.rules.generated.has(col) === true || c.generated !== undefined) return { kind: 'const', value: null, type: c.type };
    const d = c.defaultExpr;
    if (d === null || d === undefined) return null;
    const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'DEFAULT expressions' };
    return coerce(bindExpr(d, env), c.type, 'assignment', state.params);
  };
}

export function tableDef(ctx: StatementContext, oid: number): TableDef {
  for (const r of ctx.view.relations(ctx.database)) if (r.oid === oid && r.kind === 'table') return r;
  throw new SqlError(SqlState.undefinedTable, `relation with OID ${oid} does not exist`);
}

/**
 * Write the batches as data files of `table` and add them to the transaction: every path that writes rows
 * (INSERT, UPDATE, upsert, MERGE, CREATE TABLE AS) comes here. Generated columns are computed, then NOT NULL,
 * CHECK constraints and column invariants are checked on every batch before any file is written, so a
 * violation writes nothing. Identity values handed out move the table's high-water mark in the same commit.
 * `written` receives the rows as written (generated columns included), for RETURNING; `unique` is told they
 * are new rows (a rewrite of existing rows reports its changes to the statement's UniqueCheck itself).
 */
export async function writeRows(ctx: StatementContext, table: TableDef, batches: AsyncIterable<Batch>, operation: string,
  written?: Batch[], unique?: UniqueCheck): Promise<number> {
  // Each column's Delta metadata as the transaction sees it (its physical name under column mapping).
  const current = (await ctx.tx.snapshot(table.location)).schema;
  const schema: ColumnSchema[] = table.columns.map((c) => {
    const md = current.find((k) => k.name === c.name)?.metadata;
    return { name: c.name, type: c.type, nullable: c.nullable, ...(md === undefined ? {} : { metadata: md }) };
  });
  const rules = await writeRules(ctx, table);
  const exec = ctx.execContext();
  let count = 0;
  const checked: Batch[] = [];
  for await (const input of batches) {
    if (input.length === 0) continue;
    const b = await generateColumns(rules, input, exec);
    await enforceRules(rules, b, exec);
    unique?.inserted(b);
    count += b.length;
    checked.push(b);
  }
  written?.push(...checked);
  if (count === 0) return 0;
  const files = await ctx.services.storage.writeFiles(table.location, schema, checked);
  const op = { operation, parameters: { mode: 'Append' }, user: ctx.user };
  const marks = advancedHighWaterMarks(ctx, table, (await ctx.tx.snapshot(table.location)).schema);
  if (marks !== undefined) await ctx.tx.setSchema(table.location, marks, op);
  await ctx.tx.append(table.location, files, op);
  return count;
}
