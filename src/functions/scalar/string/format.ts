/**
 * format(fmt, VARIADIC "any"): %s (text, NULL as ''), %I (identifier), %L (literal, NULL as NULL), %% ; with
 * argument positions (%2$s), the '-' flag and widths (%10s, %*s, %*2$s), as PostgreSQL's text_format.
 */
import type { ScalarFunction, ScalarKernel } from '../../../plan/index.ts';
import { getValue, SqlError, SqlState, textOut, T, type TextOptions, type Vector } from '../../../common/index.ts';
import { textOptionsOf } from '../text-options.ts';
import { quoteIdent, quoteLiteral } from './quote.ts';
import { charLength } from './chars.ts';

const HINT = { hint: 'For a single "%" use "%%".' };
const bad = (msg: string, hint = false): SqlError => new SqlError(SqlState.invalidParameterValue, msg, hint ? HINT : {});

type Arg = { text: string | null; isInt: boolean; num: number | null };

function formatOne(fmt: string, args: readonly Arg[]): string {
  let out = '';
  let next = 0; // index of the next implicit argument
  let i = 0;
  const readNum = (): number | null => {
    let j = i;
    while (j < fmt.length && fmt[j]! >= '0' && fmt[j]! <= '9') j++;
    if (j === i) return null;
    const v = Number(fmt.slice(i, j));
    i = j;
    return v;
  };
  const argAt = (k: number): Arg => {
    if (k >= args.length) throw bad('too few arguments for format()');
    return args[k]!;
  };
  while (i < fmt.length) {
    const c = fmt[i++]!;
    if (c !== '%') { out += c; continue; }
    if (i >= fmt.length) throw bad('unterminated format() type specifier', true);
    if (fmt[i] === '%') { out += '%'; i++; continue; }
    // [argpos$] [flags] [width] type
    let argpos: number | null = null;
    const save = i;
    const n = readNum();
    if (n !== null && fmt[i] === '$') {
      if (n === 0) throw bad('format specifies argument 0, but arguments are numbered from 1');
      argpos = n - 1;
      i++;
    } else {
      i = save;
    }
    let left = false;
    while (fmt[i] === '-') { left = true; i++; }
    let width = 0;
    if (fmt[i] === '*') {
      i++;
      const save2 = i;
      const wn = readNum();
      let wArg: Arg;
      if (wn !== null && fmt[i] === '$') {
        if (wn === 0) throw bad('format specifies argument 0, but arguments are numbered from 1');
        i++;
        wArg = argAt(wn - 1);
        next = wn;
      } else {
        i = save2;
        wArg = argAt(next++);
      }
      if (wArg.text !== null) {
        if (!wArg.isInt) throw bad('width argument must be an integer'); // PostgreSQL casts; close enough
        const w = wArg.num!;
        if (w < 0) { left = true; width = -w; } else width = w;
      }
    } else {
      width = readNum() ?? 0;
    }
    if (i >= fmt.length) throw bad('unterminated format() type specifier', true);
    const type = fmt[i++]!;
    if (type !== 's' && type !== 'I' && type !== 'L') throw bad(`unrecognized format() type specifier "${type}"`, true);
    const a = argAt(argpos ?? next);
    next = (argpos ?? next) + 1;
    let s: string;
    if (type === 's') s = a.text ?? '';
    else if (type === 'I') {
      if (a.text === null) throw new SqlError(SqlState.nullValueNotAllowed, 'null values cannot be formatted as an SQL identifier');
      s = quoteIdent(a.text);
    } else s = a.text === null ? 'NULL' : quoteLiteral(a.text);
    const len = charLength(s);
    if (width > len) s = left ? s + ' '.repeat(width - len) : ' '.repeat(width - len) + s;
    out += s;
  }
  return out;
}

function argOf(v: Vector, i: number, opts: TextOptions): Arg {
  const x = getValue(v, i);
  if (x === null) return { text: null, isInt: false, num: null };
  const isInt = v.type.id === 'int2' || v.type.id === 'int4' || v.type.id === 'int8';
  return { text: textOut(v.type, x, opts), isInt, num: isInt ? Number(x) : null };
}

const formatKernel: ScalarKernel = (args, n, ctx) => {
  const opts = textOptionsOf(ctx);
  const values = new Array<string>(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const fmt = getValue(args[0]!, i) as string | null;
    if (fmt === null) { (nulls ??= new Uint8Array(n))[i] = 1; values[i] = ''; continue; }
    const rest: Arg[] = [];
    for (let j = 1; j < args.length; j++) rest.push(argOf(args[j]!, i, opts));
    values[i] = formatOne(fmt, rest);
  }
  return { type: T.text, length: n, values, nulls };
};

export const format: ScalarFunction = {
  name: 'format',
  overloads: [
    { args: ['text'], returns: 'text', strict: false, volatility: 'stable', kernel: formatKernel },
    { args: ['text', 'any'], variadic: true, returns: 'text', strict: false, volatility: 'stable', kernel: formatKernel },
  ],
};
