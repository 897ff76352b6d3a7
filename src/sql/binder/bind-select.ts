/**
 * Binding queries: SELECT (FROM, WHERE, GROUP BY, HAVING, SELECT list, DISTINCT, ORDER BY, LIMIT), VALUES,
 * set operations and WITH, producing a logical plan whose output columns are the query's result columns.
 */
import { systemRelationPlan } from './system-relations.ts';
import { formatType, SqlError, SqlState, T, type SqlType } from '../../common/index.ts';
import {
  computedColumn, mapChildren, mapOuterRefs, someExpr, transformExpr, type AggCall, type SrfCall, type Expr, type FrameBound, type LogicalPlan, type PlanColumn,
  type SortKey, type WindowFunc,
} from '../../plan/index.ts';
import { parseSql } from '../parse.ts';
import type { TimeTravel } from '../time-travel.ts';
import {
  checkFunctionSchema,
  AGG_BASE, asBool, bindExpr, bindSrfCall, exprKey, SRF_BASE, GROUPING_BASE, nodeOf, strings, withoutVoidParams, type AggCollector, type Ast, type ExprEnv,
} from './bind-expr.ts';
import { coerce, commonType, resolveUnknown } from './coerce.ts';
import { bindBinaryOp } from './operators.ts';
import { Scope, type ScopeColumn, type ScopeRelation } from './scope.ts';
import { WIN_BASE, windowClause, type WindowCollector } from './bind-window.ts';
import type { BinderState } from './state.ts';
import { catalogFunctionCall } from './catalog-functions.ts';
import { bindFileFunction } from './file-functions.ts';

export interface BoundQuery {
  readonly plan: LogicalPlan;
  /** Output column names (plan.schema carries them too). */
  readonly names: readonly string[];
  /** Whether the query references columns of enclosing queries. */
  readonly correlated: boolean;
  /** The FROM scope of a simple SELECT (for correlation checks). */
  readonly scope: Scope;
}

/**
 * Bind a query node (`{ SelectStmt: … }` or a SelectStmt body) under an optional enclosing scope.
 * `keepUnknown`: leave untyped output columns (`SELECT NULL`) untyped, for a set operation to resolve.
 */
export function bindQuery(node: Ast, state: BinderState, parent: Scope | undefined, keepUnknown = false): BoundQuery {
  const s: Ast = node.SelectStmt ?? node;
  const pushed = s.withClause !== undefined;
  if (pushed) state.ctes.push(bindWith(s.withClause, state, parent));
  try {
    if (s.op !== undefined && s.op !== 'SETOP_NONE') return finishQuery(bindSetOp(s, state, parent), s, state, parent);
    if (s.valuesLists !== undefined) return finishQuery(bindValues(s, state, parent), s, state, parent);
    return bindSimpleSelect(s, state, parent, keepUnknown);
  } finally {
    if (pushed) state.ctes.pop();
  }
}

export function bindWith(w: Ast, state: BinderState, parent: Scope | undefined): Map<string, { plan: LogicalPlan; columnNames: string[] }> {
  const map = new Map<string, { plan: LogicalPlan; columnNames: string[] }>();
  state.ctes.push(map); // later CTEs see earlier ones
  try {
    for (const c of w.ctes as Ast[]) {
      const cte = c.CommonTableExpr;
      if (map.has(cte.ctename)) {
        throw new SqlError(SqlState.duplicateAlias, `WITH query name "${cte.ctename}" specified more than once`, { position: state.pos(cte.location) });
      }
      if (w.recursive && mentionsRelation(cte.ctequery, cte.ctename)) {
        map.set(cte.ctename, bindRecursiveCte(cte, state, parent, map));
        continue;
      }
      const q = bindQuery(cte.ctequery, state, parent);
      const names = cte.aliascolnames !== undefined ? strings(cte.aliascolnames) : [...q.names];
      map.set(cte.ctename, { plan: q.plan, columnNames: renameColumns(names, q.names, cte.ctename, state.pos(cte.location)) });
    }
  } finally {
    state.ctes.pop();
  }
  return map;
}

let nextWorkTable = 1;

/** Does a query mention `name` as an unqualified relation (a recursive CTE's reference to itself)? */
function mentionsRelation(node: unknown, name: string): boolean {
  return collectRelationNames(node).has(relationKey(undefined, name));
}

/**
 * WITH RECURSIVE name AS (base UNION [ALL] step): bind the base, make `name` a work table of the base's
 * column types inside the step, and coerce the step's columns to those types.
 */
function bindRecursiveCte(cte: Ast, state: BinderState, parent: Scope | undefined,
  map: Map<string, { plan: LogicalPlan; columnNames: string[] }>): { plan: LogicalPlan; columnNames: string[] } {
  const pos = state.pos(cte.location);
  const q: Ast = cte.ctequery.SelectStmt ?? cte.ctequery;
  if (q.op !== 'SETOP_UNION') {
    throw new SqlError(SqlState.invalidRecursion,
      `recursive query "${cte.ctename}" does not have the form non-recursive-term UNION [ALL] recursive-term`, { position: pos });
  }
  if (mentionsRelation(q.larg, cte.ctename)) {
    throw new SqlError(SqlState.invalidRecursion, `recursive reference to query "${cte.ctename}" must not appear within its non-recursive term`, { position: pos });
  }
  if (q.sortClause !== undefined || q.limitCount !== undefined || q.limitOffset !== undefined) {
    throw new SqlError(SqlState.featureNotSupported, 'ORDER BY/LIMIT in a recursive query is not implemented', { position: pos });
  }
  const base = bindQuery(q.larg, state, parent);
  const names = cte.aliascolnames !== undefined ? renameColumns(strings(cte.aliascolnames), base.names, cte.ctename, pos) : [...base.names];
  const id = nextWorkTable++;
  const types = base.plan.schema.map((c) => (c.type.id === 'unknown' ? T.text : c.type));
  const work: LogicalPlan = { kind: 'worktable', id, schema: types.map((t, i) => computedColumn(names[i]!, t)) };
  map.set(cte.ctename, { plan: work, columnNames: names });
  const step = bindQuery(q.rarg, state, parent);
  if (step.plan.schema.length !== types.length) {
    throw new SqlError(SqlState.syntaxError, 'each UNION query must have the same number of columns', { position: pos });
  }
  const stepExprs = step.plan.schema.map((c, i) => {
    const col: Expr = { kind: 'column', index: i, type: c.type, name: c.name };
    if (c.type.id === types[i]!.id) return col;
    try {
      return coerce(col, types[i]!, 'implicit', state.params, pos);
    } catch {
      throw new SqlError(SqlState.datatypeMismatch,
        `recursive query "${cte.ctename}" column ${i + 1} has type ${formatType(types[i]!)} in non-recursive term but type ${formatType(c.type)} overall`,
        { position: pos, hint: 'Cast the output of the non-recursive term to the correct type.' });
    }
  });
  const stepPlan: LogicalPlan = { kind: 'project', input: step.plan, exprs: stepExprs, schema: work.schema };
  const basePlan: LogicalPlan = types.every((t, i) => t === base.plan.schema[i]!.type) ? base.plan : {
    kind: 'project', input: base.plan, schema: work.schema,
    exprs: base.plan.schema.map((c, i) => coerce({ kind: 'column', index: i, type: c.type, name: c.name }, types[i]!, 'implicit', state.params, pos)),
  };
  const plan: LogicalPlan = { kind: 'recursive_union', id, base: basePlan, step: stepPlan, all: q.all === true, schema: work.schema };
  return { plan, columnNames: names };
}

export function renameColumns(aliases: readonly string[], names: readonly string[], rel: string, position?: number): string[] {
  if (aliases.length > names.length) {
    throw new SqlError(SqlState.invalidColumnReference, `table "${rel}" has ${names.length} columns available but ${aliases.length} columns specified`, { position });
  }
  return names.map((n, i) => aliases[i] ?? n);
}

// ─── FROM ────────────────────────────────────────────────────────────────────────────────────────────────

export interface FromItem {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
  /** A LATERAL item: its plan reads the row of the items to its left as its outer row. */
  readonly lateral?: boolean;
}

/** A FROM list as one plan (comma items cross-joined) with the scope naming its columns. */
export function bindFrom(items: Ast[] | undefined, state: BinderState, parent: Scope | undefined): FromItem {
  if (items === undefined || items.length === 0) {
    return { plan: { kind: 'values', rows: [[]], schema: [] }, scope: new Scope([], parent) };
  }
  let acc: FromItem | undefined;
  for (const item of items) {
    const next = bindFromItem(item, state, parent, acc?.scope);
    acc = acc === undefined ? next : next.lateral ? lateralJoin(acc, next, 'inner', null, parent) : joinItems(acc, next, 'cross', null, parent);
    checkDuplicateAliases(acc.scope, state);
  }
  return acc!;
}

/** `left, LATERAL right` / `left [LEFT] JOIN LATERAL right ON …`: the scope of a join, the plan of a lateral join. */
function lateralJoin(left: FromItem, right: FromItem, joinType: 'inner' | 'left', condition: Expr | null, parent: Scope | undefined): FromItem {
  const joined = joinItems(left, right, 'cross', null, parent);
  return {
    scope: joined.scope,
    plan: { kind: 'lateral', joinType, left: left.plan, right: right.plan, condition, schema: joined.plan.schema },
  };
}

/** PostgreSQL's checkNameSpaceConflicts. */
function checkDuplicateAliases(scope: Scope, _state: BinderState): void {
  const rels = scope.relations;
  for (let i = 0; i < rels.length; i++) {
    for (let j = i + 1; j < rels.length; j++) {
      const a = rels[i]!, b = rels[j]!;
      if (a.alias === '' || a.alias !== b.alias) continue;
      if (a.plainRelationOid !== undefined && b.plainRelationOid !== undefined && a.plainRelationOid !== b.plainRelationOid) continue;
      throw new SqlError(SqlState.duplicateAlias, `table name "${a.alias}" specified more than once`);
    }
  }
}

export function relationScope(alias: string, schemaName: string | undefined, plan: LogicalPlan, names: readonly string[], parent: Scope | undefined, plainRelationOid?: number): Scope {
  const columns: ScopeColumn[] = plan.schema.map((c, i) => ({ name: names[i] ?? c.name, type: c.type, index: i, tableOid: c.tableOid, attr: c.attr }));
  return new Scope([{ alias, schemaName, columns, ...(plainRelationOid !== undefined ? { plainRelationOid } : {}) }], parent);
}

/** `leftScope`: the FROM items to the left, which a LATERAL item may reference. */
function bindFromItem(node: Ast, state: BinderState, parent: Scope | undefined, leftScope?: Scope): FromItem {
  const [kind, n] = nodeOf(node);
  const pos = state.pos(n.location);
  switch (kind) {
    case 'RangeVar': return bindRangeVar(n, state, parent, pos);
    case 'RangeSubselect': {
      const lateral = n.lateral === true && leftScope !== undefined;
      const q = bindQuery(n.subquery, state, lateral ? leftScope : parent);
      const alias: string = n.alias?.aliasname ?? '';
      const names = renameColumns(strings(n.alias?.colnames), q.names, alias, pos);
      const scope = relationScope(alias, undefined, q.plan, names, parent);
      // Its outer references are this query level's (a LATERAL item's reach the level through leftScope).
      if (!lateral && q.correlated) scope.usesOuter = true;
      return { plan: q.plan, scope, lateral };
    }
    case 'JoinExpr': return bindJoin(n, state, parent, pos);
    case 'RangeFunction': return bindRangeFunction(n, state, parent, pos, leftScope);
    default:
      throw new SqlError(SqlState.featureNotSupported, `FROM item ${kind} is not supported`, { position: pos });
  }
}

function bindRangeVar(n: Ast, state: BinderState, parent: Scope | undefined, pos: number | undefined): FromItem {
  const name: string = n.relname;
  const schema: string | undefined = n.schemaname;
  const alias: string = n.alias?.aliasname ?? name;
  const colAliases = strings(n.alias?.colnames);
  if (schema === undefined) {
    const cte = state.findCte(name);
    if (cte !== undefined) {
      const names = renameColumns(colAliases, cte.columnNames, alias, pos);
      return { plan: cte.plan, scope: relationScope(alias, undefined, cte.plan, names, parent) };
    }
  }
  const at = state.timeTravel.get(n.location);
  const rel = state.relations.get(relationKey(schema, name, at));
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${schema === undefined ? name : `${schema}.${name}`}" does not exist`, { position: pos });
  }
  if (rel.kind === 'view') {
    const key = `${rel.schemaName}.${rel.name}`;
    if (state.viewStack.includes(key)) {
      throw new SqlError(SqlState.invalidObjectDefinition, `infinite recursion detected in rules for relation "${rel.name}"`, { position: pos });
    }
    state.viewStack.push(key);
    try {
      const viewState = state.forView(rel.sql);
      const q = bindQuery(viewQuery(rel.sql), viewState, undefined);
      const names = renameColumns(colAliases, rel.columnNames.length > 0 ? rel.columnNames : q.names, alias, pos);
      return { plan: q.plan, scope: relationScope(alias, rel.schemaName, q.plan, names, parent, n.alias === undefined ? rel.oid : undefined) };
    } finally {
      state.viewStack.pop();
    }
  }
  if (rel.kind === 'system') {
    const plan = systemRelationPlan(rel);
    const names = renameColumns(colAliases, rel.columns.map((c) => c.name), alias, pos);
    return { plan, scope: relationScope(alias, rel.schemaName, plan, names, parent, n.alias === undefined ? rel.oid : undefined) };
  }
  const schemaCols: PlanColumn[] = rel.columns.map((c, i) => ({ name: c.name, type: c.type, tableOid: rel.oid, attr: i + 1 }));
  const plan: LogicalPlan = { kind: 'scan', table: rel, columns: rel.columns.map((_, i) => i), filters: [], schema: schemaCols };
  const names = renameColumns(colAliases, schemaCols.map((c) => c.name), alias, pos);
  return { plan, scope: relationScope(alias, rel.schemaName, plan, names, parent, n.alias === undefined ? rel.oid : undefined) };
}

/** The query of a stored view definition (`CREATE VIEW … AS <query>`). */
export function viewQuery(sql: string): Ast {
  const node = parseSql(sql)[0]?.node as Ast;
  return node?.ViewStmt?.query ?? node;
}

/**
 * Set-returning functions in FROM: `f(…)`, `unnest(a, b, …)` (one unnest per array), `ROWS FROM (f(…), g(…))`,
 * each [WITH ORDINALITY] [AS alias[(columns)]]. Functions in FROM may read the columns of the items to their
 * left (implicitly LATERAL): then the item is planned as a lateral join.
 */
function bindRangeFunction(n: Ast, state: BinderState, parent: Scope | undefined, pos: number | undefined, leftScope?: Scope): FromItem {
  const files = bindFileFunction(n, state, parent, pos);
  if (files !== undefined) return files;
  const calls: Ast[] = ((n.functions ?? []) as Ast[]).map((f) => f.List?.items?.[0]);
  if (calls.some((c) => c?.FuncCall === undefined)) {
    throw new SqlError(SqlState.featureNotSupported, 'only function calls are supported in FROM', { position: pos });
  }
  let usesOuter = false;
  const bindAll = (scopeParent: Scope | undefined): SrfCall[] => {
    const env: ExprEnv = { scope: new Scope([], scopeParent), state, aggs: undefined, clause: 'functions in FROM' };
    const bound = calls.flatMap((c) => {
      const fc = c.FuncCall;
      const resolved = catalogFunctionCall(state, fc);
      if (resolved !== undefined) return [resolved];
      const name = strings(fc.funcname).pop()!.toLowerCase();
      const fpos = state.pos(fc.location);
      checkFunctionSchema(strings(fc.funcname), fpos);
      const args = withoutVoidParams(((fc.args ?? []) as Ast[]).map((a) => bindExpr(a, env)));
      // unnest(a, b, …) in FROM is ROWS FROM (unnest(a), unnest(b), …).
      if (name === 'unnest' && args.length > 1 && !n.is_rowsfrom) return args.map((a) => bindSrfCall(name, [a], env, fpos));
      return [bindSrfCall(name, args, env, fpos)];
    });
    usesOuter = env.scope.usesOuter;
    return bound;
  };
  const lat = leftScope === undefined ? undefined : bindAllLateral(bindAll, leftScope);
  const lateral = lat !== undefined;
  const functions = lat ?? bindAll(parent);
  const alias: string | undefined = n.alias?.aliasname;
  const colAliases = strings(n.alias?.colnames);
  const fnName = strings(calls[0].FuncCall.funcname).pop()!.toLowerCase();
  const columns = functions.flatMap((f) => f.columns);
  const names = columns.map((c, i) => colAliases[i]
    ?? (columns.length === 1 && functions.length === 1 && alias !== undefined ? alias : c.name));
  if (n.ordinality) names.push(colAliases[columns.length] ?? 'ordinality');
  if (colAliases.length > names.length) {
    throw new SqlError(SqlState.invalidColumnReference, `table "${alias ?? fnName}" has ${names.length} columns available but ${colAliases.length} columns specified`, { position: pos });
  }
  const plan: LogicalPlan = {
    kind: 'table_function', functions, ordinality: n.ordinality === true,
    schema: [...columns.map((c, i) => computedColumn(names[i]!, c.type)), ...(n.ordinality ? [computedColumn(names[columns.length]!, T.int8)] : [])],
  };
  const scope = relationScope(alias ?? fnName, undefined, plan, names, parent);
  // Arguments reading the enclosing query's row make this query level correlated (LATERAL ones read the items
  // to the left instead, and reach further levels through leftScope).
  if (!lateral && usesOuter) scope.usesOuter = true;
  return { plan, scope, lateral };
}

/**
 * Bind the functions with the items to the left in scope; the bound calls when they read those items' columns
 * (depth-1 outer references), else undefined (the item does not depend on them and is a plain function scan).
 */
function bindAllLateral(bindAll: (p: Scope | undefined) => SrfCall[], leftScope: Scope): SrfCall[] | undefined {
  let calls: SrfCall[];
  try {
    calls = bindAll(leftScope);
  } catch {
    return undefined;
  }
  const readsLeft = (e: Expr): boolean => someExpr(e, (x) => x.kind === 'outer' && x.depth === 1);
  return calls.some((c) => c.args.some(readsLeft)) ? calls : undefined;
}

/** The key of a relation reference: schema and name, and for time travel the version or timestamp read. */
export const relationKey = (schema: string | undefined, name: string, at?: TimeTravel): string =>
  `${schema ?? ''}\u0000${name}${at === undefined ? '' : `\u0000${at.kind === 'version' ? `v${at.version}`
    : at.kind === 'describe' ? `d${at.what}:${at.limit ?? ''}` : `t${at.text}`}`}`;

/**
 * Collect every table/view name a statement mentions (so the catalog can load them before binding), with the
 * time-travel clause of each reference that has one.
 */
export function collectRelationNames(node: unknown, out: Set<string> = new Set(), timeTravel?: ReadonlyMap<number, TimeTravel>): Set<string> {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) collectRelationNames(x, out, timeTravel);
    return out;
  }
  const o = node as Record<string, unknown>;
  // RangeVars appear wrapped ({ RangeVar: … }) in FROM lists and bare in statement fields (InsertStmt.relation).
  if (typeof o.relname === 'string') {
    out.add(relationKey(o.schemaname as string | undefined, o.relname, timeTravel?.get(o.location as number)));
  }
  for (const k of Object.keys(o)) collectRelationNames(o[k], out, timeTravel);
  return out;
}

function joinItems(left: FromItem, right: FromItem, joinType: 'inner' | 'left' | 'right' | 'full' | 'cross', condition: Expr | null, parent: Scope | undefined): FromItem {
  const width = left.plan.schema.length;
  const shift = (c: ScopeColumn): ScopeColumn => ({ ...c, index: c.index + width });
  const relations: ScopeRelation[] = [
    ...left.scope.relations,
    ...right.scope.relations.map((r) => ({ ...r, columns: r.columns.map(shift) })),
  ];
  const scope = new Scope(relations, parent);
  scope.usesOuter = left.scope.usesOuter || right.scope.usesOuter;
  for (const [k, c] of left.scope.merged) scope.merged.set(k, c);
  for (const [k, c] of right.scope.merged) if (!scope.merged.has(k)) scope.merged.set(k, shift(c));
  for (const h of left.scope.hiddenFromStar) scope.hiddenFromStar.add(h);
  // Hidden columns of the right side are re-created by shift(); map them by identity through relations.
  const rightHidden = new Set(right.scope.hiddenFromStar);
  right.scope.relations.forEach((r, ri) => r.columns.forEach((c, ci) => {
    if (rightHidden.has(c)) scope.hiddenFromStar.add(relations[left.scope.relations.length + ri]!.columns[ci]!);
  }));
  const plan: LogicalPlan = {
    kind: 'join', joinType: joinType === 'cross' && condition !== null ? 'inner' : joinType,
    left: left.plan, right: right.plan, condition,
    schema: [...left.plan.schema, ...right.plan.schema],
  };
  return { plan, scope };
}

function bindJoin(n: Ast, state: BinderState, parent: Scope | undefined, pos: number | undefined): FromItem {
  const left = bindFromItem(n.larg, state, parent);
  const right = bindFromItem(n.rarg, state, parent, left.scope);
  const jt: string = n.jointype;
  const joinType = jt === 'JOIN_LEFT' ? 'left' : jt === 'JOIN_RIGHT' ? 'right' : jt === 'JOIN_FULL' ? 'full' : 'inner';
  if (right.lateral) {
    if (joinType !== 'inner' && joinType !== 'left') {
      throw new SqlError(SqlState.invalidColumnReference, 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.', { position: pos });
    }
    if (n.usingClause !== undefined || n.isNatural) throw new SqlError(SqlState.featureNotSupported, 'USING/NATURAL with LATERAL is not supported yet', { position: pos });
    const combinedScope = joinItems(left, right, 'cross', null, parent).scope;
    const env: ExprEnv = { scope: combinedScope, state, aggs: undefined, clause: 'JOIN conditions' };
    const cond = n.quals === undefined ? null : asBool(bindExpr(n.quals, env), env, 'argument of JOIN/ON', pos);
    return lateralJoin(left, right, joinType, cond, parent);
  }
  // Bind the condition over the combined scope.
  const combined = joinItems(left, right, 'cross', null, parent);
  checkDuplicateAliases(combined.scope, state);
  let condition: Expr | null = null;
  let usingNames: string[] = [];
  if (n.isNatural) {
    const rightNames = new Set(right.scope.star(undefined, pos).map((c) => c.name));
    usingNames = left.scope.star(undefined, pos).map((c) => c.name).filter((x) => rightNames.has(x));
  } else if (n.usingClause !== undefined) {
    usingNames = strings(n.usingClause);
  }
  const env: ExprEnv = { scope: combined.scope, state, aggs: undefined, clause: 'JOIN conditions' };
  let joined: FromItem;
  if (usingNames.length > 0 || n.isNatural) {
    joined = bindUsingJoin(left, right, joinType, usingNames, state, parent, pos);
  } else {
    if (n.quals !== undefined) condition = asBool(bindExpr(n.quals, env), env, 'argument of JOIN/ON', pos);
    joined = joinItems(left, right, condition === null && joinType === 'inner' ? 'cross' : joinType, condition, parent);
  }
  if (n.alias !== undefined) {
    // `(a JOIN b) AS j`: the join's columns become visible only as j.col.
    const names = renameColumns(strings(n.alias.colnames), joined.scope.star(undefined, pos).map((c) => c.name), n.alias.aliasname, pos);
    const visible = joined.scope.star(undefined, pos);
    const cols = visible.map((c, i) => ({ ...c, name: names[i]! }));
    const scope = new Scope([{ alias: n.alias.aliasname, schemaName: undefined, columns: cols }], parent);
    return { plan: joined.plan, scope };
  }
  return joined;
}

/**
 * JOIN … USING / NATURAL JOIN: join on equality of the named columns, and put each merged column first in the
 * output — the left value for inner/left joins, the right one for right joins, COALESCE(left, right) for full
 * joins — with the sides' own copies hidden from `*` but still reachable as `l.x` / `r.x`.
 */
function bindUsingJoin(left: FromItem, right: FromItem, joinType: 'inner' | 'left' | 'right' | 'full', names: readonly string[],
  state: BinderState, parent: Scope | undefined, pos: number | undefined): FromItem {
  const width = left.plan.schema.length;
  const conds: Expr[] = [];
  const merged: Expr[] = [];
  const hide: { side: 'l' | 'r'; col: ScopeColumn }[] = [];
  for (const name of names) {
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      throw new SqlError(SqlState.duplicateColumn, `column name "${name}" appears more than once in USING clause`, { position: pos });
    }
    const lc = left.scope.lookup([name], pos);
    if (lc === undefined) throw new SqlError(SqlState.undefinedColumn, `column "${name}" specified in USING clause does not exist in left table`, { position: pos });
    const rc = right.scope.lookup([name], pos);
    if (rc === undefined) throw new SqlError(SqlState.undefinedColumn, `column "${name}" specified in USING clause does not exist in right table`, { position: pos });
    const l: Expr = { kind: 'column', index: lc.index, type: lc.type, name };
    const r: Expr = { kind: 'column', index: rc.index + width, type: rc.type, name };
    const cmp = bindBinaryOp('=', l, r, state.params, pos);
    conds.push(cmp);
    const t = commonType([lc.type, rc.type], 'JOIN/USING', pos);
    const lt = coerce(l, t, 'implicit', state.params, pos), rt = coerce(r, t, 'implicit', state.params, pos);
    merged.push(joinType === 'full' ? { kind: 'coalesce', args: [lt, rt], type: t } : joinType === 'right' ? rt : lt);
    hide.push({ side: 'l', col: lc }, { side: 'r', col: rc });
  }
  const condition: Expr | null = conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { kind: 'and', args: conds, type: T.bool };
  const joined = joinItems(left, right, condition === null ? (joinType === 'inner' ? 'cross' : joinType) : joinType, condition, parent);
  const m = merged.length;
  const exprs: Expr[] = [...merged, ...joined.plan.schema.map((c, i): Expr => ({ kind: 'column', index: i, type: c.type, name: c.name }))];
  const schema: PlanColumn[] = [
    ...merged.map((e, k) => (e.kind === 'column' ? { ...joined.plan.schema[e.index]!, name: names[k]! } : computedColumn(names[k]!, e.type))),
    ...joined.plan.schema,
  ];
  const plan: LogicalPlan = { kind: 'project', input: joined.plan, exprs, schema };
  const shiftCol = (c: ScopeColumn): ScopeColumn => ({ ...c, index: c.index + m });
  const oldHidden = joined.scope.hiddenFromStar;
  const scope = new Scope(joined.scope.relations.map((r) => ({ ...r, columns: r.columns.map(shiftCol) })), parent);
  const nl = left.scope.relations.length;
  scope.relations.forEach((r, ri) => r.columns.forEach((c, ci) => {
    const orig = joined.scope.relations[ri]!.columns[ci]!;
    const side = ri < nl ? 'l' : 'r';
    const isUsing = hide.some((h) => h.side === side && h.col.name === c.name
      && h.col.index + (side === 'r' ? width : 0) === orig.index);
    if (oldHidden.has(orig) || isUsing) scope.hiddenFromStar.add(c);
  }));
  names.forEach((name, k) => scope.merged.set(name, { name, type: merged[k]!.type, index: k, tableOid: schema[k]!.tableOid, attr: schema[k]!.attr }));
  // Columns merged by USING joins further down stay visible once, after this join's own.
  for (const [name, c] of joined.scope.merged) if (!scope.merged.has(name)) scope.merged.set(name, shiftCol(c));
  return { plan, scope };
}

// ─── SELECT ──────────────────────────────────────────────────────────────────────────────────────────────

interface Target { expr: Expr; name: string; ast: Ast | undefined }

function bindSimpleSelect(s: Ast, state: BinderState, parent: Scope | undefined, keepUnknown: boolean): BoundQuery {
  const from = bindFrom(s.fromClause, state, parent);
  const scope = from.scope;
  let plan = from.plan;
  if (s.whereClause !== undefined) {
    const env: ExprEnv = { scope, state, aggs: undefined, clause: 'WHERE' };
    const pred = asBool(bindExpr(s.whereClause, env), env, 'argument of WHERE', state.pos(s.whereClause?.location));
    plan = { kind: 'filter', input: plan, predicate: pred, schema: plan.schema };
  }
  const aggs: AggCollector = { calls: [], keys: new Map(), groupingCalls: [] };
  const windows: WindowCollector = { calls: [], keys: new Map(), named: windowClause(s.windowClause) };
  const srfs: SrfCall[] = [];
  const env: ExprEnv = { scope, state, aggs, windows, clause: 'SELECT', srfs };
  scope.aggregateEnv = env;

  // SELECT list (with * expansion)
  const targets: Target[] = [];
  for (const t of (s.targetList ?? []) as Ast[]) {
    const rt = t.ResTarget;
    const val = rt.val;
    const cref = val.ColumnRef;
    if (cref !== undefined && cref.fields.some((f: Ast) => f.A_Star !== undefined)) {
      const parts = strings(cref.fields.filter((f: Ast) => f.A_Star === undefined));
      const rel = parts.length === 0 ? undefined : parts[parts.length - 1];
      const cols = scope.star(rel, state.pos(cref.location));
      if (cols.length === 0 && rel === undefined && (s.fromClause ?? []).length === 0) {
        throw new SqlError(SqlState.syntaxError, 'SELECT * with no tables specified is not valid', { position: state.pos(cref.location) });
      }
      for (const c of cols) targets.push({ expr: { kind: 'column', index: c.index, type: c.type, name: c.name }, name: c.name, ast: undefined });
      continue;
    }
    const expr = bindExpr(val, env);
    targets.push({ expr, name: rt.name ?? figureColname(val), ast: val });
  }

  // GROUP BY
  const groupExprs: Expr[] = [];
  const groupEnv: ExprEnv = { scope, state, aggs: undefined, clause: 'GROUP BY' };
  /** Index of a grouping expression in groupExprs (equal expressions share one). */
  const groupIndex = (node: Ast): number => {
    const e = resolveUnknown(bindGroupItem(node, targets, groupEnv), state.params);
    const key = exprKey(e);
    const i = groupExprs.findIndex((g) => exprKey(g) === key);
    return i >= 0 ? i : groupExprs.push(e) - 1;
  };
  let groupingSets: number[][] | null = null;
  let sets: number[][] = [[]];
  for (const g of (s.groupClause ?? []) as Ast[]) {
    const expanded = expandGroupItem(g, groupIndex);
    if (g.GroupingSet !== undefined) groupingSets = [];
    sets = sets.flatMap((a) => expanded.map((b) => [...a, ...b]));
  }
  if (groupingSets !== null) groupingSets = sets.map((set) => [...new Set(set)]);

  const havingEnv: ExprEnv = { scope, state, aggs, clause: 'HAVING' };
  const havingExpr = s.havingClause === undefined ? undefined
    : asBool(bindExpr(s.havingClause, havingEnv), havingEnv, 'argument of HAVING', state.pos(s.havingClause?.location));

  // ORDER BY: output names and ordinals first, then expressions over the input.
  const distinctOnAst = ((s.distinctClause ?? []) as Ast[]).filter((d) => Object.keys(d).length > 0);
  const distinct = s.distinctClause !== undefined && distinctOnAst.length === 0;
  const sortSpecs: { target: number; desc: boolean; nullsFirst: boolean }[] = [];
  const hidden: Expr[] = [];
  /** The output column (a target, or a new hidden column) an ORDER BY / DISTINCT ON item refers to. */
  const targetOf = (node: Ast, clause: string): number => {
    const t = findOutputTarget(node, targets, state);
    if (t !== undefined) return t;
    const e = bindExpr(node, { ...env, clause });
    const key = exprKey(e);
    const idx = targets.findIndex((x) => exprKey(x.expr) === key);
    if (idx >= 0) return idx;
    const hk = hidden.findIndex((h) => exprKey(h) === key);
    return targets.length + (hk >= 0 ? hk : hidden.push(e) - 1);
  };
  const distinctOn = distinctOnAst.map((d) => targetOf(d, 'DISTINCT ON'));
  for (const item of (s.sortClause ?? []) as Ast[]) {
    const sb = item.SortBy;
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    if (sb.useOp !== undefined) throw new SqlError(SqlState.featureNotSupported, 'ORDER BY USING is not supported', { position: state.pos(sb.location) });
    let target = findOutputTarget(sb.node, targets, state);
    if (target === undefined) {
      const e = bindExpr(sb.node, { ...env, clause: 'ORDER BY' });
      const key = exprKey(e);
      const idx = targets.findIndex((t) => exprKey(t.expr) === key);
      if (idx >= 0) target = idx;
      else {
        if (distinct) {
          throw new SqlError(SqlState.invalidColumnReference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', { position: state.pos(nodeOf(sb.node)[1]?.location) });
        }
        const hk = hidden.findIndex((h) => exprKey(h) === key);
        target = targets.length + (hk >= 0 ? hk : hidden.push(e) - 1);
      }
    }
    sortSpecs.push({ target, desc, nullsFirst });
  }

  // Aggregation
  let outExprs = [...targets.map((t) => t.expr), ...hidden];
  let srfCalls: SrfCall[] = srfs;
  let having = havingExpr;
  const aggregating = aggs.calls.length > 0 || groupExprs.length > 0 || havingExpr !== undefined || groupingSets !== null;
  if (aggregating) {
    const resolvedGroups = groupExprs;
    const groupKeys = new Map(resolvedGroups.map((g, i) => [exprKey(g), i]));
    const groupingArgs = aggs.groupingCalls.map((args) => args.map((a) => {
      const i = groupKeys.get(exprKey(a));
      if (i === undefined) throw new SqlError(SqlState.groupingError, 'arguments to GROUPING must be grouping expressions of the associated query level');
      return i;
    }));
    const schema: PlanColumn[] = [
      ...resolvedGroups.map((g, i) => computedColumn(g.kind === 'column' ? g.name : `group${i}`, g.type)),
      ...aggs.calls.map((a) => computedColumn(a.fn, a.type)),
      ...groupingArgs.map(() => computedColumn('grouping', T.int4)),
    ];
    plan = groupingSets === null
      ? groupingArgs.length === 0
        ? { kind: 'aggregate', input: plan, groups: resolvedGroups, aggs: aggs.calls as AggCall[], schema }
        : groupingSetPlan(plan, resolvedGroups, resolvedGroups.map((_, i) => i), aggs.calls, groupingArgs, schema)
      : unionAll(groupingSets.map((set) => groupingSetPlan(plan, resolvedGroups, set, aggs.calls, groupingArgs, schema)), schema);
    const rw = (e: Expr): Expr => rewritePostAgg(e, groupKeys, resolvedGroups.length, aggs.calls.length);
    outExprs = outExprs.map(rw);
    srfCalls = srfCalls.map((c) => ({ ...c, args: c.args.map(rw) }));
    if (having !== undefined) {
      having = rw(having);
      plan = { kind: 'filter', input: plan, predicate: having, schema: plan.schema };
    }
    windows.calls.splice(0, windows.calls.length, ...windows.calls.map((w) => mapWindowExprs(w, rw)));
  }
  if (windows.calls.length > 0) {
    // Window functions see the grouped rows; their results follow the input columns.
    const width = plan.schema.length;
    const funcs = windows.calls.map((w) => mapWindowExprs(w, (e) => resolveUnknown(e, state.params)));
    plan = {
      kind: 'window', input: plan, funcs,
      schema: [...plan.schema, ...funcs.map((f) => computedColumn(f.fn, f.type))],
    };
    const toWindowColumn = (e: Expr): Expr => transformExpr(e, (x) =>
      (x.kind === 'column' && x.index >= WIN_BASE && x.index < SRF_BASE ? { ...x, index: width + x.index - WIN_BASE } : x));
    outExprs = outExprs.map(toWindowColumn);
    srfCalls = srfCalls.map((c) => ({ ...c, args: c.args.map(toWindowColumn) }));
  }
  if (srfCalls.length > 0) {
    // Set-returning functions of the SELECT list run after grouping and windows, before DISTINCT/ORDER BY/LIMIT.
    const width = plan.schema.length;
    const calls = srfCalls.map((c) => ({ ...c, args: c.args.map((a) => resolveUnknown(a, state.params)) }));
    plan = {
      kind: 'project_set', input: plan, srfs: calls,
      schema: [...plan.schema, ...calls.map((c) => computedColumn(c.name, c.columns.length === 1 ? c.columns[0]!.type : T.record))],
    };
    outExprs = outExprs.map((e) => transformExpr(e, (x) =>
      (x.kind === 'column' && x.index >= SRF_BASE ? { ...x, index: width + x.index - SRF_BASE } : x)));
  }
  if (!keepUnknown || sortSpecs.length > 0 || distinct) outExprs = outExprs.map((e) => resolveUnknown(e, state.params));
  const names = targets.map((t) => t.name);
  const projSchema: PlanColumn[] = outExprs.map((e, i) => columnFor(e, names[i] ?? `?hidden${i}`, plan));
  plan = { kind: 'project', input: plan, exprs: outExprs, schema: projSchema };
  if (distinct) plan = { kind: 'distinct', input: plan, schema: plan.schema };
  const column = (i: number): Expr => ({ kind: 'column', index: i, type: projSchema[i]!.type, name: projSchema[i]!.name });
  const keys: SortKey[] = sortSpecs.map((sp) => ({ expr: column(sp.target), desc: sp.desc, nullsFirst: sp.nullsFirst }));
  if (distinctOn.length > 0) {
    // DISTINCT ON: the first row of each group in ORDER BY order, i.e. row_number() over the group = 1.
    if (keys.length > 0 && distinctOn.some((t) => !sortSpecs.slice(0, distinctOn.length).some((sp) => sp.target === t))) {
      throw new SqlError(SqlState.invalidColumnReference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
    }
    const width = projSchema.length;
    plan = {
      kind: 'window', input: plan,
      funcs: [{
        fn: 'row_number', args: [], filter: null, partitionBy: distinctOn.map(column), orderBy: keys, type: T.int8,
        frame: { mode: 'range', start: { kind: 'unbounded_preceding' }, end: { kind: 'current_row' }, exclude: 'no_others' },
      }],
      schema: [...projSchema, computedColumn('row_number', T.int8)],
    };
    const first: Expr = { kind: 'compare', op: '=', left: { kind: 'column', index: width, type: T.int8, name: 'row_number' }, right: { kind: 'const', value: 1n, type: T.int8 }, type: T.bool };
    plan = { kind: 'filter', input: plan, predicate: first, schema: plan.schema };
    plan = { kind: 'project', input: plan, exprs: projSchema.map((_, i) => column(i)), schema: projSchema };
  }
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') {
    plan = withTies(s, plan, keys, projSchema, state);
    plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
  } else {
    if (keys.length > 0) plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
    plan = bindLimit(s, plan, state);
  }
  if (hidden.length > 0) {
    const keep = targets.map((_, i): Expr => ({ kind: 'column', index: i, type: projSchema[i]!.type, name: projSchema[i]!.name }));
    plan = { kind: 'project', input: plan, exprs: keep, schema: projSchema.slice(0, targets.length) };
  }
  return { plan, names, correlated: scope.usesOuter, scope };
}

/** The output column a PlanColumn comes from: keep table/attr provenance for plain column references. */
function columnFor(e: Expr, name: string, input: LogicalPlan): PlanColumn {
  if (e.kind === 'column' && e.index < input.schema.length) {
    const src = input.schema[e.index]!;
    return { name, type: e.type, tableOid: src.tableOid, attr: src.attr };
  }
  return computedColumn(name, e.type);
}

function rewritePostAgg(e: Expr, groupKeys: Map<string, number>, nGroups: number, nAggs: number): Expr {
  const g = groupKeys.get(exprKey(e));
  if (g !== undefined) return { kind: 'column', index: g, type: e.type, name: e.kind === 'column' ? e.name : `group${g}` };
  if (e.kind === 'column') {
    if (e.index >= SRF_BASE) return e; // placed by the ProjectSet node above the aggregate
    if (e.index >= GROUPING_BASE) return { ...e, index: nGroups + nAggs + e.index - GROUPING_BASE };
    if (e.index >= WIN_BASE) return e; // placed by the Window node above the aggregate
    if (e.index >= AGG_BASE) return { kind: 'column', index: nGroups + e.index - AGG_BASE, type: e.type, name: e.name };
    throw new SqlError(SqlState.groupingError, `column "${e.name}" must appear in the GROUP BY clause or be used in an aggregate function`);
  }
  if (e.kind === 'subquery' && e.correlated) {
    // The subquery reads this level's row, which after aggregation is a group: its references must be grouped.
    const plan = mapOuterRefs(e.plan, 1, (ref) => {
      // This level's aggregates used inside the subquery (SELECT (SELECT max(t.x)) FROM t): their results.
      if (ref.index >= GROUPING_BASE) return { ...ref, index: nGroups + nAggs + ref.index - GROUPING_BASE };
      if (ref.index >= AGG_BASE) return { ...ref, index: nGroups + ref.index - AGG_BASE };
      const g = groupKeys.get(exprKey({ kind: 'column', index: ref.index, type: ref.type, name: ref.name }));
      if (g === undefined) {
        throw new SqlError(SqlState.groupingError, `subquery uses ungrouped column "${ref.name}" from outer query`);
      }
      return { ...ref, index: g };
    });
    return mapChildren({ ...e, plan }, (c) => rewritePostAgg(c, groupKeys, nGroups, nAggs));
  }
  return mapChildren(e, (c) => rewritePostAgg(c, groupKeys, nGroups, nAggs));
}

/** Apply `f` to every expression of a window call. */
function mapWindowExprs(w: WindowFunc, f: (e: Expr) => Expr): WindowFunc {
  const bound = (b: FrameBound): FrameBound => (b.kind === 'preceding' || b.kind === 'following' ? { ...b, offset: f(b.offset) } : b);
  return {
    ...w, args: w.args.map(f), filter: w.filter === null ? null : f(w.filter), partitionBy: w.partitionBy.map(f),
    orderBy: w.orderBy.map((k) => ({ ...k, expr: f(k.expr) })), frame: { ...w.frame, start: bound(w.frame.start), end: bound(w.frame.end) },
  };
}

/**
 * The grouping sets one GROUP BY item stands for, as lists of grouping-expression indexes: a plain expression
 * is one set of one; ROLLUP(a, b) is (a, b), (a), (); CUBE(a, b) every subset; GROUPING SETS the union of its
 * items; `()` the empty set. Items of a GROUP BY list combine as a cross product.
 */
function expandGroupItem(g: Ast, groupIndex: (node: Ast) => number): number[][] {
  const gs = g.GroupingSet;
  if (gs === undefined) return [[groupIndex(g)]];
  const unit = (x: Ast): number[] => (x.RowExpr !== undefined ? (x.RowExpr.args as Ast[]).map(groupIndex) : [groupIndex(x)]);
  const content: Ast[] = gs.content ?? [];
  switch (gs.kind as string) {
    case 'GROUPING_SET_EMPTY': return [[]];
    case 'GROUPING_SET_SIMPLE': return [content.flatMap(unit)];
    case 'GROUPING_SET_ROLLUP': {
      const units = content.map(unit);
      return units.map((_, k) => units.slice(0, units.length - k).flat()).concat([[]]);
    }
    case 'GROUPING_SET_CUBE': {
      const units = content.map(unit);
      const out: number[][] = [];
      for (let mask = (1 << units.length) - 1; mask >= 0; mask--) out.push(units.filter((_, i) => (mask >> (units.length - 1 - i)) & 1).flat());
      return out;
    }
    case 'GROUPING_SET_SETS': return content.flatMap((x) => (x.GroupingSet !== undefined ? expandGroupItem(x, groupIndex) : [unit(x)]));
  }
  throw new SqlError(SqlState.featureNotSupported, `grouping set ${gs.kind} is not supported`);
}

/**
 * One grouping set: aggregate by its expressions, then lay the row out as every grouping expression (NULL
 * where not in this set), the aggregates, and the values of grouping(…) for this set.
 */
function groupingSetPlan(input: LogicalPlan, groups: readonly Expr[], set: readonly number[], aggs: readonly AggCall[],
  groupingArgs: readonly (readonly number[])[], schema: readonly PlanColumn[]): LogicalPlan {
  const agg: LogicalPlan = {
    kind: 'aggregate', input, groups: set.map((i) => groups[i]!), aggs,
    schema: [...set.map((i) => computedColumn(`group${i}`, groups[i]!.type)), ...aggs.map((a) => computedColumn(a.fn, a.type))],
  };
  const exprs: Expr[] = [
    ...groups.map((g, i): Expr => {
      const k = set.indexOf(i);
      return k < 0 ? { kind: 'const', value: null, type: g.type } : { kind: 'column', index: k, type: g.type, name: `group${i}` };
    }),
    ...aggs.map((a, j): Expr => ({ kind: 'column', index: set.length + j, type: a.type, name: a.fn })),
    // grouping(a, b, …): bit (n-1-k) set when argument k is not grouped in this set.
    ...groupingArgs.map((args): Expr => ({
      kind: 'const', type: T.int4,
      value: args.reduce((acc, i) => (acc << 1) | (set.includes(i) ? 0 : 1), 0),
    })),
  ];
  return { kind: 'project', input: agg, exprs, schema };
}

function unionAll(branches: LogicalPlan[], schema: readonly PlanColumn[]): LogicalPlan {
  return branches.reduce((acc, b) => ({ kind: 'setop', op: 'union', all: true, left: acc, right: b, schema }));
}

/** GROUP BY item: an input expression, an output-column ordinal, or an output-column name. */
function bindGroupItem(g: Ast, targets: Target[], env: ExprEnv): Expr {
  const c = g.A_Const;
  if (c !== undefined && c.ival === undefined) {
    throw new SqlError(SqlState.syntaxError, 'non-integer constant in GROUP BY', { position: env.state.pos(c.location) });
  }
  if (c?.ival !== undefined) {
    const n = c.ival.ival ?? 0;
    const t = targets[n - 1];
    if (t === undefined) throw new SqlError(SqlState.invalidColumnReference, `GROUP BY position ${n} is not in select list`, { position: env.state.pos(c.location) });
    if (t.ast === undefined) return t.expr;
    return bindExpr(t.ast, env);
  }
  const cref = g.ColumnRef;
  if (cref !== undefined && cref.fields.length === 1) {
    const name = strings(cref.fields)[0]!;
    // Input columns win over output names in GROUP BY (PostgreSQL's rule).
    if (env.scope.lookup([name], undefined) === undefined) {
      const t = targets.find((x) => x.name === name && x.ast !== undefined);
      if (t !== undefined) return bindExpr(t.ast, env);
    }
  }
  return bindExpr(g, env);
}

/** ORDER BY item that names an output column (by ordinal or by output name), if it does. */
function findOutputTarget(node: Ast, targets: { name: string }[], state: BinderState): number | undefined {
  const c = node.A_Const;
  if (c !== undefined && c.ival === undefined) {
    throw new SqlError(SqlState.syntaxError, 'non-integer constant in ORDER BY', { position: state.pos(c.location) });
  }
  if (c?.ival !== undefined) {
    const n = c.ival.ival ?? 0;
    if (n < 1 || n > targets.length) {
      throw new SqlError(SqlState.invalidColumnReference, `ORDER BY position ${n} is not in select list`, { position: state.pos(c.location) });
    }
    return n - 1;
  }
  const cref = node.ColumnRef;
  if (cref !== undefined && cref.fields.length === 1 && cref.fields[0].String !== undefined) {
    const name = cref.fields[0].String.sval;
    const hits = targets.map((t, i) => (t.name === name ? i : -1)).filter((i) => i >= 0);
    if (hits.length > 1) {
      throw new SqlError(SqlState.ambiguousColumn, `ORDER BY "${name}" is ambiguous`, { position: state.pos(cref.location) });
    }
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

/** FETCH FIRST n ROWS WITH TIES: every row whose rank() in ORDER BY order is at most n. */
function withTies(s: Ast, plan: LogicalPlan, keys: SortKey[], schema: readonly PlanColumn[], state: BinderState): LogicalPlan {
  if (keys.length === 0) throw new SqlError(SqlState.syntaxError, 'WITH TIES cannot be specified without ORDER BY clause');
  const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'FETCH FIRST' };
  const count = coerce(bindExpr(s.limitCount, env), T.int8, 'implicit', state.params, undefined, 'argument of FETCH FIRST');
  const offset = s.limitOffset === undefined ? null
    : coerce(bindExpr(s.limitOffset, { ...env, clause: 'OFFSET' }), T.int8, 'implicit', state.params, undefined, 'argument of OFFSET');
  const width = schema.length;
  const frame = { mode: 'range', start: { kind: 'unbounded_preceding' }, end: { kind: 'current_row' }, exclude: 'no_others' } as const;
  const ranked: LogicalPlan = {
    kind: 'window', input: plan,
    funcs: [
      { fn: 'rank', args: [], filter: null, partitionBy: [], orderBy: keys, type: T.int8, frame },
      { fn: 'row_number', args: [], filter: null, partitionBy: [], orderBy: keys, type: T.int8, frame },
    ],
    schema: [...schema, computedColumn('rank', T.int8), computedColumn('row_number', T.int8)],
  };
  // The first offset + count rows and the peers of the last of them (rank ≤ offset + count), less the first
  // offset rows (row_number > offset).
  const rank: Expr = { kind: 'column', index: width, type: T.int8, name: 'rank' };
  const rowNumber: Expr = { kind: 'column', index: width + 1, type: T.int8, name: 'row_number' };
  const end: Expr = offset === null ? count : { kind: 'arith', op: '+', left: offset, right: count, type: T.int8 };
  const upTo: Expr = { kind: 'compare', op: '<=', left: rank, right: end, type: T.bool };
  const keep: Expr = offset === null ? upTo
    : { kind: 'and', args: [upTo, { kind: 'compare', op: '>', left: rowNumber, right: offset, type: T.bool }], type: T.bool };
  const filtered: LogicalPlan = { kind: 'filter', input: ranked, predicate: keep, schema: ranked.schema };
  return { kind: 'project', input: filtered, exprs: schema.map((c, i): Expr => ({ kind: 'column', index: i, type: c.type, name: c.name })), schema };
}

function bindLimit(s: Ast, plan: LogicalPlan, state: BinderState): LogicalPlan {
  if (s.limitCount === undefined && s.limitOffset === undefined) return plan;
  const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'LIMIT' };
  const bindCount = (node: Ast, what: string): Expr | null => {
    if (node === undefined) return null;
    if (node.A_Const?.isnull) return null; // LIMIT NULL / LIMIT ALL
    const e = bindExpr(node, { ...env, clause: what });
    return coerce(e, T.int8, 'implicit', state.params, state.pos(nodeOf(node)[1]?.location), `argument of ${what}`);
  };
  const limit = bindCount(s.limitCount, 'LIMIT');
  const offset = bindCount(s.limitOffset, 'OFFSET');
  if (limit === null && offset === null) return plan;
  return { kind: 'limit', input: plan, limit, offset, schema: plan.schema };
}

/** PostgreSQL's FigureColname: the column name a result gets when it has no alias. */
export function figureColname(node: Ast): string {
  const [kind, n] = nodeOf(node);
  switch (kind) {
    case 'ColumnRef': {
      const f = strings(n.fields.filter((x: Ast) => x.String !== undefined));
      return f[f.length - 1] ?? '?column?';
    }
    case 'FuncCall': return strings(n.funcname).pop() ?? '?column?';
    case 'TypeCast': {
      // A name from the argument wins unless it is itself only a cast's type name (PostgreSQL's "strength").
      const inner = figureColname(n.arg);
      if (inner !== '?column?' && n.arg.TypeCast === undefined && n.arg.CaseExpr === undefined) return inner;
      const names = strings(n.typeName.names);
      const tn = names[names.length - 1]!;
      return ({ int4: 'int4', int8: 'int8', int2: 'int2', float8: 'float8', float4: 'float4', bool: 'bool', bpchar: 'bpchar', varchar: 'varchar', numeric: 'numeric', timestamptz: 'timestamptz', timestamp: 'timestamp' } as Record<string, string>)[tn] ?? tn;
    }
    case 'CaseExpr': return n.defresult !== undefined && figureColname(n.defresult) !== '?column?' ? figureColname(n.defresult) : 'case';
    case 'CoalesceExpr': return 'coalesce';
    case 'MinMaxExpr': return n.op === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'A_Expr': return n.kind === 'AEXPR_NULLIF' ? 'nullif' : '?column?';
    case 'SubLink': {
      if (n.subLinkType === 'EXISTS_SUBLINK') return 'exists';
      if (n.subLinkType === 'ARRAY_SUBLINK') return 'array';
      if (n.subLinkType === 'EXPR_SUBLINK') {
        const first = n.subselect.SelectStmt?.targetList?.[0]?.ResTarget;
        if (first !== undefined) return first.name ?? figureColname(first.val);
      }
      return '?column?';
    }
    case 'SQLValueFunction': {
      const op: string = n.op;
      return op.replace(/^SVFOP_/, '').replace(/_N$/, '').toLowerCase();
    }
    case 'CollateClause': return figureColname(n.arg);
    case 'A_ArrayExpr': return 'array';
    case 'RowExpr': return 'row';
    case 'A_Indirection': {
      const fields = strings(((n.indirection ?? []) as Ast[]).filter((x) => x.String !== undefined));
      return fields[fields.length - 1] ?? figureColname(n.arg);
    }
    default: return '?column?';
  }
}

// ─── VALUES, set operations ──────────────────────────────────────────────────────────────────────────────

function bindValues(s: Ast, state: BinderState, parent: Scope | undefined): BoundQuery {
  const scope = new Scope([], parent);
  const env: ExprEnv = { scope, state, aggs: undefined, clause: 'VALUES' };
  const rows: Expr[][] = (s.valuesLists as Ast[]).map((l) => ((l.List?.items ?? []) as Ast[]).map((x) => bindExpr(x, env)));
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) {
    throw new SqlError(SqlState.syntaxError, 'VALUES lists must all be the same length', { position: state.pos(s.valuesLists?.[0]?.List?.location) });
  }
  const types: SqlType[] = [];
  for (let c = 0; c < width; c++) types.push(commonType(rows.map((r) => r[c]!.type), 'VALUES'));
  const bound = rows.map((r) => r.map((e, c) => coerce(e, types[c]!, 'implicit', state.params)));
  const names = types.map((_, i) => `column${i + 1}`);
  const plan: LogicalPlan = { kind: 'values', rows: bound, schema: types.map((t, i) => computedColumn(names[i]!, t)) };
  return { plan, names, correlated: scope.usesOuter, scope };
}

function bindSetOp(s: Ast, state: BinderState, parent: Scope | undefined): BoundQuery {
  const left = bindQuery(s.larg, state, parent, true);
  const right = bindQuery(s.rarg, state, parent, true);
  const opName = s.op === 'SETOP_UNION' ? 'UNION' : s.op === 'SETOP_INTERSECT' ? 'INTERSECT' : 'EXCEPT';
  if (left.plan.schema.length !== right.plan.schema.length) {
    throw new SqlError(SqlState.syntaxError, `each ${opName} query must have the same number of columns`);
  }
  const types = left.plan.schema.map((c, i) => commonType([c.type, right.plan.schema[i]!.type], opName));
  const cast = (q: BoundQuery): LogicalPlan => {
    if (q.plan.schema.every((c, i) => c.type.id === types[i]!.id && c.type.typmod === types[i]!.typmod)) return q.plan;
    const exprs = q.plan.schema.map((c, i) => coerce({ kind: 'column', index: i, type: c.type, name: c.name }, types[i]!, 'implicit', state.params));
    return { kind: 'project', input: q.plan, exprs, schema: q.plan.schema.map((c, i) => ({ ...c, type: types[i]! })) };
  };
  const plan: LogicalPlan = {
    kind: 'setop', op: opName.toLowerCase() as 'union', all: s.all === true, left: cast(left), right: cast(right),
    schema: left.plan.schema.map((c, i) => computedColumn(left.names[i] ?? c.name, types[i]!)),
  };
  return { plan, names: left.names, correlated: left.correlated || right.correlated, scope: left.scope };
}

/** ORDER BY / LIMIT on a VALUES or set-operation result: sort keys name output columns. */
function finishQuery(q: BoundQuery, s: Ast, state: BinderState, parent: Scope | undefined): BoundQuery {
  let plan = q.plan;
  let keys: SortKey[] = [];
  if (s.sortClause !== undefined) {
    const cols: ScopeColumn[] = plan.schema.map((c, i) => ({ name: q.names[i] ?? c.name, type: c.type, index: i, tableOid: 0, attr: 0 }));
    const scope = new Scope([{ alias: '', schemaName: undefined, columns: cols }], parent);
    const env: ExprEnv = { scope, state, aggs: undefined, clause: 'ORDER BY' };
    const extra: Expr[] = [];
    for (const item of s.sortClause as Ast[]) {
      const sb = item.SortBy;
      const desc = sb.sortby_dir === 'SORTBY_DESC';
      const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
      const t = findOutputTarget(sb.node, cols, state);
      let expr: Expr;
      if (t !== undefined) expr = { kind: 'column', index: t, type: cols[t]!.type, name: cols[t]!.name };
      else {
        const e = bindExpr(sb.node, env);
        if (plan.kind === 'setop' && e.kind !== 'column') {
          throw new SqlError(SqlState.featureNotSupported, 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause', {
            detail: 'Only result column names can be used, not expressions or functions.',
            hint: 'Add the expression/function to every SELECT, or move the UNION into a FROM clause.',
          });
        }
        extra.push(e);
        expr = e;
      }
      keys.push({ expr, desc, nullsFirst });
    }
    plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
  }
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') {
    plan = withTies(s, plan, keys, plan.schema, state);
    if (keys.length > 0) plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
  } else {
    plan = bindLimit(s, plan, state);
  }
  return { ...q, plan };
}
