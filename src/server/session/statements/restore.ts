/**
 * RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF expr: one new commit (operation RESTORE) that
 * makes the table's files, schema and properties those of version n again (storage/maintenance/restore.ts).
 * When the schema changes, the catalog's column list follows in the same atomic commit, as ALTER TABLE's
 * does. The output row is Databricks'.
 */
import { SqlError, SqlState, type ColumnSchema } from '../../../common/index.ts';
import type { TableColumn, TableDef } from '../../../catalog/index.ts';
import { sameType } from '../../../common/index.ts';
import type { DeltaRestoreStmt } from '../../../sql/index.ts';
import type { TableChange } from '../../../storage/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { refuseWriteWhilePinned, travelTarget } from './as-of.ts';
import { findDeltaTable, refuseInTransactionBlock, rowsOutcome } from './delta-table.ts';
import { RESTORE_COLUMNS } from './delta-results.ts';

/** The catalog's columns for a restored schema: a column that is still there keeps its definition (DEFAULT …). */
function restoredColumns(table: TableDef, schema: readonly ColumnSchema[]): TableColumn[] {
  return schema.map((c) => {
    const old = table.columns.find((x) => x.name === c.name);
    return old !== undefined && sameType(old.type, c.type) ? { ...old, nullable: c.nullable } : { name: c.name, type: c.type, nullable: c.nullable, defaultExpr: null };
  });
}

export async function runRestore(n: DeltaRestoreStmt, ctx: StatementContext): Promise<Outcome> {
  refuseWriteWhilePinned(ctx, 'RESTORE');
  refuseInTransactionBlock(ctx, 'RESTORE');
  const table = findDeltaTable(ctx, n.relation);
  const storage = ctx.services.storage;
  const current = await storage.snapshot(table.location);
  const target = travelTarget(n.to, ctx);
  const version = 'version' in target ? target.version : await storage.versionAt(table.location, target.timestampMs);
  if (version > current.version) {
    throw new SqlError(SqlState.invalidParameterValue,
      `cannot restore table "${table.name}" to version ${version}; the latest version is ${current.version}`);
  }
  const plan = await storage.planRestore(table.location, current.version, version);
  const m = plan.metrics;
  const change: TableChange = {
    location: table.location, readVersion: current.version, add: plan.add, remove: plan.remove,
    ...(plan.schema === undefined ? {} : { schema: plan.schema, restoresSchema: true }),
    ...(plan.properties === undefined ? {} : { properties: plan.properties }),
    read: current.files.map((f) => f.path),
    operation: {
      operation: 'RESTORE',
      parameters: 'version' in target ? { version: String(version) } : { timestamp: new Date(target.timestampMs).toISOString() },
      user: ctx.user,
      metrics: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])),
    },
  };
  if (plan.schema !== undefined) {
    const columns = restoredColumns(table, plan.schema);
    const def: TableDef = { ...table, columns, primaryKey: table.primaryKey.filter((k) => columns.some((c) => c.name === k)) };
    await ctx.services.catalog.commit(new Map([[table.oid, def]]), 'RESTORE', undefined, [change]);
  } else {
    await storage.commitTransaction([change]);
  }
  return rowsOutcome(RESTORE_COLUMNS, [[
    m.tableSizeAfterRestore, m.numOfFilesAfterRestore, m.numRemovedFiles, m.numRestoredFiles, m.removedFilesSize, m.restoredFilesSize,
  ].map((x) => BigInt(x))], 'RESTORE');
}
