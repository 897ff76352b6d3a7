/**
 * Table scan: stream the node's columns from storage, keeping rows that pass the pushed-down filters. Files
 * whose Delta statistics (min, max, null count) show that no row can pass are not read.
 */
import type { Batch } from '../../common/index.ts';
import type { ScanNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { constantEvaluator, mayMatch } from '../stats-pruning.ts';
import { conform, conjunction, filterBatch } from './batch-util.ts';

export async function* scanExec(node: ScanNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const pred = conjunction(node.filters);
  const snapshot = node.table.snapshot;
  let files = snapshot.files;
  if (pred !== null) {
    const columns = node.columns.map((i) => snapshot.schema[i]!);
    const evaluate = constantEvaluator(ctx);
    files = files.filter((f) => mayMatch(pred, f, columns, evaluate));
  }
  const profile = ctx.profile?.get(node);
  if (profile !== undefined) profile.files = { read: files.length, total: snapshot.files.length };
  const stream = ctx.storage.scan(node.table.location, {
    snapshot, files, columns: node.columns, batchSize: ctx.batchSize, scaledDecimals: true,
  });
  for await (const b of stream) {
    ctx.checkCancel();
    if (b.length === 0) continue;
    const out = pred === null ? b : await filterBatch(pred, b, ctx);
    if (out !== null) yield conform(out, node.schema);
  }
}
