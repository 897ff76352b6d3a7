/**
 * FOREIGN KEY constraints of CREATE TABLE, column-level (`REFERENCES t (c)`) and table-level (`FOREIGN KEY
 * (a, b) REFERENCES t`): checked as PostgreSQL checks them when the table is made (the referenced table and
 * columns exist, and those columns are its primary key or a unique index), then recorded in the catalog for
 * pg_constraint and information_schema. They are not enforced on writes.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import type { ForeignKeyDef, TableColumn } from '../../../../catalog/index.ts';
import { strings, type Ast } from '../../../../sql/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { findRelation } from '../ddl.ts';

/** A FOREIGN KEY as written, before its referenced table is looked up. */
export interface PendingForeignKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
  readonly pktable: Ast;
  readonly refColumns: readonly string[];
  readonly onUpdate: string;
  readonly onDelete: string;
  readonly match: string;
}

/** The refTable of a table's foreign key to itself, replaced by the table's OID once it has one. */
export const SELF_REFERENCE = 0;

/** `con` is a CONSTR_FOREIGN; `column` names the column of a column-level one. */
export function pendingForeignKey(con: Ast, column?: string): PendingForeignKey {
  if (con.fk_matchtype === 'p') throw new SqlError(SqlState.featureNotSupported, 'MATCH PARTIAL not yet implemented');
  return {
    name: con.conname, columns: column === undefined ? strings(con.fk_attrs) : [column], pktable: con.pktable,
    refColumns: strings(con.pk_attrs), onUpdate: con.fk_upd_action ?? 'a', onDelete: con.fk_del_action ?? 'a', match: con.fk_matchtype ?? 's',
  };
}

/** The new table as the checks need it (it may reference itself). */
interface NewTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly primaryKey: readonly string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function resolveForeignKeys(ctx: StatementContext, table: NewTable, pending: readonly PendingForeignKey[],
  taken: Set<string>): ForeignKeyDef[] {
  return pending.map((fk) => {
    for (const c of fk.columns) {
      if (!table.columns.some((x) => x.name === c)) {
        throw new SqlError(SqlState.undefinedColumn, `column "${c}" referenced in foreign key constraint does not exist`);
      }
    }
    const rv = fk.pktable;
    const self = rv.relname === table.name && (rv.schemaname === undefined || rv.schemaname === table.schema);
    const ref = self ? undefined : findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
    if (!self && ref === undefined) {
      const written = rv.schemaname === undefined ? rv.relname : `${rv.schemaname}.${rv.relname}`;
      throw new SqlError(SqlState.undefinedTable, `relation "${written}" does not exist`);
    }
    if (ref !== undefined && ref.kind !== 'table') {
      throw new SqlError(SqlState.wrongObjectType, `referenced relation "${rv.relname}" is not a table`);
    }
    const refColumns = ref?.columns ?? table.columns;
    const refKey = ref?.primaryKey ?? table.primaryKey;
    let cols = fk.refColumns;
    if (cols.length === 0) {
      if (refKey.length === 0) throw new SqlError(SqlState.undefinedObject, `there is no primary key for referenced table "${rv.relname}"`);
      cols = refKey;
    } else {
      for (const c of cols) {
        if (!refColumns.some((x) => x.name === c)) {
          throw new SqlError(SqlState.undefinedColumn, `column "${c}" referenced in foreign key constraint does not exist`);
        }
      }
    }
    if (cols.length !== fk.columns.length) {
      throw new SqlError(SqlState.invalidForeignKey, 'number of referencing and referenced columns for foreign key disagree');
    }
    const unique = sameSet(cols, refKey)
      || (ref !== undefined && ctx.view.indexes(ctx.database, ref.schema, ref.oid).some((ix) => ix.unique && sameSet(cols, ix.columns)));
    if (!unique) {
      throw new SqlError(SqlState.invalidForeignKey, `there is no unique constraint matching given keys for referenced table "${rv.relname}"`);
    }
    const name = fk.name ?? chooseName(`${table.name}_${fk.columns.join('_')}`, 'fkey', taken);
    if (fk.name !== undefined && taken.has(name)) {
      throw new SqlError(SqlState.duplicateObject, `constraint "${name}" for relation "${table.name}" already exists`);
    }
    taken.add(name);
    return {
      name, columns: [...fk.columns], refTable: ref?.oid ?? SELF_REFERENCE, refColumns: [...cols],
      onUpdate: fk.onUpdate, onDelete: fk.onDelete, match: fk.match,
    };
  });
}

/** PostgreSQL's ChooseConstraintName: `<base>_<label>`, then `…1`, `…2` while taken (63 bytes at most). */
function chooseName(base: string, label: string, taken: Set<string>): string {
  for (let n = 0; ; n++) {
    const suffix = `_${label}${n === 0 ? '' : n}`;
    const name = `${base.slice(0, 63 - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}
