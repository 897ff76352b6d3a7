/**
 * executePlan: the operator for each plan node kind (one file each under operators/), chained as async
 * generators of Batches. The handler table is a Record over every node kind, so a new kind does not compile
 * until it is handled here.
 */
import { unscaledBatch, type Batch } from '../common/index.ts';
import type { LogicalPlan } from '../plan/index.ts';
import type { ExecContext, NodeProfile } from './context.ts';
import { hashAggregateExec } from './operators/aggregate/hash-aggregate.ts';
import { distinctExec } from './operators/distinct.ts';
import { filterExec } from './operators/filter.ts';
import { hashJoinExec } from './operators/hash-join.ts';
import { lateralJoinExec } from './operators/lateral-join.ts';
import { limitExec } from './operators/limit.ts';
import { projectExec } from './operators/project.ts';
import { recursiveUnionExec, workTableExec } from './operators/recursive-union.ts';
import { projectSetExec, tableFunctionExec } from './operators/table-function.ts';
import { scanExec } from './operators/scan.ts';
import { setOpExec } from './operators/set-op.ts';
import { sortExec } from './operators/sort.ts';
import { valuesExec } from './operators/values.ts';
import { windowExec } from './operators/window/window.ts';

type Operator<K extends LogicalPlan['kind']> = (node: Extract<LogicalPlan, { kind: K }>, ctx: ExecContext) => AsyncGenerator<Batch>;

const OPERATORS: { readonly [K in LogicalPlan['kind']]: Operator<K> } = {
  scan: scanExec,
  values: valuesExec,
  filter: filterExec,
  project: projectExec,
  aggregate: hashAggregateExec,
  sort: sortExec,
  limit: limitExec,
  join: hashJoinExec,
  setop: setOpExec,
  distinct: distinctExec,
  window: windowExec,
  recursive_union: recursiveUnionExec,
  worktable: workTableExec,
  table_function: tableFunctionExec,
  project_set: projectSetExec,
  lateral: lateralJoinExec,
};

/**
 * Run `plan`, yielding non-empty batches typed exactly as plan.schema. With `scaled`, numeric columns may come
 * as scaled doubles (scaledNumeric), for consumers that read them; without, they are Decimals.
 */
export function executePlan(plan: LogicalPlan, ctx: ExecContext, scaled = false): AsyncGenerator<Batch> {
  return yieldingToIo((OPERATORS[plan.kind] as Operator<LogicalPlan['kind']>)(plan, ctx), ctx, plan, scaled);
}

/**
 * Operators chain through promises that are already resolved, which never lets the event loop run: a long
 * query would starve every other connection and never see its own CancelRequest. Between batches, give the
 * loop a turn once a few milliseconds have passed, then check for cancellation.
 */
const SLICE_MS = 10;
let lastYield = performance.now();

async function* yieldingToIo(source: AsyncGenerator<Batch>, ctx: ExecContext, plan: LogicalPlan, scaled: boolean): AsyncGenerator<Batch> {
  let profile: NodeProfile | undefined;
  if (ctx.profile !== undefined) {
    profile = ctx.profile.get(plan);
    if (profile === undefined) ctx.profile.set(plan, profile = { rows: 0, batches: 0, ms: 0 });
  }
  try {
    for (;;) {
      const t0 = profile === undefined ? 0 : performance.now();
      const next = await source.next();
      if (profile !== undefined) {
        profile.ms += performance.now() - t0;
        if (!next.done) { profile.rows += next.value.length; profile.batches++; }
      }
      if (next.done) return;
      if (performance.now() - lastYield > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        ctx.checkCancel();
      }
      yield scaled ? next.value : unscaledBatch(next.value);
    }
  } finally {
    await source.return(undefined);
  }
}
