/**
 * WITH RECURSIVE: emit the base rows, then evaluate the step over the previous round's new rows (its work
 * table) until a round produces nothing new. UNION (without ALL) discards rows produced before, which is
 * also what makes most recursive queries over cyclic data terminate. A query that never terminates runs
 * until statement_timeout or a cancel, as in PostgreSQL.
 */
import type { Batch } from '../../common/index.ts';
import type { RecursiveUnionNode, WorkTableNode } from '../../plan/index.ts';
import type { Key } from '../../kernels/index.ts';
import { statementCache, type ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { conform, unseenRows } from './batch-util.ts';

const workTableKey = (id: number): string => `worktable:${id}`;

export async function* recursiveUnionExec(node: RecursiveUnionNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const seen = node.all ? null : new Set<Key | null>();
  const fresh = (b: Batch): Batch | null => (seen === null ? b : unseenRows(b, seen));
  const cache = statementCache(ctx);
  let work: Batch[] = [];
  for await (const b of executePlan(node.base, ctx)) {
    const f = fresh(conform(b, node.schema));
    if (f !== null) { work.push(f); yield f; }
  }
  try {
    while (work.length > 0) {
      ctx.checkCancel();
      cache.set(workTableKey(node.id), work);
      const next: Batch[] = [];
      for await (const b of executePlan(node.step, ctx)) {
        const f = fresh(conform(b, node.schema));
        if (f !== null) { next.push(f); yield f; }
      }
      work = next;
    }
  } finally {
    cache.delete(workTableKey(node.id));
  }
}

export async function* workTableExec(node: WorkTableNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const rows = statementCache(ctx).get(workTableKey(node.id)) as Batch[] | undefined;
  for (const b of rows ?? []) yield b;
}
