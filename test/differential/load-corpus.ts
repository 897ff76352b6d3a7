/**
 * The corpus: the hand-written `corpus/*.sql` files plus the seeded generator's queries, as named groups.
 *
 * A .sql file holds one query per statement: a statement may span lines and ends at a line that ends with `;`.
 * `--` lines outside a statement are comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedQueries } from './corpus/generated.ts';

export interface CorpusQuery {
  /** file:line, or generated:N. */
  readonly where: string;
  readonly sql: string;
}

export interface CorpusGroup {
  readonly name: string;
  readonly queries: readonly CorpusQuery[];
}

const corpusDir = fileURLToPath(new URL('./corpus/', import.meta.url));

export function parseSqlFile(text: string, name: string): CorpusQuery[] {
  const out: CorpusQuery[] = [];
  let lines: string[] = [];
  let start = 0;
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (lines.length === 0) {
      if (trimmed === '' || trimmed.startsWith('--')) return;
      start = i + 1;
    }
    lines.push(line);
    if (trimmed.endsWith(';')) {
      out.push({ where: `${name}:${start}`, sql: lines.join('\n').trim().replace(/;$/, '') });
      lines = [];
    }
  });
  if (lines.length > 0) throw new Error(`${name}:${start}: statement without a closing ';'`);
  return out;
}

export function loadCorpus(): CorpusGroup[] {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.sql')).sort();
  const groups = files.map((f) => ({
    name: f,
    queries: parseSqlFile(readFileSync(path.join(corpusDir, f), 'utf8'), f),
  }));
  groups.push({ name: 'generated', queries: generatedQueries().map((sql, i) => ({ where: `generated:${i + 1}`, sql })) });
  return groups;
}
