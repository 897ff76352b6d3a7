/** Table scan: stream the node's columns from storage, keeping rows that pass the pushed-down filters. */
import type { Batch } from '../../common/index.ts';
import type { ScanNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { conform, conjunction, filterBatch } from './batch-util.ts';

export async function* scanExec(node: ScanNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const pred = conjunction(node.filters);
  const stream = ctx.storage.scan(node.table.location, {
    snapshot: node.table.snapshot, columns: node.columns, batchSize: ctx.batchSize, scaledDecimals: true,
  });
  for await (const b of stream) {
    ctx.checkCancel();
    if (b.length === 0) continue;
    const out = pred === null ? b : await filterBatch(pred, b, ctx);
    if (out !== null) yield conform(out, node.schema);
  }
}
