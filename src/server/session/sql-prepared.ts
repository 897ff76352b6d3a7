/**
 * SQL PREPARE / EXECUTE / DEALLOCATE over the connection's statement namespace, which protocol Parse and Close
 * share (wire/statement-names.ts): EXECUTE runs a statement that Parse prepared too, DEALLOCATE ALL drops
 * those as well, and pg_prepared_statements lists both kinds.
 */
import { formatType, getValue, SqlError, SqlState, typeInfo, TYPES, type SqlType } from '../../common/index.ts';
import type { PreparedStatementInfo } from '../../catalog/index.ts';
import { BinderState, resolveTypeName, type Ast, type ParsedStatement } from '../../sql/index.ts';
import type { PreparedStatement, PreparedStatements } from '../../wire/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from './statement-context.ts';
import { runQuery } from './statements/query.ts';

/** A prepared statement as the session keeps it (what Parse and PREPARE make). */
export interface Prepared extends PreparedStatement {
  readonly stmt: ParsedStatement | undefined;
  /** The query string the statement's AST locations point into (and pg_prepared_statements shows). */
  readonly sql: string;
  readonly declaredTypes: readonly (SqlType | undefined)[];
  readonly fromSql: boolean;
  /** µs since the epoch. */
  readonly prepareTime: number;
}

/** PREPARE's parameter types, `PREPARE p (int, text)`. */
export function prepareParamTypes(n: Ast, ctx: StatementContext): SqlType[] {
  const state = new BinderState(ctx.bindContext, ctx.sql, [], true);
  return ((n.argtypes ?? []) as Ast[]).map((t) => resolveTypeName(t.TypeName, state));
}

/** The statement inside PREPARE, as a statement of the same query string. */
export const innerStatement = (outer: ParsedStatement, node: Ast): ParsedStatement => ({ ...outer, node });

export function lookupPrepared(statements: PreparedStatements, name: string): Prepared {
  const p = statements.get(name);
  if (p === undefined) throw new SqlError(SqlState.invalidSqlStatementName, `prepared statement "${name}" does not exist`);
  return p as Prepared;
}

/**
 * EXECUTE's arguments as parameter values: each expression cast to its parameter's type and evaluated, as
 * one SELECT of the EXECUTE's own query string (so errors point into it).
 */
export async function executeParams(name: string, p: Prepared, n: Ast, ctx: StatementContext): Promise<unknown[]> {
  const args = (n.params ?? []) as Ast[];
  if (args.length !== p.paramTypes.length) {
    throw new SqlError(SqlState.syntaxError, `wrong number of parameters for prepared statement "${name}"`,
      { detail: `Expected ${p.paramTypes.length} parameters but got ${args.length}.` });
  }
  if (args.length === 0) return [];
  const targetList = args.map((arg, i) => ({
    ResTarget: { val: { TypeCast: { arg, typeName: typeNameOf(p.paramTypes[i]!), location: -1 } }, location: -1 },
  }));
  const out = await runQuery({ SelectStmt: { targetList, limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } }, ctx);
  for await (const b of out.rows!) {
    if (b.length > 0) return b.columns.map((c) => getValue(c, 0));
  }
  throw new SqlError(SqlState.internalError, 'EXECUTE parameters gave no row');
}

/** A TypeName AST naming the type by its pg_type name (`pg_catalog._int4` for int[]). */
function typeNameOf(t: SqlType): Ast {
  const names = ['pg_catalog', typeInfo(t).pgName].map((sval) => ({ String: { sval } }));
  return { names, typemod: -1, location: -1 };
}

/** DEALLOCATE name | ALL. */
export function deallocate(statements: PreparedStatements, n: Ast): Outcome {
  if (n.isall === true) {
    statements.clear();
    return commandOutcome('DEALLOCATE ALL');
  }
  const name: string = n.name;
  if (!statements.delete(name)) lookupPrepared(statements, name); // throws 26000
  return commandOutcome('DEALLOCATE');
}

/** What pg_prepared_statements shows. */
export function listPrepared(statements: PreparedStatements): PreparedStatementInfo[] {
  return [...statements.entries()].map(([name, s]) => {
    const p = s as Prepared;
    return {
      name, statement: p.sql, prepareTime: p.prepareTime, parameterTypes: p.paramTypes.map((t) => TYPES[t.id].oid),
      fromSql: p.fromSql,
    };
  });
}
