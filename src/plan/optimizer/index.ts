/**
 * The logical optimizer: runs every rule in order over the plan and over the plans of subqueries inside its
 * expressions.
 */
import { someExpr, transformExpr } from '../expr.ts';
import { planInputs, type LogicalPlan } from '../logical.ts';
import { mapNodeExprs, nodeExprs, transformPlan, type OptimizerContext } from './rule.ts';
import { RULES } from './rules/index.ts';
import { decorrelateSubqueries } from './decorrelate.ts';

export type { OptimizerContext, OptimizerRule } from './rule.ts';
export { mapNodeExprs, nodeExprs, transformPlan } from './rule.ts';
export { RULES } from './rules/index.ts';

export function optimize(plan: LogicalPlan, ctx: OptimizerContext, disabled: ReadonlySet<string> = new Set()): LogicalPlan {
  let p = plan;
  if (holdsSubquery(p)) {
    // Decorrelation first, on the plan as bound: later rules move the correlated predicates it looks for.
    if (!disabled.has('decorrelate_subqueries')) p = decorrelateSubqueries(p);
    // Then subquery plans: each is a query of its own.
    p = transformPlan(p, (node) => mapNodeExprs(node, (e) => transformExpr(e, (x) =>
      (x.kind === 'subquery' ? { ...x, plan: optimize(x.plan, ctx, disabled) } : x))));
  }
  for (const rule of RULES) if (!disabled.has(rule.name)) p = rule.apply(p, ctx);
  return p;
}

/** Whether an expression anywhere in the plan holds a subquery: most statements hold none, and skip two passes. */
function holdsSubquery(p: LogicalPlan): boolean {
  return nodeExprs(p).some((e) => someExpr(e, (x) => x.kind === 'subquery')) || planInputs(p).some(holdsSubquery);
}
