/** DISTINCT: the first row of each set of equal rows (NULLs equal), in input order. */
import type { Batch } from '../../common/index.ts';
import type { DistinctNode } from '../../plan/index.ts';
import type { Key } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { conform, unseenRows } from './batch-util.ts';

export async function* distinctExec(node: DistinctNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const seen = new Set<Key | null>();
  for await (const b of executePlan(node.input, ctx)) {
    ctx.checkCancel();
    const fresh = unseenRows(b, seen);
    if (fresh !== null) yield conform(fresh, node.schema);
  }
}
