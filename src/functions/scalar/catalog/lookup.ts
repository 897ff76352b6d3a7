/** The catalog a catalog function reads: the statement's (SessionInfo.catalog). */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { CatalogLookup, EvalContext } from '../../../plan/index.ts';

export function catalogOf(ctx: EvalContext): CatalogLookup {
  const c = ctx.session.catalog;
  if (c === undefined) throw new SqlError(SqlState.internalError, 'catalog functions need a session catalog');
  return c;
}
