/**
 * executePlan: the operator for each plan node kind (one file each under operators/), chained as async
 * generators of Batches. The handler table is a Record over every node kind, so a new kind does not compile
 * until it is handled here.
 */
import type { Batch } from '../common/vector.ts';
import type { LogicalPlan } from '../plan/logical.ts';
import type { ExecContext } from './context.ts';
import { hashAggregateExec } from './operators/aggregate/hash-aggregate.ts';
import { distinctExec } from './operators/distinct.ts';
import { filterExec } from './operators/filter.ts';
import { hashJoinExec } from './operators/hash-join.ts';
import { limitExec } from './operators/limit.ts';
import { projectExec } from './operators/project.ts';
import { scanExec } from './operators/scan.ts';
import { setOpExec } from './operators/set-op.ts';
import { sortExec } from './operators/sort.ts';
import { valuesExec } from './operators/values.ts';

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
};

/** Run `plan`, yielding non-empty batches typed exactly as plan.schema. */
export function executePlan(plan: LogicalPlan, ctx: ExecContext): AsyncGenerator<Batch> {
  return (OPERATORS[plan.kind] as Operator<LogicalPlan['kind']>)(plan, ctx);
}
