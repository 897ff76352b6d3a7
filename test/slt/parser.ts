/**
 * Parser for Basin's sqllogictest dialect (a subset of sqllogictest-rs):
 *
 *   statement ok | statement count N | statement error [SQLSTATE | regex]
 *   query <typechars> [nosort|rowsort|valuesort] [label]   then SQL, `----`, one result row per line
 *   query error [SQLSTATE | regex]
 *   skipif <engine> / onlyif <engine>   (lines before a record; apply to that record)
 *   halt                                (stop the file here)
 *   # comment
 *
 * Records are separated by blank lines. A record remembers its line span so that `--complete` can rewrite
 * the file in place.
 */

export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  readonly engine: string;
}

/** What a statement or `query error` expects: success, an affected-row count, or an error. */
export type ErrorExpectation =
  | { readonly kind: 'sqlstate'; readonly code: string }
  | { readonly kind: 'message'; readonly pattern: string }
  | { readonly kind: 'any' };

interface RecordBase {
  /** 1-based line of the record's header (`statement …` / `query …`). */
  readonly line: number;
  /** 0-based index of the record's first line (its first condition, if any). */
  readonly startIndex: number;
  /** 0-based index one past the record's last line. */
  readonly endIndex: number;
  readonly conditions: readonly Condition[];
}

export interface StatementRecord extends RecordBase {
  readonly kind: 'statement';
  readonly sql: string;
  readonly expect: { readonly kind: 'ok' } | { readonly kind: 'count'; readonly count: number } | {
    readonly kind: 'error';
    readonly error: ErrorExpectation;
  };
}

export interface QueryRecord extends RecordBase {
  readonly kind: 'query';
  readonly sql: string;
  readonly types: string;
  readonly sort: SortMode;
  readonly label: string | undefined;
  /** Expected result lines as written (one row per line; one value per line for `valuesort`). */
  readonly expected: readonly string[];
}

export interface QueryErrorRecord extends RecordBase {
  readonly kind: 'query-error';
  readonly sql: string;
  readonly error: ErrorExpectation;
}

export interface HaltRecord extends RecordBase {
  readonly kind: 'halt';
}

export type SltRecord = StatementRecord | QueryRecord | QueryErrorRecord | HaltRecord;

export class SltParseError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

const SQLSTATE = /^(?=.*[0-9])[0-9A-Z]{5}$/;

export function parseErrorExpectation(text: string): ErrorExpectation {
  const t = text.trim();
  if (t === '') return { kind: 'any' };
  if (SQLSTATE.test(t)) return { kind: 'sqlstate', code: t };
  return { kind: 'message', pattern: t };
}

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

export function parseSlt(text: string, file = '<input>'): SltRecord[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const records: SltRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i] ?? '';
    if (isBlank(first) || first.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const startIndex = i;
    const conditions: Condition[] = [];
    for (;;) {
      const m = /^(skipif|onlyif)\s+(\S+)\s*$/.exec(lines[i] ?? '');
      if (!m) break;
      conditions.push({ kind: m[1] as 'skipif' | 'onlyif', engine: m[2]! });
      i++;
    }
    const header = (lines[i] ?? '').trim();
    const line = i + 1;
    const words = header.split(/\s+/);
    i++;
    // SQL runs until a blank line, or `----` for queries.
    const sqlLines: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && lines[i] !== '----') sqlLines.push(lines[i++]!);
    const sql = sqlLines.join('\n');
    const base = { line, startIndex, conditions };

    switch (words[0]) {
      case 'halt':
        records.push({ ...base, kind: 'halt', endIndex: i });
        break;
      case 'statement': {
        if (sql === '') throw new SltParseError(file, line, 'statement without SQL');
        if (lines[i] === '----') throw new SltParseError(file, line, 'statement records take no results');
        const mode = words[1];
        if (mode === 'ok' && words.length === 2) {
          records.push({ ...base, kind: 'statement', sql, endIndex: i, expect: { kind: 'ok' } });
        } else if (mode === 'count' && words.length === 3 && /^\d+$/.test(words[2]!)) {
          records.push({ ...base, kind: 'statement', sql, endIndex: i, expect: { kind: 'count', count: Number(words[2]) } });
        } else if (mode === 'error') {
          const error = parseErrorExpectation(header.slice(header.indexOf('error') + 'error'.length));
          records.push({ ...base, kind: 'statement', sql, endIndex: i, expect: { kind: 'error', error } });
        } else {
          throw new SltParseError(file, line, `bad statement header: ${header}`);
        }
        break;
      }
      case 'query': {
        if (sql === '') throw new SltParseError(file, line, 'query without SQL');
        if (words[1] === 'error') {
          if (lines[i] === '----') throw new SltParseError(file, line, 'query error takes no results');
          const error = parseErrorExpectation(header.slice(header.indexOf('error') + 'error'.length));
          records.push({ ...base, kind: 'query-error', sql, endIndex: i, error });
          break;
        }
        const types = words[1];
        if (types === undefined || !/^[A-Za-z?]+$/.test(types)) {
          throw new SltParseError(file, line, `bad query header (type letters expected): ${header}`);
        }
        const sort = (words[2] ?? 'nosort') as SortMode;
        if (sort !== 'nosort' && sort !== 'rowsort' && sort !== 'valuesort') {
          throw new SltParseError(file, line, `unknown sort mode: ${sort}`);
        }
        const expected: string[] = [];
        if (lines[i] === '----') {
          i++;
          while (i < lines.length && !isBlank(lines[i])) expected.push(lines[i++]!);
        }
        records.push({ ...base, kind: 'query', sql, endIndex: i, types, sort, label: words[3], expected });
        break;
      }
      default:
        throw new SltParseError(file, line, `unknown record: ${header}`);
    }
  }
  return records;
}

/** Whether a record runs on the given engine, per its skipif/onlyif lines. */
export function appliesTo(record: SltRecord, engine: string): boolean {
  const e = engine.toLowerCase();
  for (const c of record.conditions) {
    const match = c.engine.toLowerCase() === e;
    if (c.kind === 'skipif' && match) return false;
    if (c.kind === 'onlyif' && !match) return false;
  }
  return true;
}
