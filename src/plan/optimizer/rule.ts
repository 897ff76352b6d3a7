/** An optimizer rule: a pure rewrite of a logical plan. Rules run in the order of rules/index.ts. */
import { conjuncts, shiftColumns, someExpr, type Expr } from '../expr.ts';
import type { FrameBound, JoinNode, LogicalPlan } from '../logical.ts';

export interface OptimizerContext {
  /** Evaluate a constant, deterministic expression (injected by the composition root: the executor's evaluator). */
  evaluateConstant(e: Expr): unknown;
}

export interface OptimizerRule {
  /** lower_snake, as shown by EXPLAIN and used to disable a rule. */
  readonly name: string;
  apply(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan;
}

/** The expressions a plan node evaluates itself (not those of its inputs). */
export function nodeExprs(p: LogicalPlan): Expr[] {
  const out: Expr[] = [];
  mapNodeExprs(p, (e) => { out.push(e); return e; });
  return out;
}

/** Rebuild a plan bottom-up, applying `f` to every node after its inputs. */
export function transformPlan(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': case 'worktable': case 'table_function': return f(p);
    case 'join': case 'setop': case 'lateral': return f({ ...p, left: transformPlan(p.left, f), right: transformPlan(p.right, f) });
    case 'recursive_union': return f({ ...p, base: transformPlan(p.base, f), step: transformPlan(p.step, f) });
    default: return f({ ...p, input: transformPlan(p.input, f) } as LogicalPlan);
  }
}

/** Apply `g` to every expression held directly by a node (not its inputs). */
export function mapNodeExprs(p: LogicalPlan, g: (e: Expr) => Expr): LogicalPlan {
  switch (p.kind) {
    case 'scan': return { ...p, filters: p.filters.map(g) };
    case 'values': return { ...p, rows: p.rows.map((r) => r.map(g)) };
    case 'filter': return { ...p, predicate: g(p.predicate) };
    case 'project': return { ...p, exprs: p.exprs.map(g) };
    case 'aggregate': return {
      ...p, groups: p.groups.map(g),
      aggs: p.aggs.map((a) => ({
        ...a, args: a.args.map(g), filter: a.filter === null ? null : g(a.filter),
        ...(a.orderBy !== undefined ? { orderBy: a.orderBy.map((k) => ({ ...k, expr: g(k.expr) })) } : {}),
        ...(a.direct !== undefined ? { direct: a.direct.map(g) } : {}),
      })),
    };
    case 'sort': return { ...p, keys: p.keys.map((k) => ({ ...k, expr: g(k.expr) })) };
    case 'limit': return { ...p, limit: p.limit === null ? null : g(p.limit), offset: p.offset === null ? null : g(p.offset) };
    case 'join': case 'lateral': return { ...p, condition: p.condition === null ? null : g(p.condition) };
    case 'window': {
      const bound = (b: FrameBound): FrameBound => (b.kind === 'preceding' || b.kind === 'following' ? { ...b, offset: g(b.offset) } : b);
      return {
        ...p, funcs: p.funcs.map((f) => ({
          ...f, args: f.args.map(g), filter: f.filter === null ? null : g(f.filter), partitionBy: f.partitionBy.map(g),
          orderBy: f.orderBy.map((k) => ({ ...k, expr: g(k.expr) })), frame: { ...f.frame, start: bound(f.frame.start), end: bound(f.frame.end) },
        })),
      };
    }
    case 'table_function': return { ...p, functions: p.functions.map((c) => ({ ...c, args: c.args.map(g) })) };
    case 'project_set': return { ...p, srfs: p.srfs.map((c) => ({ ...c, args: c.args.map(g) })) };
    case 'setop': case 'distinct': case 'recursive_union': case 'worktable': return p;
  }
}

/** An inner or cross join whose condition holds no subquery or volatile call: its inputs can be regrouped. */
export const isReorderable = (p: LogicalPlan): p is JoinNode =>
  p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross')
  && (p.condition === null || !someExpr(p.condition, (x) => x.kind === 'subquery' || (x.kind === 'call' && x.overload.volatility === 'volatile')));

/** One input of a flattened join tree, its columns at `offset` in the joined row. */
export interface JoinLeaf {
  readonly plan: LogicalPlan;
  readonly offset: number;
}

/** A tree of reorderable joins as its inputs, left to right, and its conditions' conjuncts over the joined row. */
export function flattenJoins(p: LogicalPlan, offset = 0, leaves: JoinLeaf[] = [], preds: Expr[] = []): { leaves: JoinLeaf[]; preds: Expr[] } {
  if (isReorderable(p)) {
    flattenJoins(p.left, offset, leaves, preds);
    flattenJoins(p.right, offset + p.left.schema.length, leaves, preds);
    if (p.condition !== null) for (const c of conjuncts(p.condition)) preds.push(shiftColumns(c, offset));
  } else {
    leaves.push({ plan: p, offset });
  }
  return { leaves, preds };
}
