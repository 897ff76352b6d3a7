/**
 * Join ordering for trees of inner and cross joins (`FROM a, b, c WHERE a.x = c.y AND …`): flatten the tree
 * into its inputs and the conjuncts of its conditions, then build a left-deep tree greedily — start from the
 * smallest input, and at each step join the smallest input connected to what is joined so far by an
 * equality, falling back to a cross join only when nothing is connected. Each conjunct is attached at the
 * lowest join where all its columns are available; a projection on top restores the original column order.
 *
 * Sizes come from Delta statistics (numRecords of the scanned files); a greedy order over those is what keeps
 * many-table comma joins from becoming cross products. A cost-based order is the performance issue's work.
 */
import { T } from '../../../common/index.ts';
import { columnsUsed, conjuncts, someExpr, transformExpr, type Expr } from '../../expr.ts';
import type { JoinNode, LogicalPlan } from '../../logical.ts';
import type { OptimizerRule } from '../rule.ts';

interface Leaf {
  readonly plan: LogicalPlan;
  /** Offset of this leaf's columns in the flattened row. */
  readonly offset: number;
  readonly rows: number;
}

const isReorderable = (p: LogicalPlan): p is JoinNode =>
  p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross')
  && (p.condition === null || !someExpr(p.condition, (x) => x.kind === 'subquery' || (x.kind === 'call' && x.overload.volatility === 'volatile')));

function flatten(p: LogicalPlan, offset: number, leaves: Leaf[], preds: Expr[]): void {
  if (isReorderable(p)) {
    flatten(p.left, offset, leaves, preds);
    flatten(p.right, offset + p.left.schema.length, leaves, preds);
    if (p.condition !== null) for (const c of conjuncts(p.condition)) preds.push(shift(c, offset));
    return;
  }
  leaves.push({ plan: p, offset, rows: estimateRows(p) });
}

const shift = (e: Expr, by: number): Expr => (by === 0 ? e : transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: x.index + by } : x)));

/** A rough row estimate: file statistics for scans, halved per filter, passed through other nodes. */
export function estimateRows(p: LogicalPlan): number {
  switch (p.kind) {
    case 'scan': {
      let n = 0;
      for (const f of p.table.snapshot.files) n += f.stats?.numRecords ?? 1000;
      return Math.max(1, n) / (p.filters.length > 0 ? 2 ** Math.min(p.filters.length, 4) : 1);
    }
    case 'values': return p.rows.length;
    case 'filter': return Math.max(1, estimateRows(p.input) / 2);
    case 'join': return p.joinType === 'cross' ? estimateRows(p.left) * estimateRows(p.right) : Math.max(estimateRows(p.left), estimateRows(p.right));
    case 'aggregate': return p.groups.length === 0 ? 1 : Math.max(1, estimateRows(p.input) / 4);
    case 'setop': return estimateRows(p.left) + estimateRows(p.right);
    case 'recursive_union': return 10 * estimateRows(p.base);
    case 'worktable': return 100;
    case 'table_function': return 1000;
    case 'lateral': return estimateRows(p.left) * 10;
    default: return estimateRows(p.input);
  }
}

/** Which leaves an expression's columns come from. */
function leavesOf(e: Expr, leaves: readonly Leaf[]): Set<number> {
  const out = new Set<number>();
  for (const c of columnsUsed(e)) {
    const i = leaves.findIndex((l) => c >= l.offset && c < l.offset + l.plan.schema.length);
    out.add(i);
  }
  return out;
}

const isEquiJoin = (e: Expr, leaves: readonly Leaf[]): boolean =>
  e.kind === 'compare' && e.op === '=' && leavesOf(e.left, leaves).size === 1 && leavesOf(e.right, leaves).size === 1
  && [...leavesOf(e.left, leaves)][0] !== [...leavesOf(e.right, leaves)][0];

function reorder(top: JoinNode): LogicalPlan {
  const leaves: Leaf[] = [];
  const preds: Expr[] = [];
  flatten(top, 0, leaves, preds);
  if (leaves.length < 3) return top;
  const predLeaves = preds.map((p) => leavesOf(p, leaves));

  // Greedy order.
  const order: number[] = [];
  const joined = new Set<number>();
  const byRows = leaves.map((_, i) => i).sort((a, b) => leaves[a]!.rows - leaves[b]!.rows);
  const connected = (i: number) => preds.some((p, k) => isEquiJoin(p, leaves) && predLeaves[k]!.has(i) && [...predLeaves[k]!].some((j) => j !== i && joined.has(j)));
  // Start from the smallest leaf that takes part in some equi-join (or simply the smallest).
  const first = byRows.find((i) => preds.some((p, k) => isEquiJoin(p, leaves) && predLeaves[k]!.has(i))) ?? byRows[0]!;
  order.push(first);
  joined.add(first);
  while (order.length < leaves.length) {
    const next = byRows.find((i) => !joined.has(i) && connected(i)) ?? byRows.find((i) => !joined.has(i))!;
    order.push(next);
    joined.add(next);
  }
  if (order.every((x, i) => x === i)) return top;

  // Build the left-deep tree; `layout[leaf]` = offset of that leaf in the new row.
  const layout = new Map<number, number>();
  let plan = leaves[order[0]!]!.plan;
  layout.set(order[0]!, 0);
  const used = new Set<number>();
  const remap = (e: Expr): Expr => transformExpr(e, (x) => {
    if (x.kind !== 'column') return x;
    const li = leaves.findIndex((l) => x.index >= l.offset && x.index < l.offset + l.plan.schema.length);
    return { ...x, index: layout.get(li)! + (x.index - leaves[li]!.offset) };
  });
  const available = new Set<number>([order[0]!]);
  for (let k = 1; k < order.length; k++) {
    const li = order[k]!;
    const right = leaves[li]!.plan;
    layout.set(li, plan.schema.length);
    available.add(li);
    const here: Expr[] = [];
    preds.forEach((p, pi) => {
      if (used.has(pi)) return;
      if ([...predLeaves[pi]!].every((x) => available.has(x))) { here.push(remap(p)); used.add(pi); }
    });
    const condition = here.length === 0 ? null : here.length === 1 ? here[0]! : { kind: 'and' as const, args: here, type: T.bool };
    plan = { kind: 'join', joinType: condition === null ? 'cross' : 'inner', left: plan, right, condition, schema: [...plan.schema, ...right.schema] };
  }
  // Conjuncts without columns (constants) go on the top join.
  const rest = preds.filter((_, pi) => !used.has(pi)).map(remap);
  if (rest.length > 0) plan = { kind: 'filter', input: plan, predicate: rest.length === 1 ? rest[0]! : { kind: 'and', args: rest, type: T.bool }, schema: plan.schema };

  // Restore the original column order.
  const exprs: Expr[] = top.schema.map((c, i) => {
    const li = leaves.findIndex((l) => i >= l.offset && i < l.offset + l.plan.schema.length);
    return { kind: 'column', index: layout.get(li)! + (i - leaves[li]!.offset), type: c.type, name: c.name };
  });
  return { kind: 'project', input: plan, exprs, schema: top.schema };
}

export const joinReorder: OptimizerRule = {
  name: 'join_reorder',
  apply(plan: LogicalPlan): LogicalPlan {
    // Top-down: reorder the outermost reorderable join of each tree, then descend into its leaves.
    const visit = (p: LogicalPlan): LogicalPlan => {
      if (isReorderable(p)) {
        const leaves: Leaf[] = [];
        flatten(p, 0, leaves, []);
        if (leaves.length >= 3) {
          // Rebuild leaves first (they may contain other join trees), then reorder this tree.
          return reorder(rebuildLeaves(p, visit) as JoinNode);
        }
      }
      return mapInputs(p, visit);
    };
    return visit(plan);
  },
};

function rebuildLeaves(p: LogicalPlan, visit: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  if (isReorderable(p)) return { ...p, left: rebuildLeaves(p.left, visit), right: rebuildLeaves(p.right, visit) };
  return visit(p);
}

function mapInputs(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': case 'worktable': case 'table_function': return p;
    case 'join': case 'setop': case 'lateral': return { ...p, left: f(p.left), right: f(p.right) };
    case 'recursive_union': return { ...p, base: f(p.base), step: f(p.step) };
    default: return { ...p, input: f(p.input) } as LogicalPlan;
  }
}

