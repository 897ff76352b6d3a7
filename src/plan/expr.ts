/**
 * Bound expressions: the binder's output, the optimizer's and the executor's input. Every node is a readonly,
 * `kind`-tagged object with its result type resolved. Column references are positional: `column.index` is the
 * position in the input row of the operator that evaluates the expression (for a join: left columns, then
 * right columns).
 */
import { T, type SqlType } from '../common/index.ts';
import type { ScalarOverload } from './function-registry.ts';
import type { LogicalPlan } from './logical.ts';

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | ColumnExpr | OuterColumnExpr | ConstExpr | ParamExpr | CallExpr | ArithExpr | CompareExpr | ConcatExpr
  | AndExpr | OrExpr | NotExpr | IsNullExpr | IsBoolExpr | CastExpr | CaseExpr | CoalesceExpr | MinMaxExpr
  | LikeExpr | InListExpr | SubqueryExpr | IsDistinctExpr | NegateExpr | ArrayExpr | SubscriptExpr | ArrayQuantifiedExpr;

export interface ColumnExpr { readonly kind: 'column'; readonly index: number; readonly type: SqlType; readonly name: string }
/** A column of an enclosing query's current row (correlated subquery): `depth` 1 = the immediate parent. */
export interface OuterColumnExpr { readonly kind: 'outer'; readonly depth: number; readonly index: number; readonly type: SqlType; readonly name: string }
/** `location`: where an untyped literal was written (1-based), so a failed coercion can point at it. */
export interface ConstExpr { readonly kind: 'const'; readonly value: unknown; readonly type: SqlType; readonly location?: number }
/** $n: `index` is 0-based. */
export interface ParamExpr { readonly kind: 'param'; readonly index: number; readonly type: SqlType }
export interface CallExpr { readonly kind: 'call'; readonly name: string; readonly overload: ScalarOverload; readonly args: readonly Expr[]; readonly type: SqlType }
/** Both operands already have the operator's input types (the binder inserted casts). */
export interface ArithExpr { readonly kind: 'arith'; readonly op: ArithOp; readonly left: Expr; readonly right: Expr; readonly type: SqlType }
export interface NegateExpr { readonly kind: 'negate'; readonly arg: Expr; readonly type: SqlType }
export interface CompareExpr { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr; readonly type: SqlType }
export interface IsDistinctExpr { readonly kind: 'is-distinct'; readonly negate: boolean; readonly left: Expr; readonly right: Expr; readonly type: SqlType }
export interface ConcatExpr { readonly kind: 'concat'; readonly left: Expr; readonly right: Expr; readonly type: SqlType }
export interface AndExpr { readonly kind: 'and'; readonly args: readonly Expr[]; readonly type: SqlType }
export interface OrExpr { readonly kind: 'or'; readonly args: readonly Expr[]; readonly type: SqlType }
export interface NotExpr { readonly kind: 'not'; readonly arg: Expr; readonly type: SqlType }
export interface IsNullExpr { readonly kind: 'is-null'; readonly negate: boolean; readonly arg: Expr; readonly type: SqlType }
/** IS [NOT] TRUE / FALSE / UNKNOWN. */
export interface IsBoolExpr { readonly kind: 'is-bool'; readonly test: 'true' | 'false' | 'unknown'; readonly negate: boolean; readonly arg: Expr; readonly type: SqlType }
export interface CastExpr {
  readonly kind: 'cast'; readonly arg: Expr; readonly mode: 'explicit' | 'assignment' | 'implicit'; readonly type: SqlType;
  /** Where a literal that is only read when the statement runs ('emp'::regclass) was written, for its errors. */
  readonly position?: number;
}
/** Searched CASE (the binder rewrites simple CASE into comparisons). */
export interface CaseExpr { readonly kind: 'case'; readonly whens: readonly { readonly when: Expr; readonly then: Expr }[]; readonly else: Expr; readonly type: SqlType }
export interface CoalesceExpr { readonly kind: 'coalesce'; readonly args: readonly Expr[]; readonly type: SqlType }
export interface MinMaxExpr { readonly kind: 'greatest' | 'least'; readonly args: readonly Expr[]; readonly type: SqlType }
export interface LikeExpr { readonly kind: 'like'; readonly arg: Expr; readonly pattern: Expr; readonly escape: Expr | null; readonly caseInsensitive: boolean; readonly negate: boolean; readonly type: SqlType }
/** x [NOT] IN (a, b, c) with all elements of x's type. */
export interface InListExpr { readonly kind: 'in-list'; readonly arg: Expr; readonly list: readonly Expr[]; readonly negate: boolean; readonly type: SqlType }

/**
 * ARRAY[e1, e2, …]. With `nested`, the elements are arrays of equal dimensions that become the sub-arrays of
 * one more dimension (ARRAY[[1,2],[3,4]], ARRAY[a, b] over array-typed a and b); NULL sub-arrays are skipped.
 */
export interface ArrayExpr { readonly kind: 'array'; readonly elements: readonly Expr[]; readonly nested: boolean; readonly type: SqlType }

/**
 * a[i][j] (an element: NULL when out of range or the count differs from the dimensions) or, with `slice`,
 * a[lo:hi][…] (an array; an omitted bound is the array's own, a plain subscript i means 1:i). Subscripts are int4.
 */
export interface SubscriptExpr {
  readonly kind: 'subscript';
  readonly arg: Expr;
  readonly subscripts: readonly { readonly lower: Expr | null; readonly upper: Expr | null }[];
  readonly slice: boolean;
  readonly type: SqlType;
}

/**
 * `arg op ANY|ALL (array)`. `predicate` is the bound operator over a row of its own: column 0 holds `arg`'s
 * value, column 1 one element of the array (it is not an input-column expression, so walks skip it). Empty
 * array: ANY false, ALL true; otherwise three-valued OR/AND of the predicate over the elements.
 */
export interface ArrayQuantifiedExpr {
  readonly kind: 'array-any';
  readonly all: boolean;
  readonly arg: Expr;
  readonly array: Expr;
  readonly predicate: Expr;
  readonly type: SqlType;
}

/**
 * A subquery in an expression. `correlated` subqueries reference OuterColumnExprs and are evaluated per row of
 * the enclosing operator's input; others once per statement.
 *  - scalar: the single column of at most one row (NULL for none; 21000 for more).
 *  - exists: whether any row is produced.
 *  - any / all: `arg op ANY|ALL (subquery)` with SQL three-valued logic (IN is `= ANY`, NOT IN is `<> ALL`).
 *  - array: ARRAY(subquery), the single column's values as an array (in the subquery's order).
 */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly mode: 'scalar' | 'exists' | 'any' | 'all' | 'array';
  readonly plan: LogicalPlan;
  readonly correlated: boolean;
  readonly arg: Expr | null;
  readonly op: CompareOp | null;
  readonly type: SqlType;
}

/** Children of an expression, for generic walks. */
export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'column': case 'outer': case 'const': case 'param': return [];
    case 'call': return e.args;
    case 'arith': case 'compare': case 'concat': case 'is-distinct': return [e.left, e.right];
    case 'and': case 'or': case 'coalesce': case 'greatest': case 'least': return e.args;
    case 'not': case 'is-null': case 'is-bool': case 'cast': case 'negate': return [e.arg];
    case 'case': return [...e.whens.flatMap((w) => [w.when, w.then]), e.else];
    case 'like': return e.escape === null ? [e.arg, e.pattern] : [e.arg, e.pattern, e.escape];
    case 'in-list': return [e.arg, ...e.list];
    case 'subquery': return e.arg === null ? [] : [e.arg];
    case 'array': return e.elements;
    case 'subscript': return [e.arg, ...e.subscripts.flatMap((s) => [s.lower, s.upper].filter((x): x is Expr => x !== null))];
    case 'array-any': return [e.arg, e.array];
  }
}

/** Rebuild `e` with each child replaced by `f(child)` (children only, not recursive). */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'column': case 'outer': case 'const': case 'param': return e;
    case 'call': return { ...e, args: e.args.map(f) };
    case 'arith': case 'compare': case 'concat': case 'is-distinct': return { ...e, left: f(e.left), right: f(e.right) };
    case 'and': case 'or': case 'coalesce': case 'greatest': case 'least': return { ...e, args: e.args.map(f) };
    case 'not': case 'is-null': case 'is-bool': case 'cast': case 'negate': return { ...e, arg: f(e.arg) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), else: f(e.else) };
    case 'like': return { ...e, arg: f(e.arg), pattern: f(e.pattern), escape: e.escape === null ? null : f(e.escape) };
    case 'in-list': return { ...e, arg: f(e.arg), list: e.list.map(f) };
    case 'subquery': return e.arg === null ? e : { ...e, arg: f(e.arg) };
    case 'array': return { ...e, elements: e.elements.map(f) };
    case 'subscript': return {
      ...e, arg: f(e.arg),
      subscripts: e.subscripts.map((s) => ({ lower: s.lower === null ? null : f(s.lower), upper: s.upper === null ? null : f(s.upper) })),
    };
    case 'array-any': return { ...e, arg: f(e.arg), array: f(e.array) };
  }
}

/** Bottom-up rewrite. */
export function transformExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  return f(mapChildren(e, (c) => transformExpr(c, f)));
}

export function someExpr(e: Expr, pred: (e: Expr) => boolean): boolean {
  if (pred(e)) return true;
  for (const c of exprChildren(e)) if (someExpr(c, pred)) return true;
  return false;
}

/** Input column indexes an expression reads (not looking into subquery plans). */
export function columnsUsed(e: Expr, into: Set<number> = new Set()): Set<number> {
  if (e.kind === 'column') into.add(e.index);
  for (const c of exprChildren(e)) columnsUsed(c, into);
  return into;
}

/** Does the expression read any outer-query column at depth ≥ 1 (directly, or inside a subquery plan)? */
export const isVolatile = (e: Expr): boolean =>
  someExpr(e, (x) => x.kind === 'call' && x.overload.volatility === 'volatile');

export const hasSubquery = (e: Expr): boolean => someExpr(e, (x) => x.kind === 'subquery');

/** Split a predicate into its AND-ed conjuncts. */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** The conjunction of predicates (at least one): the predicate itself when alone. */
export const andOf = (ps: readonly Expr[]): Expr => (ps.length === 1 ? ps[0]! : { kind: 'and', args: ps, type: T.bool });

/** `e` reading input column i + by wherever it read column i. */
export const shiftColumns = (e: Expr, by: number): Expr =>
  (by === 0 ? e : transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: x.index + by } : x)));
