/**
 * UNION / INTERSECT / EXCEPT, with ALL as multisets (INTERSECT ALL keeps min(m, n) copies, EXCEPT ALL
 * max(m - n, 0)); rows compare with NULLs equal. The right input is read into a count per distinct row,
 * except for UNION, which streams both sides.
 */
import { takeBatch, type Batch } from '../../common/index.ts';
import type { SetOpNode } from '../../plan/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { conform } from './batch-util.ts';

export async function* setOpExec(node: SetOpNode, ctx: ExecContext): AsyncGenerator<Batch> {
  if (node.op === 'union') {
    const seen = node.all ? null : new Set<Key | null>();
    for (const input of [node.left, node.right]) {
      for await (const b of executePlan(input, ctx)) {
        ctx.checkCancel();
        if (b.length === 0) continue;
        if (seen === null) { yield conform(b, node.schema); continue; }
        const keys = rowKeys(b.columns, b.length, true);
        const idx = new Int32Array(b.length);
        let c = 0;
        for (let i = 0; i < b.length; i++) if (!seen.has(keys[i]!)) { seen.add(keys[i]!); idx[c++] = i; }
        if (c > 0) yield conform(c === b.length ? b : takeBatch(b, idx, c), node.schema);
      }
    }
    return;
  }
  const counts = new Map<Key | null, number>();
  for await (const b of executePlan(node.right, ctx)) {
    ctx.checkCancel();
    for (const k of rowKeys(b.columns, b.length, true)) counts.set(k!, (counts.get(k!) ?? 0) + 1);
  }
  const emitted = new Set<Key | null>();
  const intersect = node.op === 'intersect';
  for await (const b of executePlan(node.left, ctx)) {
    ctx.checkCancel();
    const keys = rowKeys(b.columns, b.length, true);
    const idx = new Int32Array(b.length);
    let c = 0;
    for (let i = 0; i < b.length; i++) {
      const k = keys[i]!;
      const m = counts.get(k) ?? 0;
      if (node.all) {
        if (intersect) { if (m > 0) { counts.set(k, m - 1); idx[c++] = i; } }
        else if (m > 0) counts.set(k, m - 1);
        else idx[c++] = i;
      } else if (!emitted.has(k) && (intersect ? m > 0 : m === 0)) {
        emitted.add(k);
        idx[c++] = i;
      }
    }
    if (c > 0) yield conform(c === b.length ? b : takeBatch(b, idx, c), node.schema);
  }
}
