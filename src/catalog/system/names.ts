/**
 * Object names as regclass and friends read them: dot-separated identifiers, each folded to lower case unless
 * double-quoted (`public."My Table"`), and how an identifier is written back (quoted only when it must be).
 */
import { SqlError, SqlState } from '../../common/index.ts';

export function parseQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  for (;;) {
    let part = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new SqlError(SqlState.invalidName, 'invalid name syntax');
        if (s[i] === '"') {
          if (s[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += s[i++];
      }
    } else {
      const start = i;
      while (i < s.length && s[i] !== '.') i++;
      part = s.slice(start, i).trim().toLowerCase();
      if (part === '') throw new SqlError(SqlState.invalidName, 'invalid name syntax');
    }
    parts.push(part);
    if (i >= s.length) break;
    if (s[i] !== '.') throw new SqlError(SqlState.invalidName, 'invalid name syntax');
    i++;
  }
  return parts;
}

/** quote_ident: plain lower-case identifiers stay bare, anything else is double-quoted. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
