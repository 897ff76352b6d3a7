/**
 * MERGE: the target table, the source (a table, subquery, VALUES, CTE or join) as a plan, the ON condition and
 * the WHEN clauses in order, all bound over the merge row: the target table's columns, then the source's.
 * Each clause sees what PostgreSQL lets it see: WHEN MATCHED both sides, WHEN NOT MATCHED [BY TARGET] only the
 * source, WHEN NOT MATCHED BY SOURCE only the target. RETURNING is bound over the merge row followed by one
 * text column, the action that merge_action() reports. Databricks' `UPDATE SET *` and `INSERT *` (see
 * merge-star.ts) take every target column from the source column of the same name.
 */
import { systemRelationWriteError } from './system-relations.ts';
import { SqlError, SqlState, T, type SqlType } from '../../common/index.ts';
import type { Expr, LogicalPlan, TableRef } from '../../plan/index.ts';
import { mergeLayouts, spanText } from '../merge-layout.ts';
import type { MergeStar, MergeStars } from '../merge-star.ts';
import { asBool, bindExpr, nodeOf, type Ast, type ExprEnv } from './bind-expr.ts';
import { bindFrom, bindWith, figureColname, relationKey } from './bind-select.ts';
import type { ReturningItem } from './bind-returning.ts';
import { coerce } from './coerce.ts';
import { Scope, type ScopeColumn, type ScopeRelation } from './scope.ts';
import type { BinderState } from './state.ts';

export type MergeMatch = 'matched' | 'not_matched_by_target' | 'not_matched_by_source';

export interface BoundMergeClause {
  readonly match: MergeMatch;
  readonly action: 'update' | 'delete' | 'insert' | 'nothing';
  /** The clause's AND condition over the merge row; null: always. */
  readonly condition: Expr | null;
  /** update: the new value of each target column (null: unchanged); insert: the value of every column. */
  readonly values: readonly (Expr | null)[];
  /** Target columns given a value other than DEFAULT (for the rules of generated and identity columns). */
  readonly given: ReadonlySet<number>;
  /** `UPDATE SET *` / `INSERT *`: every column was taken from the source by name. */
  readonly star: boolean;
  /** INSERT … OVERRIDING SYSTEM | USER VALUE. */
  readonly overriding: 'system' | 'user' | undefined;
  /** The condition as written, for the commit's operation parameters. */
  readonly conditionText: string | null;
}

export interface BoundMerge {
  readonly table: TableRef;
  readonly source: LogicalPlan;
  /** The ON condition over the merge row. */
  readonly on: Expr;
  readonly clauses: readonly BoundMergeClause[];
  /** Over the merge row and then the action text (INSERT, UPDATE or DELETE). */
  readonly returning: readonly ReturningItem[] | null;
  /** The ON condition as written. */
  readonly onText: string;
  /** The source's columns as `*` would list them (names and types), for MERGE WITH SCHEMA EVOLUTION. */
  readonly sourceColumns: readonly { readonly name: string; readonly type: SqlType }[];
}

/**
 * `stars`: the statement's `*` clauses (ParsedStatement.mergeStar). `computed`: target columns the `*` forms
 * leave out because they take no explicit value (generated columns, identity columns GENERATED ALWAYS): an
 * INSERT gives them their default, an UPDATE leaves them as they are.
 */
export function bindMerge(n: Ast, state: BinderState, defaults: (column: number) => Expr | null, stars?: MergeStars,
  computed: (column: number) => boolean = () => false): BoundMerge {
  const rv = n.relation;
  const pos = state.pos(rv.location);
  const starOf = stars?.get(rv.location);
  const whens = ((n.mergeWhenClauses ?? []) as Ast[]).map((w, k): When => {
    const star = starOf?.get(k);
    return { ast: w.MergeWhenClause, match: matchOf(w.MergeWhenClause, star), star };
  });
  // As PostgreSQL: checked before anything else is looked at.
  const terminal = new Set<MergeMatch>();
  for (const w of whens) {
    if (terminal.has(w.match)) throw new SqlError(SqlState.syntaxError, 'unreachable WHEN clause specified after unconditional WHEN clause');
    if (w.ast.condition === undefined) terminal.add(w.match);
  }
  const rel = state.relations.get(relationKey(rv.schemaname, rv.relname));
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.schemaname ? `${rv.schemaname}.` : ''}${rv.relname}" does not exist`, { position: pos });
  }
  if (rel.kind === 'system') throw systemRelationWriteError(rel, pos);
  if (rel.kind === 'view') {
    throw new SqlError(SqlState.featureNotSupported, `cannot execute MERGE on relation "${rel.name}"`, {
      detail: 'This operation is not supported for views.',
    });
  }
  // WITH … MERGE: the CTEs are visible to the source and to every clause's subqueries.
  if (n.withClause !== undefined) state.ctes.push(bindWith(n.withClause, state, undefined));
  try {
    return bindMergeBody(n, state, rel, whens, defaults, computed);
  } finally {
    if (n.withClause !== undefined) state.ctes.pop();
  }
}

function matchOf(w: Ast, star: MergeStar | undefined): MergeMatch {
  if (star === 'insert') return 'not_matched_by_target'; // parsed as a MATCHED … DELETE placeholder
  if (w.matchKind === 'MERGE_WHEN_MATCHED') return 'matched';
  return w.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' ? 'not_matched_by_source' : 'not_matched_by_target';
}

interface When { readonly ast: Ast; readonly match: MergeMatch; readonly star: MergeStar | undefined }

function bindMergeBody(n: Ast, state: BinderState, rel: TableRef, whens: readonly When[], defaults: (column: number) => Expr | null,
  computed: (column: number) => boolean): BoundMerge {
  const rv = n.relation;
  const cols = rel.columns;
  const width = cols.length;
  const alias: string = rv.alias?.aliasname ?? rel.name;
  const target: ScopeRelation = {
    alias, schemaName: rel.schemaName,
    columns: cols.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: rel.oid, attr: i + 1 })),
  };
  const from = bindFrom([n.sourceRelation], state, undefined);
  // The source's columns follow the target's in the merge row.
  const shifted = new Map<ScopeColumn, ScopeColumn>();
  const shift = (c: ScopeColumn): ScopeColumn => {
    let s = shifted.get(c);
    if (s === undefined) shifted.set(c, s = { ...c, index: c.index + width });
    return s;
  };
  const sourceRels: ScopeRelation[] = from.scope.relations.map((r) => ({ ...r, columns: r.columns.map(shift) }));
  if (sourceRels.some((r) => r.alias === alias)) {
    throw new SqlError(SqlState.duplicateAlias, `name "${alias}" specified more than once`, {
      detail: 'The name is used both as MERGE target table and data source.',
    });
  }
  const scopeOf = (rels: ScopeRelation[], withSource: boolean): Scope => {
    const s = new Scope(rels, undefined);
    if (withSource) {
      for (const [k, c] of from.scope.merged) s.merged.set(k, shift(c));
      for (const c of from.scope.hiddenFromStar) s.hiddenFromStar.add(shift(c));
    }
    return s;
  };
  const both = scopeOf([target, ...sourceRels], true);
  const sourceOnly = scopeOf(sourceRels, true);
  const targetOnly = scopeOf([target], false);

  const onEnv: ExprEnv = { scope: both, state, aggs: undefined, clause: 'JOIN conditions' };
  const on = asBool(bindExpr(n.joinCondition, onEnv), onEnv, 'argument of JOIN/ON', state.pos(nodeOf(n.joinCondition)[1]?.location));

  const layout = mergeLayouts(state.sql).find((m) => m.target === rv.location);
  const clauses = whens.map((w, k): BoundMergeClause => {
    const c = w.ast;
    const [scope, hidden] = w.match === 'matched' ? [both, []]
      : w.match === 'not_matched_by_target' ? [sourceOnly, [target]] : [targetOnly, sourceRels];
    const bind = (node: Ast, clause: string): Expr => bindVisible(node, { scope, state, aggs: undefined, clause }, hidden);
    const env: ExprEnv = { scope, state, aggs: undefined, clause: 'MERGE WHEN conditions' };
    const condition = c.condition === undefined ? null
      : asBool(bind(c.condition, env.clause), env, 'argument of WHEN', state.pos(nodeOf(c.condition)[1]?.location));
    const span = layout?.clauses[k]?.condition;
    const conditionText = span === undefined ? null : spanText(state.sql, span);
    const base = { match: w.match, condition, conditionText, star: w.star !== undefined, overriding: undefined };
    if (w.star !== undefined) {
      const given = new Set(cols.map((_, i) => i).filter((i) => !computed(i)));
      return { ...base, action: w.star, values: byName(rel, sourceOnly, w.star, given, defaults, state), given };
    }
    const given = new Set<number>();
    switch (c.commandType as string) {
      case 'CMD_UPDATE': return { ...base, action: 'update', values: bindSet(c, rel, bind, defaults, state, given), given };
      case 'CMD_INSERT': {
        const overriding = c.override === 'OVERRIDING_SYSTEM_VALUE' ? 'system' : c.override === 'OVERRIDING_USER_VALUE' ? 'user' : undefined;
        return { ...base, action: 'insert', values: bindInsertValues(c, rel, bind, defaults, state, given), given, overriding };
      }
      case 'CMD_DELETE': return { ...base, action: 'delete', values: [], given };
      default: return { ...base, action: 'nothing', values: [], given };
    }
  });

  const sourceWidth = from.plan.schema.length;
  const action: Expr = { kind: 'column', index: width + sourceWidth, type: T.text, name: 'merge_action' };
  const returning = bindMergeReturning(n, { scope: both, state, aggs: undefined, clause: 'RETURNING', mergeAction: action }, target, sourceOnly);
  const onText = layout?.on === undefined ? '' : spanText(state.sql, layout.on);
  const sourceColumns = from.scope.star(undefined, undefined).map((c) => ({ name: c.name, type: c.type }));
  return { table: rel, source: from.plan, on, clauses, returning, onText, sourceColumns };
}

/**
 * Bind in a clause that cannot see one side of the merge; a reference to that side gets PostgreSQL's
 * "cannot be referenced from this part of the query" error rather than plain "does not exist".
 */
function bindVisible(node: Ast, env: ExprEnv, hidden: readonly ScopeRelation[]): Expr {
  try {
    return bindExpr(node, env);
  } catch (e) {
    if (!(e instanceof SqlError) || hidden.length === 0) throw e;
    const relName = /^missing FROM-clause entry for table "(.*)"$/.exec(e.message)?.[1];
    const rel = relName === undefined ? undefined : hidden.find((r) => r.alias === relName);
    if (rel !== undefined) {
      throw new SqlError(SqlState.undefinedTable, `invalid reference to FROM-clause entry for table "${relName}"`, {
        position: e.position, hint: `There is an entry for table "${rel.alias}", but it cannot be referenced from this part of the query.`,
      });
    }
    const colName = /^column "(.*)" does not exist$/.exec(e.message)?.[1];
    const owner = colName === undefined ? undefined : hidden.find((r) => r.alias !== '' && r.columns.some((c) => c.name === colName));
    if (owner !== undefined && e.hint === undefined) {
      throw new SqlError(SqlState.undefinedColumn, e.message, {
        position: e.position, hint: `There is a column named "${colName}" in table "${owner.alias}", but it cannot be referenced from this part of the query.`,
      });
    }
    throw e;
  }
}

/** UPDATE SET col = expr | DEFAULT, …: the new value per target column, or null where it keeps its value. */
function bindSet(c: Ast, rel: TableRef, bind: (node: Ast, clause: string) => Expr, defaults: (column: number) => Expr | null, state: BinderState,
  given: Set<number>): (Expr | null)[] {
  const cols = rel.columns;
  const values: (Expr | null)[] = cols.map(() => null);
  for (const t of (c.targetList ?? []) as Ast[]) {
    const rt = t.ResTarget;
    const at = state.pos(rt.location);
    const i = cols.findIndex((x) => x.name === rt.name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${rt.name}" of relation "${rel.name}" does not exist`, { position: at });
    if (rt.indirection !== undefined) {
      throw new SqlError(SqlState.featureNotSupported, 'assignment to a subfield or element is not supported', { position: at });
    }
    if (rt.val.MultiAssignRef !== undefined) {
      throw new SqlError(SqlState.featureNotSupported, 'multiple-column UPDATE assignments are not supported yet', { position: at });
    }
    if (values[i] !== null) throw new SqlError(SqlState.syntaxError, `multiple assignments to same column "${rt.name}"`);
    values[i] = valueOf(rt.val, i, rel, bind, defaults, state, 'UPDATE', at);
    if (rt.val.SetToDefault === undefined) given.add(i);
  }
  return values;
}

/** INSERT [(cols)] VALUES (…) | DEFAULT VALUES: the value of every target column (defaults for the rest). */
function bindInsertValues(c: Ast, rel: TableRef, bind: (node: Ast, clause: string) => Expr, defaults: (column: number) => Expr | null, state: BinderState,
  given: Set<number>): Expr[] {
  const cols = rel.columns;
  const named = c.targetList as Ast[] | undefined;
  const targetCols = named === undefined ? cols.map((_, i) => i) : named.map((t) => {
    const i = cols.findIndex((x) => x.name === t.ResTarget.name);
    if (i < 0) {
      throw new SqlError(SqlState.undefinedColumn, `column "${t.ResTarget.name}" of relation "${rel.name}" does not exist`, {
        position: state.pos(t.ResTarget.location),
      });
    }
    return i;
  });
  named?.forEach((t, k) => {
    if (targetCols.indexOf(targetCols[k]!) !== k) {
      throw new SqlError(SqlState.duplicateColumn, `column "${t.ResTarget.name}" specified more than once`, {
        position: state.pos(t.ResTarget.location),
      });
    }
  });
  const items = (c.values ?? []) as Ast[]; // none: DEFAULT VALUES
  if (items.length > targetCols.length) {
    throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns', {
      position: state.pos(nodeOf(items[targetCols.length]!)[1]?.location),
    });
  }
  if (named !== undefined && c.values !== undefined && items.length < targetCols.length) {
    throw new SqlError(SqlState.syntaxError, 'INSERT has more target columns than expressions', {
      position: state.pos(named[items.length]!.ResTarget.location),
    });
  }
  return cols.map((col, i): Expr => {
    const k = targetCols.indexOf(i);
    const item = k < 0 ? undefined : items[k];
    if (item === undefined) return defaults(i) ?? { kind: 'const', value: null, type: col.type };
    if (item.SetToDefault === undefined) given.add(i);
    return valueOf(item, i, rel, bind, defaults, state, 'VALUES', state.pos(nodeOf(item)[1]?.location));
  });
}

function valueOf(node: Ast, i: number, rel: TableRef, bind: (node: Ast, clause: string) => Expr, defaults: (column: number) => Expr | null,
  state: BinderState, clause: string, at: number | undefined): Expr {
  const col = rel.columns[i]!;
  if (node.SetToDefault !== undefined) {
    const d = defaults(i);
    return d === null ? { kind: 'const', value: null, type: col.type } : coerce(d, col.type, 'assignment', state.params);
  }
  return coerce(bind(node, clause), col.type, 'assignment', state.params, at, `column "${col.name}"`);
}

/**
 * `UPDATE SET *` / `INSERT *`: the `given` target columns from the source columns of the same names; the
 * others keep their value (UPDATE) or get their default (INSERT).
 */
function byName(rel: TableRef, source: Scope, star: MergeStar, given: ReadonlySet<number>, defaults: (column: number) => Expr | null,
  state: BinderState): (Expr | null)[] {
  const names = source.star(undefined, undefined).map((c) => `"${c.name}"`).join(', ') || 'no columns';
  return rel.columns.map((col, i): Expr | null => {
    if (!given.has(i)) return star === 'update' ? null : defaults(i) ?? { kind: 'const', value: null, type: col.type };
    const c = source.lookup([col.name], undefined);
    if (c === undefined) {
      throw new SqlError(SqlState.undefinedColumn, `column "${col.name}" does not exist in the MERGE source`, {
        detail: `${star === 'update' ? 'UPDATE SET *' : 'INSERT *'} takes every column of "${rel.name}" from the source column of the same name; the source has ${names}.`,
      });
    }
    const e: Expr = { kind: 'column', index: c.index, type: c.type, name: c.name };
    return coerce(e, col.type, 'assignment', state.params, undefined, `column "${col.name}"`);
  });
}

/** RETURNING: `*` is the source's columns then the target's (PostgreSQL's order); `t.*` / `s.*` one side. */
function bindMergeReturning(n: Ast, env: ExprEnv, target: ScopeRelation, source: Scope): ReturningItem[] | null {
  const list: Ast[] | undefined = n.returningClause?.exprs ?? n.returningList;
  if (list === undefined) return null;
  const out: ReturningItem[] = [];
  const column = (c: ScopeColumn): ReturningItem => ({ expr: { kind: 'column', index: c.index, type: c.type, name: c.name }, name: c.name });
  for (const t of list) {
    const rt = t.ResTarget;
    const fields: Ast[] | undefined = rt.val.ColumnRef?.fields;
    if (fields !== undefined && fields[fields.length - 1]?.A_Star !== undefined) {
      const at = env.state.pos(rt.val.ColumnRef.location);
      if (fields.length === 1) {
        out.push(...source.star(undefined, at).map(column), ...target.columns.map(column));
      } else {
        out.push(...env.scope.star(fields[fields.length - 2]?.String?.sval, at).map(column));
      }
      continue;
    }
    const name: string = rt.name ?? (rt.val.MergeSupportFunc !== undefined ? 'merge_action' : figureColname(rt.val));
    out.push({ expr: bindExpr(rt.val, env), name });
  }
  return out;
}
