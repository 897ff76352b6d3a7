/** Statement dispatch: one entry per statement kind the session runs (transaction control lives in Session). */
import { SqlError, SqlState } from '../../common/index.ts';
import type { Ast } from '../../sql/index.ts';
import type { Outcome, StatementContext } from './statement-context.ts';
import { alterTable, renameObject } from './statements/alter-table.ts';
import { createTable, createTableAs } from './statements/create-table.ts';
import { createDatabase, createIndex, createSchema, createView, dropDatabase, runDrop, runTruncate } from './statements/ddl.ts';
import { commandOutcome } from './statement-context.ts';
import { runInsert } from './statements/insert.ts';
import { runModify } from './statements/update-delete.ts';
import { runMerge } from './statements/merge.ts';
import { runExplain, runQuery } from './statements/query.ts';
import { runSet, runShow } from './statements/set-show.ts';
import { refusePinnedWrite } from './statements/as-of.ts';
import { refuseReadOnlyWrite } from './read-only.ts';
import { describeDetail, describeHistory } from './statements/history.ts';
import { runOptimize } from './statements/optimize.ts';
import { runRestore } from './statements/restore.ts';
import { runDeltaVacuum, runVacuumStmt } from './statements/vacuum.ts';
import { runCopy } from './statements/copy/copy.ts';
import { createTableAtLocation } from './statements/external-table.ts';
import { runComment } from './statements/comment.ts';

type Handler = (n: Ast, ctx: StatementContext) => Outcome | Promise<Outcome>;

const HANDLERS: Record<string, Handler> = {
  SelectStmt: (n, ctx) => (n.intoClause !== undefined ? selectInto(n, ctx) : runQuery({ SelectStmt: n }, ctx)),
  InsertStmt: runInsert,
  UpdateStmt: (n, ctx) => runModify('update', n, ctx),
  DeleteStmt: (n, ctx) => runModify('delete', n, ctx),
  MergeStmt: runMerge,
  CreateStmt: (n, ctx) => createTable(n, ctx),
  CreateTableLocationStmt: createTableAtLocation,
  CreateTableAsStmt: createTableAs,
  ViewStmt: createView,
  DropStmt: runDrop,
  CreateSchemaStmt: createSchema,
  CreatedbStmt: createDatabase,
  DropdbStmt: dropDatabase,
  AlterTableStmt: alterTable,
  RenameStmt: renameObject,
  TruncateStmt: runTruncate,
  VariableSetStmt: runSet,
  VariableShowStmt: runShow,
  ExplainStmt: runExplain,
  IndexStmt: createIndex,
  CommentStmt: runComment,
  // Indexes hold no data of their own yet: rebuilding one is a no-op that still checks nothing is amiss.
  ReindexStmt: () => commandOutcome('REINDEX'),
  VacuumStmt: runVacuumStmt,
  CopyStmt: runCopy,
  // Databricks' Delta statements (sql/databricks-statements.ts).
  DeltaDescribeHistoryStmt: (n, ctx) => describeHistory(n, ctx),
  DeltaDescribeDetailStmt: (n, ctx) => describeDetail(n, ctx),
  DeltaRestoreStmt: (n, ctx) => runRestore(n, ctx),
  DeltaOptimizeStmt: (n, ctx) => runOptimize(n, ctx),
  DeltaVacuumStmt: (n, ctx) => runDeltaVacuum(n, ctx),
};

/** SELECT … INTO t: CREATE TABLE t AS SELECT …. */
function selectInto(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const { intoClause, ...query } = n;
  return createTableAs({ query: { SelectStmt: query }, into: intoClause, objtype: 'OBJECT_TABLE' }, ctx);
}

const UNSUPPORTED: Record<string, string> = {
  CreateTrigStmt: 'triggers are not supported: Basin tables are Delta Lake tables without row triggers',
  RuleStmt: 'rules are not supported',
};

export async function dispatch(kind: string, n: Ast, ctx: StatementContext): Promise<Outcome> {
  const h = HANDLERS[kind];
  refuseReadOnlyWrite(kind, n, ctx.setting('transaction_read_only') === 'on');
  refusePinnedWrite(kind, n, ctx);
  if (h !== undefined) return h(n, ctx);
  const why = UNSUPPORTED[kind];
  const name = kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  throw new SqlError(SqlState.featureNotSupported, why ?? `${name} is not supported`);
}
