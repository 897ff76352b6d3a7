/**
 * Turn correlated EXISTS / NOT EXISTS / IN (subquery) conjuncts of a filter into semi and anti joins, so the
 * subquery runs once as a join input instead of once per outer row. Runs on unoptimized plans (before
 * predicate pushdown moves the correlated predicates into scans).
 *
 * A subquery qualifies when its plan is [Project] ← Filter* ← body, where only the filters' predicates read
 * the enclosing row (depth-1 OuterColumnExprs) and the body reads nothing from outside. The correlated
 * predicates become the join condition over (outer row, body row); deeper outer references move up one level.
 * NOT IN is left alone: with NULLs it is not an anti join.
 */
import { T } from '../../common/index.ts';
import { conjuncts, exprChildren, transformExpr, type Expr, type SubqueryExpr } from '../expr.ts';
import { planInputs, type LogicalPlan } from '../logical.ts';
import { mapNodeExprs, nodeExprs, transformPlan } from './rule.ts';

/** Does the plan read rows of enclosing queries at `depth` (1 = its immediate parent) or beyond? */
function readsOuter(p: LogicalPlan, depth = 1): boolean {
  const inExpr = (e: Expr, d: number): boolean => {
    if (e.kind === 'outer' && e.depth >= d) return true;
    if (e.kind === 'subquery' && readsOuter(e.plan, d + 1)) return true;
    return exprChildren(e).some((c) => inExpr(c, d));
  };
  if (nodeExprs(p).some((e) => inExpr(e, depth))) return true;
  if (p.kind === 'lateral') return readsOuter(p.left, depth) || readsOuter(p.right, depth + 1);
  return planInputs(p).some((i) => readsOuter(i, depth));
}

const exprReadsOuter = (e: Expr): boolean => {
  if (e.kind === 'outer') return true;
  if (e.kind === 'subquery') return readsOuter(e.plan, 2);
  return exprChildren(e).some(exprReadsOuter);
};

/**
 * Rewrite a correlated predicate into the outer query's frame: depth-1 outer refs become the outer row's
 * columns (left side), body columns move right by `leftWidth`, deeper outer refs lose a level.
 */
function lift(e: Expr, leftWidth: number): Expr {
  return transformExpr(e, (x) => {
    if (x.kind === 'column') return { ...x, index: x.index + leftWidth };
    if (x.kind === 'outer') return x.depth === 1 ? { kind: 'column', index: x.index, type: x.type, name: x.name } : { ...x, depth: x.depth - 1 };
    return x;
  });
}

interface Split { readonly body: LogicalPlan; readonly correlated: Expr[]; readonly project: readonly Expr[] | null }

function split(plan: LogicalPlan): Split | undefined {
  let p = plan;
  let project: readonly Expr[] | null = null;
  if (p.kind === 'project') {
    project = p.exprs;
    p = p.input;
  }
  const correlated: Expr[] = [];
  const local: Expr[] = [];
  while (p.kind === 'filter') {
    for (const c of conjuncts(p.predicate)) {
      if (c.kind === 'subquery' || exprChildren(c).some((x) => x.kind === 'subquery')) {
        if (exprReadsOuter(c)) return undefined; // nested correlated subqueries: keep it simple
      }
      (exprReadsOuter(c) ? correlated : local).push(c);
    }
    p = p.input;
  }
  if (correlated.length === 0 || readsOuter(p)) return undefined;
  if (project !== null && project.some(exprReadsOuter)) return undefined;
  const body: LogicalPlan = local.length === 0 ? p
    : { kind: 'filter', input: p, predicate: local.length === 1 ? local[0]! : { kind: 'and', args: local, type: T.bool }, schema: p.schema };
  return { body, correlated, project };
}

/** A semi/anti join replacing `input WHERE [NOT] EXISTS/IN (subquery)`, or undefined. */
function toJoin(input: LogicalPlan, e: Expr, negated: boolean): LogicalPlan | undefined {
  if (e.kind !== 'subquery' || !e.correlated) return undefined;
  const q: SubqueryExpr = e;
  if (q.mode !== 'exists' && !(q.mode === 'any' && q.op === '=' && !negated)) return undefined;
  const s = split(q.plan);
  if (s === undefined) return undefined;
  const lw = input.schema.length;
  const conds = s.correlated.map((c) => lift(c, lw));
  let right = s.body;
  if (q.mode === 'any') {
    // x IN (SELECT f(body) …): add f(body) as a last body column and join on x = it.
    if (s.project === null || s.project.length !== 1 || q.arg === null || exprReadsOuter(q.arg)) return undefined;
    const bodyCols: Expr[] = right.schema.map((c, i) => ({ kind: 'column', index: i, type: c.type, name: c.name }));
    const value = s.project[0]!;
    right = { kind: 'project', input: right, exprs: [...bodyCols, value], schema: [...right.schema, { name: 'in', type: value.type, tableOid: 0, attr: 0 }] };
    conds.unshift({ kind: 'compare', op: '=', left: q.arg, right: { kind: 'column', index: lw + right.schema.length - 1, type: value.type, name: 'in' }, type: T.bool });
  }
  const condition = conds.length === 1 ? conds[0]! : { kind: 'and' as const, args: conds, type: T.bool };
  return { kind: 'join', joinType: negated ? 'anti' : 'semi', left: input, right, condition, schema: input.schema };
}

/** Rewrite every filter's decorrelatable conjuncts into semi/anti joins, top-down. */
export function decorrelateSubqueries(plan: LogicalPlan): LogicalPlan {
  return transformPlan(plan, (p) => {
    const withSubplans = mapNodeExprs(p, (e) => transformExpr(e, (x) => (x.kind === 'subquery' ? { ...x, plan: decorrelateSubqueries(x.plan) } : x)));
    if (withSubplans.kind !== 'filter') return withSubplans;
    let input = withSubplans.input;
    const rest: Expr[] = [];
    for (const c of conjuncts(withSubplans.predicate)) {
      const negated = c.kind === 'not';
      const target = c.kind === 'not' ? c.arg : c;
      const joined = toJoin(input, target, negated);
      if (joined === undefined) rest.push(c);
      else input = joined;
    }
    if (rest.length === conjuncts(withSubplans.predicate).length) return withSubplans;
    return rest.length === 0 ? input
      : { kind: 'filter', input, predicate: rest.length === 1 ? rest[0]! : { kind: 'and', args: rest, type: T.bool }, schema: input.schema };
  });
}
