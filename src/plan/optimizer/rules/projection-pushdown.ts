/**
 * Read only the columns a query needs: walk the plan top-down with the set of output columns each node's
 * parent uses, drop unused projections and aggregates, and narrow table scans (the executor then decodes only
 * those Parquet columns). Below a node whose expressions hold a correlated subquery nothing is pruned, because
 * the subquery's outer references index that node's input row.
 */
import { columnsUsed, someExpr, transformExpr, type Expr } from '../../expr.ts';
import type { LogicalPlan } from '../../logical.ts';
import { mapNodeExprs, nodeExprs, type OptimizerRule } from '../rule.ts';

interface Pruned {
  readonly plan: LogicalPlan;
  /** Old output index → new output index (only for kept columns). */
  readonly map: ReadonlyMap<number, number>;
}

const correlated = (e: Expr): boolean => someExpr(e, (x) => x.kind === 'subquery' && x.correlated);
const identity = (n: number): Map<number, number> => new Map(Array.from({ length: n }, (_, i) => [i, i]));
const all = (p: LogicalPlan): Set<number> => new Set(p.schema.map((_, i) => i));

function remap(e: Expr, map: ReadonlyMap<number, number>): Expr {
  return transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: map.get(x.index)! } : x));
}


function prune(p: LogicalPlan, required: Set<number>): Pruned {
  if (nodeExprs(p).some(correlated)) {
    // Keep this node's input intact; prune only beneath its inputs' own children.
    return { plan: keepInputs(p), map: identity(p.schema.length) };
  }
  switch (p.kind) {
    case 'scan': {
      if (p.output !== undefined) return { plan: p, map: identity(p.schema.length) };
      const need = new Set(required);
      for (const f of p.filters) columnsUsed(f, need);
      const read = [...need].sort((a, b) => a - b);
      const out = [...required].sort((a, b) => a - b);
      if (read.length === p.columns.length && out.length === read.length) return { plan: p, map: identity(p.columns.length) };
      const readMap = new Map(read.map((old, i) => [old, i]));
      // Columns only the filters use are read but not yielded, so nothing above copies them.
      const output = out.length < read.length ? { output: out.map((i) => readMap.get(i)!) } : {};
      return {
        plan: { ...p, columns: read.map((i) => p.columns[i]!), schema: out.map((i) => p.schema[i]!), filters: p.filters.map((f) => remap(f, readMap)), ...output },
        map: new Map(out.map((old, i) => [old, i])),
      };
    }
    case 'project': {
      const keep = [...required].sort((a, b) => a - b);
      const need = new Set<number>();
      for (const i of keep) columnsUsed(p.exprs[i]!, need);
      const child = prune(p.input, need);
      const map = new Map(keep.map((old, i) => [old, i]));
      return {
        plan: { ...p, input: child.plan, exprs: keep.map((i) => remap(p.exprs[i]!, child.map)), schema: keep.map((i) => p.schema[i]!) },
        map,
      };
    }
    case 'filter': {
      const need = new Set(required);
      columnsUsed(p.predicate, need);
      const child = prune(p.input, need);
      return { plan: { ...p, input: child.plan, predicate: remap(p.predicate, child.map), schema: child.plan.schema }, map: child.map };
    }
    case 'sort': {
      const need = new Set(required);
      for (const k of p.keys) columnsUsed(k.expr, need);
      const child = prune(p.input, need);
      return { plan: { ...p, input: child.plan, keys: p.keys.map((k) => ({ ...k, expr: remap(k.expr, child.map) })), schema: child.plan.schema }, map: child.map };
    }
    case 'limit': {
      const child = prune(p.input, required);
      return { plan: { ...p, input: child.plan, schema: child.plan.schema }, map: child.map };
    }
    case 'join': {
      const lw = p.left.schema.length;
      const need = new Set(required);
      if (p.condition !== null) columnsUsed(p.condition, need);
      const leftNeed = new Set([...need].filter((i) => i < lw));
      const rightNeed = new Set([...need].filter((i) => i >= lw).map((i) => i - lw));
      const semi = p.joinType === 'semi' || p.joinType === 'anti';
      const left = prune(p.left, leftNeed);
      const right = prune(p.right, rightNeed);
      const nlw = left.plan.schema.length;
      const map = new Map<number, number>();
      for (const [o, n] of left.map) map.set(o, n);
      for (const [o, n] of right.map) map.set(o + lw, n + nlw);
      const full = semi ? left.plan.schema : [...left.plan.schema, ...right.plan.schema];
      const condition = p.condition === null ? null : remap(p.condition, map);
      if (p.output !== undefined) return { plan: { ...p, left: left.plan, right: right.plan, condition, schema: full }, map: semi ? left.map : map };
      // Columns only the join condition reads are not yielded, so the join does not copy them into its rows.
      const out = [...required].sort((a, b) => a - b).map((o) => map.get(o)!);
      const output = out.length < full.length ? { output: out } : {};
      return {
        plan: { ...p, left: left.plan, right: right.plan, condition, schema: out.length < full.length ? out.map((i) => full[i]!) : full, ...output },
        map: out.length < full.length ? new Map([...required].sort((a, b) => a - b).map((o, i) => [o, i])) : semi ? left.map : map,
      };
    }
    case 'aggregate': {
      const ng = p.groups.length;
      const keepAggs = p.aggs.map((_, j) => j).filter((j) => required.has(ng + j));
      const need = new Set<number>();
      for (const g of p.groups) columnsUsed(g, need);
      for (const j of keepAggs) {
        const a = p.aggs[j]!;
        for (const x of a.args) columnsUsed(x, need);
        if (a.filter !== null) columnsUsed(a.filter, need);
        for (const k of a.orderBy ?? []) columnsUsed(k.expr, need);
        for (const x of a.direct ?? []) columnsUsed(x, need);
      }
      const child = prune(p.input, need);
      const map = new Map<number, number>();
      p.groups.forEach((_, i) => map.set(i, i));
      keepAggs.forEach((j, i) => map.set(ng + j, ng + i));
      const aggs = keepAggs.map((j) => p.aggs[j]!).map((a) => ({
        ...a, args: a.args.map((x) => remap(x, child.map)), filter: a.filter === null ? null : remap(a.filter, child.map),
        ...(a.orderBy !== undefined ? { orderBy: a.orderBy.map((k) => ({ ...k, expr: remap(k.expr, child.map) })) } : {}),
        ...(a.direct !== undefined ? { direct: a.direct.map((x) => remap(x, child.map)) } : {}),
      }));
      return {
        plan: { ...p, input: child.plan, groups: p.groups.map((g) => remap(g, child.map)), aggs, schema: [...p.schema.slice(0, ng), ...keepAggs.map((j) => p.schema[ng + j]!)] },
        map,
      };
    }
    case 'window': {
      // Keep every window function (they are what the node is for) and the input columns they or the parent use.
      const w = p.input.schema.length;
      const need = new Set([...required].filter((i) => i < w));
      for (const e of nodeExprs(p)) columnsUsed(e, need);
      const child = prune(p.input, need);
      const map = new Map(child.map);
      const nw = child.plan.schema.length;
      p.funcs.forEach((_, j) => map.set(w + j, nw + j));
      const remapped = mapNodeExprs({ ...p, input: child.plan }, (e) => remap(e, child.map));
      return { plan: { ...remapped, schema: [...child.plan.schema, ...p.schema.slice(w)] } as LogicalPlan, map };
    }
    case 'distinct': case 'setop': case 'values': case 'recursive_union': case 'worktable': case 'table_function': case 'lateral':
    case 'project_set':
      return { plan: keepInputs(p), map: identity(p.schema.length) };
  }
}

/** Keep p's own columns, but prune inside its inputs as far as their full outputs allow. */
function keepInputs(p: LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': case 'worktable': case 'table_function': return p;
    case 'recursive_union': return { ...p, base: prune(p.base, all(p.base)).plan, step: prune(p.step, all(p.step)).plan };
    case 'join': case 'setop': case 'lateral': {
      const l = prune(p.left, all(p.left)), r = prune(p.right, all(p.right));
      return { ...p, left: l.plan, right: r.plan };
    }
    default: return { ...p, input: prune(p.input, all(p.input)).plan } as LogicalPlan;
  }
}

export const projectionPushdown: OptimizerRule = {
  name: 'projection_pushdown',
  apply(plan: LogicalPlan): LogicalPlan {
    return prune(plan, all(plan)).plan;
  },
};
