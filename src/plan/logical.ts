/**
 * Logical plan nodes. Each node's output is a row of `schema` columns; expressions inside a node refer to the
 * columns of its input(s) by position. Nodes are plain readonly objects so optimizer rules can rebuild them.
 */
import type { SqlType } from '../common/index.ts';
import type { ColumnSchema, TableSnapshot } from '../common/index.ts';
import type { Expr } from './expr.ts';

/** An output column of a plan node. */
export interface PlanColumn {
  readonly name: string;
  readonly type: SqlType;
  /** Where the column comes from, for RowDescription (0 when computed). */
  readonly tableOid: number;
  readonly attr: number;
}

/** What a scan needs to know of a table. */
export interface TableRef {
  readonly oid: number;
  readonly schemaName: string;
  readonly name: string;
  readonly location: string;
  readonly columns: readonly ColumnSchema[];
  /** The snapshot this statement reads (snapshot isolation: pinned at bind time). */
  readonly snapshot: TableSnapshot;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

export interface AggCall {
  /** count, count_star, sum, avg, min, max, bool_and, bool_or, string_agg, every, stddev…. */
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
  readonly type: SqlType;
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

export type LogicalPlan =
  | ScanNode | ValuesNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode | JoinNode
  | SetOpNode | DistinctNode;

interface Base { readonly schema: readonly PlanColumn[] }

/** Read `columns` (indexes into table.columns) of a table, keeping rows that pass every `filters` predicate. */
export interface ScanNode extends Base {
  readonly kind: 'scan';
  readonly table: TableRef;
  readonly columns: readonly number[];
  /** Predicates over the scan's output columns, pushed down by the optimizer. */
  readonly filters: readonly Expr[];
}
export interface ValuesNode extends Base { readonly kind: 'values'; readonly rows: readonly (readonly Expr[])[] }
export interface FilterNode extends Base { readonly kind: 'filter'; readonly input: LogicalPlan; readonly predicate: Expr }
export interface ProjectNode extends Base { readonly kind: 'project'; readonly input: LogicalPlan; readonly exprs: readonly Expr[] }
/** Output: the group expressions' values, then one column per aggregate. */
export interface AggregateNode extends Base {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly groups: readonly Expr[];
  readonly aggs: readonly AggCall[];
}
export interface SortNode extends Base { readonly kind: 'sort'; readonly input: LogicalPlan; readonly keys: readonly SortKey[] }
export interface LimitNode extends Base { readonly kind: 'limit'; readonly input: LogicalPlan; readonly limit: Expr | null; readonly offset: Expr | null }
/** Output: left columns then right columns (semi/anti: left columns only). */
export interface JoinNode extends Base {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly condition: Expr | null;
}
export interface SetOpNode extends Base {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
}
export interface DistinctNode extends Base { readonly kind: 'distinct'; readonly input: LogicalPlan }

export function planInputs(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'scan': case 'values': return [];
    case 'join': case 'setop': return [p.left, p.right];
    default: return [p.input];
  }
}

export const planTypes = (p: LogicalPlan): SqlType[] => p.schema.map((c) => c.type);

export const computedColumn = (name: string, type: SqlType): PlanColumn => ({ name, type, tableOid: 0, attr: 0 });
