/**
 * Databricks' time-travel syntax, which PostgreSQL's grammar does not have: after a table name,
 * `VERSION AS OF n`, `TIMESTAMP AS OF 'timestamp'`, `t@v12` and `t@yyyyMMddHHmmssSSS`. On a syntax error the
 * parser calls cutTimeTravel: each clause is overwritten with spaces (so every position still points into the
 * client's text) and remembered by the byte offset of its table name, which is the RangeVar's `location` in
 * the AST of the text parsed again.
 */

export type TimeTravel =
  | { readonly kind: 'version'; readonly version: number }
  /** A timestamp as written (a string literal's content or the digits of `@yyyyMMddHHmmssSSS`). */
  | { readonly kind: 'timestamp'; readonly text: string };

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The text with the time-travel clauses blanked out, and each clause by its table name's byte offset. */
export function cutTimeTravel(sql: string): { sql: string; clauses: Map<number, TimeTravel> } | undefined {
  // One entry per UTF-16 unit (checked below), so indexes into `chars` and into `sql` agree.
  const chars = [...sql];
  const clauses = new Map<number, TimeTravel>();
  // UTF-16 index → byte offset, for the keys.
  const byteAt = (i: number): number => Buffer.byteLength(sql.slice(0, i), 'utf8');
  let chainStart = -1; // start of the qualified name ending at the previous token, or -1
  let i = 0;
  const s = sql;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (s.charCodeAt(k) < 128) chars[k] = ' ';
  };
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
        const t = v === null ? /^TIMESTAMP\s+AS\s+OF\s+'((?:[^']|'')*)'/i.exec(rest) : null;
        const m = v ?? t;
        if (m !== null) {
          clauses.set(byteAt(chainStart), v !== null ? { kind: 'version', version: Number(v[1]) } : { kind: 'timestamp', text: t![1]!.replace(/''/g, '\'') });
          blank(start, start + m[0].length);
          i = start + m[0].length;
          chainStart = -1;
          continue;
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
