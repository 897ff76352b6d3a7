/** Small helpers the operators share: selecting rows by a predicate, retagging to the schema's types. */
import { T, sameType, type SqlType } from '../../common/index.ts';
import { concatBatches, takeBatch, type Batch, type Vector } from '../../common/index.ts';
import type { Expr, LogicalPlan } from '../../plan/index.ts';
import type { PlanColumn } from '../../plan/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { retag } from '../eval/eval-expr.ts';
import { evalExprs } from '../eval/subquery.ts';
import { executePlan } from '../execute.ts';

/** The batch with its columns typed exactly as `schema` says (same physical layout assumed). */
export function conform(batch: Batch, schema: readonly PlanColumn[]): Batch {
  let same = true;
  for (let j = 0; j < schema.length; j++) if (!sameType(batch.columns[j]!.type, schema[j]!.type)) { same = false; break; }
  if (same) return batch;
  return { columns: batch.columns.map((c, j) => retag(c, schema[j]!.type)), length: batch.length };
}

/** Columns `keep` of a batch (the batch itself when undefined). */
export const pickColumns = (b: Batch, keep: readonly number[] | undefined): Batch =>
  (keep === undefined ? b : { columns: keep.map((j) => b.columns[j]!), length: b.length });

export const schemaTypes = (schema: readonly PlanColumn[]): SqlType[] => schema.map((c) => c.type);

/** Indexes of rows where the bool vector is TRUE; `count` of them. */
export function selectTrue(mask: Vector): { idx: Int32Array; count: number } {
  const n = mask.length, a = mask.values as Uint8Array, m = mask.nulls;
  const idx = new Int32Array(n);
  let c = 0;
  if (m === null) { for (let i = 0; i < n; i++) if (a[i] === 1) idx[c++] = i; }
  else for (let i = 0; i < n; i++) if (a[i] === 1 && m[i] === 0) idx[c++] = i;
  return { idx, count: c };
}

/** The rows of `batch` where `predicate` is TRUE, or null when there are none. */
export async function filterBatch(predicate: Expr, batch: Batch, ctx: ExecContext): Promise<Batch | null> {
  const [mask] = await evalExprs([predicate], batch, ctx);
  const { idx, count } = selectTrue(mask!);
  if (count === 0) return null;
  if (count === batch.length) return batch;
  return takeBatch(batch, idx, count);
}

const CONJ = new WeakMap<readonly Expr[], Expr>();

/** One predicate for a list of conjuncts (the same object each time, so per-expression memos hold). */
export function conjunction(preds: readonly Expr[]): Expr | null {
  if (preds.length === 0) return null;
  if (preds.length === 1) return preds[0]!;
  let e = CONJ.get(preds);
  if (e === undefined) { e = { kind: 'and', args: preds, type: T.bool }; CONJ.set(preds, e); }
  return e;
}

/** A batch of one row and no columns: the input of expressions that read no columns. */
export const ONE_ROW: Batch = Object.freeze({ columns: [], length: 1 });

/**
 * The rows of `b` whose values (NULLs equal) are not in `seen` yet, in order; records them in `seen`.
 * Null when every row was seen before. DISTINCT and UNION (recursive too) keep rows with it.
 */
export function unseenRows(b: Batch, seen: Set<Key | null>): Batch | null {
  const keys = rowKeys(b.columns, b.length, true);
  const idx = new Int32Array(b.length);
  let c = 0;
  for (let i = 0; i < b.length; i++) {
    const k = keys[i]!;
    if (!seen.has(k)) { seen.add(k); idx[c++] = i; }
  }
  return c === 0 ? null : c === b.length ? b : takeBatch(b, idx, c);
}

/** All of a plan's rows as one batch, for operators that need their whole input (sort, window, a LATERAL side). */
export async function collectInput(plan: LogicalPlan, ctx: ExecContext): Promise<Batch> {
  const parts: Batch[] = [];
  for await (const b of executePlan(plan, ctx)) {
    ctx.checkCancel();
    if (b.length > 0) parts.push(b);
  }
  return concatBatches(schemaTypes(plan.schema), parts);
}
