/**
 * COPY: FROM (copy-from.ts) or TO (copy-to.ts), a file or the client (STDIN/STDOUT through the protocol's
 * COPY sub-protocol). PROGRAM is refused in both directions: Basin does not run programs on the server.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import type { Ast } from '../../../../sql/index.ts';
import type { Outcome, StatementContext } from '../../statement-context.ts';
import { runCopyFrom } from './copy-from.ts';
import { runCopyTo } from './copy-to.ts';

export function runCopy(n: Ast, ctx: StatementContext): Promise<Outcome> {
  if (n.is_program === true) {
    const dir = n.is_from === true ? 'FROM' : 'TO';
    throw new SqlError(SqlState.featureNotSupported, `COPY ${dir} PROGRAM is not supported`, {
      hint: `Basin does not run programs on the server; COPY ${dir} a file, a URL or ${dir === 'FROM' ? 'STDIN' : 'STDOUT'} instead.`,
    });
  }
  return n.is_from === true ? runCopyFrom(n, ctx) : runCopyTo(n, ctx);
}
