import type { ScalarFunction } from '../../../plan/index.ts';
import { KEYWORD_CATEGORIES } from '../../../common/index.ts';
import { mapLazyN, mapStrict1 } from '../kernel-helpers.ts';

/** Keywords quote_ident must quote: every PostgreSQL 15 keyword that is not unreserved. */
const KEYWORDS = new Set([...KEYWORD_CATEGORIES.C, ...KEYWORD_CATEGORIES.T, ...KEYWORD_CATEGORIES.R]);

/** An identifier as PostgreSQL would print it: bare if lower-case, safe and not a keyword, else double-quoted. */
export function quoteIdent(s: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(s) && !KEYWORDS.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

/** A string literal: quotes doubled; backslashes doubled with an E prefix when present. */
export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

export const quoteIdentFn: ScalarFunction = {
  name: 'quote_ident',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', quoteIdent) }],
};

export const quoteLiteralFn: ScalarFunction = {
  name: 'quote_literal',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', quoteLiteral) }],
};

/** Like quote_literal, but NULL becomes the unquoted word NULL (so not strict). */
export const quoteNullable: ScalarFunction = {
  name: 'quote_nullable',
  overloads: [{
    args: ['text'], returns: 'text', strict: false,
    kernel: mapLazyN('text', (r) => (r[0] === null ? 'NULL' : quoteLiteral(r[0] as string))),
  }],
};
