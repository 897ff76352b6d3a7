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
    if (!foldable(x)) return x;
    try {
      return { kind: 'const', value: ctx.evaluateConstant(x), type: x.type };
    } catch {
      return x;
    }
  });
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
