/**
 * Parsing with the real PostgreSQL grammar (libpg-query, WASM). Errors keep PostgreSQL's message and cursor
 * position, so psql draws its caret in the same place.
 */
import { loadModule, parseSync } from 'libpg-query';
import type { Node } from 'libpg-query';
import { SqlError, SqlState } from '../common/index.ts';
import { parseDatabricksStatements } from './databricks-statements.ts';
import { cutTimeTravel, type TimeTravel } from './time-travel.ts';
import { cutMergeStar, type MergeStars } from './merge-star.ts';
import { rewriteTblProperties } from './tbl-properties.ts';
import { cutLocation, withLocation, type TableLocation } from './create-location.ts';

let loaded: Promise<void> | undefined;

/** Load the parser's WASM module once; call before parseSql. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

export interface ParsedStatement {
  readonly node: Node;
  /** The statement's own text (for views, logs and pg_stat_activity). */
  readonly text: string;
  /** Character offset of the statement within the full query string. */
  readonly offset: number;
  /** Time-travel clauses (Databricks syntax) by the byte offset of their table reference (RangeVar.location). */
  readonly timeTravel?: ReadonlyMap<number, TimeTravel>;
  /** MERGE's `UPDATE SET *` / `INSERT *` clauses (Databricks syntax), see merge-star.ts. */
  readonly mergeStar?: MergeStars;
  /** MERGE statements written `MERGE WITH SCHEMA EVOLUTION INTO`, by target-name location. */
  readonly mergeEvolution?: ReadonlySet<number>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Parse a query string into its statements. An empty string (or only comments/semicolons) gives []. */
export function parseSql(sql: string): ParsedStatement[] {
  let result;
  let timeTravel: ReadonlyMap<number, TimeTravel> | undefined;
  let mergeStar: MergeStars | undefined;
  let mergeEvolution: ReadonlySet<number> | undefined;
  let locations: ReadonlyMap<number, TableLocation> | undefined;
  // The parser refuses an empty string, which PostgreSQL answers with EmptyQueryResponse (JDBC's isValid sends one).
  if (sql.trim() === '') return [];
  try {
    result = parseSync(sql);
  } catch (e) {
    // Databricks' maintenance statements (databricks-statements.ts) are not PostgreSQL grammar either.
    const delta = parseDatabricksStatements(sql, parseSql);
    if (delta !== undefined) return delta;
    // Databricks' time travel and MERGE `*` actions are not PostgreSQL grammar: cut them out and parse again
    // (plain queries never get here).
    const cut = cutTimeTravel(sql);
    const star = cutMergeStar(cut?.sql ?? sql);
    // Databricks' TBLPROPERTIES become PostgreSQL storage parameters (tbl-properties.ts).
    const props = rewriteTblProperties(star?.sql ?? cut?.sql ?? sql);
    // Databricks' CREATE TABLE … LOCATION '…' (create-location.ts).
    const loc = cutLocation(props ?? star?.sql ?? cut?.sql ?? sql);
    try {
      if (cut === undefined && star === undefined && props === undefined && loc === undefined) throw e;
      result = parseSync(loc?.sql ?? props ?? star?.sql ?? cut!.sql);
      locations = loc?.locations;
      timeTravel = cut?.clauses;
      mergeStar = star?.clauses;
      mergeEvolution = star?.evolve;
    } catch {
      throw parseError(sql, e);
    }
  }
  const stmts = result.stmts ?? [];
  // stmt_location/stmt_len are UTF-8 byte offsets; convert to characters for positions and slicing.
  const bytes = encoder.encode(sql);
  const ascii = bytes.length === sql.length;
  const out: ParsedStatement[] = [];
  for (const raw of stmts) {
    if (raw.stmt === undefined) continue;
    const startByte = raw.stmt_location ?? 0;
    const endByte = raw.stmt_len === undefined || raw.stmt_len === 0 ? bytes.length : startByte + raw.stmt_len;
    const offset = ascii ? startByte : decoder.decode(bytes.subarray(0, startByte)).length;
    const text = ascii ? sql.slice(startByte, endByte) : decoder.decode(bytes.subarray(startByte, endByte));
    out.push({
      node: withLocation(raw.stmt, locations) as Node, text: text.trim(), offset,
      ...(timeTravel !== undefined ? { timeTravel } : {}), ...(mergeStar !== undefined ? { mergeStar } : {}),
      ...(mergeEvolution !== undefined && mergeEvolution.size > 0 ? { mergeEvolution } : {}),
    });
  }
  return out;
}

/** The SqlError for a parse failure: PostgreSQL's message and cursor position. */
function parseError(sql: string, e: unknown): SqlError {
  const details = (e as { sqlDetails?: { message: string; cursorPosition: number } }).sqlDetails;
  const message = details?.message ?? (e instanceof Error ? e.message : String(e));
  const position = details !== undefined ? details.cursorPosition + 1 : undefined;
  // SQLite's REPLACE / INSERT OR REPLACE: say plainly what to use instead of a bare syntax error.
  if (position !== undefined && /^(or\s+)?replace\b/i.test(sql.slice(position - 1))) {
    return new SqlError(SqlState.featureNotSupported, 'REPLACE is not supported', {
      position, hint: 'Use INSERT … ON CONFLICT (…) DO UPDATE, PostgreSQL\'s form of an upsert.',
    });
  }
  return new SqlError(syntaxErrorCode(message), message, { position });
}

/** Most parser errors are syntax errors; a few lexer errors have their own codes in PostgreSQL. */
function syntaxErrorCode(message: string) {
  if (/^(zero-length delimited identifier|unterminated)/.test(message)) return SqlState.syntaxError;
  if (/invalid Unicode escape|unsafe use of string constant with Unicode escapes/.test(message)) return SqlState.syntaxError;
  if (/out of range/.test(message)) return SqlState.numericValueOutOfRange;
  return SqlState.syntaxError;
}

/** Byte offset (libpg-query AST `location`) → 1-based character position for error messages. */
export function positionOf(sql: string, byteLocation: number | undefined): number | undefined {
  if (byteLocation === undefined || byteLocation < 0) return undefined;
  const bytes = encoder.encode(sql);
  if (bytes.length === sql.length) return byteLocation + 1;
  return decoder.decode(bytes.subarray(0, byteLocation)).length + 1;
}
