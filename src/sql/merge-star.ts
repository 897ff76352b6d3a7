/**
 * Databricks' `WHEN MATCHED [AND …] THEN UPDATE SET *` and `WHEN NOT MATCHED [BY TARGET] [AND …] THEN
 * INSERT *`, which PostgreSQL's grammar does not have. On a syntax error the parser calls cutMergeStar: each
 * such action becomes a `DELETE` of the same length (and `NOT MATCHED [BY TARGET]` a plain `MATCHED`, since
 * DELETE needs one), so the text parses and every position still points into the client's text. The clause is
 * remembered by its MERGE statement's target-name location (MergeStmt.relation.location) and its index among
 * the statement's WHEN clauses (a MergeWhenClause has no location of its own); the binder reads it back from
 * there and binds the clause as the `*` form it was.
 */
import { scanSync } from 'libpg-query';
import { mergeLayouts, type MergeClauseLayout, type MergeToken } from './merge-layout.ts';

export type MergeStar = 'update' | 'insert';

/** Per MERGE target-name byte offset: the `*` clauses by their index among the statement's WHEN clauses. */
export type MergeStars = ReadonlyMap<number, ReadonlyMap<number, MergeStar>>;

/**
 * The text with the `*` actions rewritten in place, and where they were, and the MERGE statements written
 * `MERGE WITH SCHEMA EVOLUTION INTO` (blanked to `MERGE INTO`), by target-name offset; undefined when there
 * are none of either.
 */
export function cutMergeStar(sql: string): { sql: string; clauses: MergeStars; evolve: ReadonlySet<number> } | undefined {
  const evolved = cutSchemaEvolution(sql);
  const bytes = Buffer.from(evolved?.sql ?? sql, 'utf8');
  const layouts = mergeLayouts(evolved?.sql ?? sql);
  if (layouts.length === 0) return undefined;
  const write = (t: MergeToken, text: string): void => {
    bytes.fill(0x20, t.start, t.end);
    bytes.write(text, t.start, 'latin1');
  };
  const blank = (t: MergeToken | undefined): void => { if (t !== undefined) bytes.fill(0x20, t.start, t.end); };
  const found = new Map<number, Map<number, MergeStar>>();
  for (const m of layouts) {
    m.clauses.forEach((c, k) => {
      const star = starOf(c);
      if (star === undefined) return;
      // Keywords are ASCII, so `DELETE` fits byte for byte over `UPDATE` / `INSERT`.
      write(c.action[0]!, 'DELETE');
      for (const t of c.action.slice(1)) blank(t);
      if (star === 'insert') {
        blank(c.header[0]); // NOT
        if (c.header[2]?.keyword === 'BY') { blank(c.header[2]); blank(c.header[3]); }
      }
      let clauses = found.get(m.target);
      if (clauses === undefined) found.set(m.target, clauses = new Map());
      clauses.set(k, star);
    });
  }
  const evolve = new Set(layouts.filter((m) => evolved?.at.has(m.target)).map((m) => m.target));
  return found.size === 0 && evolve.size === 0 ? undefined : { sql: bytes.toString('utf8'), clauses: found, evolve };
}

/**
 * Databricks' `MERGE WITH SCHEMA EVOLUTION INTO`: the three words blanked out, and the byte offsets of the
 * statements' target names (the token after INTO [ONLY]).
 */
function cutSchemaEvolution(sql: string): { sql: string; at: ReadonlySet<number> } | undefined {
  let tokens;
  try {
    tokens = scanSync(sql).tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  } catch {
    return undefined;
  }
  const word = (i: number): string => tokens[i]?.text.toUpperCase() ?? '';
  const bytes = Buffer.from(sql, 'utf8');
  const at = new Set<number>();
  for (let i = 0; i + 4 < tokens.length; i++) {
    if (word(i) !== 'MERGE' || word(i + 1) !== 'WITH' || word(i + 2) !== 'SCHEMA' || word(i + 3) !== 'EVOLUTION' || word(i + 4) !== 'INTO') continue;
    // Token offsets are byte offsets, as the AST's locations are.
    bytes.fill(0x20, tokens[i + 1]!.start, tokens[i + 3]!.end);
    const name = tokens[word(i + 5) === 'ONLY' ? i + 6 : i + 5];
    if (name !== undefined) at.add(name.start);
  }
  return at.size === 0 ? undefined : { sql: bytes.toString('utf8'), at };
}

/** Which `*` form a clause is, if it is one in a place Databricks allows it. */
function starOf(c: MergeClauseLayout): MergeStar | undefined {
  const a = c.action, h = c.header;
  const kw = (t: MergeToken | undefined, k: string): boolean => t?.keyword === k;
  if (a.length === 3 && kw(a[0], 'UPDATE') && kw(a[1], 'SET') && a[2]!.text === '*' && kw(h[0], 'MATCHED')) return 'update';
  if (a.length === 2 && kw(a[0], 'INSERT') && a[1]!.text === '*' && kw(h[0], 'NOT') && kw(h[1], 'MATCHED')
    && (!kw(h[2], 'BY') || kw(h[3], 'TARGET'))) return 'insert';
  return undefined;
}
