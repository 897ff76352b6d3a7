/** An optimizer rule: a pure rewrite of a logical plan. Rules run in the order of rules/index.ts. */
import type { Expr } from '../expr.ts';
import type { LogicalPlan } from '../logical.ts';

export interface OptimizerContext {
  /** Evaluate a constant, deterministic expression (injected by the composition root: the executor's evaluator). */
  evaluateConstant(e: Expr): unknown;
}

export interface OptimizerRule {
  /** lower_snake, as shown by EXPLAIN and used to disable a rule. */
  readonly name: string;
  apply(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan;
}

/** Rebuild a plan bottom-up, applying `f` to every node after its inputs. */
export function transformPlan(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': return f(p);
    case 'join': case 'setop': return f({ ...p, left: transformPlan(p.left, f), right: transformPlan(p.right, f) });
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
      aggs: p.aggs.map((a) => ({ ...a, args: a.args.map(g), filter: a.filter === null ? null : g(a.filter) })),
    };
    case 'sort': return { ...p, keys: p.keys.map((k) => ({ ...k, expr: g(k.expr) })) };
    case 'limit': return { ...p, limit: p.limit === null ? null : g(p.limit), offset: p.offset === null ? null : g(p.offset) };
    case 'join': return { ...p, condition: p.condition === null ? null : g(p.condition) };
    case 'setop': case 'distinct': return p;
  }
}
