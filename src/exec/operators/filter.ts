/** Filter: the input rows for which the predicate is TRUE (not FALSE, not NULL). */
import type { Batch } from '../../common/index.ts';
import type { FilterNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { conform, filterBatch } from './batch-util.ts';

export async function* filterExec(node: FilterNode, ctx: ExecContext): AsyncGenerator<Batch> {
  for await (const b of executePlan(node.input, ctx, true)) {
    ctx.checkCancel();
    const out = await filterBatch(node.predicate, b, ctx);
    if (out !== null) yield conform(out, node.schema);
  }
}
