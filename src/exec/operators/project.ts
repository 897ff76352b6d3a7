/** Project: one output column per expression. */
import type { Batch } from '../../common/index.ts';
import type { ProjectNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { evalExprs } from '../eval/subquery.ts';
import { conform } from './batch-util.ts';

export async function* projectExec(node: ProjectNode, ctx: ExecContext): AsyncGenerator<Batch> {
  for await (const b of executePlan(node.input, ctx, true)) {
    ctx.checkCancel();
    if (b.length === 0) continue;
    const columns = await evalExprs(node.exprs, b, ctx, true);
    yield conform({ columns, length: b.length }, node.schema);
  }
}
