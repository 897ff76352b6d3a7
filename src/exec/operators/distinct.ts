/** DISTINCT: the first row of each set of equal rows (NULLs equal), in input order. */
import { takeBatch, type Batch } from '../../common/index.ts';
import type { DistinctNode } from '../../plan/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { conform } from './batch-util.ts';

export async function* distinctExec(node: DistinctNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const seen = new Set<Key | null>();
  for await (const b of executePlan(node.input, ctx)) {
    ctx.checkCancel();
    const keys = rowKeys(b.columns, b.length, true);
    const idx = new Int32Array(b.length);
    let c = 0;
    for (let i = 0; i < b.length; i++) {
      const k = keys[i]!;
      if (!seen.has(k)) { seen.add(k); idx[c++] = i; }
    }
    if (c > 0) yield conform(c === b.length ? b : takeBatch(b, idx, c), node.schema);
  }
}
