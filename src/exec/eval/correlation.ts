/**
 * What a subquery reads from outside itself. The executor caches a subquery's result per statement when it
 * reads nothing from enclosing rows, and otherwise per distinct values of the columns it reads from the row
 * that evaluates it (unless it calls volatile functions).
 */
import { exprChildren, isVolatile, nodeExprs, planInputs, type Expr, type LogicalPlan } from '../../plan/index.ts';

export interface OuterUse {
  /** Columns of the evaluating row (depth 1 as seen from the subquery's own plan) that the plan reads. */
  readonly columns: readonly number[];
  /** Whether it reads rows further out (depth ≥ 2 from its own plan). */
  readonly beyond: boolean;
  readonly volatile: boolean;
}

const MEMO = new WeakMap<LogicalPlan, OuterUse>();

export function outerUse(plan: LogicalPlan): OuterUse {
  let u = MEMO.get(plan);
  if (u !== undefined) return u;
  const cols = new Set<number>();
  let beyond = false, volatile = false;
  const walkExpr = (e: Expr, level: number): void => {
    if (e.kind === 'outer') {
      if (e.depth === level + 1) cols.add(e.index);
      else if (e.depth > level + 1) beyond = true;
    } else if (e.kind === 'subquery') {
      walkPlan(e.plan, level + 1);
    } else if (e.kind === 'call' && isVolatile(e)) {
      volatile = true;
    }
    for (const c of exprChildren(e)) walkExpr(c, level);
  };
  const walkPlan = (p: LogicalPlan, level: number): void => {
    for (const e of nodeExprs(p)) walkExpr(e, level);
    if (p.kind === 'lateral') {
      // The lateral side runs with the left row as its nearest outer row: one level deeper.
      walkPlan(p.left, level);
      walkPlan(p.right, level + 1);
      return;
    }
    for (const i of planInputs(p)) walkPlan(i, level);
  };
  walkPlan(plan, 0);
  u = { columns: [...cols].sort((a, b) => a - b), beyond, volatile };
  MEMO.set(plan, u);
  return u;
}
