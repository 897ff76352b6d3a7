import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict1, mapStrict2, mapStrictN } from '../kernel-helpers.ts';
import type { EvalContext } from '../../../plan/index.ts';

function lookup(name: string, missingOk: boolean, ctx: EvalContext): string | null {
  const v = ctx.session.setting(name);
  if (v !== undefined) return v;
  if (missingOk) return null;
  throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
}

/** current_setting(name [, missing_ok]): SHOW's value as text; missing_ok turns an unknown name into NULL. */
export const currentSetting: ScalarFunction = {
  name: 'current_setting',
  overloads: [
    { args: ['text'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (s: string, ctx) => lookup(s, false, ctx)) },
    { args: ['text', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (s: string, ok: boolean, ctx) => lookup(s, ok, ctx)) },
  ],
};

/** set_config(name, value, is_local): SET or SET LOCAL from an expression; the new value as SHOW shows it. */
export const setConfig: ScalarFunction = {
  name: 'set_config',
  overloads: [{
    args: ['text', 'text', 'bool'], returns: 'text', volatility: 'volatile',
    kernel: mapStrictN('text', (row, ctx) => {
      if (ctx.session.setConfig === undefined) throw new SqlError(SqlState.featureNotSupported, 'set_config needs a session');
      return ctx.session.setConfig(row[0] as string, row[1] as string, row[2] as boolean);
    }),
  }],
};
