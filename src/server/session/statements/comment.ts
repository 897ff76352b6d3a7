/**
 * COMMENT ON TABLE / VIEW / COLUMN / SCHEMA: the comment is kept with the object in the catalog, where
 * pg_description, obj_description and col_description (and so psql's \d+ and BI tools) read it. An empty
 * string or NULL removes it, as in PostgreSQL.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { TableDef, ViewDef } from '../../../catalog/index.ts';
import { strings, type Ast } from '../../../sql/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { findRelation } from './ddl.ts';

const KINDS: Record<string, string> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_COLUMN: 'column', OBJECT_SCHEMA: 'schema' };

function relation(ctx: StatementContext, parts: readonly string[]): TableDef | ViewDef {
  if (parts.length > 3) throw new SqlError(SqlState.syntaxError, `improper relation name (too many dotted names): ${parts.join('.')}`);
  if (parts.length === 3 && parts[0] !== ctx.database) {
    throw new SqlError(SqlState.featureNotSupported, `cross-database references are not implemented: ${parts.join('.')}`);
  }
  const rel = findRelation(ctx, parts.slice(-2));
  if (rel === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${parts.slice(-2).join('.')}" does not exist`);
  return rel;
}

export function runComment(n: Ast, ctx: StatementContext): Outcome {
  const kind = KINDS[n.objtype as string];
  if (kind === undefined) {
    throw new SqlError(SqlState.featureNotSupported, `COMMENT ON ${String(n.objtype).replace('OBJECT_', '').replace('_', ' ')} is not supported`);
  }
  const comment: string | undefined = n.comment === undefined || n.comment === '' ? undefined : n.comment;
  if (kind === 'schema') {
    const name: string = n.object.String.sval;
    const schema = ctx.view.schema(ctx.database, name);
    if (schema === undefined) throw new SqlError(SqlState.invalidSchemaName, `schema "${name}" does not exist`);
    ctx.view.put({ ...schema, comment: comment ?? null });
    return commandOutcome('COMMENT');
  }
  const parts = strings(n.object.List.items);
  if (kind === 'column') {
    if (parts.length < 2) throw new SqlError(SqlState.syntaxError, `column name must be qualified`);
    const column = parts[parts.length - 1]!;
    const rel = relation(ctx, parts.slice(0, -1));
    const missing = () => new SqlError(SqlState.undefinedColumn, `column "${column}" of relation "${parts.slice(-3, -1).join('.')}" does not exist`);
    if (rel.kind === 'table') {
      const i = rel.columns.findIndex((c) => c.name === column);
      if (i < 0) throw missing();
      const { comment: _old, ...col } = rel.columns[i]!;
      const columns = rel.columns.map((c, k) => (k === i ? (comment === undefined ? col : { ...col, comment }) : c));
      ctx.view.put({ ...rel, columns });
    } else {
      if (!rel.columnNames.includes(column)) throw missing();
      const { [column]: _old, ...rest } = rel.columnComments ?? {};
      ctx.view.put({ ...rel, columnComments: comment === undefined ? rest : { ...rest, [column]: comment } });
    }
    return commandOutcome('COMMENT');
  }
  const rel = relation(ctx, parts);
  if (rel.kind !== kind) throw new SqlError(SqlState.wrongObjectType, `"${rel.name}" is not a ${kind}`);
  const { comment: _old, ...rest } = rel;
  ctx.view.put(comment === undefined ? rest : { ...rest, comment });
  return commandOutcome('COMMENT');
}
