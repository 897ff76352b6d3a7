/**
 * Plan fragments sent to workers: the operator being split over filters, projections, joins and scans. A
 * fragment is plain data except for two things a structured clone cannot carry: a call's
 * overload (its kernel is a function), sent as its position among the function's overloads and looked up
 * again in the worker's registry, and constants that are class instances (transfer.ts). Uncorrelated
 * subqueries go as the constants or IN lists they were resolved to here. A fragment holding anything else
 * a worker could not run the same way (another subquery, a call the pool does not call thread-safe,
 * a cast to or from a reg* type, which reads the catalog) is refused with NotTransferable, and the operator runs on its own thread.
 */
import type { DataFile } from '../../common/index.ts';
import { exprChildren, mapChildren, type Expr, type FunctionResolver, type LogicalPlan, type ScanNode, type SubqueryExpr } from '../../plan/index.ts';
import type { Parallelism } from './contract.ts';
import { decodeValue, encodeValue, NotTransferable } from './transfer.ts';

/**
 * The scan whose files a parallel operator over `plan` deals out: the largest (by its files' row counts) of
 * the scans each of whose rows reaches the output on its own, so that running `plan` over disjoint shares
 * of its files and taking all the rows gives `plan`'s rows: below filters and projections, either side of an
 * inner or cross join, the preserved side of a left or right join, the left side of a semi or anti join (the
 * other side must be read whole by every participant). Undefined when there is none.
 */
export function splitScan(plan: LogicalPlan): ScanNode | undefined {
  let best: ScanNode | undefined;
  const visit = (p: LogicalPlan): void => {
    switch (p.kind) {
      case 'scan':
        if (best === undefined || scanRows(p) > scanRows(best)) best = p;
        return;
      case 'filter': case 'project': visit(p.input); return;
      case 'join':
        if (p.joinType === 'inner' || p.joinType === 'cross') { visit(p.left); visit(p.right); }
        else if (p.joinType === 'left' || p.joinType === 'semi' || p.joinType === 'anti') visit(p.left);
        else if (p.joinType === 'right') visit(p.right);
        return;
      default:
    }
  };
  visit(plan);
  return best;
}

/** Rows of a scan's table by its files' statistics (0 where they have none). */
export const scanRows = (scan: ScanNode): number => scan.table.snapshot.files.reduce((s, f) => s + (f.stats?.numRecords ?? 0), 0);

/** Every node of a fragment (filters, projections, joins and scans), parents before children, left before right. */
export function fragmentNodes(plan: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  const visit = (p: LogicalPlan): void => {
    out.push(p);
    if (p.kind === 'filter' || p.kind === 'project') visit(p.input);
    else if (p.kind === 'join') { visit(p.left); visit(p.right); }
  };
  visit(plan);
  return out;
}

/** The nodes from `plan` down to `scan`: those whose rows the participants split between them. */
export function splitPath(plan: LogicalPlan, scan: ScanNode): Set<LogicalPlan> {
  const path = new Set<LogicalPlan>();
  const visit = (p: LogicalPlan): boolean => {
    const on = p === scan || ((p.kind === 'filter' || p.kind === 'project') ? visit(p.input)
      : p.kind === 'join' ? visit(p.left) || visit(p.right) : false);
    if (on) path.add(p);
    return on;
  };
  visit(plan);
  return path;
}

/** Uncorrelated subqueries of a fragment with the expressions they were resolved to (subqueryAsConstant). */
export type ResolvedSubqueries = ReadonlyMap<SubqueryExpr, Expr>;

function encodeExpr(e: Expr, par: Parallelism, resolved: ResolvedSubqueries): unknown {
  switch (e.kind) {
    case 'subquery': {
      const r = resolved.get(e);
      if (r === undefined) throw new NotTransferable('a subquery');
      return encodeExpr(r, par, resolved);
    }
    case 'outer': throw new NotTransferable('an outer reference');
    case 'const': return { ...e, value: encodeValue(e.value) };
    case 'call': {
      const index = par.functions.scalar(e.name)?.overloads.indexOf(e.overload) ?? -1;
      if (index < 0 || !par.threadSafe(e)) throw new NotTransferable(`function ${e.name}`);
      return { ...e, overload: index, args: e.args.map((a) => encodeExpr(a, par, resolved)) };
    }
    case 'cast':
      if (e.type.id.startsWith('reg') || e.arg.type.id.startsWith('reg')) throw new NotTransferable('a cast that reads the catalog');
      break;
    case 'array-any':
      return { ...(mapChildren(e, (c) => encodeExpr(c, par, resolved) as Expr)), predicate: encodeExpr(e.predicate, par, resolved) };
  }
  return mapChildren(e, (c) => encodeExpr(c, par, resolved) as Expr);
}

function decodeExpr(e: Expr, functions: FunctionResolver): Expr {
  switch (e.kind) {
    case 'const': return { ...e, value: decodeValue(e.value) };
    case 'call': {
      const overload = functions.scalar(e.name)?.overloads[e.overload as unknown as number];
      if (overload === undefined) throw new Error(`worker: no overload ${String(e.overload)} of ${e.name}`);
      return { ...e, overload, args: e.args.map((a) => decodeExpr(a, functions)) };
    }
    case 'array-any':
      return { ...(mapChildren(e, (c) => decodeExpr(c, functions)) as typeof e), predicate: decodeExpr(e.predicate, functions) };
  }
  return mapChildren(e, (c) => decodeExpr(c, functions));
}

type ExprMap = (e: Expr) => Expr;
type FilesMap = (scan: ScanNode) => readonly DataFile[];

/**
 * `plan` (filters, projections, joins and scans) with every expression and scan's files mapped. Anything else
 * is refused: a nested aggregate, say, each participant would compute whole.
 */
function mapPlan(plan: LogicalPlan, f: ExprMap, files: FilesMap): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      const snap = plan.table.snapshot;
      const partitionColumns = (snap as { partitionColumns?: readonly string[] }).partitionColumns;
      const snapshot = {
        version: snap.version, schema: snap.schema, properties: snap.properties, files: files(plan),
        ...(partitionColumns === undefined ? {} : { partitionColumns }),
      };
      return { ...plan, table: { ...plan.table, snapshot }, filters: plan.filters.map(f) };
    }
    case 'filter': return { ...plan, input: mapPlan(plan.input, f, files), predicate: f(plan.predicate) };
    case 'project': return { ...plan, input: mapPlan(plan.input, f, files), exprs: plan.exprs.map(f) };
    case 'join':
      return {
        ...plan, left: mapPlan(plan.left, f, files), right: mapPlan(plan.right, f, files),
        condition: plan.condition === null ? null : f(plan.condition),
      };
    default: throw new NotTransferable(`a ${plan.kind} node`);
  }
}

/** The aggregate being split, over a fragment body (mapPlan). */
function mapAggregate(plan: LogicalPlan, f: ExprMap, files: FilesMap): LogicalPlan {
  switch (plan.kind) {
    case 'aggregate':
      return {
        ...plan, input: mapPlan(plan.input, f, files), groups: plan.groups.map(f),
        aggs: plan.aggs.map((a) => ({
          ...a, args: a.args.map(f), filter: a.filter === null ? null : f(a.filter),
          ...(a.orderBy === undefined ? {} : { orderBy: a.orderBy.map((k) => ({ ...k, expr: f(k.expr) })) }),
          ...(a.direct === undefined ? {} : { direct: a.direct.map(f) }),
        })),
      };
    default: throw new NotTransferable(`a ${plan.kind} node`);
  }
}

/**
 * `plan` as a worker receives it, its scan `split` reading only `share` (every scan's file statistics hold
 * Decimals too); NotTransferable when it cannot run there.
 */
export function encodeFragment(plan: LogicalPlan, split: ScanNode, share: readonly DataFile[], par: Parallelism,
  resolved: ResolvedSubqueries = new Map()): unknown {
  return mapAggregate(plan, (e) => encodeExpr(e, par, resolved) as Expr, (scan) => encodeValue(scan === split ? share : scan.table.snapshot.files) as DataFile[]);
}

/** The subqueries in a fragment's expressions (not looking into their plans); none when it is no fragment. */
export function fragmentSubqueries(plan: LogicalPlan): SubqueryExpr[] {
  const out: SubqueryExpr[] = [];
  const visit = (e: Expr): Expr => {
    if (e.kind === 'subquery') { out.push(e); return e; }
    for (const c of exprChildren(e)) visit(c);
    if (e.kind === 'array-any') visit(e.predicate);
    return e;
  };
  try {
    mapAggregate(plan, visit, (scan) => scan.table.snapshot.files);
  } catch (e) {
    if (e instanceof NotTransferable) return [];
    throw e;
  }
  return out;
}

export function decodeFragment(encoded: unknown, functions: FunctionResolver): LogicalPlan {
  return mapAggregate(encoded as LogicalPlan, (e) => decodeExpr(e, functions), (scan) => decodeValue(scan.table.snapshot.files) as DataFile[]);
}
