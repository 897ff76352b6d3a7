/**
 * What a subquery reads from outside itself. The executor caches a subquery's result per statement when it
 * reads nothing from enclosing rows, and otherwise per distinct values of the columns it reads from the row
 * that evaluates it (unless it calls volatile functions).
 */
import { exprChildren, isVolatile, type Expr } from '../../plan/index.ts';
import { planInputs, type LogicalPlan } from '../../plan/index.ts';

/** The expressions a plan node evaluates itself (not those of its inputs). */
export function nodeExprs(p: LogicalPlan): Expr[] {
  switch (p.kind) {
    case 'scan': return [...p.filters];
    case 'values': return p.rows.flat();
    case 'filter': return [p.predicate];
    case 'project': return [...p.exprs];
    case 'aggregate': return [...p.groups, ...p.aggs.flatMap((a) => (a.filter === null ? a.args : [...a.args, a.filter]))];
    case 'sort': return p.keys.map((k) => k.expr);
    case 'limit': return [p.limit, p.offset].filter((x): x is Expr => x !== null);
    case 'join': return p.condition === null ? [] : [p.condition];
    case 'setop': case 'distinct': return [];
  }
}

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
    for (const i of planInputs(p)) walkPlan(i, level);
  };
  walkPlan(plan, 0);
  u = { columns: [...cols].sort((a, b) => a - b), beyond, volatile };
  MEMO.set(plan, u);
  return u;
}
