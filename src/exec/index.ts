/** The executor's face: run a logical plan as vectorized operators; evaluate expressions over batches. */
export { executePlan } from './execute.ts';
export type { ExecContext, NodeProfile, OuterRow } from './context.ts';
export { evalExpr } from './eval/eval-expr.ts';
export { evalExprs, resolveSubqueries, subqueryAsConstant } from './eval/subquery.ts';
export { collectInput } from './operators/batch-util.ts';
export type { EvalScope } from './eval/selection.ts';
export { constantEvaluator, mayMatch, type ConstantEvaluator } from './stats-pruning.ts';
export type { AggregateTask, AggregateTaskResult, Parallelism, TaskEnvironment } from './parallel/contract.ts';
export { runAggregateTask } from './parallel/worker-task.ts';
export { MemoryGrant, MemoryPool } from './memory.ts';
