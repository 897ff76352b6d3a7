/**
 * UPDATE and DELETE, copy-on-write: each data file is read and the predicate evaluated; a file with no
 * matching rows is left alone; otherwise its rows (updated, or minus the deleted ones) are written to a new
 * file that replaces it in the same commit.
 */
import { takeBatch, type Batch, type Vector } from '../../../common/index.ts';
import { evalExprs } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import { bindExpr, bindModify, coerce, preloadRelations, relationKey, Scope, type Ast, type ExprEnv } from '../../../sql/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { tableDef, writeRows } from './insert.ts';
import { binderState } from './query.ts';

export async function runModify(kind: 'update' | 'delete', n: Ast, ctx: StatementContext): Promise<Outcome> {
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const rel = state.relations.get(relationKey(n.relation.schemaname, n.relation.relname));
  const def = rel?.kind === 'table' ? tableDef(ctx, rel.oid) : undefined;
  const defaults = (col: number): Expr | null => {
    const d = def?.columns[col]?.defaultExpr;
    if (d === null || d === undefined) return null;
    const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'DEFAULT expressions' };
    return coerce(bindExpr(d, env), def!.columns[col]!.type, 'assignment', state.params);
  };
  const bound = bindModify(n, kind, state, defaults);
  const table = def ?? tableDef(ctx, bound.table.oid);
  const exec = ctx.execContext();
  const snap = await ctx.tx.snapshot(table.location);
  const all = table.columns.map((_, i) => i);
  const op = { operation: kind.toUpperCase(), user: ctx.user };
  const returned: Batch[] = [];
  let affected = 0;

  for (const file of snap.files) {
    const kept: Batch[] = [];
    let hits = 0;
    for await (const b of ctx.services.storage.scan(table.location, { snapshot: snap, columns: all, files: [file], batchSize: exec.batchSize })) {
      exec.checkCancel();
      const [match] = bound.where === null ? [null] : await evalExprs([bound.where], b, exec);
      const hit = (i: number) => match === null || (match!.values[i] === 1 && (match!.nulls === null || match!.nulls[i] === 0));
      const rows: number[] = [], rest: number[] = [];
      for (let i = 0; i < b.length; i++) (hit(i) ? rows : rest).push(i);
      hits += rows.length;
      if (rows.length === 0) { kept.push(b); continue; }
      const changed = takeBatch(b, rows);
      let result = changed;
      if (kind === 'update') {
        const exprs = bound.assignments.map((a, i): Expr => a ?? { kind: 'column', index: i, type: table.columns[i]!.type, name: table.columns[i]!.name });
        const cols: Vector[] = await evalExprs(exprs, changed, exec);
        result = { columns: cols, length: changed.length };
        kept.push(result);
      }
      if (bound.returning !== null) returned.push(result);
      if (rest.length > 0) kept.push(takeBatch(b, rest));
    }
    if (hits === 0) continue;
    affected += hits;
    await ctx.tx.removeFiles(table.location, [file.path], op);
    await writeRows(ctx, table, toAsync(kept), kind.toUpperCase());
  }

  const tag = `${kind.toUpperCase()} ${affected}`;
  if (bound.returning === null) return { fields: null, tag: () => tag };
  const returning = bound.returning;
  async function* rows(): AsyncGenerator<Batch> {
    for (const b of returned) yield { columns: await evalExprs(returning.map((r) => r.expr), b, exec), length: b.length };
  }
  return { fields: returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 })), rows: rows(), tag: () => tag };
}

async function* toAsync(batches: Batch[]): AsyncGenerator<Batch> {
  yield* batches;
}
