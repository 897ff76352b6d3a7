/**
 * LIKE / ILIKE: a pattern is compiled once into an anchored RegExp (`%` → any run, `_` → one character,
 * the escape character makes the next character literal) and cached by (pattern, escape, case) so a column of
 * few distinct patterns compiles few RegExps.
 */
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import type { SqlType } from '../common/index.ts';
import type { Vector } from '../common/index.ts';

const CACHE = new Map<string, RegExp>();
const SYNTAX = /[\\^$.*+?()[\]{}|/]/;

/** Compile a LIKE pattern. `escape` null means the default backslash; '' means no escape character. */
export function compileLike(pattern: string, escape: string | null, caseInsensitive: boolean): RegExp {
  const esc = escape ?? '\\';
  const key = `${caseInsensitive ? 'i' : 'c'}${esc.length}${esc}${pattern}`;
  let re = CACHE.get(key);
  if (re !== undefined) return re;
  if ([...esc].length > 1) {
    throw new SqlError(SqlState.invalidEscapeCharacter, 'invalid escape string', {
      hint: 'Escape string must be empty or one character.',
    });
  }
  let src = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (esc !== '' && c === esc) {
      const next = chars[++i];
      if (next === undefined) {
        throw new SqlError(SqlState.invalidEscapeSequence, 'LIKE pattern must not end with escape character');
      }
      src += SYNTAX.test(next) ? `\\${next}` : next;
    } else if (c === '%') {
      src += '.*';
    } else if (c === '_') {
      src += '.';
    } else {
      src += SYNTAX.test(c) ? `\\${c}` : c;
    }
  }
  src += '$';
  re = new RegExp(src, caseInsensitive ? 'isu' : 'su');
  if (CACHE.size > 4096) CACHE.clear();
  CACHE.set(key, re);
  return re;
}

/**
 * `arg [NOT] [I]LIKE pattern [ESCAPE escape]` row by row. `pattern` and `escape` are columns (constants arrive as
 * constant columns; the cache makes them compile once).
 */
export function likeVectors(arg: Vector, pattern: Vector, escape: Vector | null, caseInsensitive: boolean,
  negate: boolean, type: SqlType): Vector {
  const n = arg.length;
  const out = new Uint8Array(n);
  let nulls: Uint8Array | null = null;
  const a = arg.values as string[], p = pattern.values as string[];
  const e = escape === null ? null : (escape.values as string[]);
  let lastPat: string | undefined, lastEsc: string | null | undefined, re: RegExp | undefined;
  for (let i = 0; i < n; i++) {
    if ((arg.nulls !== null && arg.nulls[i] === 1) || (pattern.nulls !== null && pattern.nulls[i] === 1)
      || (escape !== null && escape.nulls !== null && escape.nulls[i] === 1)) {
      (nulls ??= new Uint8Array(n))[i] = 1;
      continue;
    }
    const pat = p[i]!, es = e === null ? null : e[i]!;
    if (re === undefined || pat !== lastPat || es !== lastEsc) {
      re = compileLike(pat, es, caseInsensitive);
      lastPat = pat;
      lastEsc = es;
    }
    out[i] = re.test(a[i]!) !== negate ? 1 : 0;
  }
  return { type, length: n, values: out, nulls };
}
