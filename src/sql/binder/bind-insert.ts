/**
 * INSERT: the target table, which columns the source fills, and the source query coerced to the columns'
 * types with assignment casts (defaults fill the rest).
 */
import { systemRelationWriteError } from './system-relations.ts';
import { SqlError, SqlState, type SqlType } from '../../common/index.ts';
import type { Expr, LogicalPlan, TableRef } from '../../plan/index.ts';
import { asBool, bindExpr, nodeOf, type Ast, type ExprEnv } from './bind-expr.ts';
import { bindQuery, bindWith, relationKey } from './bind-select.ts';
import { bindReturning } from './bind-returning.ts';
import { coerce } from './coerce.ts';
import { Scope } from './scope.ts';
import type { BinderState } from './state.ts';

export interface BoundInsert {
  readonly table: TableRef;
  /** For each table column: the source column index that fills it, or -1 for its default. */
  readonly sourceColumn: readonly number[];
  /** The source rows, already cast to the target columns' types (in the order of `targetColumns`). */
  readonly source: LogicalPlan;
  readonly returning: readonly { expr: Expr; name: string }[] | null;
  readonly onConflict: BoundOnConflict | null;
}

/**
 * ON CONFLICT: `target` lists the conflict key's table columns (null: any unique key, DO NOTHING only). For DO
 * UPDATE, `set` has a new value per table column (null: unchanged) and `where` filters; both are bound over
 * the existing row's columns followed by the proposed row's (EXCLUDED) columns.
 */
export interface BoundOnConflict {
  readonly action: 'nothing' | 'update';
  readonly target: readonly number[] | null;
  readonly set: readonly (Expr | null)[];
  readonly where: Expr | null;
}

export function bindInsert(n: Ast, state: BinderState, defaults: (column: number) => Expr | null): BoundInsert {
  const rv = n.relation;
  const pos = state.pos(rv.location);
  const rel = state.relations.get(relationKey(rv.schemaname, rv.relname));
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.schemaname ? `${rv.schemaname}.` : ''}${rv.relname}" does not exist`, { position: pos });
  }
  if (rel.kind === 'system') throw systemRelationWriteError(rel, pos);
  if (rel.kind === 'view') {
    throw new SqlError(SqlState.objectNotInPrerequisiteState, `cannot insert into view "${rel.name}"`, {
      detail: 'Views that do not select from a single table or view are not automatically updatable.', position: pos,
    });
  }
  const cols = rel.columns;
  let targetCols: number[];
  let implicitColumns = false;
  if (n.cols !== undefined) {
    targetCols = (n.cols as Ast[]).map((c) => {
      const name: string = c.ResTarget.name;
      const i = cols.findIndex((x) => x.name === name);
      if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${rel.name}" does not exist`, { position: state.pos(c.ResTarget.location) });
      return i;
    });
    const dup = targetCols.find((c, i) => targetCols.indexOf(c) !== i);
    if (dup !== undefined) throw new SqlError(SqlState.duplicateColumn, `column "${cols[dup]!.name}" specified more than once`, { position: pos });
  } else {
    // Without a column list the values fill the leading columns; the rest get their defaults.
    const sel0 = n.selectStmt?.SelectStmt;
    const width = sel0?.valuesLists !== undefined && sel0.op === 'SETOP_NONE'
      ? Math.max(...(sel0.valuesLists as Ast[]).map((l) => (l.List?.items ?? []).length))
      : undefined;
    targetCols = cols.map((_, i) => i);
    if (width !== undefined && width < cols.length) targetCols = targetCols.slice(0, width);
    else if (width !== undefined && width > cols.length) {
      throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns', { position: pos });
    }
    implicitColumns = true;
  }

  // WITH … INSERT: the CTEs are visible to the source query (and RETURNING's subqueries).
  if (n.withClause !== undefined) state.ctes.push(bindWith(n.withClause, state, undefined));
  try {
    return bindInsertBody(n, state, rel, cols, targetCols, implicitColumns, defaults, pos);
  } finally {
    if (n.withClause !== undefined) state.ctes.pop();
  }
}

function bindInsertBody(n: Ast, state: BinderState, rel: TableRef & { kind: 'table' }, cols: TableRef['columns'], targetCols0: number[],
  implicitColumns: boolean, defaults: (column: number) => Expr | null, pos: number | undefined): BoundInsert {
  let targetCols = targetCols0;
  let source: LogicalPlan;
  const sel = n.selectStmt?.SelectStmt;
  if (sel === undefined) {
    // INSERT … DEFAULT VALUES
    source = { kind: 'values', rows: [[]], schema: [] };
    targetCols = [];
  } else if (sel.valuesLists !== undefined && sel.op === 'SETOP_NONE' && sel.sortClause === undefined && sel.limitCount === undefined) {
    source = bindInsertValues(sel, state, targetCols, cols.map((c) => c.type), cols.map((c) => c.name), defaults);
  } else {
    const q = bindQuery(n.selectStmt, state, undefined);
    if (implicitColumns && q.plan.schema.length < targetCols.length) targetCols = targetCols.slice(0, q.plan.schema.length);
    if (q.plan.schema.length > targetCols.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns', { position: pos });
    if (q.plan.schema.length < targetCols.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more target columns than expressions', { position: pos });
    // A bare NULL in a plain SELECT's list is untyped, as in VALUES: it takes the column's type (PostgreSQL
    // resolves the SELECT's unknown outputs against the target columns).
    const list = sel.op === 'SETOP_NONE' ? (sel.targetList as Ast[] | undefined) : undefined;
    // Only where list entries and output columns correspond one to one (no `*`).
    const targets = list?.length === q.plan.schema.length && !JSON.stringify(list).includes('A_Star') ? list : undefined;
    const bareNull = (i: number): boolean => targets?.[i]?.ResTarget?.val?.A_Const?.isnull === true;
    const exprs = q.plan.schema.map((c, i): Expr => {
      const col = cols[targetCols[i]!]!;
      if (bareNull(i)) return { kind: 'const', value: null, type: col.type };
      return coerce({ kind: 'column', index: i, type: c.type, name: c.name }, col.type, 'assignment', state.params, undefined, `column "${col.name}"`);
    });
    source = { kind: 'project', input: q.plan, exprs, schema: exprs.map((e, i) => ({ name: cols[targetCols[i]!]!.name, type: e.type, tableOid: 0, attr: 0 })) };
  }
  const sourceColumn = cols.map((_, i) => targetCols.indexOf(i));

  const scope = new Scope([{ alias: n.relation.alias?.aliasname ?? rel.name, schemaName: rel.schemaName, columns: cols.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: rel.oid, attr: i + 1 })) }], undefined);
  const returning = bindReturning(n, { scope, state, aggs: undefined, clause: 'RETURNING' }, cols);
  const onConflict = n.onConflictClause === undefined ? null : bindOnConflict(n.onConflictClause, n, state, rel, defaults);
  return { table: rel, sourceColumn, source, returning, onConflict };
}

function bindOnConflict(oc: Ast, n: Ast, state: BinderState, rel: TableRef, defaults: (column: number) => Expr | null): BoundOnConflict {
  const cols = rel.columns;
  const pos = state.pos(oc.location);
  if (oc.infer?.conname !== undefined) {
    throw new SqlError(SqlState.featureNotSupported, 'ON CONFLICT ON CONSTRAINT is not supported yet', { position: pos });
  }
  const target = oc.infer === undefined ? null : ((oc.infer.indexElems ?? []) as Ast[]).map((e) => {
    const name: string | undefined = e.IndexElem?.name;
    const i = name === undefined ? -1 : cols.findIndex((c) => c.name === name);
    if (i < 0) {
      throw name === undefined
        ? new SqlError(SqlState.featureNotSupported, 'ON CONFLICT on expressions is not supported yet', { position: pos })
        : new SqlError(SqlState.undefinedColumn, `column "${name}" does not exist`, { position: pos });
    }
    return i;
  });
  if (oc.action === 'ONCONFLICT_NOTHING') return { action: 'nothing', target, set: [], where: null };
  if (target === null) {
    throw new SqlError(SqlState.syntaxError, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', {
      position: pos, hint: 'For example, ON CONFLICT (column_name).',
    });
  }
  const width = cols.length;
  const scopeCols = (offset: number) => cols.map((c, i) => ({ name: c.name, type: c.type, index: offset + i, tableOid: rel.oid, attr: i + 1 }));
  const scope = new Scope([
    { alias: n.relation.alias?.aliasname ?? rel.name, schemaName: rel.schemaName, columns: scopeCols(0) },
    { alias: 'excluded', schemaName: undefined, columns: scopeCols(width) },
  ], undefined);
  const env: ExprEnv = { scope, state, aggs: undefined, clause: 'ON CONFLICT DO UPDATE' };
  const set: (Expr | null)[] = cols.map(() => null);
  for (const t of (oc.targetList ?? []) as Ast[]) {
    const rt = t.ResTarget;
    const i = cols.findIndex((c) => c.name === rt.name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${rt.name}" of relation "${rel.name}" does not exist`, { position: state.pos(rt.location) });
    if (set[i] !== null) throw new SqlError(SqlState.syntaxError, `multiple assignments to same column "${rt.name}"`, { position: state.pos(rt.location) });
    const col = cols[i]!;
    if (rt.val.SetToDefault !== undefined) {
      const d = defaults(i);
      set[i] = d === null ? { kind: 'const', value: null, type: col.type } : coerce(d, col.type, 'assignment', state.params);
    } else {
      set[i] = coerce(bindExpr(rt.val, env), col.type, 'assignment', state.params, state.pos(rt.location), `column "${col.name}"`);
    }
  }
  const where = oc.whereClause === undefined ? null : asBool(bindExpr(oc.whereClause, env), env, 'argument of WHERE', pos);
  return { action: 'update', target, set, where };
}

/** VALUES rows for INSERT: each item cast to its target column's type; DEFAULT replaced by the default. */
function bindInsertValues(sel: Ast, state: BinderState, targetCols: number[], types: SqlType[], names: string[],
  defaults: (column: number) => Expr | null): LogicalPlan {
  const env: ExprEnv = { scope: new Scope([], undefined), state, aggs: undefined, clause: 'VALUES' };
  const rows: Expr[][] = (sel.valuesLists as Ast[]).map((l) => {
    const items: Ast[] = l.List?.items ?? [];
    if (items.length > targetCols.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns', { position: state.pos(l.List?.location) });
    if (items.length < targetCols.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more target columns than expressions', { position: state.pos(l.List?.location) });
    return items.map((x, i) => {
      const col = targetCols[i]!;
      if (x.SetToDefault !== undefined) {
        const d = defaults(col);
        return d === null ? { kind: 'const', value: null, type: types[col]! } : coerce(d, types[col]!, 'assignment', state.params);
      }
      const e = bindExpr(x, env);
      return coerce(e, types[col]!, 'assignment', state.params, state.pos(nodeOf(x)[1]?.location), `column "${names[col]}"`);
    });
  });
  return { kind: 'values', rows, schema: targetCols.map((c, i) => ({ name: `column${i + 1}`, type: types[c]!, tableOid: 0, attr: 0 })) };
}
