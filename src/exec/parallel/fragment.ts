/**
 * Plan fragments sent to workers. A fragment is a chain of filters and projections over one scan, under the
 * operator being split; it is plain data except for two things a structured clone cannot carry: a call's
 * overload (its kernel is a function), sent as its position among the function's overloads and looked up
 * again in the worker's registry, and constants that are class instances (transfer.ts). A fragment holding
 * anything else a worker could not run the same way (a subquery, a call the pool does not call thread-safe,
 * a cast to or from a reg* type, which reads the catalog) is refused with NotTransferable, and the operator runs on its own thread.
 */
import type { DataFile } from '../../common/index.ts';
import { mapChildren, type Expr, type FunctionResolver, type LogicalPlan, type ScanNode } from '../../plan/index.ts';
import type { Parallelism } from './contract.ts';
import { decodeValue, encodeValue, NotTransferable } from './transfer.ts';

/** The scan at the bottom of a filter/project chain, or undefined when `plan` is not such a chain. */
export function chainScan(plan: LogicalPlan): ScanNode | undefined {
  for (let p = plan; ; p = p.input) {
    if (p.kind === 'scan') return p;
    if (p.kind !== 'filter' && p.kind !== 'project') return undefined;
  }
}

/** The nodes of a filter/project/scan chain, top first (the order worker profiles come back in). */
export function chainNodes(plan: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  for (let p: LogicalPlan | undefined = plan; p !== undefined; p = p.kind === 'filter' || p.kind === 'project' ? p.input : undefined) out.push(p);
  return out;
}

function encodeExpr(e: Expr, par: Parallelism): unknown {
  switch (e.kind) {
    case 'subquery': throw new NotTransferable('a subquery');
    case 'outer': throw new NotTransferable('an outer reference');
    case 'const': return { ...e, value: encodeValue(e.value) };
    case 'call': {
      const index = par.functions.scalar(e.name)?.overloads.indexOf(e.overload) ?? -1;
      if (index < 0 || !par.threadSafe(e)) throw new NotTransferable(`function ${e.name}`);
      return { ...e, overload: index, args: e.args.map((a) => encodeExpr(a, par)) };
    }
    case 'cast':
      if (e.type.id.startsWith('reg') || e.arg.type.id.startsWith('reg')) throw new NotTransferable('a cast that reads the catalog');
      break;
    case 'array-any':
      return { ...(mapChildren(e, (c) => encodeExpr(c, par) as Expr)), predicate: encodeExpr(e.predicate, par) };
  }
  return mapChildren(e, (c) => encodeExpr(c, par) as Expr);
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

/** `plan` (an aggregate, filter, project or scan) with every expression mapped; scans keep `files` only. */
function mapPlan(plan: LogicalPlan, f: ExprMap, files?: readonly DataFile[]): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      const snap = plan.table.snapshot;
      const partitionColumns = (snap as { partitionColumns?: readonly string[] }).partitionColumns;
      const snapshot = files === undefined ? snap : {
        version: snap.version, schema: snap.schema, properties: snap.properties, files,
        ...(partitionColumns === undefined ? {} : { partitionColumns }),
      };
      return { ...plan, table: { ...plan.table, snapshot }, filters: plan.filters.map(f) };
    }
    case 'filter': return { ...plan, input: mapPlan(plan.input, f, files), predicate: f(plan.predicate) };
    case 'project': return { ...plan, input: mapPlan(plan.input, f, files), exprs: plan.exprs.map(f) };
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
 * `plan` as a worker receives it, reading `files` of its scan (their statistics hold Decimals too);
 * NotTransferable when it cannot run there.
 */
export function encodeFragment(plan: LogicalPlan, files: readonly DataFile[], par: Parallelism): unknown {
  return mapPlan(plan, (e) => encodeExpr(e, par) as Expr, encodeValue(files) as DataFile[]);
}

export function decodeFragment(encoded: unknown, functions: FunctionResolver): LogicalPlan {
  const scan = chainScan((encoded as LogicalPlan & { input: LogicalPlan }).input);
  const files = scan === undefined ? undefined : decodeValue(scan.table.snapshot.files) as DataFile[];
  return mapPlan(encoded as LogicalPlan, (e) => decodeExpr(e, functions), files);
}
