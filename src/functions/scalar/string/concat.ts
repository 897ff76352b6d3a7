/** concat and concat_ws: variadic "any", every argument printed by its type's output function, NULLs skipped. */
import type { ScalarFunction, ScalarKernel } from '../../../plan/index.ts';
import { getValue, textOut, T, type Vector } from '../../../common/index.ts';
import { textOptionsOf } from '../text-options.ts';

/** Text of v at row i, or null for NULL. */
function cellText(v: Vector, i: number, opts: ReturnType<typeof textOptionsOf>): string | null {
  const x = getValue(v, i);
  return x === null ? null : textOut(v.type, x, opts);
}

const concatKernel: ScalarKernel = (args, n, ctx) => {
  const opts = textOptionsOf(ctx);
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let s = '';
    for (const a of args) s += cellText(a, i, opts) ?? '';
    values[i] = s;
  }
  return { type: T.text, length: n, values, nulls: null };
};

/** concat_ws(sep, ...): NULL when sep is NULL; NULL arguments are skipped with their separator. */
const concatWsKernel: ScalarKernel = (args, n, ctx) => {
  const opts = textOptionsOf(ctx);
  const values = new Array<string>(n);
  let nulls: Uint8Array | null = null;
  const sepCol = args[0]!;
  for (let i = 0; i < n; i++) {
    const sep = cellText(sepCol, i, opts);
    if (sep === null) { (nulls ??= new Uint8Array(n))[i] = 1; values[i] = ''; continue; }
    const parts: string[] = [];
    for (let j = 1; j < args.length; j++) {
      const t = cellText(args[j]!, i, opts);
      if (t !== null) parts.push(t);
    }
    values[i] = parts.join(sep);
  }
  return { type: T.text, length: n, values, nulls };
};

export const concat: ScalarFunction = {
  name: 'concat',
  overloads: [{ args: ['any'], variadic: true, returns: 'text', strict: false, volatility: 'stable', kernel: concatKernel }],
};

export const concatWs: ScalarFunction = {
  name: 'concat_ws',
  overloads: [{ args: ['text', 'any'], variadic: true, returns: 'text', strict: false, volatility: 'stable', kernel: concatWsKernel }],
};
