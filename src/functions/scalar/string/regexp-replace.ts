import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { compileRegex } from './regex.ts';

/** Expand PostgreSQL's replacement escapes: \1..\9 groups, \& the match, \\ a backslash; others stay as-is. */
function expand(repl: string, groups: readonly (string | undefined)[]): string {
  if (!repl.includes('\\')) return repl;
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c !== '\\' || i + 1 >= repl.length) { out += c; continue; }
    const d = repl[i + 1]!;
    if (d >= '1' && d <= '9') { out += groups[d.charCodeAt(0) - 48] ?? ''; i++; }
    else if (d === '&') { out += groups[0] ?? ''; i++; }
    else if (d === '\\') { out += '\\'; i++; }
    else out += c;
  }
  return out;
}

function regexpReplace(s: string, pattern: string, repl: string, flags: string): string {
  const { re } = compileRegex(pattern, flags);
  re.lastIndex = 0;
  return s.replace(re, (...m: unknown[]) => {
    // replace() passes (match, g1..gk, offset, string[, groups]); keep only the match and groups.
    const end = m.findIndex((x) => typeof x === 'number');
    return expand(repl, m.slice(0, end) as (string | undefined)[]);
  });
}

export const regexpReplaceFn: ScalarFunction = {
  name: 'regexp_replace',
  overloads: [
    { args: ['text', 'text', 'text'], returns: 'text', kernel: mapStrictN('text', (r) => regexpReplace(r[0] as string, r[1] as string, r[2] as string, '')) },
    { args: ['text', 'text', 'text', 'text'], returns: 'text', kernel: mapStrictN('text', (r) => regexpReplace(r[0] as string, r[1] as string, r[2] as string, r[3] as string)) },
  ],
};
