/**
 * Join ordering for trees of inner and cross joins (`FROM a, b, c WHERE a.x = c.y AND …`): flatten the tree
 * into its inputs and the conjuncts of its conditions, then rebuild it by greedy operator ordering: of all
 * pairs of subtrees connected by an equality, join the pair whose result is estimated smallest, until one
 * tree is left (bushy where that is smaller). Each join builds its hash table on the smaller side and
 * streams the larger. Each conjunct is attached at the lowest join where all its columns are available; a
 * projection on top restores the original column order.
 *
 * Estimates: a scan's rows from its files' Delta statistics (numRecords), cut by its pushed filters (an
 * equality to a constant keeps 1/ndv, an IN list k/ndv, ranges on a numeric column their part of its
 * [min, max], anything else half); a join's rows are |L| × |R| / max(ndv(l), ndv(r))
 * per equality l = r, where a column's number of distinct values is at most its table's rows, at most the
 * width of its [min, max] range for integer columns (from the same statistics), and at most the rows of the
 * subtree it comes from.
 */
import { T } from '../../../common/index.ts';
import { columnsUsed, conjuncts, transformExpr, type Expr } from '../../expr.ts';
import type { JoinNode, LogicalPlan, ScanNode } from '../../logical.ts';
import { flattenJoins, isReorderable, type JoinLeaf, type OptimizerRule } from '../rule.ts';

interface Leaf extends JoinLeaf {
  readonly rows: number;
}

const scanRows = (p: ScanNode): number => {
  let n = 0;
  for (const f of p.table.snapshot.files) n += f.stats?.numRecords ?? 1000;
  return Math.max(1, n);
};

/**
 * A scan column's number of distinct values from the counts Basin writes into its files' statistics (the
 * largest count of any file: a lower bound, which keeps estimates on the side of more rows), or undefined
 * when some file has no count (it has many values, or another engine wrote it).
 */
function countedDistinct(p: ScanNode, name: string): number | undefined {
  const files = p.table.snapshot.files;
  if (files.length === 0) return undefined;
  let most = 0;
  for (const f of files) {
    const c = f.stats?.distinctCount?.[name];
    if (c === undefined) return undefined;
    if (c > most) most = c;
  }
  return Math.max(1, most);
}

/** A numeric (or date) column's [min, max] over all of a scan's files, from their statistics. */
function columnRange(p: ScanNode, name: string): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const f of p.table.snapshot.files) {
    const min = f.stats?.minValues[name], max = f.stats?.maxValues[name];
    const a = typeof min === 'bigint' ? Number(min) : min, b = typeof max === 'bigint' ? Number(max) : max;
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  return hi >= lo ? [lo, hi] : undefined;
}

/**
 * The number of distinct values of a scan's output column `j`: its table's rows, or fewer when its files
 * counted them, or for an integer column whose files' [min, max] ranges span fewer values.
 */
export function columnDistinct(p: ScanNode, j: number): number {
  const rows = scanRows(p);
  const col = p.table.snapshot.schema[p.columns[j]!];
  if (col === undefined) return rows;
  const counted = countedDistinct(p, col.name);
  if (counted !== undefined) return Math.min(rows, counted);
  if (!['int2', 'int4', 'int8', 'date'].includes(col.type.id)) return rows;
  const range = columnRange(p, col.name);
  return range !== undefined ? Math.max(1, Math.min(rows, range[1] - range[0] + 1)) : rows;
}

/** A column, or a cast of one (`varchar_col::text`), which has no more distinct values than the column. */
const columnOf = (e: Expr): number | undefined =>
  e.kind === 'column' ? e.index : e.kind === 'cast' && e.arg.kind === 'column' ? e.arg.index : undefined;

/** The column a filter tests against constants (`col op const`, `col IN (consts)`), if it is one. */
function filteredColumn(f: Expr): number | undefined {
  if (f.kind === 'compare') {
    if (f.right.kind === 'const') return columnOf(f.left);
    if (f.left.kind === 'const') return columnOf(f.right);
  }
  if (f.kind === 'in-list' && !f.negate && f.list.every((x) => x.kind === 'const')) return columnOf(f.arg);
  return undefined;
}

/** The fraction of a scan's rows a pushed filter keeps. */
function filterSelectivity(p: ScanNode, f: Expr): number {
  const j = filteredColumn(f);
  const col = j === undefined ? undefined : p.table.snapshot.schema[p.columns[j]!];
  const counted = col === undefined ? undefined : countedDistinct(p, col.name);
  if (f.kind === 'compare' && f.op === '=') {
    if (counted !== undefined) return 1 / counted;
    return j !== undefined ? 1 / Math.min(10, columnDistinct(p, j)) : 0.1;
  }
  if (f.kind === 'in-list' && counted !== undefined) return Math.min(1, f.list.length / counted);
  // A pattern match keeps few rows (TPC-H's '%green%' about 5%).
  if (f.kind === 'like' && !f.negate) return 0.1;
  return 0.5;
}

/**
 * The fraction of a scan's rows its range filters keep: the filters `col < c`, `col >= c`, … on one numeric
 * or date column narrow its [min, max] range together, and keep that part of it (values taken as spread
 * evenly). Returns the selectivity of each column's range and the filters it covered.
 */
function rangeSelectivity(p: ScanNode, filters: readonly Expr[]): { sel: number; covered: Set<Expr> } {
  const ranges = new Map<number, { lo: number; hi: number; min: number; max: number }>();
  const covered = new Set<Expr>();
  for (const f of filters) {
    if (f.kind !== 'compare' || !['<', '<=', '>', '>='].includes(f.op)) continue;
    // Only a plain column: a cast's constant may be in other units (a date compared as a timestamp).
    const colLeft = f.right.kind === 'const';
    const col = colLeft ? f.left : f.right, c = colLeft ? f.right : f.left;
    if (col.kind !== 'column' || c.kind !== 'const' || typeof c.value !== 'number') continue;
    const j = col.index;
    const name = p.table.snapshot.schema[p.columns[j]!]?.name;
    const bounds = name === undefined ? undefined : columnRange(p, name);
    if (bounds === undefined) continue;
    const r = ranges.get(j) ?? { lo: bounds[0], hi: bounds[1], min: bounds[0], max: bounds[1] };
    // `col < c` or `c > col` bounds the column from above.
    const upper = colLeft === (f.op === '<' || f.op === '<=');
    if (upper) r.hi = Math.min(r.hi, c.value);
    else r.lo = Math.max(r.lo, c.value);
    ranges.set(j, r);
    covered.add(f);
  }
  let sel = 1;
  for (const r of ranges.values()) sel *= r.max > r.min ? Math.max(0, Math.min(1, (r.hi - r.lo) / (r.max - r.min))) : 1;
  return { sel, covered };
}

/** A rough row estimate: file statistics for scans cut by their filters, halved per filter, passed through other nodes. */
export function estimateRows(p: LogicalPlan): number {
  switch (p.kind) {
    case 'scan': {
      const ranges = rangeSelectivity(p, p.filters);
      let n = scanRows(p) * ranges.sel;
      for (const f of p.filters.filter((x) => !ranges.covered.has(x)).slice(0, 4)) n *= filterSelectivity(p, f);
      return Math.max(1, n);
    }
    case 'values': return p.rows.length;
    case 'filter': return Math.max(1, estimateRows(p.input) / 2);
    case 'join': return joinRows(p);
    case 'aggregate': return p.groups.length === 0 ? 1 : Math.max(1, estimateRows(p.input) / 4);
    case 'setop': return estimateRows(p.left) + estimateRows(p.right);
    case 'recursive_union': return 10 * estimateRows(p.base);
    case 'worktable': return 100;
    case 'table_function': return 1000;
    case 'lateral': return estimateRows(p.left) * 10;
    default: return estimateRows(p.input);
  }
}

/**
 * A join's rows: semi and anti joins keep half their left rows; equi-joins |L| × |R| / max(ndv(l), ndv(r)) over
 * their composite key, at least the preserved side's rows for outer joins; others a cross product halved.
 */
function joinRows(p: JoinNode): number {
  const l = estimateRows(p.left), r = estimateRows(p.right);
  if (p.joinType === 'semi' || p.joinType === 'anti') return Math.max(1, l / 2);
  if (p.condition === null) return l * r;
  const lw = p.left.schema.length;
  let keysL = 1, keysR = 1, equi = false;
  for (const c of conjuncts(p.condition)) {
    if (c.kind !== 'compare' || c.op !== '=' || c.left.kind !== 'column' || c.right.kind !== 'column') continue;
    const [a, b] = c.left.index < lw ? [c.left.index, c.right.index] : [c.right.index, c.left.index];
    if (a >= lw || b < lw) continue;
    equi = true;
    keysL *= Math.min(l, planColumnDistinct(p.left, a) ?? l);
    keysR *= Math.min(r, planColumnDistinct(p.right, b - lw) ?? r);
  }
  let rows = equi ? (l * r) / Math.max(Math.min(keysL, l), Math.min(keysR, r), 1) : (l * r) / 2;
  if (p.joinType === 'left' || p.joinType === 'full') rows = Math.max(rows, l);
  if (p.joinType === 'right' || p.joinType === 'full') rows = Math.max(rows, r);
  return Math.max(1, rows);
}

/** Distinct values of output column j of a plan (through filters, joins and column-reference projections), or undefined. */
function planColumnDistinct(p: LogicalPlan, j: number): number | undefined {
  switch (p.kind) {
    case 'scan': return columnDistinct(p, j);
    case 'filter': return planColumnDistinct(p.input, j);
    case 'join': {
      const lw = p.left.schema.length;
      return j < lw ? planColumnDistinct(p.left, j) : planColumnDistinct(p.right, j - lw);
    }
    case 'project': {
      const e = p.exprs[j];
      return e?.kind === 'column' ? planColumnDistinct(p.input, e.index) : undefined;
    }
    default: return undefined;
  }
}

/** Which leaves an expression's columns come from. */
function leavesOf(e: Expr, leaves: readonly Leaf[]): Set<number> {
  const out = new Set<number>();
  for (const c of columnsUsed(e)) out.add(leafOf(c, leaves));
  return out;
}

const leafOf = (c: number, leaves: readonly Leaf[]): number => leaves.findIndex((l) => c >= l.offset && c < l.offset + l.plan.schema.length);

/** A subtree being built: its plan, the leaves in it, its estimated rows, and where each flattened column sits in it. */
interface Item {
  readonly plan: LogicalPlan;
  readonly leaves: ReadonlySet<number>;
  readonly rows: number;
  readonly position: ReadonlyMap<number, number>;
}

function reorder(top: JoinNode): LogicalPlan {
  const flat = flattenJoins(top);
  const leaves: Leaf[] = flat.leaves.map((l) => ({ ...l, rows: estimateRows(l.plan) }));
  const preds = flat.preds;
  if (leaves.length < 2) return top;
  const predLeaves = preds.map((p) => leavesOf(p, leaves));
  const equi = preds.map((e, k) => e.kind === 'compare' && e.op === '=' && predLeaves[k]!.size === 2
    && leavesOf(e.left, leaves).size === 1 && leavesOf(e.right, leaves).size === 1);
  // Distinct values of each flattened column that is a plain column of its leaf.
  const baseDistinct = (c: number): number => {
    const li = leafOf(c, leaves);
    const leaf = leaves[li]!;
    return planColumnDistinct(leaf.plan, c - leaf.offset) ?? leaf.rows;
  };
  const sideDistinct = (e: Expr, item: Item): number =>
    Math.max(1, Math.min(item.rows, e.kind === 'column' ? baseDistinct(e.index) : item.rows));

  let items: Item[] = leaves.map((l, i) => ({
    plan: l.plan, leaves: new Set([i]), rows: l.rows,
    position: new Map(l.plan.schema.map((_, j) => [l.offset + j, j])),
  }));
  const used = new Set<number>();
  const inside = (k: number, a: Item, b: Item): boolean => [...predLeaves[k]!].every((x) => a.leaves.has(x) || b.leaves.has(x));
  const spans = (k: number, a: Item, b: Item): boolean =>
    inside(k, a, b) && [...predLeaves[k]!].some((x) => a.leaves.has(x)) && [...predLeaves[k]!].some((x) => b.leaves.has(x));

  /** Estimated rows of a ⋈ b, and whether an equality connects them. */
  const estimate = (a: Item, b: Item): { rows: number; connected: boolean } => {
    let rows = a.rows * b.rows;
    // Several equalities form one composite key: its distinct values are at most each side's rows.
    let keysA = 1, keysB = 1;
    let connected = false;
    preds.forEach((e, k) => {
      if (used.has(k) || !spans(k, a, b)) return;
      if (equi[k] && e.kind === 'compare') {
        connected = true;
        const [l, r] = a.leaves.has([...leavesOf(e.left, leaves)][0]!) ? [e.left, e.right] : [e.right, e.left];
        keysA *= sideDistinct(l, a);
        keysB *= sideDistinct(r, b);
      } else {
        rows /= 2;
      }
    });
    if (connected) rows /= Math.max(Math.min(keysA, a.rows), Math.min(keysB, b.rows));
    return { rows: Math.max(1, rows), connected };
  };

  while (items.length > 1) {
    let best: { i: number; j: number; rows: number; connected: boolean } | undefined;
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const est = estimate(items[i]!, items[j]!);
        // Connected pairs first; among those (or, with none, among all) the smallest result.
        if (best === undefined || (est.connected && !best.connected) || (est.connected === best.connected && est.rows < best.rows)) {
          best = { i, j, ...est };
        }
      }
    }
    const a = items[best!.i]!, b = items[best!.j]!;
    // The hash table is built on the right input: the smaller one (on a tie, the one of fewer tables).
    const aLeft = a.rows !== b.rows ? a.rows > b.rows : a.leaves.size >= b.leaves.size;
    const [left, right] = aLeft ? [a, b] : [b, a];
    const width = left.plan.schema.length;
    const position = new Map(left.position);
    for (const [c, j] of right.position) position.set(c, width + j);
    const remap = (e: Expr): Expr => transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: position.get(x.index)! } : x));
    const here: Expr[] = [];
    preds.forEach((p, k) => {
      if (used.has(k) || predLeaves[k]!.size === 0 || !inside(k, a, b)) return;
      here.push(remap(p));
      used.add(k);
    });
    const condition = here.length === 0 ? null : here.length === 1 ? here[0]! : { kind: 'and' as const, args: here, type: T.bool };
    const plan: LogicalPlan = {
      kind: 'join', joinType: condition === null ? 'cross' : 'inner', left: left.plan, right: right.plan, condition,
      schema: [...left.plan.schema, ...right.plan.schema],
    };
    const merged: Item = { plan, leaves: new Set([...a.leaves, ...b.leaves]), rows: best!.rows, position };
    items = [...items.filter((_, k) => k !== best!.i && k !== best!.j), merged];
  }
  const root = items[0]!;
  let plan = root.plan;
  // Conjuncts without columns (constants) go on top.
  const rest = preds.filter((_, k) => !used.has(k));
  if (rest.length > 0) plan = { kind: 'filter', input: plan, predicate: rest.length === 1 ? rest[0]! : { kind: 'and', args: rest, type: T.bool }, schema: plan.schema };
  if (top.schema.every((_, i) => root.position.get(i) === i)) return plan;
  // Restore the original column order.
  const exprs: Expr[] = top.schema.map((c, i) => ({ kind: 'column', index: root.position.get(i)!, type: c.type, name: c.name }));
  return { kind: 'project', input: plan, exprs, schema: top.schema };
}

/** A semi or anti join whose left input is estimated far smaller than its right builds on the left. */
function semiBuildSide(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'join' || (p.joinType !== 'semi' && p.joinType !== 'anti') || p.condition === null) return p;
  const buildLeft = estimateRows(p.left) * 4 < estimateRows(p.right);
  return buildLeft === (p.buildLeft === true) ? p : { ...p, buildLeft };
}

export const joinReorder: OptimizerRule = {
  name: 'join_reorder',
  apply(plan: LogicalPlan): LogicalPlan {
    // Top-down: reorder the outermost reorderable join of each tree, then descend into its leaves.
    const visit = (p: LogicalPlan): LogicalPlan => {
      if (isReorderable(p)) {
        if (flattenJoins(p).leaves.length >= 2) {
          // Rebuild leaves first (they may contain other join trees), then reorder this tree.
          return reorder(rebuildLeaves(p, visit) as JoinNode);
        }
      }
      return semiBuildSide(mapInputs(p, visit));
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

