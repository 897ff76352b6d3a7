import type { EvalContext } from '../../plan/index.ts';
import { textOptionsFrom, type TextOptions } from '../../common/index.ts';

/** The output-function options of the session (concat, format and to_char print values as text). */
export function textOptionsOf(ctx: EvalContext): TextOptions {
  return { ...textOptionsFrom((n) => ctx.session.setting(n)), timeZone: ctx.timeZone };
}
