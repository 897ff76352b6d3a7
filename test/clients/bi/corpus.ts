/**
 * Reads the BI tools' catalog-query corpus (`test/clients/bi/*.sql`). A file holds one tool's queries, each
 * introduced by directives in `-- @` comment lines and ending at the next `-- @query` (or the end):
 *
 *   -- @query NAME              starts a query; NAME keys its expected output
 *   -- @params a, b             parameters, in order, sent over the extended protocol as the tool binds them:
 *                               `schema_oid:S` (the OID of schema S), `class_oid:S.T` (of relation S.T),
 *                               `current_database` (the connection's database), or a literal string; without @params the text goes as one simple Query (several
 *                               statements give several results, as Npgsql's connect batch does)
 *   -- @columns a, b            compare only these columns (for `c.*` queries: what the tool reads)
 *   -- @ignore a, b             leave these columns out (values that legitimately differ between servers)
 *   -- @where COL in (x, y)     compare only the rows whose COL is one of these, or `COL = x`, `COL like p%`
 *   -- @sort                    compare rows as a multiset (the query has no ORDER BY the tool relies on)
 *   -- @rows none               check that the query runs and which columns it returns, not its rows
 *   -- @types                   compare the columns' type OIDs too
 *   -- @expect-error CODE TEXT  Basin fails it today with this SQLSTATE and message (a known gap, named in a
 *                               comment above); the test fails once it runs, so the directive gets removed
 *   -- @expect-mismatch REASON  Basin runs it but answers differently today, for REASON (a known gap); the
 *                               test fails once the answers agree
 *
 * Other `--` lines are comments: the source each query was written from and what the tool uses it for.
 */
import { readFileSync } from 'node:fs';

export interface Where {
  readonly column: string;
  readonly test: (v: string | null) => boolean;
}

export interface CorpusQuery {
  readonly name: string;
  readonly sql: string;
  readonly params: readonly string[] | undefined;
  readonly columns: readonly string[] | undefined;
  readonly ignore: readonly string[];
  readonly where: readonly Where[];
  readonly sort: boolean;
  readonly rows: boolean;
  readonly types: boolean;
  readonly expectError: { readonly code: string; readonly message: string } | undefined;
  readonly expectMismatch: string | undefined;
}

const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

function parseWhere(spec: string): Where {
  let m = /^(\S+)\s+in\s+\((.*)\)$/i.exec(spec);
  if (m) {
    const set = new Set(list(m[2]!));
    return { column: m[1]!, test: (v) => v !== null && set.has(v) };
  }
  m = /^(\S+)\s+like\s+(\S+)%$/i.exec(spec);
  if (m) {
    const prefix = m[2]!;
    return { column: m[1]!, test: (v) => v !== null && v.startsWith(prefix) };
  }
  m = /^(\S+)\s*=\s*(\S+)$/.exec(spec);
  if (m) {
    const value = m[2]!;
    return { column: m[1]!, test: (v) => v === value };
  }
  throw new Error(`bad @where: ${spec}`);
}

export function readCorpus(file: string): CorpusQuery[] {
  const out: CorpusQuery[] = [];
  let cur: { name: string; lines: string[]; dirs: [string, string][] } | undefined;
  const flush = () => {
    if (cur === undefined) return;
    const d = (k: string) => cur!.dirs.filter(([key]) => key === k).map(([, v]) => v);
    const err = d('expect-error')[0];
    const em = err === undefined ? undefined : /^(\w{5})\s+(.*)$/.exec(err);
    if (err !== undefined && !em) throw new Error(`${file}: bad @expect-error in ${cur.name}`);
    const params = d('params')[0];
    const columns = d('columns')[0];
    out.push({
      name: cur.name,
      sql: cur.lines.join('\n').trim(),
      params: params === undefined ? undefined : list(params),
      columns: columns === undefined ? undefined : list(columns),
      ignore: d('ignore').flatMap(list),
      where: d('where').map(parseWhere),
      sort: d('sort').length > 0,
      rows: !d('rows').includes('none'),
      types: d('types').length > 0,
      expectError: em ? { code: em[1]!, message: em[2]! } : undefined,
      expectMismatch: d('expect-mismatch')[0],
    });
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^-- @(\S+)\s*(.*)$/.exec(line);
    if (m) {
      if (m[1] === 'query') {
        flush();
        cur = { name: m[2]!.trim(), lines: [], dirs: [] };
      } else {
        if (cur === undefined) throw new Error(`${file}: @${m[1]} before any @query`);
        cur.dirs.push([m[1]!, m[2]!.trim()]);
      }
      continue;
    }
    if (cur === undefined) continue; // the file's header comment
    if (/^\s*--/.test(line) && cur.lines.length === 0) continue; // comments between directives and the SQL
    cur.lines.push(line);
  }
  flush();
  return out;
}
