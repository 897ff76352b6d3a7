/** Filter: the input rows for which the predicate is TRUE (not FALSE, not NULL). */
import type { Batch } from '../../common/index.ts';
import type { FilterNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { CompiledFilter } from '../eval/compiled-filter.ts';
import { conform } from './batch-util.ts';

export async function* filterExec(node: FilterNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const filter = new CompiledFilter(node.predicate, ctx);
  for await (const b of executePlan(node.input, ctx, true)) {
    ctx.checkCancel();
    const out = await filter.apply(b);
    if (out !== null) yield conform(out, node.schema);
  }
}
