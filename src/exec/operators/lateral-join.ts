/**
 * `JOIN LATERAL`: for each left row, run the right plan with that row as its nearest outer row, and join the
 * rows it returns (filtered by the condition) to it. Row-at-a-time by nature; the decorrelation work of the
 * performance issue can turn common shapes into hash joins.
 */
import { constantVector, takeBatch, type Batch, type Vector } from '../../common/index.ts';
import type { LateralJoinNode } from '../../plan/index.ts';
import { withOuterRow, type ExecContext } from '../context.ts';
import { evalExprs } from '../eval/subquery.ts';
import { executePlan } from '../execute.ts';
import { collectInput, conform } from './batch-util.ts';

export async function* lateralJoinExec(node: LateralJoinNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const rightTypes = node.right.schema.map((c) => c.type);
  for await (const left of executePlan(node.left, ctx)) {
    for (let row = 0; row < left.length; row++) {
      ctx.checkCancel();
      const inner = withOuterRow(ctx, { batch: left, row });
      let right = await collectInput(node.right, inner);
      let joined: Batch = {
        columns: [...takeBatch(left, new Int32Array(right.length).fill(row)).columns, ...right.columns],
        length: right.length,
      };
      if (node.condition !== null && joined.length > 0) {
        const [keep] = await evalExprs([node.condition], joined, ctx);
        const idx: number[] = [];
        for (let i = 0; i < joined.length; i++) if (keep!.values[i] === 1 && (keep!.nulls === null || keep!.nulls[i] === 0)) idx.push(i);
        if (idx.length < joined.length) {
          right = takeBatch(right, idx);
          joined = takeBatch(joined, idx);
        }
      }
      if (joined.length > 0) yield conform(joined, node.schema);
      else if (node.joinType === 'left') {
        const pad: Vector[] = rightTypes.map((t) => constantVector(t, null, 1));
        yield conform({ columns: [...takeBatch(left, [row]).columns, ...pad], length: 1 }, node.schema);
      }
    }
  }
}
