/**
 * Pieces of SQL inside syntax that PostgreSQL's grammar does not have (Databricks' `TIMESTAMP AS OF expr`,
 * `OPTIMIZE t WHERE predicate`, …): the scanner's tokens, where an expression ends, and the expression's
 * parse tree. The tree is parsed out of a copy of the whole query string in which everything but the
 * expression is blanked byte for byte, so its AST locations are byte offsets into the client's text, as for
 * any other statement (error positions stay right).
 */
import { parseSync, scanSync } from 'libpg-query';

export interface Token {
  /** Byte offsets into the query string. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** SCONST, ICONST, FCONST, IDENT, … (keywords and punctuation are UNKNOWN or ASCII_nn). */
  readonly kind: string;
}

/** The tokens of a query string, comments left out; undefined when it does not scan (unterminated quote). */
export function tokens(sql: string): Token[] | undefined {
  try {
    return scanSync(sql).tokens
      .filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
      .map((t) => ({ start: t.start, end: t.end, text: t.text, kind: t.tokenName }));
  } catch {
    return undefined;
  }
}

/** A keyword (unquoted, any case) test. */
export const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && !t.text.startsWith('"') && words.includes(t.text.toUpperCase());

/** An identifier's name: unquoted folds to lower case, quoted keeps its case ("" is a quote). */
export function identifierName(t: Token): string {
  return t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
}

/**
 * Words that may follow a table reference or end a clause: an expression in a table reference's clause
 * (`TIMESTAMP AS OF expr`) or in a statement's clause never runs into them at parenthesis depth 0.
 */
const STOP_WORDS = new Set([
  'AS', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'WHERE', 'GROUP', 'ORDER', 'LIMIT',
  'OFFSET', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'FETCH', 'FOR', 'RETURNING', 'LATERAL', 'TABLESAMPLE',
  'WHEN', 'THEN', 'SET', 'VALUES', 'SELECT', 'FROM', 'INTO', 'DO', 'ZORDER', 'QUALIFY',
]);

const MAX_CANDIDATES = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The parse tree of the expression at bytes [from, to) of `sql` (an A_Expr, FuncCall, TypeCast, …), or
 * undefined if that text is not one expression. Parsed as `SELECT (expr)`: the parentheses keep a trailing
 * word from reading as a column alias.
 */
export function parseExpressionAt(sql: string, from: number, to: number): unknown {
  const bytes = encoder.encode(sql);
  const prefix = encoder.encode('SELECT (');
  if (from < prefix.length || to > bytes.length || to <= from) return undefined;
  const copy = new Uint8Array(bytes.length + 1).fill(0x20);
  copy.set(prefix, 0);
  copy.set(bytes.subarray(from, to), from);
  copy[bytes.length] = 0x29; // ')'
  try {
    const stmts = parseSync(decoder.decode(copy)).stmts ?? [];
    const select = (stmts.length === 1 ? stmts[0]?.stmt : undefined) as { SelectStmt?: { targetList?: { ResTarget?: { val?: unknown } }[]; fromClause?: unknown } } | undefined;
    const targets = select?.SelectStmt?.targetList;
    if (targets?.length !== 1 || select?.SelectStmt?.fromClause !== undefined) return undefined;
    return targets[0]?.ResTarget?.val;
  } catch {
    return undefined;
  }
}

/**
 * The expression that starts at token `first` of `toks`: the longest run of tokens, up to a stop word, `,`,
 * `;` or an unbalanced `)` at depth 0, that parses as one expression. Undefined when none does.
 */
export function expressionAt(sql: string, toks: readonly Token[], first: number): { end: number; next: number; ast: unknown } | undefined {
  const ends: number[] = [];
  let depth = 0;
  for (let i = first; i < toks.length && ends.length < MAX_CANDIDATES; i++) {
    const t = toks[i]!;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (t.text === ',' || t.text === ';' || (i > first && isWord(t, ...STOP_WORDS)))) break;
    if (depth === 0) ends.push(i);
  }
  for (let k = ends.length - 1; k >= 0; k--) {
    const last = ends[k]!;
    const ast = parseExpressionAt(sql, toks[first]!.start, toks[last]!.end);
    if (ast !== undefined) return { end: toks[last]!.end, next: last + 1, ast };
  }
  return undefined;
}

/** Byte offset → UTF-16 index. */
export function charIndex(sql: string, byte: number): number {
  const bytes = encoder.encode(sql);
  return bytes.length === sql.length ? byte : decoder.decode(bytes.subarray(0, byte)).length;
}

/** UTF-16 index → byte offset. */
export const byteIndex = (sql: string, i: number): number => encoder.encode(sql.slice(0, i)).length;

/** The SQL text of a string constant token (`'a''b'`, `E'…'` and `$$…$$` are read by the parser instead). */
export function stringConstant(sql: string, t: Token): string | undefined {
  if (t.kind !== 'SCONST') return undefined;
  const ast = parseExpressionAt(sql, t.start, t.end) as { A_Const?: { sval?: { sval?: string } } } | undefined;
  return ast?.A_Const?.sval?.sval ?? (ast?.A_Const !== undefined ? '' : undefined);
}
