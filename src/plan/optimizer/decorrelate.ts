/**
 * Turn correlated EXISTS / NOT EXISTS / IN (subquery) conjuncts of a filter into semi and anti joins, so the
 * subquery runs once as a join input instead of once per outer row. Runs on unoptimized plans (before
 * predicate pushdown moves the correlated predicates into scans).
 *
 * A subquery qualifies when its plan is [Project] ← Filter* ← body, where only the filters' predicates read
 * the enclosing row (depth-1 OuterColumnExprs) and the body reads nothing from outside. The correlated
 * predicates become the join condition over (outer row, body row); deeper outer references move up one level.
 * NOT IN is left alone: with NULLs it is not an anti join.
 *
 * A correlated scalar subquery over an ungrouped aggregate, `x < (SELECT f(agg(…)) FROM body WHERE y = outer.z
 * AND …)`, becomes a left join of the filter's input with `body` aggregated by the inner keys (y), on outer.z = y:
 * every outer row meets the one group its subquery would have aggregated, or none, where the aggregates are NULL
 * as they are over no rows (count's 0 is restored with COALESCE). The correlated predicates must be such
 * equalities; the aggregate then runs once over the whole body instead of once per outer row. When constants
 * filter the outer rows, the body is first semi-joined with their keys (see semiReduce).
 */
import { T, type SqlType } from '../../common/index.ts';
import { andOf, columnsUsed, conjuncts, exprChildren, shiftColumns, transformExpr, type Expr, type SubqueryExpr } from '../expr.ts';
import { planInputs, type LogicalPlan } from '../logical.ts';
import { flattenJoins, mapNodeExprs, nodeExprs, transformPlan, type JoinLeaf } from './rule.ts';

/** Does the plan read rows of enclosing queries at `depth` (1 = its immediate parent) or beyond? */
function readsOuter(p: LogicalPlan, depth = 1): boolean {
  const inExpr = (e: Expr, d: number): boolean => {
    if (e.kind === 'outer' && e.depth >= d) return true;
    if (e.kind === 'subquery' && readsOuter(e.plan, d + 1)) return true;
    return exprChildren(e).some((c) => inExpr(c, d));
  };
  if (nodeExprs(p).some((e) => inExpr(e, depth))) return true;
  if (p.kind === 'lateral') return readsOuter(p.left, depth) || readsOuter(p.right, depth + 1);
  return planInputs(p).some((i) => readsOuter(i, depth));
}

const exprReadsOuter = (e: Expr): boolean => {
  if (e.kind === 'outer') return true;
  if (e.kind === 'subquery') return readsOuter(e.plan, 2);
  return exprChildren(e).some(exprReadsOuter);
};

/**
 * Rewrite a correlated predicate into the outer query's frame: depth-1 outer refs become the outer row's
 * columns (left side), body columns move right by `leftWidth`, deeper outer refs lose a level.
 */
function lift(e: Expr, leftWidth: number): Expr {
  return transformExpr(e, (x) => {
    if (x.kind === 'column') return { ...x, index: x.index + leftWidth };
    if (x.kind === 'outer') return x.depth === 1 ? { kind: 'column', index: x.index, type: x.type, name: x.name } : { ...x, depth: x.depth - 1 };
    return x;
  });
}

interface Split { readonly body: LogicalPlan; readonly correlated: Expr[]; readonly project: readonly Expr[] | null }

function split(plan: LogicalPlan): Split | undefined {
  let p = plan;
  let project: readonly Expr[] | null = null;
  if (p.kind === 'project') {
    project = p.exprs;
    p = p.input;
  }
  const correlated: Expr[] = [];
  const local: Expr[] = [];
  while (p.kind === 'filter') {
    for (const c of conjuncts(p.predicate)) {
      if (c.kind === 'subquery' || exprChildren(c).some((x) => x.kind === 'subquery')) {
        if (exprReadsOuter(c)) return undefined; // nested correlated subqueries: keep it simple
      }
      (exprReadsOuter(c) ? correlated : local).push(c);
    }
    p = p.input;
  }
  if (correlated.length === 0 || readsOuter(p)) return undefined;
  if (project !== null && project.some(exprReadsOuter)) return undefined;
  const body: LogicalPlan = local.length === 0 ? p
    : { kind: 'filter', input: p, predicate: andOf(local), schema: p.schema };
  return { body, correlated, project };
}

/** A semi/anti join replacing `input WHERE [NOT] EXISTS/IN (subquery)`, or undefined. */
function toJoin(input: LogicalPlan, e: Expr, negated: boolean): LogicalPlan | undefined {
  if (e.kind === 'subquery' && !e.correlated && e.mode === 'any' && e.op === '=' && !negated) return uncorrelatedIn(input, e);
  if (e.kind !== 'subquery' || !e.correlated) return undefined;
  const q: SubqueryExpr = e;
  if (q.mode !== 'exists' && !(q.mode === 'any' && q.op === '=' && !negated)) return undefined;
  const s = split(q.plan);
  if (s === undefined) return undefined;
  const lw = input.schema.length;
  const conds = s.correlated.map((c) => lift(c, lw));
  let right = s.body;
  if (q.mode === 'any') {
    // x IN (SELECT f(body) …): add f(body) as a last body column and join on x = it.
    if (s.project === null || s.project.length !== 1 || q.arg === null || exprReadsOuter(q.arg)) return undefined;
    const bodyCols: Expr[] = right.schema.map((c, i) => ({ kind: 'column', index: i, type: c.type, name: c.name }));
    const value = s.project[0]!;
    right = { kind: 'project', input: right, exprs: [...bodyCols, value], schema: [...right.schema, { name: 'in', type: value.type, tableOid: 0, attr: 0 }] };
    conds.unshift({ kind: 'compare', op: '=', left: q.arg, right: { kind: 'column', index: lw + right.schema.length - 1, type: value.type, name: 'in' }, type: T.bool });
  }
  const condition = conds.length === 1 ? conds[0]! : { kind: 'and' as const, args: conds, type: T.bool };
  return { kind: 'join', joinType: negated ? 'anti' : 'semi', left: input, right, condition, schema: input.schema };
}

/**
 * `x IN (uncorrelated subquery)` as a filter conjunct: a semi join of the input with the subquery's rows on
 * x = its column (the same rows: FALSE and NULL both drop a row from WHERE), so the membership test is a hash
 * join's rather than a lookup per row.
 */
function uncorrelatedIn(input: LogicalPlan, q: SubqueryExpr): LogicalPlan | undefined {
  if (q.arg === null || exprReadsOuter(q.arg) || q.plan.schema.length !== 1 || readsOuter(q.plan)) return undefined;
  // Over a join the filter stays a filter: predicate pushdown takes it down to the one input it tests, which
  // a semi join on top of the join would not.
  if (hasJoin(input)) return undefined;
  const lw = input.schema.length;
  const col = q.plan.schema[0]!;
  const condition: Expr = { kind: 'compare', op: '=', left: q.arg, right: column(lw, col.type, col.name), type: T.bool };
  return { kind: 'join', joinType: 'semi', left: input, right: q.plan, condition, schema: input.schema };
}

const hasSubqueryExpr = (e: Expr): boolean => e.kind === 'subquery' || exprChildren(e).some(hasSubqueryExpr);

const hasJoin = (p: LogicalPlan): boolean => p.kind === 'join' || p.kind === 'lateral' || planInputs(p).some(hasJoin);

/** A depth-1 outer reference only, on one side of a correlated equality. */
const onlyOuter = (e: Expr): boolean =>
  e.kind === 'outer' ? e.depth === 1 : e.kind !== 'column' && e.kind !== 'subquery' && exprChildren(e).every(onlyOuter);

const column = (index: number, type: SqlType, name: string): Expr => ({ kind: 'column', index, type, name });

/**
 * For a correlated scalar subquery `Project[f] ← Aggregate[no groups] ← Filter* ← body`: the left join that
 * brings each outer row its group (appended as columns from `input.schema.length`), and f over that row.
 */
function scalarToJoin(input: LogicalPlan, q: SubqueryExpr, siblings: readonly Expr[]): { plan: LogicalPlan; value: Expr } | undefined {
  if (q.mode !== 'scalar' || !q.correlated || q.plan.kind !== 'project' || q.plan.exprs.length !== 1) return undefined;
  const f = q.plan.exprs[0]!;
  const agg = q.plan.input;
  if (agg.kind !== 'aggregate' || agg.groups.length !== 0 || exprReadsOuter(f)) return undefined;
  if (agg.aggs.some((a) => a.args.some(exprReadsOuter) || (a.filter !== null && exprReadsOuter(a.filter))
    || (a.direct ?? []).some(exprReadsOuter) || (a.orderBy ?? []).some((k) => exprReadsOuter(k.expr)))) return undefined;
  const s = split(agg.input);
  if (s === undefined || s.project !== null) return undefined;
  const outerKeys: Expr[] = [];
  const innerKeys: Expr[] = [];
  for (const c of s.correlated) {
    if (c.kind !== 'compare' || c.op !== '=') return undefined;
    if (onlyOuter(c.left) && !exprReadsOuter(c.right)) { outerKeys.push(c.left); innerKeys.push(c.right); }
    else if (onlyOuter(c.right) && !exprReadsOuter(c.left)) { outerKeys.push(c.right); innerKeys.push(c.left); }
    else return undefined;
  }
  const lw = input.schema.length;
  const m = innerKeys.length;
  // The outer rows that can pass: the input under the filter's conjuncts that hold no subquery.
  const passing: LogicalPlan = siblings.length === 0 ? input : {
    kind: 'filter', input, schema: input.schema,
    predicate: andOf(siblings),
  };
  const body = selective(passing) ? semiReduce(s.body, keySource(input, siblings, outerKeys), innerKeys) : s.body;
  const grouped: LogicalPlan = {
    kind: 'aggregate', input: body, groups: innerKeys, aggs: agg.aggs,
    schema: [...innerKeys.map((k, i) => ({ name: `key${i}`, type: k.type, tableOid: 0, attr: 0 })), ...agg.schema],
  };
  const conds: Expr[] = outerKeys.map((o, i) => ({
    kind: 'compare', op: '=', left: lift(o, lw), right: column(lw + i, innerKeys[i]!.type, `key${i}`), type: T.bool,
  }));
  const plan: LogicalPlan = {
    kind: 'join', joinType: 'left', left: input, right: grouped,
    condition: andOf(conds),
    schema: [...input.schema, ...grouped.schema],
  };
  const value = transformExpr(f, (x) => {
    if (x.kind !== 'column') return x;
    const a = agg.aggs[x.index]!;
    const col = column(lw + m + x.index, x.type, x.name);
    // Over no rows count is 0, where the join leaves NULL.
    return a.fn === 'count' || a.fn === 'count_star'
      ? { kind: 'coalesce', args: [col, { kind: 'const', value: 0n, type: x.type }], type: x.type }
      : col;
  });
  return { plan, value };
}

/**
 * Only the groups the outer rows will meet matter: `body` semi-joined with the outer rows' keys (`source`: a
 * plan whose rows are the key values), so the aggregate runs over the rows of those groups alone (TPC-H Q17
 * aggregates the lineitems of 200 parts, not of all 200,000).
 */
function semiReduce(body: LogicalPlan, source: KeySource, innerKeys: readonly Expr[]): LogicalPlan {
  const keyExprs = source.keys;
  const keys: LogicalPlan = {
    kind: 'project', input: source.plan, exprs: keyExprs,
    schema: keyExprs.map((k, i) => ({ name: `key${i}`, type: k.type, tableOid: 0, attr: 0 })),
  };
  const bw = body.schema.length;
  const conds: Expr[] = innerKeys.map((k, i) => ({
    kind: 'compare', op: '=', left: k, right: column(bw + i, keyExprs[i]!.type, `key${i}`), type: T.bool,
  }));
  return {
    kind: 'join', joinType: 'semi', left: body, right: keys,
    condition: andOf(conds), schema: body.schema,
  };
}

/** A plan and, over its rows, the outer keys' expressions. */
interface KeySource { readonly plan: LogicalPlan; readonly keys: readonly Expr[] }

/**
 * Where semiReduce takes the outer keys from. The outer rows (`input` under the `siblings` conjuncts) run a
 * second time for them, unless the keys are columns of one relation that `input` joins others to with inner
 * joins: then that relation under its own conjuncts gives every key the outer rows can have (and maybe more,
 * which only leaves a few more groups in the aggregate): Q17's keys come from part alone, not lineitem × part.
 */
function keySource(input: LogicalPlan, siblings: readonly Expr[], outerKeys: readonly Expr[]): KeySource {
  const keys = outerKeys.map((o) => lift(o, 0));
  const whole: KeySource = { plan: siblings.length === 0 ? input : { kind: 'filter', input, schema: input.schema, predicate: andOf(siblings) }, keys };
  const { leaves, preds } = flattenJoins(input);
  if (leaves.length < 2) return whole;
  const inLeaf = (e: Expr, l: JoinLeaf): boolean => {
    const cols = [...columnsUsed(e)];
    return cols.length > 0 && cols.every((c) => c >= l.offset && c < l.offset + l.plan.schema.length);
  };
  const leaf = leaves.find((l) => keys.every((k) => inLeaf(k, l)));
  if (leaf === undefined) return whole;
  const own = [...siblings, ...preds].filter((c) => inLeaf(c, leaf) && !hasSubqueryExpr(c) && !exprReadsOuter(c))
    .map((c) => shiftColumns(c, -leaf.offset));
  return {
    plan: own.length === 0 ? leaf.plan : { kind: 'filter', input: leaf.plan, schema: leaf.plan.schema, predicate: andOf(own) },
    keys: keys.map((k) => shiftColumns(k, -leaf.offset)),
  };
}

/**
 * A plan of scans, filters, projections and inner or semi joins, with a filter that tests a column against
 * constants: worth running twice to cut an aggregate down to the groups it selects.
 */
function selective(p: LogicalPlan): boolean {
  let filtered = false;
  const walk = (q: LogicalPlan): boolean => {
    if (q.kind === 'filter') filtered ||= conjuncts(q.predicate).some(testsConstant);
    else if (q.kind === 'join') {
      if (!['inner', 'cross', 'semi'].includes(q.joinType)) return false;
    } else if (q.kind !== 'scan' && q.kind !== 'project') return false;
    return planInputs(q).every(walk);
  };
  return walk(p) && filtered;
}

/** `column op constant`, `column IN (constants)` or `column LIKE constant`. */
function testsConstant(e: Expr): boolean {
  const constant = (x: Expr): boolean => x.kind === 'const' || x.kind === 'param'
    || (x.kind === 'cast' && constant(x.arg));
  const columnLike = (x: Expr): boolean => x.kind === 'column' || (x.kind === 'cast' && columnLike(x.arg));
  switch (e.kind) {
    case 'compare': return (columnLike(e.left) && constant(e.right)) || (columnLike(e.right) && constant(e.left));
    case 'in-list': return columnLike(e.arg) && e.list.every(constant);
    case 'like': return columnLike(e.arg) && constant(e.pattern);
    default: return false;
  }
}

/** The conjunct with its correlated scalar subqueries joined into `input`, or undefined if one cannot be. */
function joinScalars(input: LogicalPlan, c: Expr, siblings: readonly Expr[]): { input: LogicalPlan; conjunct: Expr } | undefined {
  let failed = false;
  let joined = input;
  const conjunct = transformExpr(c, (x) => {
    if (failed || x.kind !== 'subquery' || x.mode !== 'scalar' || !x.correlated) return x;
    const r = scalarToJoin(joined, x, siblings);
    if (r === undefined) { failed = true; return x; }
    joined = r.plan;
    return r.value;
  });
  return failed || joined === input ? undefined : { input: joined, conjunct };
}

/** Rewrite every filter's decorrelatable conjuncts into semi/anti joins, top-down. */
export function decorrelateSubqueries(plan: LogicalPlan): LogicalPlan {
  return transformPlan(plan, (p) => {
    const withSubplans = mapNodeExprs(p, (e) => transformExpr(e, (x) => (x.kind === 'subquery' ? { ...x, plan: decorrelateSubqueries(x.plan) } : x)));
    if (withSubplans.kind !== 'filter') return withSubplans;
    let input = withSubplans.input;
    const rest: Expr[] = [];
    let changed = false;
    const all = conjuncts(withSubplans.predicate);
    const siblings = all.filter((c) => !hasSubqueryExpr(c));
    for (const c of all) {
      const negated = c.kind === 'not';
      const target = c.kind === 'not' ? c.arg : c;
      const joined = toJoin(input, target, negated);
      if (joined !== undefined) { input = joined; changed = true; continue; }
      const scalar = joinScalars(input, c, siblings);
      if (scalar !== undefined) { input = scalar.input; changed = true; rest.push(scalar.conjunct); continue; }
      rest.push(c);
    }
    if (!changed) return withSubplans;
    const filtered: LogicalPlan = rest.length === 0 ? input
      : { kind: 'filter', input, predicate: andOf(rest), schema: input.schema };
    // Scalar joins added columns: keep the filter's own.
    const schema = withSubplans.schema;
    if (filtered.schema.length === schema.length) return filtered;
    return { kind: 'project', input: filtered, exprs: schema.map((col, i) => column(i, col.type, col.name)), schema };
  });
}
