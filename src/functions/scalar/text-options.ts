import type { EvalContext } from '../../plan/index.ts';
import type { TextOptions } from '../../common/index.ts';

/** The output-function options of the session (concat, format and to_char print values as text). */
export function textOptionsOf(ctx: EvalContext): TextOptions {
  const efd = Number(ctx.session.setting('extra_float_digits') ?? '1');
  const ds = ctx.session.setting('DateStyle') ?? 'ISO, MDY';
  return {
    timeZone: ctx.timeZone,
    extraFloatDigits: Number.isFinite(efd) ? efd : 1,
    dateOrder: /DMY/.test(ds) ? 'DMY' : /YMD/.test(ds) ? 'YMD' : 'MDY',
  };
}
