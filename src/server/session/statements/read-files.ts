/**
 * The server's side of `read_parquet(…)` (CatalogReader.readFiles): evaluate the constant arguments to file
 * names (a text, or a text[] of them), list and open the files, and describe them as a table to scan. As
 * with COPY FROM a file, PostgreSQL would allow this to superusers only; Basin's one role is a superuser.
 */
import { getValue, SqlError, SqlState, T, type PgArray, type SqlType } from '../../../common/index.ts';
import { evalExpr } from '../../../exec/index.ts';
import type { Expr, TableRef } from '../../../plan/index.ts';
import { coerce } from '../../../sql/index.ts';
import { parquetFileSet } from '../../../storage/index.ts';
import type { StatementContext } from '../statement-context.ts';

const TEXT_ARRAY: SqlType = { id: '_text', typmod: -1 };

/** The file names an argument stands for. */
function names(e: Expr, ctx: StatementContext): string[] {
  const isArray = e.type.id.startsWith('_');
  const typed = coerce(e, isArray ? TEXT_ARRAY : T.text, 'explicit', ctx.paramTypes);
  const v = getValue(evalExpr(typed, { columns: [], length: 1 }, ctx.execContext()), 0);
  if (v === null) throw new SqlError(SqlState.nullValueNotAllowed, 'read_parquet needs a file name, not NULL');
  if (!isArray) return [String(v)];
  const items = (v as PgArray).items;
  if (items.some((x) => x === null)) throw new SqlError(SqlState.nullValueNotAllowed, 'read_parquet needs file names, not NULLs');
  return items.map(String);
}

/** `format` is 'parquet' for now: the one reader there is. */
export async function readFiles(ctx: StatementContext, _format: 'parquet', args: () => readonly Expr[]): Promise<TableRef> {
  const bound = args();
  if (bound.length !== 1) {
    throw new SqlError(SqlState.undefinedFunction, `function read_parquet with ${bound.length} arguments does not exist`, {
      hint: 'read_parquet takes one argument: a file name, a glob, a directory, or an array of them.',
    });
  }
  const set = await parquetFileSet(names(bound[0]!, ctx));
  return { oid: 0, schemaName: '', name: 'read_parquet', location: set.location, columns: set.columns, snapshot: set.snapshot };
}
