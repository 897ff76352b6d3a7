import { PgArray, SqlError, SqlState, sqlType } from '../../../common/index.ts';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';

const TEXT_ARRAY = sqlType('_text');
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && (/[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80);
const isIdentCont = (c: string | undefined): boolean => isIdentStart(c) || (c !== undefined && /[0-9$]/.test(c));

/**
 * parse_ident: a qualified identifier split into its names, as PostgreSQL's scanner reads them (unquoted names
 * lower-cased, quoted ones kept, `""` an escaped quote). With strict (the default) text after the last name is
 * an error; otherwise the names read so far are returned.
 */
export function parseIdent(s: string, strict: boolean): string[] {
  const invalid = (detail?: string) =>
    new SqlError(SqlState.invalidParameterValue, `string is not a valid identifier: "${s}"`, detail === undefined ? {} : { detail });
  const out: string[] = [];
  let i = 0, afterDot = false;
  while (isSpace(s[i])) i++;
  for (;;) {
    let missing = true;
    if (s[i] === '"') {
      let name = '';
      i++;
      for (;;) {
        const end = s.indexOf('"', i);
        if (end < 0) throw invalid('String has unclosed double quotes.');
        name += s.slice(i, end);
        i = end + 1;
        if (s[i] !== '"') break;
        name += '"';
        i++;
      }
      if (name === '') throw invalid('Quoted identifier must not be empty.');
      out.push(name);
      missing = false;
    } else if (isIdentStart(s[i])) {
      const start = i++;
      while (isIdentCont(s[i])) i++;
      out.push(s.slice(start, i).replace(/[A-Z]+/g, (m) => m.toLowerCase()));
      missing = false;
    }
    if (missing) {
      if (s[i] === '.') throw invalid('No valid identifier before ".".');
      throw invalid(afterDot ? 'No valid identifier after ".".' : undefined);
    }
    while (isSpace(s[i])) i++;
    if (s[i] === '.') {
      afterDot = true;
      i++;
      while (isSpace(s[i])) i++;
    } else if (i >= s.length) {
      break;
    } else {
      if (strict) throw invalid();
      break;
    }
  }
  return out;
}

export const parseIdentFn: ScalarFunction = {
  name: 'parse_ident',
  overloads: [
    { args: ['text'], returns: () => TEXT_ARRAY, kernel: mapStrictN(TEXT_ARRAY, ([s]) => PgArray.of(parseIdent(s as string, true))) },
    {
      args: ['text', 'bool'], returns: () => TEXT_ARRAY,
      kernel: mapStrictN(TEXT_ARRAY, ([s, strict]) => PgArray.of(parseIdent(s as string, strict as boolean))),
    },
  ],
};
