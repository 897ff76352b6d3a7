import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapLazyN } from '../kernel-helpers.ts';

/** pg_notify(channel, payload): NOTIFY from an expression (not strict: a NULL payload is empty, a NULL channel refused). */
export const pgNotify: ScalarFunction = {
  name: 'pg_notify',
  overloads: [{
    args: ['text', 'text'], returns: 'void', volatility: 'volatile', strict: false,
    kernel: mapLazyN('void', (row, ctx) => {
      if (ctx.session.notify === undefined) throw new SqlError(SqlState.featureNotSupported, 'pg_notify needs a session');
      ctx.session.notify(row[0] as string | null, row[1] as string | null);
      return '';
    }),
  }],
};
