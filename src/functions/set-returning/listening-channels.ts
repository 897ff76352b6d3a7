/** pg_listening_channels(): the channels the session LISTENs on (committed LISTENs only, as in PostgreSQL). */
import { T } from '../../common/index.ts';
import type { SetReturningFunction } from '../../plan/index.ts';

export const PG_LISTENING_CHANNELS: SetReturningFunction = {
  name: 'pg_listening_channels',
  overloads: [{
    args: [],
    volatility: 'volatile',
    columns: () => [{ name: 'pg_listening_channels', type: T.text }],
    *rows(_args, _types, ctx) {
      for (const c of ctx.session.listeningChannels?.() ?? []) yield [c];
    },
  }],
};
