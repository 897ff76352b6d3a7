/**
 * Table scan: stream the node's columns from storage, keeping rows that pass the pushed-down filters. Files
 * whose Delta statistics (min, max, null count) show that no row can pass are not read, and an equality
 * with constants on an indexable column is handed to storage as a point lookup (see ScanRequest.lookup).
 */
import type { Batch } from '../../common/index.ts';
import { indexable } from '../../kernels/index.ts';
import type { Expr, ScanNode } from '../../plan/index.ts';
import type { ScanRequest } from '../../storage/index.ts';
import type { ExecContext } from '../context.ts';
import { constantEvaluator, isConstant, mayMatch, type ConstantEvaluator } from '../stats-pruning.ts';
import { CompiledFilter } from '../eval/compiled-filter.ts';
import { conform, conjunction, pickColumns } from './batch-util.ts';

export async function* scanExec(node: ScanNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const pred = conjunction(node.filters);
  const snapshot = node.table.snapshot;
  let files = snapshot.files;
  const share = ctx.scanShare;
  if (share !== undefined && share.scan === node) files = files.filter((f) => share.files.has(f.path));
  let lookup: ScanRequest['lookup'];
  if (pred !== null) {
    const columns = node.columns.map((i) => snapshot.schema[i]!);
    const evaluate = constantEvaluator(ctx);
    files = files.filter((f) => mayMatch(pred, f, columns, evaluate));
    lookup = pointLookup(pred, evaluate);
  }
  const profile = ctx.profile?.get(node);
  if (profile !== undefined) profile.files = { read: files.length, total: snapshot.files.length };
  const stream = ctx.storage.scan(node.table.location, {
    snapshot, files, columns: node.columns, batchSize: ctx.batchSize, scaledDecimals: true, lookup,
  });
  const filter = pred === null ? null : new CompiledFilter(pred, ctx);
  const output = node.output;
  for await (const b of stream) {
    ctx.checkCancel();
    if (b.length === 0) continue;
    const out = filter !== null ? await filter.apply(b, output) : pickColumns(b, output);
    if (out !== null) yield conform(out, node.schema);
  }
}

/** The first conjunct `column = constant` or `column IN (constants…)` over an indexable column, as a lookup. */
function pointLookup(pred: Expr, evaluate: ConstantEvaluator): ScanRequest['lookup'] {
  if (pred.kind === 'and') {
    for (const c of pred.args) {
      const l = pointLookup(c, evaluate);
      if (l !== undefined) return l;
    }
    return undefined;
  }
  let column: Expr, constants: readonly Expr[];
  if (pred.kind === 'compare' && pred.op === '=') {
    [column, constants] = pred.left.kind === 'column' ? [pred.left, [pred.right]] : [pred.right, [pred.left]];
  } else if (pred.kind === 'in-list' && !pred.negate) {
    [column, constants] = [pred.arg, pred.list];
  } else {
    return undefined;
  }
  if (column.kind !== 'column' || !indexable(column.type)) return undefined;
  const id = column.type.id;
  if (!constants.every((c) => c.type.id === id && isConstant(c))) return undefined;
  return { column: column.index, keys: constants.map(evaluate) };
}
