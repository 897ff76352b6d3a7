/**
 * PostgreSQL regular expressions (ARE) on top of JS RegExp. The common syntax is shared; this translates the
 * differences that queries use: `.` matches newline unless the n flag is given, `\m \M \y` word boundaries,
 * `[[:class:]]` brackets, and the flag letters. Compiled patterns are cached since patterns are nearly always
 * constants.
 */
import { SqlError, SqlState } from '../../../common/index.ts';

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '0-9', alnum: '\\p{L}\\p{Nd}', upper: '\\p{Lu}', lower: '\\p{Ll}', space: '\\s',
  punct: '\\p{P}\\p{S}', xdigit: '0-9A-Fa-f', word: '\\w', blank: ' \\t', cntrl: '\\p{Cc}', print: '\\P{Cc}',
  graph: '\\p{L}\\p{N}\\p{P}\\p{S}',
};

function translate(pattern: string, expanded: boolean): string {
  let p = pattern.replace(/\[:([a-z]+):\]/g, (m, name: string) => CLASSES[name] ?? m);
  p = p.replace(/\\[mMy]/g, '\\b').replace(/\\Y/g, '\\B');
  if (expanded) p = p.replace(/\\#/g, '\u0000').replace(/#[^\n]*/g, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  return p;
}

export interface PgRegex {
  readonly re: RegExp;
  readonly global: boolean;
}

const cache = new Map<string, PgRegex>();

export function compileRegex(pattern: string, flags: string): PgRegex {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let global = false;
  let icase = false;
  let newline = false;
  let expanded = false;
  let literal = false;
  for (const f of flags) {
    switch (f) {
      case 'g': global = true; break;
      case 'i': icase = true; break;
      case 'c': icase = false; break;
      case 'n': case 'm': newline = true; break;
      case 's': newline = false; break;
      case 'x': expanded = true; break;
      case 'q': literal = true; break;
      case 'b': case 'e': case 'p': case 'w': case 't': break;
      default:
        throw new SqlError(SqlState.invalidParameterValue, `invalid regular expression option: "${f}"`);
    }
  }
  const src = literal ? pattern.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') : translate(pattern, expanded);
  const jsFlags = `${global ? 'g' : ''}${icase ? 'i' : ''}${newline ? 'm' : 's'}`;
  let re: RegExp;
  try {
    re = new RegExp(src, `${jsFlags}u`);
  } catch {
    try {
      re = new RegExp(src, jsFlags);
    } catch (e) {
      throw new SqlError(SqlState.invalidRegularExpression, `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }
  const out = { re, global };
  if (cache.size > 256) cache.clear();
  cache.set(key, out);
  return out;
}
