import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapNullary, mapStrict1 } from '../kernel-helpers.ts';

/** A fresh value per row from the session's seeded generator. */
export const random: ScalarFunction = {
  name: 'random',
  overloads: [{ args: [], returns: 'float8', volatility: 'volatile', kernel: mapNullary('float8', (ctx) => ctx.session.random(), true) }],
};

export const setseed: ScalarFunction = {
  name: 'setseed',
  overloads: [{
    args: ['float8'], returns: 'void', volatility: 'volatile',
    kernel: mapStrict1('void', (seed: number, ctx) => {
      if (!(seed >= -1 && seed <= 1)) {
        throw new SqlError(SqlState.invalidParameterValue, `setseed parameter ${seed} is out of allowed range [-1,1]`);
      }
      ctx.session.setSeed(seed);
      return '';
    }),
  }],
};
