/**
 * Pull the conjuncts that every branch of an OR shares out of it: `(a AND b) OR (a AND c)` becomes
 * `a AND (b OR c)`, and a branch left with nothing makes the OR true (`a OR (a AND c)` is `a`). AND and OR
 * distribute over each other in SQL's three-valued logic too, so the result is the same for every row.
 *
 * It matters for predicates written per case, like TPC-H Q19's three `p_partkey = l_partkey AND …` branches:
 * once the equality stands alone, predicate pushdown makes it a hash join key and the single-table conjuncts
 * go into the scans, where before the whole OR had to be tested on a cross product. Conjuncts holding a
 * subquery or a volatile call stay where they are (their evaluation count is observable).
 */
import { T, Decimal } from '../../../common/index.ts';
import { andOf, conjuncts, hasSubquery, isVolatile, transformExpr, type Expr } from '../../expr.ts';
import type { LogicalPlan } from '../../logical.ts';
import { transformPlan, type OptimizerRule } from '../rule.ts';

const overloadIds = new WeakMap<object, number>();
let nextOverloadId = 1;

/** A key equal for structurally equal expressions. */
function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => {
    if (k === 'location') return undefined;
    if (k === 'overload' && typeof v === 'object' && v !== null) {
      let id = overloadIds.get(v);
      if (id === undefined) overloadIds.set(v, id = nextOverloadId++);
      return `overload#${id}`;
    }
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Decimal) return `dec:${v.toString()}`;
    return v;
  });
}

const factorable = (e: Expr): boolean => !hasSubquery(e) && !isVolatile(e);


function factorOr(e: Expr): Expr {
  if (e.kind !== 'or' || e.args.length < 2) return e;
  const branches = e.args.map((b) => conjuncts(b).map((c) => ({ c, key: factorable(c) ? exprKey(c) : undefined })));
  const common = branches[0]!.filter((x, i, all) => x.key !== undefined
    && all.findIndex((y) => y.key === x.key) === i
    && branches.every((b) => b.some((y) => y.key === x.key)));
  if (common.length === 0) return e;
  const keys = new Set(common.map((x) => x.key));
  const rests = branches.map((b) => b.filter((x) => !keys.has(x.key)).map((x) => x.c));
  const out = common.map((x) => x.c);
  // A branch with nothing left is just the common part: the OR of the rests is then TRUE.
  if (rests.every((r) => r.length > 0)) out.push({ kind: 'or', args: rests.map(andOf), type: T.bool });
  return andOf(out);
}

const factorAll = (e: Expr): Expr => transformExpr(e, factorOr);

export const factorOrConjuncts: OptimizerRule = {
  name: 'factor_or_conjuncts',
  apply(plan: LogicalPlan): LogicalPlan {
    return transformPlan(plan, (p) => {
      switch (p.kind) {
        case 'filter': return { ...p, predicate: factorAll(p.predicate) };
        case 'join': return p.condition === null ? p : { ...p, condition: factorAll(p.condition) };
        case 'scan': return { ...p, filters: p.filters.map(factorAll) };
        default: return p;
      }
    });
  },
};
