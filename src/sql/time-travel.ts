/**
 * Databricks' time-travel syntax, which PostgreSQL's grammar does not have: after a table name,
 * `VERSION AS OF n`, `TIMESTAMP AS OF expr`, `t@v12` and `t@yyyyMMddHHmmssSSS`. On a syntax error the
 * parser calls cutTimeTravel: each clause is overwritten with spaces (so every position still points into the
 * client's text) and remembered by the byte offset of its table name, which is the RangeVar's `location` in
 * the AST of the text parsed again.
 *
 * `TIMESTAMP AS OF` takes any constant expression (`current_timestamp - interval '1 hour'`,
 * `'2026-01-01'::date`): it runs to the end of the clause (see fragments.ts expressionAt) and is kept as its
 * parse tree, which the statement evaluates as a timestamptz in the session's time zone before binding.
 *
 * `(DESCRIBE HISTORY t)` and `(DESCRIBE DETAIL t)` as FROM items are cut the same way, down to the bare name
 * `t` with a `describe` clause: the catalog answers such a reference with the rows of the history or detail.
 */
import { byteIndex, charIndex, expressionAt, isWord, stringConstant, tokens, type Token } from './fragments.ts';

export type TimeTravel =
  | { readonly kind: 'version'; readonly version: number }
  /**
   * A timestamp: a string literal's content or the digits of `@yyyyMMddHHmmssSSS` as `text`; or, with `expr`
   * (its parse tree), an expression, `text` being its source.
   */
  | { readonly kind: 'timestamp'; readonly text: string; readonly expr?: unknown }
  /** `(DESCRIBE HISTORY t [LIMIT n])` or `(DESCRIBE DETAIL t)` in FROM: t's history or detail as rows. */
  | { readonly kind: 'describe'; readonly what: 'history' | 'detail'; readonly limit?: number };

/** A point in a table's history (RESTORE's target). */
export type AsOfClause = Extract<TimeTravel, { readonly kind: 'version' | 'timestamp' }>;

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The text with the time-travel clauses blanked out, and each clause by its table name's byte offset. */
export function cutTimeTravel(sql: string): { sql: string; clauses: Map<number, TimeTravel> } | undefined {
  // One entry per UTF-16 unit (checked below), so indexes into `chars` and into `sql` agree.
  const chars = [...sql];
  const clauses = new Map<number, TimeTravel>();
  if (chars.length === sql.length) cutDescribe(sql, chars, clauses);
  // UTF-16 index → byte offset, for the keys.
  const byteAt = (i: number): number => Buffer.byteLength(sql.slice(0, i), 'utf8');
  let chainStart = -1; // start of the qualified name ending at the previous token, or -1
  let i = 0;
  const s = sql;
  // Byte for byte: a character of n UTF-8 bytes becomes n spaces, so AST locations stay byte offsets of `sql`.
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) chars[k] = s.charCodeAt(k) < 128 ? ' ' : ' '.repeat(Buffer.byteLength(s[k]!, 'utf8'));
  };
  let toks: Token[] | undefined;
  if (chars.length !== s.length) return undefined; // characters beyond the BMP: no rewrite
  while (i < s.length) {
    const c = s[i]!;
    if (c === '-' && s[i + 1] === '-') { while (i < s.length && s[i] !== '\n') i++; continue; }
    if (c === '/' && s[i + 1] === '*') { const e = s.indexOf('*/', i + 2); i = e < 0 ? s.length : e + 2; continue; }
    if (c === '\'') { i = skipQuoted(s, i, '\''); chainStart = -1; continue; }
    if (c === '"') {
      const start = i;
      i = skipQuoted(s, i, '"');
      chainStart = s[start - 1] === '.' && chainStart >= 0 ? chainStart : start;
      continue;
    }
    if (c === '@' && chainStart >= 0) {
      const m = /^@v(\d+)\b|^@(\d{17})\b/.exec(s.slice(i));
      if (m !== null) {
        clauses.set(byteAt(chainStart), m[1] !== undefined ? { kind: 'version', version: Number(m[1]) } : { kind: 'timestamp', text: atTimestamp(m[2]!) });
        blank(i, i + m[0].length);
        i += m[0].length;
        chainStart = -1;
        continue;
      }
    }
    if (WORD.test(c)) {
      const start = i;
      while (i < s.length && WORD.test(s[i]!)) i++;
      const rest = s.slice(start);
      if (chainStart >= 0) {
        const v = /^VERSION\s+AS\s+OF\s+(\d+)\b/i.exec(rest);
        if (v !== null) {
          clauses.set(byteAt(chainStart), { kind: 'version', version: Number(v[1]) });
          blank(start, start + v[0].length);
          i = start + v[0].length;
          chainStart = -1;
          continue;
        }
        const t = /^TIMESTAMP\s+AS\s+OF\s+/i.exec(rest);
        if (t !== null) {
          toks ??= tokens(s);
          const at = byteIndex(s, start + t[0].length);
          const first = toks?.findIndex((k) => k.start === at) ?? -1;
          const e = first < 0 ? undefined : expressionAt(s, toks!, first);
          if (e !== undefined) {
            const end = charIndex(s, e.end);
            const literal = e.next === first + 1 ? stringConstant(s, toks![first]!) : undefined;
            clauses.set(byteAt(chainStart), literal !== undefined ? { kind: 'timestamp', text: literal }
              : { kind: 'timestamp', text: s.slice(start + t[0].length, end), expr: e.ast });
            blank(start, end);
            i = end;
            chainStart = -1;
            continue;
          }
        }
      }
      chainStart = s[start - 1] === '.' && chainStart >= 0 ? chainStart : /^\d/.test(c) ? -1 : start;
      continue;
    }
    if (c === '.' && chainStart >= 0) { i++; continue; }
    if (!/\s/.test(c)) chainStart = -1;
    i++;
  }
  return clauses.size === 0 ? undefined : { sql: chars.join(''), clauses };
}

const NAME = /^(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)$/;

/**
 * `( DESCRIBE|DESC HISTORY|DETAIL name [LIMIT n] )` used as a FROM item: everything but the name is
 * blanked in `chars` (ASCII only, so characters and bytes keep their offsets), leaving a plain table
 * reference that carries a `describe` clause.
 */
function cutDescribe(sql: string, chars: string[], clauses: Map<number, TimeTravel>): void {
  if (!/\bDESC(?:RIBE)?\s+(?:HISTORY|DETAIL)\b/i.test(sql)) return;
  const toks = tokens(sql);
  if (toks === undefined) return;
  for (let i = 0; i + 3 < toks.length; i++) {
    if (toks[i]!.text !== '(' || !isWord(toks[i + 1], 'DESCRIBE', 'DESC') || !isWord(toks[i + 2], 'HISTORY', 'DETAIL')) continue;
    const what = isWord(toks[i + 2], 'HISTORY') ? 'history' : 'detail';
    let k = i + 3;
    const name: Token[] = [];
    for (;;) {
      const t = toks[k];
      if (t === undefined || !NAME.test(t.text)) break;
      name.push(t);
      k++;
      if (toks[k]?.text !== '.') break;
      k++;
    }
    if (name.length === 0 || toks[k - 1]?.text === '.') continue;
    let limit: number | undefined;
    if (what === 'history' && isWord(toks[k], 'LIMIT') && toks[k + 1]?.kind === 'ICONST') {
      limit = Number(toks[k + 1]!.text);
      k += 2;
    }
    if (toks[k]?.text !== ')') continue;
    const nameStart = charIndex(sql, name[0]!.start);
    const nameEnd = charIndex(sql, name[name.length - 1]!.end);
    const blankAscii = (from: number, to: number): void => { for (let c = from; c < to; c++) if (sql.charCodeAt(c) < 128) chars[c] = ' '; };
    blankAscii(charIndex(sql, toks[i]!.start), nameStart);
    blankAscii(nameEnd, charIndex(sql, toks[k]!.end));
    clauses.set(name[0]!.start, { kind: 'describe', what, ...(limit === undefined ? {} : { limit }) });
    i = k;
  }
}

function skipQuoted(s: string, i: number, q: string): number {
  let k = i + 1;
  for (;;) {
    const e = s.indexOf(q, k);
    if (e < 0) return s.length;
    if (s[e + 1] === q) { k = e + 2; continue; }
    return e + 1;
  }
}

/** `20260101123045123` → `2026-01-01 12:30:45.123`. */
function atTimestamp(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)} ${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}.${d.slice(14, 17)}`;
}
