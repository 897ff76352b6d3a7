/**
 * Logical plan nodes. Each node's output is a row of `schema` columns; expressions inside a node refer to the
 * columns of its input(s) by position. Nodes are plain readonly objects so optimizer rules can rebuild them.
 */
import type { SqlType } from '../common/index.ts';
import type { ColumnSchema, TableSnapshot } from '../common/index.ts';
import type { Expr } from './expr.ts';
import type { SetReturningOverload, SrfColumn } from './function-registry.ts';

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
  /**
   * count_star, count, sum, avg, min, max, bool_and, bool_or, string_agg, bit_and, bit_or, bit_xor,
   * stddev/stddev_samp/stddev_pop, variance/var_samp/var_pop, corr, covar_pop, covar_samp, regr_* and the
   * ordered-set aggregates percentile_cont, percentile_disc, mode.
   */
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
  readonly type: SqlType;
  /** `agg(x ORDER BY …)`, and for ordered-set aggregates the WITHIN GROUP (ORDER BY …) key. */
  readonly orderBy?: readonly SortKey[];
  /** Ordered-set aggregates' direct arguments (the fraction of percentile_cont(0.5)), evaluated once. */
  readonly direct?: readonly Expr[];
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** A window frame bound; offsets are constant (or parameter) expressions evaluated once. */
export type FrameBound =
  | { readonly kind: 'unbounded_preceding' }
  | { readonly kind: 'preceding'; readonly offset: Expr }
  | { readonly kind: 'current_row' }
  | { readonly kind: 'following'; readonly offset: Expr }
  | { readonly kind: 'unbounded_following' };

/** ROWS / RANGE / GROUPS frame with EXCLUDE, as in PostgreSQL (default: RANGE UNBOUNDED PRECEDING → CURRENT ROW). */
export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
  readonly exclude: 'no_others' | 'current_row' | 'group' | 'ties';
}

/**
 * One window function call. `fn` is a ranking/value function (row_number, rank, dense_rank, percent_rank,
 * cume_dist, ntile, lag, lead, first_value, last_value, nth_value) or an aggregate (the AggCall names:
 * count_star, count, sum, avg, min, max, bool_and, bool_or, string_agg) computed over the frame.
 */
export interface WindowFunc {
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly filter: Expr | null;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortKey[];
  readonly frame: WindowFrame;
  readonly type: SqlType;
}

export type LogicalPlan =
  | ScanNode | ValuesNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode | JoinNode
  | SetOpNode | DistinctNode | WindowNode | RecursiveUnionNode | WorkTableNode | TableFunctionNode | LateralJoinNode
  | ProjectSetNode;

interface Base { readonly schema: readonly PlanColumn[] }

/** Read `columns` (indexes into table.columns) of a table, keeping rows that pass every `filters` predicate. */
export interface ScanNode extends Base {
  readonly kind: 'scan';
  readonly table: TableRef;
  /** The table's columns read. */
  readonly columns: readonly number[];
  /** Predicates over the columns read (indexes into `columns`), pushed down by the optimizer. */
  readonly filters: readonly Expr[];
  /**
   * The positions in `columns` the scan yields, when some columns are read only for its filters (set by
   * projection pushdown); all of them when absent. The schema is that of the columns yielded.
   */
  readonly output?: readonly number[];
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
  /** Semi and anti joins: build the hash table on the left input (estimated much smaller) and stream the right. */
  readonly buildLeft?: boolean;
  /**
   * The positions in the join's rows (left columns then right ones; left only for semi and anti joins) that
   * it yields, when some columns are there only for the condition (set by projection pushdown); all when
   * absent. The condition indexes the full rows; the schema is that of the columns yielded.
   */
  readonly output?: readonly number[];
}
export interface SetOpNode extends Base {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
}
export interface DistinctNode extends Base { readonly kind: 'distinct'; readonly input: LogicalPlan }
/**
 * WITH RECURSIVE: the rows of `base`, then repeatedly the rows of `step` evaluated over the previous round's
 * new rows (which `step` reads through the WorkTableNode with the same `id`) until a round adds none. Without
 * `all` (UNION), rows already produced are discarded.
 */
export interface RecursiveUnionNode extends Base {
  readonly kind: 'recursive_union';
  readonly id: number;
  readonly base: LogicalPlan;
  readonly step: LogicalPlan;
  readonly all: boolean;
}
/** One call of a set-returning function, with its bound arguments and output columns. */
export interface SrfCall {
  readonly name: string;
  readonly overload: SetReturningOverload;
  readonly args: readonly Expr[];
  readonly columns: readonly SrfColumn[];
}

/**
 * Set-returning functions in FROM (generate_series(…), unnest(a, b), ROWS FROM (f(…), g(…))): arguments are
 * evaluated once; the functions' rows are zipped (the shorter padded with NULLs) and stream out in batches.
 * Output: every function's columns, then with `ordinality` an int8 column numbering the rows from 1.
 */
export interface TableFunctionNode extends Base {
  readonly kind: 'table_function';
  readonly functions: readonly SrfCall[];
  readonly ordinality: boolean;
}

/**
 * Set-returning functions in a SELECT list (PostgreSQL's ProjectSet): for each input row, the functions run in
 * lockstep until all are exhausted (the shorter padded with NULLs); an input row for which all return nothing
 * produces nothing. Output: the input columns, then one column per function (a record for several columns).
 */
export interface ProjectSetNode extends Base {
  readonly kind: 'project_set';
  readonly input: LogicalPlan;
  readonly srfs: readonly SrfCall[];
}

/**
 * `left JOIN LATERAL right`: `right` is evaluated for each left row, which it reads as its depth-1 outer row
 * (OuterColumnExprs). Output: left columns then right columns; a left join keeps left rows without matches.
 */
export interface LateralJoinNode extends Base {
  readonly kind: 'lateral';
  readonly joinType: 'inner' | 'left';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** Over the joined row (left columns, then right columns). */
  readonly condition: Expr | null;
}

/** The rows the enclosing RecursiveUnionNode produced in its previous round. */
export interface WorkTableNode extends Base { readonly kind: 'worktable'; readonly id: number }

/** Output: the input columns (in input order, rows in any order), then one column per window function. */
export interface WindowNode extends Base { readonly kind: 'window'; readonly input: LogicalPlan; readonly funcs: readonly WindowFunc[] }

export function planInputs(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'scan': case 'values': case 'worktable': case 'table_function': return [];
    case 'join': case 'setop': case 'lateral': return [p.left, p.right];
    case 'recursive_union': return [p.base, p.step];
    default: return [p.input];
  }
}

export const planTypes = (p: LogicalPlan): SqlType[] => p.schema.map((c) => c.type);

export const computedColumn = (name: string, type: SqlType): PlanColumn => ({ name, type, tableOid: 0, attr: 0 });
