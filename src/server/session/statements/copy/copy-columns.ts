/**
 * What a COPY names, looked up as PostgreSQL looks it up: its relation (a table; a view is refused in each
 * direction with PostgreSQL's message) and its column list (CopyGetAttnums).
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import type { Ast } from '../../../../sql/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { findRelation } from '../ddl.ts';

/** The COPY's table; `isFrom` picks the message for a view. */
export function copyTable(ctx: StatementContext, rv: Ast, isFrom: boolean): TableDef {
  const rel = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.schemaname === undefined ? rv.relname : `${rv.schemaname}.${rv.relname}`}" does not exist`);
  }
  if (rel.kind === 'view') {
    if (isFrom) {
      throw new SqlError(SqlState.wrongObjectType, `cannot copy to view "${rel.name}"`, {
        hint: 'To enable copying to a view, provide an INSTEAD OF INSERT trigger.',
      });
    }
    throw new SqlError(SqlState.wrongObjectType, `cannot copy from view "${rel.name}"`, { hint: 'Try the COPY (SELECT ...) TO variant.' });
  }
  return rel;
}

/** The COPY's columns by table index: the list given, or every column but the generated ones (PostgreSQL 15's CopyGetAttnums). */
export function copyColumns(table: TableDef, names: readonly string[]): number[] {
  if (names.length === 0) return table.columns.flatMap((c, i) => (c.generated === undefined ? [i] : []));
  const out: number[] = [];
  for (const name of names) {
    const i = table.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
    if (table.columns[i]!.generated !== undefined) {
      throw new SqlError(SqlState.invalidColumnReference, `column "${name}" is a generated column`, { detail: 'Generated columns cannot be used in COPY.' });
    }
    if (out.includes(i)) throw new SqlError(SqlState.duplicateColumn, `column "${name}" specified more than once`);
    out.push(i);
  }
  return out;
}
