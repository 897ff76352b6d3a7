/**
 * Merge a projection into the projection below it: `project f(x) ← project g(y)` becomes `project f(g(y))`.
 * An inner expression that does real work is substituted only if the outer projection uses it at most once,
 * so no computation is repeated; subqueries and volatile calls are never moved.
 */
import { someExpr, transformExpr, type Expr } from '../../expr.ts';
import type { LogicalPlan } from '../../logical.ts';
import { transformPlan, type OptimizerRule } from '../rule.ts';

const trivial = (e: Expr): boolean => e.kind === 'column' || e.kind === 'const' || e.kind === 'param';
const movable = (e: Expr): boolean => !someExpr(e, (x) => x.kind === 'subquery' || x.kind === 'outer'
  || (x.kind === 'call' && x.overload.volatility === 'volatile'));

export const collapseProjections: OptimizerRule = {
  name: 'collapse_projections',
  apply(plan: LogicalPlan): LogicalPlan {
    return transformPlan(plan, (p) => {
      if (p.kind !== 'project' || p.input.kind !== 'project') return p;
      const inner = p.input;
      const uses = new Map<number, number>();
      for (const e of p.exprs) {
        if (!movable(e)) return p;
        transformExpr(e, (x) => {
          if (x.kind === 'column') uses.set(x.index, (uses.get(x.index) ?? 0) + 1);
          return x;
        });
      }
      for (const [i, n] of uses) {
        const e = inner.exprs[i]!;
        if (!movable(e) || (!trivial(e) && n > 1)) return p;
      }
      const exprs = p.exprs.map((e) => transformExpr(e, (x) => (x.kind === 'column' ? inner.exprs[x.index]! : x)));
      return { ...p, input: inner.input, exprs };
    });
  },
};
