/** LIMIT / OFFSET: both evaluated once; input is no longer pulled once the limit is reached. */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import { Decimal } from '../../common/index.ts';
import { getValue, sliceBatch, type Batch } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import type { LimitNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { evalExprs } from '../eval/subquery.ts';
import { ONE_ROW, conform } from './batch-util.ts';

async function count(e: Expr | null, ctx: ExecContext): Promise<number | null> {
  if (e === null) return null;
  const [v] = await evalExprs([e], ONE_ROW, ctx);
  const x = getValue(v!, 0);
  if (x === null) return null;
  if (x instanceof Decimal) return Number(x.roundToBigInt());
  return Number(x);
}

export async function* limitExec(node: LimitNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const limit = await count(node.limit, ctx);
  const offset = (await count(node.offset, ctx)) ?? 0;
  if (limit !== null && limit < 0) throw new SqlError(SqlState.invalidRowCountInLimitClause, 'LIMIT must not be negative');
  if (offset < 0) throw new SqlError(SqlState.invalidRowCountInResultOffsetClause, 'OFFSET must not be negative');
  if (limit === 0) return;
  let skip = offset;
  let left = limit ?? Infinity;
  for await (const b of executePlan(node.input, ctx, true)) {
    ctx.checkCancel();
    let start = 0;
    if (skip > 0) {
      if (skip >= b.length) { skip -= b.length; continue; }
      start = skip;
      skip = 0;
    }
    const end = Math.min(b.length, start + left);
    if (end > start) {
      yield conform(start === 0 && end === b.length ? b : sliceBatch(b, start, end), node.schema);
      left -= end - start;
    }
    if (left <= 0) return;
  }
}
