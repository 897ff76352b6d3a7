/**
 * Where the parts of each MERGE statement lie in a query string, found with the PostgreSQL scanner (tokens, not
 * grammar, so it also works on text the parser rejects). The AST gives no location for a WHEN clause, and an
 * expression's location is where it starts, not where it ends; this fills both gaps: merge-star.ts finds
 * Databricks' `UPDATE SET *` / `INSERT *` with it, and the binder takes the text of the ON condition and of
 * each clause's condition from it for the commit's operation parameters.
 */
import { scanSync } from 'libpg-query';

/** A byte range [start, end) of the query string (AST locations are byte offsets too). */
export type ByteSpan = readonly [number, number];

export interface MergeToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The keyword in upper case, when the token is one. */
  readonly keyword: string | undefined;
}

export interface MergeClauseLayout {
  /** Tokens between WHEN and THEN: `MATCHED`, `NOT MATCHED [BY …]`, then `AND` and the condition. */
  readonly header: readonly MergeToken[];
  /** The condition after AND, if any. */
  readonly condition: ByteSpan | undefined;
  /** Tokens after THEN up to the next clause (or RETURNING, or the end of the statement). */
  readonly action: readonly MergeToken[];
}

export interface MergeLayout {
  /** Byte offset of the target table's name: the `location` of MergeStmt.relation. */
  readonly target: number;
  /** The ON condition. */
  readonly on: ByteSpan | undefined;
  /** The WHEN clauses in the order written (= the order of MergeStmt.mergeWhenClauses). */
  readonly clauses: readonly MergeClauseLayout[];
}

interface Building {
  target: number;
  lastOn: number;
  firstWhen: number;
  clauses: { when: number; then: number; end: number }[];
}

/** The layout of every MERGE statement in `sql` (empty when the text does not scan). */
export function mergeLayouts(sql: string): MergeLayout[] {
  let scanned;
  try {
    scanned = scanSync(sql);
  } catch {
    return [];
  }
  const tokens: MergeToken[] = scanned.tokens
    .filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
    .map((t) => ({ start: t.start, end: t.end, text: t.text, keyword: t.keywordKind > 0 ? t.text.toUpperCase() : undefined }));
  const out: MergeLayout[] = [];
  let cur: Building | undefined;
  const finish = (at: number): void => {
    if (cur === undefined) return;
    const last = cur.clauses[cur.clauses.length - 1];
    if (last !== undefined && last.end < 0) last.end = at;
    out.push(layoutOf(cur, tokens));
    cur = undefined;
  };
  // Clause keywords only count outside parentheses and CASE … END, where expressions cannot hide them.
  let depth = 0, caseDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(' || t.text === '[') { depth++; continue; }
    if (t.text === ')' || t.text === ']') { depth = Math.max(0, depth - 1); continue; }
    if (t.keyword === 'CASE') { caseDepth++; continue; }
    if (t.keyword === 'END' && caseDepth > 0) { caseDepth--; continue; }
    if (depth > 0 || caseDepth > 0) continue;
    if (t.text === ';') { finish(i); continue; }
    if (t.keyword === 'MERGE' && tokens[i + 1]?.keyword === 'INTO') {
      finish(i);
      let k = i + 2;
      if (tokens[k]?.keyword === 'ONLY') k++;
      const name = tokens[k];
      if (name !== undefined) cur = { target: name.start, lastOn: -1, firstWhen: -1, clauses: [] };
      continue;
    }
    if (cur === undefined) continue;
    if (t.keyword === 'ON' && cur.firstWhen < 0) cur.lastOn = i;
    else if (t.keyword === 'WHEN') {
      const last = cur.clauses[cur.clauses.length - 1];
      if (last !== undefined && last.end < 0) last.end = i;
      if (cur.firstWhen < 0) cur.firstWhen = i;
      cur.clauses.push({ when: i, then: -1, end: -1 });
    } else if (t.keyword === 'THEN') {
      const last = cur.clauses[cur.clauses.length - 1];
      if (last !== undefined && last.then < 0) last.then = i;
    } else if (t.keyword === 'RETURNING') {
      const last = cur.clauses[cur.clauses.length - 1];
      if (last !== undefined && last.end < 0) last.end = i;
    }
  }
  finish(tokens.length);
  return out;
}

function layoutOf(b: Building, tokens: readonly MergeToken[]): MergeLayout {
  const span = (from: number, to: number): ByteSpan | undefined =>
    (from < to ? [tokens[from]!.start, tokens[to - 1]!.end] : undefined);
  const on = b.lastOn >= 0 ? span(b.lastOn + 1, b.firstWhen >= 0 ? b.firstWhen : tokens.length) : undefined;
  const clauses = b.clauses.map((c): MergeClauseLayout => {
    const then = c.then >= 0 ? c.then : c.end;
    const header = tokens.slice(c.when + 1, then);
    const and = header.findIndex((t) => t.keyword === 'AND');
    return {
      header,
      condition: and < 0 ? undefined : span(c.when + 1 + and + 1, then),
      action: c.then >= 0 ? tokens.slice(c.then + 1, c.end) : [],
    };
  });
  return { target: b.target, on, clauses };
}

/** The text of a byte span of `sql`. */
export function spanText(sql: string, span: ByteSpan): string {
  return Buffer.from(sql, 'utf8').subarray(span[0], span[1]).toString('utf8');
}
