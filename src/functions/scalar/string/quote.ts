import type { ScalarFunction } from '../../../plan/index.ts';
import { mapLazyN, mapStrict1 } from '../kernel-helpers.ts';

/** Keywords quote_ident must quote: every PostgreSQL 15 keyword that is not UNRESERVED (pg_get_keywords()). */
const KEYWORDS = new Set(('all analyse analyze and any array as asc asymmetric authorization between bigint binary bit ' +
  'boolean both case cast char character check coalesce collate collation column concurrently constraint create cross ' +
  'current_catalog current_date current_role current_schema current_time current_timestamp current_user dec decimal ' +
  'default deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full ' +
  'grant greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull ' +
  'join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not ' +
  'notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary ' +
  'real references returning right row select session_user setof similar smallint some substring symmetric table ' +
  'tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic verbose ' +
  'when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot ' +
  'xmlserialize xmltable').split(' '));

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
