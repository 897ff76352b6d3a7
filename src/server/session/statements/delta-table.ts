/** What the Delta maintenance statements share: finding their table, their transaction rules, their rows. */
import { SqlError, SqlState, vectorFromValues, type Batch } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import type { DeltaRelation } from '../../../sql/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { findRelation } from './ddl.ts';
import { fieldsOfColumns, type ResultColumn } from './delta-results.ts';

/** The table a statement names (42P01 if none, 42809 for a view). */
export function findDeltaTable(ctx: StatementContext, rel: Pick<DeltaRelation, 'schemaname' | 'relname'>): TableDef {
  const found = findRelation(ctx, rel.schemaname === undefined ? [rel.relname] : [rel.schemaname, rel.relname]);
  if (found === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${rel.relname}" does not exist`);
  if (found.kind !== 'table') throw new SqlError(SqlState.wrongObjectType, `"${rel.relname}" is not a table`);
  return found;
}

/**
 * RESTORE, OPTIMIZE and VACUUM commit (or delete) on their own, at once, as PostgreSQL's VACUUM does: they
 * cannot be part of a transaction block whose other writes could still roll back.
 */
export function refuseInTransactionBlock(ctx: StatementContext, what: string): void {
  if (ctx.tx.explicit || ctx.tx.multi) {
    throw new SqlError(SqlState.activeSqlTransaction, `${what} cannot run inside a transaction block`);
  }
}

/** A result of rows computed up front (a few: one per commit, file or table). */
export function rowsOutcome(columns: readonly ResultColumn[], rows: readonly (readonly unknown[])[], tag: string): Outcome {
  async function* batches(): AsyncGenerator<Batch> {
    yield { columns: columns.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i] ?? null))), length: rows.length };
  }
  return { fields: fieldsOfColumns(columns), rows: batches(), tag: () => tag };
}
