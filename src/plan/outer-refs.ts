/**
 * Rewriting a subquery's references to one enclosing query level. A subquery plan reads the row of the query
 * `d` levels up through OuterColumnExprs of depth d; nested subqueries and the right side of a lateral join
 * see that level one step further away.
 */
import { transformExpr, type Expr, type OuterColumnExpr } from './expr.ts';
import type { LogicalPlan } from './logical.ts';
import { mapNodeExprs } from './optimizer/rule.ts';

/** Replace every reference to the level `depth` above `plan` by `f(ref)`. */
export function mapOuterRefs(plan: LogicalPlan, depth: number, f: (ref: OuterColumnExpr) => Expr): LogicalPlan {
  const inExpr = (e: Expr, d: number): Expr => transformExpr(e, (x) => {
    if (x.kind === 'outer' && x.depth === d) return f(x);
    if (x.kind === 'subquery') return { ...x, plan: mapOuterRefs(x.plan, d + 1, f) };
    return x;
  });
  const rec = (p: LogicalPlan, d: number): LogicalPlan => {
    let q: LogicalPlan;
    switch (p.kind) {
      case 'scan': case 'values': case 'worktable': case 'table_function': q = p; break;
      case 'lateral': q = { ...p, left: rec(p.left, d), right: rec(p.right, d + 1) }; break;
      case 'join': case 'setop': q = { ...p, left: rec(p.left, d), right: rec(p.right, d) }; break;
      case 'recursive_union': q = { ...p, base: rec(p.base, d), step: rec(p.step, d) }; break;
      default: q = { ...p, input: rec(p.input, d) } as LogicalPlan;
    }
    return mapNodeExprs(q, (e) => inExpr(e, d));
  };
  return rec(plan, depth);
}
