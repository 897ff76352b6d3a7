/** Sort: gather the whole input, order it stably by the keys, emit it in batches. */
import { concat, take, type Batch } from '../../common/index.ts';
import type { SortNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { evalExprs } from '../eval/subquery.ts';
import { sortPermutation } from '../../kernels/index.ts';
import { conform, schemaTypes } from './batch-util.ts';

/** Concatenate batches of the given column types into one. */
export function concatBatches(types: readonly import('../../common/types.ts').SqlType[], batches: readonly Batch[]): Batch {
  if (batches.length === 1) return batches[0]!;
  const length = batches.reduce((s, b) => s + b.length, 0);
  return { columns: types.map((t, j) => concat(t, batches.map((b) => b.columns[j]!))), length };
}

export async function* sortExec(node: SortNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const parts: Batch[] = [];
  for await (const b of executePlan(node.input, ctx)) {
    ctx.checkCancel();
    if (b.length > 0) parts.push(b);
  }
  if (parts.length === 0) return;
  const all = concatBatches(schemaTypes(node.input.schema), parts);
  const keyVectors = await evalExprs(node.keys.map((k) => k.expr), all, ctx);
  const perm = sortPermutation(
    node.keys.map((k, i) => ({ vector: keyVectors[i]!, desc: k.desc, nullsFirst: k.nullsFirst })),
    all.length, () => ctx.checkCancel());
  const size = Math.max(1, ctx.batchSize);
  for (let start = 0; start < all.length; start += size) {
    ctx.checkCancel();
    const idx = perm.subarray(start, Math.min(all.length, start + size));
    yield conform({ columns: all.columns.map((c) => take(c, idx)), length: idx.length }, node.schema);
  }
}
