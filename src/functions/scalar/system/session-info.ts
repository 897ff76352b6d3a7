/** Functions that report who and where the session is (PostgreSQL's "session information functions"). */
import type { ScalarFunction } from '../../../plan/index.ts';
import type { EvalContext } from '../../../plan/index.ts';
import { PgArray, type TypeId } from '../../../common/index.ts';
import { mapNullary, mapStrict1 } from '../kernel-helpers.ts';

const nullary = (name: string, returns: TypeId, f: (ctx: EvalContext) => unknown): ScalarFunction => ({
  name,
  overloads: [{ args: [], returns, volatility: 'stable', kernel: mapNullary(returns, f, false) }],
});

export const currentDatabase = nullary('current_database', 'name', (ctx) => ctx.session.database);
export const currentUser = nullary('current_user', 'name', (ctx) => ctx.session.user);
export const sessionUser = nullary('session_user', 'name', (ctx) => ctx.session.user);
export const user = nullary('user', 'name', (ctx) => ctx.session.user);
export const currentRole = nullary('current_role', 'name', (ctx) => ctx.session.user);
export const pgBackendPid = nullary('pg_backend_pid', 'int4', (ctx) => ctx.session.backendPid);

/** First schema of the search path; NULL when the path names no existing schema. */
export const currentSchema: ScalarFunction = {
  name: 'current_schema',
  overloads: [{
    args: [], returns: 'name', volatility: 'stable',
    kernel: (_args, n, ctx) => {
      const s = ctx.session.searchPath()[0];
      const values = new Array<unknown>(n).fill(s ?? '');
      return { type: { id: 'name', typmod: -1 }, length: n, values, nulls: s === undefined ? new Uint8Array(n).fill(1) : null };
    },
  }],
};

/** current_schemas(include_implicit): the search path's schemas, with pg_catalog first when asked. */
export const currentSchemas: ScalarFunction = {
  name: 'current_schemas',
  overloads: [{
    args: ['bool'], returns: '_name', volatility: 'stable',
    kernel: mapStrict1('_name', (implicit: boolean, ctx) => {
      const path = ctx.session.searchPath().filter((s) => s !== 'pg_catalog');
      return PgArray.of(implicit ? ['pg_catalog', ...path] : path);
    }),
  }],
};
