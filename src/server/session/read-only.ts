/**
 * Read-only transactions (BEGIN READ ONLY, SET TRANSACTION READ ONLY, default_transaction_read_only): every
 * statement that would write a table or the catalog fails with 25006, named as PostgreSQL names it
 * (`cannot execute INSERT in a read-only transaction`). SELECT, SHOW, SET, cursors, PREPARE, LISTEN/NOTIFY,
 * EXPLAIN without ANALYZE and ANALYZE still run, as in PostgreSQL.
 *
 * PostgreSQL checks DML in its executor, after parse analysis (so an INSERT into a missing table says 42P01
 * there), and utility statements before they run; Basin checks every statement before it runs.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { Ast } from '../../sql/index.ts';

/** How PostgreSQL names an object type in DROP and ALTER command tags. */
const OBJECT_NAMES: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'TABLE', OBJECT_VIEW: 'VIEW', OBJECT_INDEX: 'INDEX', OBJECT_SCHEMA: 'SCHEMA', OBJECT_DATABASE: 'DATABASE',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW', OBJECT_SEQUENCE: 'SEQUENCE', OBJECT_FUNCTION: 'FUNCTION', OBJECT_TYPE: 'TYPE',
  OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE', OBJECT_ROLE: 'ROLE', OBJECT_PROCEDURE: 'PROCEDURE', OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_EXTENSION: 'EXTENSION', OBJECT_TRIGGER: 'TRIGGER', OBJECT_POLICY: 'POLICY',
};
const object = (type: unknown): string => OBJECT_NAMES[type as string] ?? 'TABLE';

const LOCKS: Readonly<Record<string, string>> = {
  LCS_FORUPDATE: 'SELECT FOR UPDATE', LCS_FORNOKEYUPDATE: 'SELECT FOR NO KEY UPDATE', LCS_FORSHARE: 'SELECT FOR SHARE',
  LCS_FORKEYSHARE: 'SELECT FOR KEY SHARE',
};

/** A WITH clause holding INSERT, UPDATE, DELETE or MERGE. */
function modifyingWith(n: Ast): boolean {
  return (n.withClause?.ctes as Ast[] | undefined ?? []).some((c: Ast) => {
    const q = c.CommonTableExpr?.ctequery ?? {};
    return 'InsertStmt' in q || 'UpdateStmt' in q || 'DeleteStmt' in q || 'MergeStmt' in q;
  });
}

function selectCommand(n: Ast): string | undefined {
  if (n.intoClause !== undefined) return 'SELECT INTO';
  // Row locks of a SELECT over tables (SELECT 1 FOR UPDATE locks nothing and runs).
  const lock = (n.lockingClause as Ast[] | undefined)?.[0]?.LockingClause?.strength as string | undefined;
  if (lock !== undefined && (n.fromClause as Ast[] | undefined ?? []).length > 0) return LOCKS[lock];
  return modifyingWith(n) ? 'SELECT' : undefined;
}

const always = (name: string) => (): string => name;

/** The command a statement names in the 25006 error, by node kind; undefined: it writes nothing. */
const WRITES: Readonly<Record<string, (n: Ast) => string | undefined>> = {
  InsertStmt: always('INSERT'), UpdateStmt: always('UPDATE'), DeleteStmt: always('DELETE'), MergeStmt: always('MERGE'),
  SelectStmt: selectCommand,
  CreateStmt: always('CREATE TABLE'), CreateTableLocationStmt: always('CREATE TABLE'),
  CreateTableAsStmt: (n) => (n.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : n.is_select_into === true ? 'SELECT INTO' : 'CREATE TABLE AS'),
  ViewStmt: always('CREATE VIEW'), IndexStmt: always('CREATE INDEX'), CreateSchemaStmt: always('CREATE SCHEMA'),
  CreatedbStmt: always('CREATE DATABASE'), DropdbStmt: always('DROP DATABASE'),
  DropStmt: (n) => `DROP ${object(n.removeType)}`,
  AlterTableStmt: (n) => `ALTER ${object(n.objtype)}`,
  RenameStmt: (n) => {
    const t = n.renameType === 'OBJECT_COLUMN' || n.renameType === 'OBJECT_TABCONSTRAINT' ? n.relationType : n.renameType;
    return `ALTER ${object(t)}`;
  },
  TruncateStmt: always('TRUNCATE TABLE'), CommentStmt: always('COMMENT'),
  CopyStmt: (n) => (n.is_from === true ? 'COPY FROM' : undefined),
  ExplainStmt: (n) => {
    const analyze = (n.options as Ast[] | undefined ?? []).some((o: Ast) => o.DefElem?.defname === 'analyze' && defTrue(o.DefElem.arg));
    if (!analyze) return undefined;
    const [kind, inner] = Object.entries(n.query as Ast)[0] ?? [];
    return kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt' || kind === 'MergeStmt' || kind === 'SelectStmt'
      ? WRITES[kind]!(inner as Ast) : undefined;
  },
  GrantStmt: (n) => (n.is_grant === true ? 'GRANT' : 'REVOKE'), GrantRoleStmt: (n) => (n.is_grant === true ? 'GRANT ROLE' : 'REVOKE ROLE'),
  CreateRoleStmt: always('CREATE ROLE'), DropRoleStmt: always('DROP ROLE'), AlterRoleStmt: always('ALTER ROLE'),
  CreateFunctionStmt: (n) => (n.is_procedure === true ? 'CREATE PROCEDURE' : 'CREATE FUNCTION'),
  CreateSeqStmt: always('CREATE SEQUENCE'), AlterSeqStmt: always('ALTER SEQUENCE'),
  CompositeTypeStmt: always('CREATE TYPE'), CreateEnumStmt: always('CREATE TYPE'), CreateDomainStmt: always('CREATE DOMAIN'),
  CreateExtensionStmt: always('CREATE EXTENSION'), RefreshMatViewStmt: always('REFRESH MATERIALIZED VIEW'),
  // Databricks' Delta statements that commit to a table.
  DeltaRestoreStmt: always('RESTORE'), DeltaOptimizeStmt: always('OPTIMIZE'), DeltaVacuumStmt: always('VACUUM'),
};

function defTrue(arg: Ast | undefined): boolean {
  if (arg === undefined) return true;
  const c = arg.A_Const ?? {};
  if (c.boolval !== undefined) return c.boolval.boolval === true;
  if (c.ival !== undefined) return (c.ival.ival ?? 0) !== 0;
  const s = String(c.sval?.sval ?? arg.String?.sval ?? '').toLowerCase();
  return !['off', 'false', 'no', '0'].includes(s);
}

/** 25006 for a statement that writes, when the transaction is read-only. */
export function refuseReadOnlyWrite(kind: string, n: Ast, readOnly: boolean): void {
  if (!readOnly) return;
  const what = WRITES[kind]?.(n);
  if (what !== undefined) throw new SqlError(SqlState.readOnlySqlTransaction, `cannot execute ${what} in a read-only transaction`);
}
