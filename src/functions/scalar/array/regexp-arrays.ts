/**
 * The regular-expression functions that return arrays or rows: regexp_match, regexp_split_to_array (scalar),
 * and the set-returning regexp_matches, regexp_split_to_table, string_to_table. A match's array holds the
 * capture groups (NULL for a group that did not take part), or the whole match when there are none.
 */
import { PgArray, SqlError, SqlState, sqlType } from '../../../common/index.ts';
import type { ScalarFunction, ScalarOverload, SetReturningFunction, SetReturningOverload } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { compileRegex } from '../string/regex.ts';
import { splitToArray } from './array-functions.ts';

const TEXT_ARRAY = sqlType('_text');

function matchArray(m: RegExpExecArray): PgArray {
  return PgArray.of(m.length === 1 ? [m[0]] : m.slice(1).map((g) => g ?? null));
}

/** Every match (with 'g') or the first, as group arrays. */
function* matches(s: string, pattern: string, flags: string): Generator<PgArray> {
  const { re, global } = compileRegex(pattern, flags);
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    yield matchArray(m);
    if (!global) return;
    if (m[0] === '') g.lastIndex++;
  }
}

/**
 * regexp_split: the pieces between matches. Zero-length matches at the start or end of the string, or right
 * after the previous match, split nothing (PostgreSQL's rule).
 */
export function regexpSplit(s: string, pattern: string, flags: string): string[] {
  const { re } = compileRegex(pattern, flags.replace('g', ''));
  const g = new RegExp(re.source, `${re.flags}g`);
  const out: string[] = [];
  let start = 0, prevEnd = -1;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    const at = m.index, len = m[0].length;
    if (len === 0) {
      if (at >= s.length) break;
      g.lastIndex = at + 1;
      if (at === 0 || at === prevEnd) continue;
    }
    out.push(s.slice(start, at));
    start = at + len;
    prevEnd = start;
  }
  out.push(s.slice(start));
  return out;
}

const noGlobal = (fn: string) => new SqlError(SqlState.invalidParameterValue, `${fn}() does not support the "global" option`, {
  hint: fn === 'regexp_match' ? 'Use the regexp_matches function instead.' : 'Use the regexp_split_to_table function instead.',
});

function withFlags(fn: string, returns: ScalarOverload['returns'], f: (s: string, p: string, flags: string) => unknown): ScalarOverload[] {
  return [2, 3].map((k) => ({
    args: k === 3 ? ['text', 'text', 'text'] : ['text', 'text'], returns,
    kernel: mapStrictN(TEXT_ARRAY, ([s, p, flags]) => {
      const fl = (flags ?? '') as string;
      if (fl.includes('g') && fn !== 'regexp_matches') throw noGlobal(fn);
      return f(s as string, p as string, fl);
    }),
  }));
}

export const regexpMatch: ScalarFunction = {
  name: 'regexp_match',
  overloads: withFlags('regexp_match', () => TEXT_ARRAY, (s, p, fl) => matches(s, p, fl).next().value ?? null),
};

export const regexpSplitToArray: ScalarFunction = {
  name: 'regexp_split_to_array',
  overloads: withFlags('regexp_split_to_array', () => TEXT_ARRAY, (s, p, fl) => PgArray.of(regexpSplit(s, p, fl))),
};

const textColumn = (name: string, type = sqlType('text')) => () => [{ name, type }];

function srfWithFlags(name: string, type: ReturnType<typeof sqlType>, rows: (s: string, p: string, flags: string) => Iterable<unknown>): SetReturningOverload[] {
  return [2, 3].map((k) => ({
    args: k === 3 ? ['text', 'text', 'text'] : ['text', 'text'],
    columns: textColumn(name, type),
    *rows(args) {
      const fl = (args[2] ?? '') as string;
      if (fl.includes('g') && name !== 'regexp_matches') throw noGlobal(name);
      for (const x of rows(args[0] as string, args[1] as string, fl)) yield [x];
    },
  }));
}

export const regexpMatches: SetReturningFunction = {
  name: 'regexp_matches',
  overloads: srfWithFlags('regexp_matches', TEXT_ARRAY, matches),
};

export const regexpSplitToTable: SetReturningFunction = {
  name: 'regexp_split_to_table',
  overloads: srfWithFlags('regexp_split_to_table', sqlType('text'), regexpSplit),
};

export const stringToTable: SetReturningFunction = {
  name: 'string_to_table',
  overloads: [2, 3].map((k): SetReturningOverload => ({
    args: k === 3 ? ['text', 'text', 'text'] : ['text', 'text'], strict: false,
    columns: textColumn('string_to_table'),
    *rows(args) {
      if (args[0] === null) return;
      for (const x of splitToArray(args[0] as string, args[1] as string | null, (args[2] ?? null) as string | null)) yield [x];
    },
  })),
};
