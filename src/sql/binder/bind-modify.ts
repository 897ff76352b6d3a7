/**
 * UPDATE and DELETE: the target table, the row predicate, the new values of assigned columns (cast to the
 * columns' types) and RETURNING, all bound over the target table's row.
 */
import { systemRelationWriteError } from './system-relations.ts';
import { SqlError, SqlState } from '../../common/index.ts';
import type { Expr, LogicalPlan, TableRef } from '../../plan/index.ts';
import { asBool, bindExpr, nodeOf, type Ast, type ExprEnv } from './bind-expr.ts';
import { bindFrom, relationKey } from './bind-select.ts';
import { bindReturning } from './bind-returning.ts';
import { coerce } from './coerce.ts';
import { Scope, type ScopeRelation } from './scope.ts';
import type { BinderState } from './state.ts';

export interface BoundModify {
  readonly table: TableRef;
  /** Rows to change; null = every row. */
  readonly where: Expr | null;
  /** UPDATE: new value per table column, or null where the column keeps its value. DELETE: empty. */
  readonly assignments: readonly (Expr | null)[];
  readonly returning: readonly { expr: Expr; name: string }[] | null;
  /**
   * UPDATE … FROM / DELETE … USING: the other relations, as one plan. When present, `where`, `assignments`
   * and `returning` are bound over the target row followed by a source row.
   */
  readonly source: LogicalPlan | null;
}

export function bindModify(n: Ast, kind: 'update' | 'delete', state: BinderState, defaults: (column: number) => Expr | null): BoundModify {
  const rv = n.relation;
  const pos = state.pos(rv.location);
  if (n.withClause !== undefined) throw new SqlError(SqlState.featureNotSupported, `WITH in ${kind.toUpperCase()} is not supported yet`, { position: pos });
  const rel = state.relations.get(relationKey(rv.schemaname, rv.relname));
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.schemaname ? `${rv.schemaname}.` : ''}${rv.relname}" does not exist`, { position: pos });
  }
  if (rel.kind === 'system') throw systemRelationWriteError(rel, pos);
  if (rel.kind === 'view') {
    throw new SqlError(SqlState.objectNotInPrerequisiteState, `cannot ${kind} view "${rel.name}"`, { position: pos });
  }
  const cols = rel.columns;
  const alias: string = rv.alias?.aliasname ?? rel.name;
  const targetRel = {
    alias, schemaName: rel.schemaName,
    columns: cols.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: rel.oid, attr: i + 1 })),
  };
  const fromList: Ast[] = (kind === 'update' ? n.fromClause : n.usingClause) ?? [];
  let source: LogicalPlan | null = null;
  const relations: ScopeRelation[] = [targetRel];
  if (fromList.length > 0) {
    const from = bindFrom(fromList, state, undefined);
    source = from.plan;
    const width = cols.length;
    for (const r of from.scope.relations) {
      if (r.alias !== '' && r.alias === alias) throw new SqlError(SqlState.duplicateAlias, `table name "${alias}" specified more than once`, { position: pos });
      relations.push({ ...r, columns: r.columns.map((c) => ({ ...c, index: c.index + width })) });
    }
  }
  const scope = new Scope(relations, undefined);
  const env: ExprEnv = { scope, state, aggs: undefined, clause: 'WHERE' };
  const where = n.whereClause === undefined ? null : asBool(bindExpr(n.whereClause, env), env, 'argument of WHERE', state.pos(nodeOf(n.whereClause)[1]?.location));

  const assignments: (Expr | null)[] = cols.map(() => null);
  if (kind === 'update') {
    const setEnv: ExprEnv = { ...env, clause: 'UPDATE' };
    for (const t of (n.targetList ?? []) as Ast[]) {
      const rt = t.ResTarget;
      const i = cols.findIndex((c) => c.name === rt.name);
      if (i < 0) {
        throw new SqlError(SqlState.undefinedColumn, `column "${rt.name}" of relation "${rel.name}" does not exist`, { position: state.pos(rt.location) });
      }
      if (rt.indirection !== undefined) throw new SqlError(SqlState.featureNotSupported, 'assignment to a subfield or element is not supported', { position: state.pos(rt.location) });
      if (assignments[i] !== null) {
        throw new SqlError(SqlState.syntaxError, `multiple assignments to same column "${rt.name}"`, { position: state.pos(rt.location) });
      }
      const col = cols[i]!;
      if (rt.val.SetToDefault !== undefined) {
        const d = defaults(i);
        assignments[i] = d === null ? { kind: 'const', value: null, type: col.type } : coerce(d, col.type, 'assignment', state.params);
        continue;
      }
      if (rt.val.MultiAssignRef !== undefined) throw new SqlError(SqlState.featureNotSupported, 'multiple-column UPDATE assignments are not supported yet', { position: state.pos(rt.location) });
      assignments[i] = coerce(bindExpr(rt.val, setEnv), col.type, 'assignment', state.params, state.pos(rt.location), `column "${col.name}"`);
    }
  }

  const returning = bindReturning(n, env, cols);
  return { table: rel, where, assignments, returning, source };
}
