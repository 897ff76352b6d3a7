/**
 * Databricks' external tables, which PostgreSQL's grammar does not have:
 *
 *   CREATE [EXTERNAL] TABLE [IF NOT EXISTS] t [(columns …)] [USING DELTA] LOCATION 'path-or-url' [TBLPROPERTIES …]
 *
 * On a syntax error the parser calls cutLocation: `[USING DELTA] LOCATION '…'` (and EXTERNAL) are blanked byte
 * for byte, so every position still points into the client's text, and a table without a column list gets an
 * empty one (`()` written where LOCATION was), which PostgreSQL's grammar accepts. The location is remembered
 * by the table name's byte offset (the CreateStmt's relation.location); withLocation then turns that
 * statement into a CreateTableLocationStmt for dispatch.
 */
import { isWord, stringConstant, tokens, type Token } from './fragments.ts';

export interface TableLocation {
  readonly url: string;
  /** The statement listed its columns (else they come from the Delta table found there). */
  readonly columns: boolean;
}

/** `{ CreateTableLocationStmt: … }`: a CREATE TABLE (or CREATE TABLE AS) with a LOCATION. */
export interface CreateTableLocationStmt {
  /** The CreateStmt (or CreateTableAsStmt) as parsed without the LOCATION clause. */
  readonly create: unknown;
  readonly kind: 'CreateStmt' | 'CreateTableAsStmt';
  readonly location: TableLocation;
}

const NAME = /^(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)$/;

/** The text with the LOCATION clauses cut out, and each by its table name's byte offset; undefined when there are none. */
export function cutLocation(sql: string): { sql: string; locations: Map<number, TableLocation> } | undefined {
  if (!/\bLOCATION\b/i.test(sql)) return undefined;
  const toks = tokens(sql);
  if (toks === undefined) return undefined;
  const bytes = Buffer.from(sql, 'utf8');
  const blank = (t: Token): void => { bytes.fill(0x20, t.start, t.end); };
  const locations = new Map<number, TableLocation>();
  for (let i = 0; i < toks.length; i++) {
    if (!isWord(toks[i], 'CREATE') || (i > 0 && toks[i - 1]!.text !== ';')) continue;
    let k = i + 1;
    const external = isWord(toks[k], 'EXTERNAL') ? toks[k++] : undefined;
    if (!isWord(toks[k], 'TABLE')) continue;
    k++;
    if (isWord(toks[k], 'IF') && isWord(toks[k + 1], 'NOT') && isWord(toks[k + 2], 'EXISTS')) k += 3;
    const name = toks[k];
    if (name === undefined || !NAME.test(name.text)) continue;
    while (toks[k + 1]?.text === '.' && toks[k + 2] !== undefined && NAME.test(toks[k + 2]!.text)) k += 2;
    k++;
    let columns = false;
    if (toks[k]?.text === '(') {
      columns = true;
      for (let depth = 0; k < toks.length; k++) {
        if (toks[k]!.text === '(') depth++;
        else if (toks[k]!.text === ')' && --depth === 0) { k++; break; }
      }
    }
    // The clauses after the name or column list, up to the end of the statement (at parenthesis depth 0).
    let using: Token[] = [];
    let location: { keyword: Token; value: Token; url: string } | undefined;
    let asQuery = false;
    for (let depth = 0; k < toks.length && !(depth === 0 && toks[k]!.text === ';'); k++) {
      const t = toks[k]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      if (depth !== 0) continue;
      if (isWord(t, 'USING') && isWord(toks[k + 1], 'DELTA')) using = [t, toks[k + 1]!];
      else if (isWord(t, 'LOCATION') && location === undefined) {
        const url = toks[k + 1] === undefined ? undefined : stringConstant(sql, toks[k + 1]!);
        if (url !== undefined) location = { keyword: t, value: toks[k + 1]!, url };
      } else if (isWord(t, 'AS')) asQuery = true;
    }
    if (location === undefined) continue;
    if (external !== undefined) blank(external);
    for (const t of using) blank(t);
    blank(location.keyword);
    blank(location.value);
    // A table without columns: PostgreSQL's empty column list, where the first blanked clause was.
    if (!columns && !asQuery) bytes.write('()', using[0]?.start ?? location.keyword.start, 'latin1');
    locations.set(name.start, { url: location.url, columns });
  }
  return locations.size === 0 ? undefined : { sql: bytes.toString('utf8'), locations };
}

/** The statement as a CreateTableLocationStmt when it is a CREATE TABLE that had a LOCATION. */
export function withLocation(stmt: unknown, locations: ReadonlyMap<number, TableLocation> | undefined): unknown {
  if (locations === undefined) return stmt;
  const s = stmt as { CreateStmt?: { relation?: { location?: number } }; CreateTableAsStmt?: { into?: { rel?: { location?: number } } } };
  const at = s.CreateStmt?.relation?.location ?? s.CreateTableAsStmt?.into?.rel?.location;
  const location = at === undefined ? undefined : locations.get(at);
  if (location === undefined) return stmt;
  const kind = s.CreateStmt !== undefined ? 'CreateStmt' : 'CreateTableAsStmt';
  const node: CreateTableLocationStmt = { create: s.CreateStmt ?? s.CreateTableAsStmt, kind, location };
  return { CreateTableLocationStmt: node };
}
