/**
 * Databricks' table properties, which PostgreSQL's grammar does not have: `CREATE TABLE … TBLPROPERTIES
 * ('k' = 'v', …)`, `ALTER TABLE t SET TBLPROPERTIES (…)` and `ALTER TABLE t UNSET TBLPROPERTIES [IF EXISTS]
 * ('k', …)`. On a syntax error the parser calls rewriteTblProperties, which turns them, byte for byte (so every
 * position still points into the client's text), into PostgreSQL's storage parameters: `WITH ("k" = 'v')`,
 * `SET ("k" = 'v')` and `RESET ("k")`. A quoted key becomes a quoted identifier that keeps its case and dots;
 * Spark's optional `=` between key and value is put back where there is room for it. The statements then read
 * them as storage parameters (server/session/statements/table-properties.ts).
 */
import { isWord, tokens, type Token } from './fragments.ts';

/** The rewritten text, or undefined when it has no TBLPROPERTIES clause. */
export function rewriteTblProperties(sql: string): string | undefined {
  if (!/\bTBLPROPERTIES\b/i.test(sql)) return undefined;
  const toks = tokens(sql);
  if (toks === undefined) return undefined;
  const bytes = Buffer.from(sql, 'utf8');
  const write = (at: number, text: string): void => { bytes.write(text, at, 'latin1'); };
  const blank = (t: Token): void => { bytes.fill(0x20, t.start, t.end); };
  let changed = false;
  for (let i = 0; i < toks.length; i++) {
    if (!isWord(toks[i], 'TBLPROPERTIES')) continue;
    const prev = toks[i - 1];
    let k = i + 1;
    if (isWord(prev, 'UNSET')) {
      write(prev!.start, 'RESET');
      blank(toks[i]!);
      if (isWord(toks[k], 'IF') && isWord(toks[k + 1], 'EXISTS')) { blank(toks[k]!); blank(toks[k + 1]!); k += 2; }
    } else if (isWord(prev, 'SET')) {
      blank(toks[i]!);
    } else {
      blank(toks[i]!);
      write(toks[i]!.start, 'WITH');
    }
    changed = true;
    if (toks[k]?.text !== '(') continue;
    // Keys come after `(` and `,`; a value follows a key, with or without `=`.
    let depth = 0;
    let expectKey = false;
    for (; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.text === '(') { depth++; expectKey = depth === 1; continue; }
      if (t.text === ')') { if (--depth === 0) break; continue; }
      if (depth !== 1) continue;
      if (t.text === ',') { expectKey = true; continue; }
      if (!expectKey) continue;
      expectKey = false;
      if (t.kind === 'SCONST' && /^'[^'"]+'$/.test(t.text)) {
        write(t.start, '"');
        write(t.end - 1, '"');
      }
      const next = toks[k + 1];
      if (next !== undefined && next.text !== '=' && next.text !== ',' && next.text !== ')' && next.start > t.end) write(t.end, '=');
    }
  }
  return changed ? bytes.toString('utf8') : undefined;
}
