/**
 * Move filter predicates as close to the data as they can go: through projections (substituting the projected
 * expressions), into the sides of inner joins (and turning cross joins with an equality into joins), below
 * aggregates when they only test grouping columns, and into table scans. Predicates with correlated
 * subqueries stay where they are: their outer references index the row of the operator they were bound at.
 */
import { T } from '../../../common/index.ts';
import { andOf, columnsUsed, conjuncts, shiftColumns, someExpr, transformExpr, type Expr } from '../../expr.ts';
import type { LogicalPlan } from '../../logical.ts';
import { transformPlan, type OptimizerRule } from '../rule.ts';

const pinned = (e: Expr): boolean => someExpr(e, (x) => (x.kind === 'subquery' && x.correlated)
  || (x.kind === 'call' && x.overload.volatility === 'volatile'));


const correlated = (e: Expr): boolean => someExpr(e, (x) => x.kind === 'subquery' && x.correlated);

/**
 * Conjuncts with correlated subqueries last: AND evaluates its arguments lazily, so a subquery that runs once
 * per row then runs only for the rows the cheaper conjuncts let through (as PostgreSQL orders quals by cost).
 */
function lastCorrelated(ps: readonly Expr[]): Expr[] {
  return [...ps.filter((e) => !correlated(e)), ...ps.filter(correlated)];
}

function remap(e: Expr, f: (i: number) => Expr): Expr {
  return transformExpr(e, (x) => (x.kind === 'column' ? f(x.index) : x));
}

/**
 * For `(a1 AND b1) OR (a2 AND b2)` with the a's over one side of a join: `a1 OR a2`, which every row passing
 * the OR passes (TPC-H Q7's nations, Q19's lineitem conditions), so that side is filtered before the join; the
 * OR itself stays. Undefined when some branch has no conjunct on that side alone.
 */
function impliedOnSide(e: Expr, onSide: (column: number) => boolean): Expr | undefined {
  if (e.kind !== 'or') return undefined;
  const branches: Expr[] = [];
  for (const b of e.args) {
    const mine = conjuncts(b).filter((c) => {
      const used = [...columnsUsed(c)];
      return used.length > 0 && used.every(onSide) && !pinned(c) && !someExpr(c, (x) => x.kind === 'subquery');
    });
    if (mine.length === 0) return undefined;
    branches.push(andOf(mine));
  }
  return { kind: 'or', args: branches, type: T.bool };
}

/** Put `preds` (over p's output) on top of p, pushing what can go further down. */
function pushInto(p: LogicalPlan, preds: Expr[]): LogicalPlan {
  if (preds.length === 0) return p;
  const keep: Expr[] = [];
  const movable = preds.filter((e) => (pinned(e) ? (keep.push(e), false) : true));
  const wrap = (q: LogicalPlan, rest: Expr[]): LogicalPlan =>
    (rest.length === 0 ? q : { kind: 'filter', input: q, predicate: andOf(lastCorrelated(rest)), schema: q.schema });
  if (movable.length === 0) return wrap(p, keep);
  switch (p.kind) {
    case 'filter':
      return pushInto(p.input, [...conjuncts(p.predicate), ...movable, ...keep]);
    case 'project': {
      const down: Expr[] = [];
      for (const e of movable) {
        const used = [...columnsUsed(e)];
        if (used.every((i) => !pinned(p.exprs[i]!) && p.exprs[i]!.kind !== 'subquery')) {
          down.push(remap(e, (i) => p.exprs[i]!));
        } else keep.push(e);
      }
      return wrap({ ...p, input: pushInto(p.input, down) }, keep);
    }
    case 'scan':
      return wrap({ ...p, filters: [...p.filters, ...movable.filter((e) => !someExpr(e, (x) => x.kind === 'subquery'))] },
        [...keep, ...movable.filter((e) => someExpr(e, (x) => x.kind === 'subquery'))]);
    case 'join': {
      const lw = p.left.schema.length;
      const toLeft: Expr[] = [], toRight: Expr[] = [], toJoin: Expr[] = [];
      const inner = p.joinType === 'inner' || p.joinType === 'cross';
      for (const e of movable) {
        const used = [...columnsUsed(e)];
        const leftOnly = used.every((i) => i < lw), rightOnly = used.every((i) => i >= lw);
        if (leftOnly && p.joinType !== 'right' && p.joinType !== 'full' && used.length > 0) toLeft.push(e);
        else if (rightOnly && (inner || p.joinType === 'right') && used.length > 0) toRight.push(shiftColumns(e, -lw));
        else if (inner && used.length > 0) {
          toJoin.push(e);
          // An OR over both sides implies, for each side, the OR of each branch's conjuncts on that side alone.
          const l = impliedOnSide(e, (i) => i < lw), r = impliedOnSide(e, (i) => i >= lw);
          if (l !== undefined) toLeft.push(l);
          if (r !== undefined) toRight.push(shiftColumns(r, -lw));
        } else keep.push(e);
      }
      const condition = toJoin.length === 0 ? p.condition : andOf([...(p.condition === null ? [] : conjuncts(p.condition)), ...toJoin]);
      const joined: LogicalPlan = {
        ...p, joinType: p.joinType === 'cross' && condition !== null ? 'inner' : p.joinType, condition,
        left: pushInto(p.left, toLeft), right: pushInto(p.right, toRight),
      };
      return wrap(joined, keep);
    }
    case 'aggregate': {
      const down: Expr[] = [];
      const ng = p.groups.length;
      for (const e of movable) {
        const used = [...columnsUsed(e)];
        if (ng > 0 && used.every((i) => i < ng)) down.push(remap(e, (i) => p.groups[i]!));
        else keep.push(e);
      }
      return wrap({ ...p, input: pushInto(p.input, down) }, keep);
    }
    case 'sort': case 'distinct':
      return wrap({ ...p, input: pushInto(p.input, movable) } as LogicalPlan, keep);
    default:
      return wrap(p, [...movable, ...keep]);
  }
}

/**
 * ON conditions: a conjunct on one side alone goes into that side where a row it rejects could never join, so
 * that the join neither sees nor keeps the rows: either side of an inner join, the right side of a left,
 * semi or anti join, the left side of a right or semi join. (A left join keeps its left rows whatever the
 * condition says, and an anti join returns the left rows that fail it, so those sides keep theirs.)
 */
function pushJoinCondition(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'join' || p.condition === null) return p;
  const type = p.joinType;
  const intoLeft = type === 'inner' || type === 'right' || type === 'semi';
  const intoRight = type === 'inner' || type === 'left' || type === 'semi' || type === 'anti';
  if (!intoLeft && !intoRight) return p;
  const lw = p.left.schema.length;
  const toLeft: Expr[] = [], toRight: Expr[] = [], stay: Expr[] = [];
  for (const e of conjuncts(p.condition)) {
    const used = [...columnsUsed(e)];
    if (pinned(e) || used.length === 0) stay.push(e);
    else if (intoLeft && used.every((i) => i < lw)) toLeft.push(e);
    else if (intoRight && used.every((i) => i >= lw)) toRight.push(shiftColumns(e, -lw));
    else stay.push(e);
  }
  if (toLeft.length === 0 && toRight.length === 0) return p;
  // Only an inner join may lose its whole condition (it becomes a cross join).
  if (stay.length === 0 && type !== 'inner') return p;
  return {
    ...p, condition: stay.length === 0 ? null : andOf(stay), joinType: stay.length === 0 ? 'cross' : type,
    left: pushInto(p.left, toLeft), right: pushInto(p.right, toRight),
  };
}

export const predicatePushdown: OptimizerRule = {
  name: 'predicate_pushdown',
  apply(plan: LogicalPlan): LogicalPlan {
    return transformPlan(plan, (p) => {
      if (p.kind === 'filter') return pushInto(p.input, conjuncts(p.predicate));
      return pushJoinCondition(p);
    });
  },
};
