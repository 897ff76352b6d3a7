/**
 * UPDATE and DELETE, copy-on-write: files whose statistics rule out the predicate are skipped unread; each
 * other data file is read and the predicate evaluated; a file with no matching rows is left alone; otherwise
 * its rows (updated, or minus the deleted ones) are written to a new file that replaces it in the same commit. On a table with the change data feed, the rows updated or deleted
 * are recorded too (change-data.ts).
 */
import { constantVector, getValue, takeBatch, type Batch, type Vector } from '../../../common/index.ts';
import { collectInput, evalExprs, type ExecContext } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import { bindModify, preloadRelations, type Ast } from '../../../sql/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { columnDefaults, prepareDefaults, tableDef, targetTable, writeRows } from './insert.ts';
import { generateColumns, writeRules } from './constraints/enforce.ts';
import { assignedValues, checkUpdateValues } from './constraints/explicit-values.ts';
import { binderState, optimizePlan } from './query.ts';
import { constantEvaluator, mayMatch } from '../../../exec/index.ts';
import { ChangeData } from './change-data.ts';
import { UniqueCheck } from './constraints/unique-check.ts';

export async function runModify(kind: 'update' | 'delete', n: Ast, ctx: StatementContext): Promise<Outcome> {
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const def = targetTable(ctx, state, n);
  const prepared = kind === 'update' ? await prepareDefaults(ctx, def) : undefined;
  const defaults = columnDefaults(def, state, prepared);
  const bound = bindModify(n, kind, state, defaults);
  const table = def ?? tableDef(ctx, bound.table.oid);
  const rules = kind === 'update' ? await writeRules(ctx, table) : undefined;
  if (prepared !== undefined) checkUpdateValues(table, prepared.rules, (i) => assignedValues(table, n.targetList).has(i));
  const exec = ctx.execContext();
  const snap = await ctx.tx.snapshot(table.location);
  const all = table.columns.map((_, i) => i);
  const op = { operation: kind.toUpperCase(), user: ctx.user };
  const returned: Batch[] = [];
  let affected = 0;
  // UPDATE … FROM / DELETE … USING: the other relations' rows, read once.
  const source = bound.source === null ? null : await collectInput(optimizePlan(bound.source, ctx), exec);
  const changes = await ChangeData.start(ctx, table);
  const unique = kind === 'update' ? await UniqueCheck.start(ctx, table) : undefined;

  // Files whose stats rule out every row of WHERE are not even read (the table still counts as read).
  const where = bound.where;
  const files = where === null || source !== null ? snap.files
    : snap.files.filter((f) => mayMatch(where, f, snap.schema, constantEvaluator(exec)));
  if (files.length < snap.files.length) await ctx.tx.noteTableRead(table.location);
  for (const file of files) {
    const kept: Batch[] = [];
    let hits = 0;
    for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: all, files: [file], batchSize: exec.batchSize })) {
      exec.checkCancel();
      const rows: number[] = [], rest: number[] = [];
      let partner: Int32Array | null = null;
      if (source === null) {
        const [match] = bound.where === null ? [null] : await evalExprs([bound.where], b, exec);
        for (let i = 0; i < b.length; i++) (isTrue(match, i) ? rows : rest).push(i);
      } else {
        partner = await matchSource(b, source, bound.where, exec);
        for (let i = 0; i < b.length; i++) (partner[i]! >= 0 ? rows : rest).push(i);
      }
      hits += rows.length;
      if (rows.length === 0) { kept.push(b); continue; }
      const changed = takeBatch(b, rows);
      // The row the SET list and RETURNING see: the target row, then its source row (FROM/USING).
      const withSource = (t: Batch): Batch => (source === null ? t : {
        columns: [...t.columns, ...takeBatch(source, rows.map((i) => partner![i]!)).columns], length: t.length,
      });
      let result = changed;
      if (kind === 'update') {
        const exprs = bound.assignments.map((a, i): Expr => a ?? { kind: 'column', index: i, type: table.columns[i]!.type, name: table.columns[i]!.name });
        const cols: Vector[] = await evalExprs(exprs, withSource(changed), exec);
        // Generated columns follow the updated row (RETURNING sees them; writeRows computes the same).
        result = await generateColumns(rules!, { columns: cols, length: changed.length }, exec);
        kept.push(result);
        changes?.updated(changed, result);
        unique?.updated(changed, result);
      } else {
        changes?.deleted(changed);
      }
      if (bound.returning !== null) returned.push(withSource(result));
      if (rest.length > 0) kept.push(takeBatch(b, rest));
    }
    if (hits === 0) continue;
    affected += hits;
    changes?.rewrote(kept.reduce((n, b) => n + b.length, 0));
    await ctx.tx.removeFiles(table.location, [file.path], op);
    await writeRows(ctx, table, toAsync(kept), kind.toUpperCase());
  }
  await unique?.finish();
  await changes?.finish();

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

const isTrue = (v: Vector | null, i: number): boolean => v === null || (v.values[i] === 1 && (v.nulls === null || v.nulls[i] === 0));

/**
 * For each target row, the first source row satisfying WHERE (PostgreSQL leaves the choice unspecified when
 * several match), or -1. Each source row is tested against the whole target batch at once.
 */
async function matchSource(target: Batch, source: Batch, where: Expr | null, exec: ExecContext): Promise<Int32Array> {
  const partner = new Int32Array(target.length).fill(-1);
  let open = target.length;
  for (let s = 0; s < source.length && open > 0; s++) {
    exec.checkCancel();
    const row: Batch = {
      columns: [...target.columns, ...source.columns.map((v) => constantVector(v.type, getValue(v, s), target.length))],
      length: target.length,
    };
    const [match] = where === null ? [null] : await evalExprs([where], row, exec);
    for (let i = 0; i < target.length; i++) {
      if (partner[i] === -1 && isTrue(match, i)) { partner[i] = s; open--; }
    }
  }
  return partner;
}
