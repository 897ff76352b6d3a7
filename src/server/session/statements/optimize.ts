/**
 * OPTIMIZE t [WHERE predicate] [ZORDER BY (c1, …)]: compaction and Z-ordering (storage/maintenance/
 * optimize.ts). Databricks limits WHERE to partition columns; Basin's tables are unpartitioned, so the
 * predicate picks files by their stats instead: only files that may hold matching rows are rewritten, whole.
 * The target file size is the table property `delta.targetFileSize`, else `basin.optimize_target_file_size`.
 * The output row gives Databricks' metrics flat, and the whole struct as jsonb.
 */
import { DEFAULT_TEXT_OPTIONS, formatType, SqlError, SqlState, T, textIn } from '../../../common/index.ts';
import { BinderState, bindExpr, coerce, Scope, type Ast, type DeltaOptimizeStmt } from '../../../sql/index.ts';
import { parseByteSize } from '../../../storage/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { refuseWriteWhilePinned } from './as-of.ts';
import { findDeltaTable, refuseInTransactionBlock, rowsOutcome } from './delta-table.ts';
import { constantEvaluator, mayMatch } from '../../../exec/index.ts';
import { OPTIMIZE_COLUMNS } from './delta-results.ts';

export async function runOptimize(n: DeltaOptimizeStmt, ctx: StatementContext): Promise<Outcome> {
  refuseWriteWhilePinned(ctx, 'OPTIMIZE');
  refuseInTransactionBlock(ctx, 'OPTIMIZE');
  const table = findDeltaTable(ctx, n.relation);
  const storage = ctx.services.storage;
  const snap = await storage.snapshot(table.location);
  let files: Set<string> | undefined;
  if (n.where !== undefined) {
    const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
    const scope = new Scope([{
      alias: table.name, schemaName: table.schema,
      columns: snap.schema.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: table.oid, attr: i + 1 })),
    }], undefined);
    let pred = bindExpr(n.where as Ast, { scope, state, aggs: undefined, clause: 'WHERE' });
    if (pred.type.id === 'unknown') pred = coerce(pred, T.bool, 'implicit', []);
    if (pred.type.id !== 'bool') {
      throw new SqlError(SqlState.datatypeMismatch, `argument of WHERE must be type boolean, not type ${formatType(pred.type)}`);
    }
    const evaluate = constantEvaluator(ctx.execContext());
    const where = pred;
    files = new Set(snap.files.filter((f) => mayMatch(where, f, snap.schema, evaluate)).map((f) => f.path));
  }
  const targetFileSize = parseByteSize(snap.properties['delta.targetFileSize']) ?? Number(ctx.setting('basin.optimize_target_file_size'));
  const result = await storage.optimize(table.location, {
    ...(files === undefined ? {} : { files }),
    zOrderBy: n.zorderBy,
    targetFileSize,
    operation: {
      operation: 'OPTIMIZE',
      parameters: { predicate: JSON.stringify(n.whereText === undefined ? [] : [n.whereText]), zOrderBy: JSON.stringify(n.zorderBy), auto: 'false' },
      user: ctx.user,
    },
    checkCancel: ctx.execContext().checkCancel,
  });
  const m = result.metrics;
  return rowsOutcome(OPTIMIZE_COLUMNS, [[
    table.location, BigInt(m.numFilesAdded), BigInt(m.numFilesRemoved), BigInt(m.filesAdded.totalSize), BigInt(m.filesRemoved.totalSize),
    BigInt(m.totalConsideredFiles), BigInt(m.totalFilesSkipped), textIn(T.jsonb, JSON.stringify(m), DEFAULT_TEXT_OPTIONS),
  ]], 'OPTIMIZE');
}
