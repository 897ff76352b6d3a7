/**
 * VACUUM: Databricks' `VACUUM t [RETAIN n HOURS] [DRY RUN]`, and PostgreSQL's VacuumStmt (`VACUUM t`,
 * `VACUUM (ANALYZE) t`, `VACUUM` for every table) run as a Delta vacuum with the default retention: delete
 * the table directory's files that the current version does not reference and that are older than the
 * retention (storage/maintenance/vacuum.ts). The retention defaults to the table's
 * `delta.deletedFileRetentionDuration` (7 days); a shorter RETAIN is refused unless
 * `basin.vacuum_retention_check` is off, as Databricks refuses it unless its check is disabled.
 *
 * Databricks' form returns the paths deleted (DRY RUN: the ones it would delete); PostgreSQL's form returns
 * only its command tag, as PostgreSQL does. ANALYZE has nothing to do: Basin's statistics are the per-file
 * stats every commit writes, never stale.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import type { Ast, DeltaVacuumStmt } from '../../../sql/index.ts';
import { deletedFileRetentionMs } from '../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { refuseWriteWhilePinned } from './as-of.ts';
import { findDeltaTable, refuseInTransactionBlock, rowsOutcome } from './delta-table.ts';
import { VACUUM_COLUMNS } from './delta-results.ts';

const HOUR_MS = 3_600_000;

async function vacuum(ctx: StatementContext, table: TableDef, retainHours: number | undefined, dryRun: boolean): Promise<string[]> {
  const storage = ctx.services.storage;
  const minimum = deletedFileRetentionMs((await storage.snapshot(table.location)).properties);
  const retentionMs = retainHours === undefined ? minimum : retainHours * HOUR_MS;
  if (retentionMs < minimum && ctx.setting('basin.vacuum_retention_check') !== 'off') {
    throw new SqlError(SqlState.invalidParameterValue,
      'requirement failed: Are you sure you would like to vacuum files with such a low retention period? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table.', {
        detail: `The retention requested is ${retainHours} hours; the table keeps removed files for ${minimum / HOUR_MS} hours (delta.deletedFileRetentionDuration).`,
        hint: 'If no other session is writing to this table, SET basin.vacuum_retention_check = off to allow it.',
      });
  }
  const result = await storage.vacuum(table.location, { retentionMs, dryRun });
  const root = table.location.replace(/\/+$/, '');
  return result.files.map((f) => `${root}/${f}`);
}

export async function runDeltaVacuum(n: DeltaVacuumStmt, ctx: StatementContext): Promise<Outcome> {
  if (!n.dryRun) refuseWriteWhilePinned(ctx, 'VACUUM');
  refuseInTransactionBlock(ctx, 'VACUUM');
  const table = findDeltaTable(ctx, n.relation);
  const paths = await vacuum(ctx, table, n.retainHours, n.dryRun);
  return rowsOutcome(VACUUM_COLUMNS, paths.map((p) => [p]), 'VACUUM');
}

/** PostgreSQL's VACUUM [(options)] [tables] and ANALYZE [tables]. */
export async function runVacuumStmt(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const isVacuum = n.is_vacuumcmd === true;
  const what = isVacuum ? 'VACUUM' : 'ANALYZE';
  const rels = ((n.rels ?? []) as Ast[]).map((r) => r.VacuumRelation.relation as Ast);
  const tables = rels.length > 0 ? rels.map((rv) => findDeltaTable(ctx, { relname: rv.relname, ...(rv.schemaname === undefined ? {} : { schemaname: rv.schemaname }) }))
    : ctx.view.relations(ctx.database, undefined).filter((r): r is TableDef => r.kind === 'table');
  if (!isVacuum) return commandOutcome('ANALYZE');
  refuseWriteWhilePinned(ctx, what);
  refuseInTransactionBlock(ctx, what);
  for (const t of tables) await vacuum(ctx, t, undefined, false);
  return commandOutcome('VACUUM');
}
