/**
 * LIKE / ILIKE: a pattern is compiled once into a matcher and cached by (pattern, escape, case) so a column of
 * few distinct patterns compiles few matchers. A case-sensitive pattern without `_` is literal runs between
 * `%`s and matches by string search (equality, startsWith, endsWith, includes, or the runs found in order);
 * anything else becomes an anchored RegExp (`%` → any run, `_` → one character, the escape character makes
 * the next character literal). An anchored `^.*a.*b.*$` backtracks on long strings; the search does not.
 */
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import type { SqlType } from '../common/index.ts';
import type { Vector } from '../common/index.ts';

/** A compiled LIKE pattern: does the whole string match? */
export interface LikeMatcher {
  test(s: string): boolean;
}

class Equals implements LikeMatcher {
  constructor(private readonly lit: string) {}
  test(s: string): boolean { return s === this.lit; }
}

class StartsWith implements LikeMatcher {
  constructor(private readonly lit: string) {}
  test(s: string): boolean { return s.startsWith(this.lit); }
}

class EndsWith implements LikeMatcher {
  constructor(private readonly lit: string) {}
  test(s: string): boolean { return s.endsWith(this.lit); }
}

class Contains implements LikeMatcher {
  constructor(private readonly lit: string) {}
  test(s: string): boolean { return s.includes(this.lit); }
}

/** `head%m1%m2%…%tail`: head at the start, tail at the end, the middle runs in order between them, none overlapping. */
class Runs implements LikeMatcher {
  private readonly minLength: number;

  constructor(private readonly head: string, private readonly middle: readonly string[], private readonly tail: string) {
    this.minLength = head.length + tail.length + middle.reduce((n, m) => n + m.length, 0);
  }

  test(s: string): boolean {
    if (s.length < this.minLength || !s.startsWith(this.head) || !s.endsWith(this.tail)) return false;
    const end = s.length - this.tail.length;
    let pos = this.head.length;
    for (const m of this.middle) {
      const at = s.indexOf(m, pos);
      if (at < 0 || at + m.length > end) return false;
      pos = at + m.length;
    }
    return true;
  }
}

/** The matcher for literal runs separated by `%` (runs.length ≥ 1; one run means no `%`). */
function searchMatcher(runs: readonly string[]): LikeMatcher {
  if (runs.length === 1) return new Equals(runs[0]!);
  const head = runs[0]!, tail = runs[runs.length - 1]!;
  const middle = runs.slice(1, -1).filter((r) => r !== '');
  if (middle.length === 0) {
    if (tail === '') return new StartsWith(head); // 'a%', and '%' itself (startsWith('') is always true)
    if (head === '') return new EndsWith(tail);
  }
  if (middle.length === 1 && head === '' && tail === '') return new Contains(middle[0]!);
  return new Runs(head, middle, tail);
}

const CACHE = new Map<string, LikeMatcher>();
const SYNTAX = /[\\^$.*+?()[\]{}|/]/;

/** Compile a LIKE pattern. `escape` null means the default backslash; '' means no escape character. */
export function compileLike(pattern: string, escape: string | null, caseInsensitive: boolean): LikeMatcher {
  const esc = escape ?? '\\';
  const key = `${caseInsensitive ? 'i' : 'c'}${esc.length}${esc}${pattern}`;
  let matcher = CACHE.get(key);
  if (matcher !== undefined) return matcher;
  if ([...esc].length > 1) {
    throw new SqlError(SqlState.invalidEscapeCharacter, 'invalid escape string', {
      hint: 'Escape string must be empty or one character.',
    });
  }
  let src = '^';
  const runs = [''];
  let searchable = !caseInsensitive;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (esc !== '' && c === esc) {
      const next = chars[++i];
      if (next === undefined) {
        throw new SqlError(SqlState.invalidEscapeSequence, 'LIKE pattern must not end with escape character');
      }
      src += SYNTAX.test(next) ? `\\${next}` : next;
      runs[runs.length - 1] += next;
    } else if (c === '%') {
      src += '.*';
      runs.push('');
    } else if (c === '_') {
      src += '.';
      searchable = false;
    } else {
      src += SYNTAX.test(c) ? `\\${c}` : c;
      runs[runs.length - 1] += c;
    }
  }
  src += '$';
  matcher = searchable ? searchMatcher(runs) : new RegExp(src, caseInsensitive ? 'isu' : 'su');
  if (CACHE.size > 4096) CACHE.clear();
  CACHE.set(key, matcher);
  return matcher;
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
  let lastPat: string | undefined, lastEsc: string | null | undefined, re: LikeMatcher | undefined;
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
