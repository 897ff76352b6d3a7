/** Sort: gather the whole input, order it stably by the keys, emit it in batches. */
import { take, type Batch } from '../../common/index.ts';
import type { SortNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { evalExprs } from '../eval/subquery.ts';
import { sortPermutation } from '../../kernels/index.ts';
import { collectInput, conform } from './batch-util.ts';

export async function* sortExec(node: SortNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const all = await collectInput(node.input, ctx);
  if (all.length === 0) return;
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
