/**
 * Expressions kept as SQL text: CHECK constraints and generation expressions live in a Delta table's log as
 * text that every engine parses for itself (Spark SQL in practice). The parser offers no deparser, so the text
 * is the client's own, cut out of the statement between the clause's parentheses with the token scanner;
 * identifiers travel in Spark's backquotes, and come back as PostgreSQL's double quotes.
 */
import { scanSync, type ScanToken } from 'libpg-query';
import { SqlError, SqlState } from '../common/index.ts';
import type { Ast } from './binder/index.ts';
import { parseSql } from './parse.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function tokens(sql: string): ScanToken[] {
  try {
    return scanSync(sql).tokens;
  } catch (e) {
    throw new SqlError(SqlState.syntaxError, `cannot scan expression text: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The text inside the first parenthesis that opens at or after UTF-8 byte `from` of `sql`, up to its
 * matching close: `CHECK (a > 0)` at the constraint's location gives `a > 0`.
 */
export function parenthesizedTextAt(sql: string, from: number): string {
  const bytes = encoder.encode(sql);
  let depth = 0;
  let start = -1;
  for (const t of tokens(sql)) {
    if (t.start < from) continue;
    if (t.text === '(') {
      if (depth === 0) start = t.end;
      depth++;
    } else if (t.text === ')' && depth > 0) {
      depth--;
      if (depth === 0) return decoder.decode(bytes.subarray(start, t.start)).trim();
    }
  }
  throw new SqlError(SqlState.internalError, 'no parenthesized expression in the statement text');
}

/** PostgreSQL expression text → the text stored in the Delta log: double-quoted identifiers in backquotes. */
export function toDeltaExpressionText(text: string): string {
  const bytes = encoder.encode(text);
  let out = '';
  let at = 0;
  for (const t of tokens(text)) {
    if (t.tokenName !== 'IDENT' || !t.text.startsWith('"')) continue;
    const name = t.text.slice(1, -1).replace(/""/g, '"');
    out += decoder.decode(bytes.subarray(at, t.start)) + '`' + name.replace(/`/g, '``') + '`';
    at = t.end;
  }
  return out + decoder.decode(bytes.subarray(at));
}

/**
 * Delta (Spark) expression text → PostgreSQL text: backquoted identifiers in double quotes, Spark's
 * double-quoted strings in single quotes, single-quoted strings untouched.
 */
export function fromDeltaExpressionText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      // A string literal, copied through as is ('' is an escaped quote).
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '"') {
      // Spark's double-quoted string literal (Basin itself never writes double quotes: identifiers go in backquotes).
      let j = i + 1;
      let value = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
      }
      out += `'${value.replace(/'/g, "''")}'`;
      i = j;
    } else if (ch === '`') {
      let name = '';
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '`' && text[j + 1] === '`') { name += '`'; j++; } else if (text[j] === '`') break;
        else name += text[j];
      }
      out += `"${name.replace(/"/g, '""')}"`;
      i = j;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Parse stored expression text (Delta/Spark or PostgreSQL) into the parse tree of one expression. Anything
 * but a single expression (a stray FROM, a second statement) is rejected.
 */
export function parseExpressionText(text: string): Ast {
  const pg = fromDeltaExpressionText(text);
  const wrapped = `SELECT (\n${pg}\n)`;
  const stmts = parseSql(wrapped);
  const sel = stmts.length === 1 ? (stmts[0]!.node as Ast).SelectStmt : undefined;
  const only = sel !== undefined && sel.targetList?.length === 1 && sel.fromClause === undefined && sel.whereClause === undefined
    && sel.groupClause === undefined && sel.havingClause === undefined && sel.sortClause === undefined && sel.limitCount === undefined
    && sel.valuesLists === undefined && sel.op === 'SETOP_NONE';
  if (!only) throw new SqlError(SqlState.syntaxError, `not a single SQL expression: ${text}`);
  return sel.targetList[0].ResTarget.val;
}

/** The identifier a token spells (unquoted: lower-cased), or undefined for other tokens. */
function identifierOf(t: ScanToken): string | undefined {
  if (t.tokenName === 'IDENT') return t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
  // Unreserved and column-name keywords may name columns.
  if (t.keywordKind === 1 || t.keywordKind === 2) return t.text.toLowerCase();
  return undefined;
}

/** `name` as it must be written in SQL: bare when that reads back as the same name, else double-quoted. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name)) {
    const t = tokens(name);
    if (t.length === 1 && t[0]!.tokenName === 'IDENT') return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * RENAME COLUMN in an expression kept as text (PostgreSQL keeps such expressions bound to the column, so the
 * text follows the new name): each identifier equal to the old name that is not a function name, a table
 * qualifier or a type name.
 */
export function renameColumnInExpression(text: string, from: string, to: string): string {
  const bytes = encoder.encode(text);
  const all = tokens(text);
  let out = '';
  let at = 0;
  all.forEach((t, k) => {
    if (identifierOf(t) !== from) return;
    const next = all[k + 1]?.text;
    const prev = all[k - 1]?.text.toLowerCase();
    if (next === '(' || next === '.' || prev === '::' || prev === 'as') return;
    out += decoder.decode(bytes.subarray(at, t.start)) + quoteIdentifier(to);
    at = t.end;
  });
  return out + decoder.decode(bytes.subarray(at));
}
