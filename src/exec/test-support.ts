/** Helpers for the executor's unit tests: a context, expression and plan builders, result collection. */
import { Decimal } from '../common/index.ts';
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import { T, type Interval, type SqlType } from '../common/index.ts';
import { allocValues, getValue, vectorFromValues, type Batch, type Vector } from '../common/index.ts';
import type { ArithOp, CompareOp, Expr, SubqueryExpr } from '../plan/index.ts';
import type { SessionInfo } from '../plan/index.ts';
import { computedColumn, type AggCall, type JoinType, type LogicalPlan, type PlanColumn, type SortKey } from '../plan/index.ts';
import type { TableStorage } from '../storage/index.ts';
import type { ExecContext } from './context.ts';
import { executePlan } from './execute.ts';
import { evalExprs } from './eval/subquery.ts';

const session: SessionInfo = {
  user: 'alice', database: 'db', backendPid: 1,
  setting: () => undefined, searchPath: () => ['public'], random: () => 0.5, setSeed: () => {},
};

export function testContext(opts: { batchSize?: number; storage?: TableStorage; params?: unknown[]; timeZone?: string } = {}): ExecContext & { cancel(): void } {
  let cancelled = false;
  const tz = opts.timeZone ?? 'UTC';
  return {
    timeZone: tz, transactionStart: 0, statementStart: 0, session,
    checkCancel: () => { if (cancelled) throw new SqlError(SqlState.queryCanceled, 'canceling statement due to user request'); },
    cancel: () => { cancelled = true; },
    storage: opts.storage ?? ({} as TableStorage),
    params: opts.params ?? [],
    batchSize: opts.batchSize ?? 1024,
    textOptions: { timeZone: tz, extraFloatDigits: 1, dateOrder: 'MDY' },
  };
}

export const col = (index: number, type: SqlType): Expr => ({ kind: 'column', index, type, name: `c${index}` });
export const outer = (depth: number, index: number, type: SqlType): Expr => ({ kind: 'outer', depth, index, type, name: `o${index}` });
export const lit = (value: unknown, type: SqlType): Expr => ({ kind: 'const', value, type });
export const arith = (op: ArithOp, left: Expr, right: Expr, type: SqlType = left.type): Expr => ({ kind: 'arith', op, left, right, type });
export const cmp = (op: CompareOp, left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right, type: T.bool });
export const and = (...args: Expr[]): Expr => ({ kind: 'and', args, type: T.bool });
export const or = (...args: Expr[]): Expr => ({ kind: 'or', args, type: T.bool });
export const dec = (s: string): Decimal => Decimal.parse(s);
export const iv = (months: number, days: number, micros: number): Interval => ({ months, days, micros });

export function batchOf(types: readonly SqlType[], rows: readonly (readonly unknown[])[]): Batch {
  return { columns: types.map((t, j) => vectorFromValues(t, rows.map((r) => r[j]))), length: rows.length };
}

export function valuesNode(types: readonly SqlType[], rows: readonly (readonly unknown[])[]): LogicalPlan {
  return {
    kind: 'values',
    rows: rows.map((r) => r.map((x, j) => lit(x, types[j]!))),
    schema: types.map((t, j) => computedColumn(`c${j}`, t)),
  };
}

const schemaOf = (types: readonly SqlType[]): PlanColumn[] => types.map((t, j) => computedColumn(`c${j}`, t));

export const filterNode = (input: LogicalPlan, predicate: Expr): LogicalPlan => ({ kind: 'filter', input, predicate, schema: input.schema });
export const projectNode = (input: LogicalPlan, exprs: Expr[]): LogicalPlan =>
  ({ kind: 'project', input, exprs, schema: schemaOf(exprs.map((e) => e.type)) });
export const sortNode = (input: LogicalPlan, keys: SortKey[]): LogicalPlan => ({ kind: 'sort', input, keys, schema: input.schema });
export const limitNode = (input: LogicalPlan, limit: Expr | null, offset: Expr | null): LogicalPlan =>
  ({ kind: 'limit', input, limit, offset, schema: input.schema });
export function joinNode(joinType: JoinType, left: LogicalPlan, right: LogicalPlan, condition: Expr | null): LogicalPlan {
  const schema = joinType === 'semi' || joinType === 'anti' ? left.schema : [...left.schema, ...right.schema];
  return { kind: 'join', joinType, left, right, condition, schema };
}
export function aggNode(input: LogicalPlan, groups: Expr[], aggs: AggCall[]): LogicalPlan {
  return { kind: 'aggregate', input, groups, aggs, schema: schemaOf([...groups.map((g) => g.type), ...aggs.map((a) => a.type)]) };
}
export const agg = (fn: string, args: Expr[], type: SqlType, opts: { distinct?: boolean; filter?: Expr } = {}): AggCall =>
  ({ fn, args, type, distinct: opts.distinct ?? false, filter: opts.filter ?? null });
export const subquery = (mode: SubqueryExpr['mode'], plan: LogicalPlan, type: SqlType, opts: { arg?: Expr; op?: CompareOp; correlated?: boolean } = {}): Expr =>
  ({ kind: 'subquery', mode, plan, correlated: opts.correlated ?? false, arg: opts.arg ?? null, op: opts.op ?? null, type });

/** A value as tests compare it: Decimal → its text, everything else as is. */
export const plain = (x: unknown): unknown => (x instanceof Decimal ? x.toString() : x);

export const vectorValues = (v: Vector): unknown[] => Array.from({ length: v.length }, (_, i) => plain(getValue(v, i)));

/** Run a plan; its rows as arrays of JS values. Also checks every batch against the plan's schema. */
export async function runRows(plan: LogicalPlan, ctx: ExecContext = testContext()): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const b of executePlan(plan, ctx)) {
    if (b.length === 0) throw new Error('empty batch emitted');
    if (b.columns.length !== plan.schema.length) throw new Error('batch width differs from schema');
    b.columns.forEach((c, j) => {
      if (c.type.id !== plan.schema[j]!.type.id) throw new Error(`column ${j} is ${c.type.id}, schema says ${plan.schema[j]!.type.id}`);
      if (c.length !== b.length) throw new Error(`column ${j} length ${c.length} != ${b.length}`);
      const layout = allocValues(c.type, 0).constructor;
      if (c.values.constructor !== layout) throw new Error(`column ${j} (${c.type.id}) holds a ${c.values.constructor.name}, not a ${layout.name}`);
    });
    for (let i = 0; i < b.length; i++) out.push(b.columns.map((c) => plain(getValue(c, i))));
  }
  return out;
}

/** Evaluate one expression over a batch built from rows; its values. */
export async function evalRows(e: Expr, types: readonly SqlType[], rows: readonly (readonly unknown[])[], ctx: ExecContext = testContext()): Promise<unknown[]> {
  const [v] = await evalExprs([e], batchOf(types, rows), ctx);
  return vectorValues(v!);
}

/** Assert that `p` rejects with a SqlError of this code (and message, when given). */
export async function rejectsWith(p: Promise<unknown> | (() => unknown), code: string, message?: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
    if (message !== undefined && e.message !== message) throw new Error(`expected "${message}", got "${e.message}"`);
    return;
  }
  throw new Error(`expected SqlError ${code}, nothing thrown`);
}
