/**
 * Fold expressions whose inputs are all constants into constants, and simplify boolean logic around constants
 * (x AND false → false, x OR true → true, a filter on true disappears). An expression that fails to evaluate
 * (1/0) is left alone so the error surfaces only if execution reaches it.
 */
import { T } from '../../../common/index.ts';
import { exprChildren, transformExpr, type Expr } from '../../expr.ts';
import type { LogicalPlan } from '../../logical.ts';
import { mapNodeExprs, transformPlan, type OptimizerContext, type OptimizerRule } from '../rule.ts';

const isConst = (e: Expr): e is Extract<Expr, { kind: 'const' }> => e.kind === 'const';
const isTrue = (e: Expr) => isConst(e) && e.value === true;
const isFalse = (e: Expr) => isConst(e) && e.value === false;

function foldable(e: Expr): boolean {
  switch (e.kind) {
    case 'const': case 'column': case 'outer': case 'param': case 'subquery': return false;
    case 'call': if (e.overload.volatility !== undefined && e.overload.volatility !== 'immutable') return false; break;
    default: break;
  }
  return exprChildren(e).every(isConst);
}

export function foldExpr(e: Expr, ctx: OptimizerContext): Expr {
  return transformExpr(e, (x) => {
    if (x.kind === 'and') {
      if (x.args.some(isFalse)) return { kind: 'const', value: false, type: T.bool };
      const rest = x.args.filter((a) => !isTrue(a));
      if (rest.length === 0) return { kind: 'const', value: true, type: T.bool };
      if (rest.length === 1) return rest[0]!;
      return rest.length === x.args.length ? x : { ...x, args: rest };
    }
    if (x.kind === 'or') {
      if (x.args.some(isTrue)) return { kind: 'const', value: true, type: T.bool };
      const rest = x.args.filter((a) => !isFalse(a));
      if (rest.length === 0) return { kind: 'const', value: false, type: T.bool };
      if (rest.length === 1) return rest[0]!;
      return rest.length === x.args.length ? x : { ...x, args: rest };
    }
    if (!foldable(x)) return dateVersusTimestamp(x);
    try {
      return { kind: 'const', value: ctx.evaluateConstant(x), type: x.type };
    } catch {
      return x;
    }
  });
}

const MICROS_PER_DAY = 86_400_000_000;
const FLIP = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/**
 * `date_col::timestamp op constant` (what `d < date '…' + interval '1 year'` binds to) compared as dates, so
 * the column is not cast row by row and file statistics apply: with the constant at day D plus r ≥ 0
 * microseconds, d::timestamp ≤ ts ⇔ d ≤ D, and d::timestamp < ts ⇔ d < D when r = 0, else d ≤ D.
 */
function dateVersusTimestamp(x: Expr): Expr {
  if (x.kind !== 'compare' || x.op === '=' || x.op === '<>') return x;
  let op = x.op;
  let cast = x.left, c = x.right;
  if (cast.kind !== 'cast') { cast = x.right; c = x.left; op = FLIP[op]; }
  if (cast.kind !== 'cast' || cast.type.id !== 'timestamp' || cast.arg.type.id !== 'date' || c.kind !== 'const') return x;
  if (typeof c.value !== 'number' || !Number.isFinite(c.value) || !Number.isInteger(c.value)) return x;
  const day = Math.floor(c.value / MICROS_PER_DAY);
  const exact = c.value === day * MICROS_PER_DAY;
  // d op ts as d op' D: for <, > and ≥ the boundary day D is in or out depending on r.
  const dateOp = op === '<=' ? '<=' : op === '>' ? '>' : op === '<' ? (exact ? '<' : '<=') : (exact ? '>=' : '>');
  return { kind: 'compare', op: dateOp, left: cast.arg, right: { kind: 'const', value: day, type: cast.arg.type }, type: x.type };
}

export const constantFolding: OptimizerRule = {
  name: 'constant_folding',
  apply(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan {
    return transformPlan(plan, (p) => {
      const q = mapNodeExprs(p, (e) => foldExpr(e, ctx));
      if (q.kind === 'filter' && isTrue(q.predicate)) return q.input;
      return q;
    });
  },
};
