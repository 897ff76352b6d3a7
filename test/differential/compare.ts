/**
 * Runs one query on a connection and compares two outcomes: the same SQLSTATE for errors; otherwise the same
 * column count, the same column type OIDs and the same rows, in order when the statement has a top-level
 * ORDER BY and as a multiset when it has not. Values are PostgreSQL's text forms, compared exactly except
 * float4/float8 columns, which compare numerically within a relative tolerance of 1e-12.
 */
import { loadModule, parseSync } from 'libpg-query';
import type pg from 'pg';

export type Value = string | null;

export type Outcome =
  | { readonly kind: 'rows'; readonly names: string[]; readonly types: number[]; readonly rows: Value[][] }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

const FLOAT_OIDS = new Set([700, 701]);
const REL_TOLERANCE = 1e-12;

/** Every value as the server's text, untouched: no type parser runs. */
export const textTypes = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export async function execute(client: pg.Client, sql: string): Promise<Outcome> {
  try {
    const r = await client.query({ text: sql, rowMode: 'array' });
    // A multi-statement string yields one result per statement; the last one is what the query returns.
    const last = (Array.isArray(r) ? r[r.length - 1] : r) as pg.QueryArrayResult;
    return {
      kind: 'rows',
      names: last.fields.map((f) => f.name),
      types: last.fields.map((f) => f.dataTypeID),
      rows: last.rows as Value[][],
    };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
      return { kind: 'error', code: err.code, message: err.message ?? '' };
    }
    throw e; // not an SQL error: the connection broke, a timeout, …
  }
}

let parserReady: Promise<unknown> | undefined;
export async function loadParser(): Promise<void> {
  parserReady ??= loadModule();
  await parserReady;
}

/** True when the (last) statement is a SELECT/VALUES with an ORDER BY of its own, not only inside it. */
export function hasTopLevelOrderBy(sql: string): boolean {
  const tree = parseSync(sql) as { stmts?: { stmt?: Record<string, unknown> }[] };
  const stmt = tree.stmts?.[tree.stmts.length - 1]?.stmt;
  const select = stmt?.['SelectStmt'] as { sortClause?: unknown[] } | undefined;
  return (select?.sortClause?.length ?? 0) > 0;
}

function floatEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

function rowsEqual(a: Value[], b: Value[], floatCols: boolean[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === null || y === null) {
      if (x !== y) return false;
    } else if (floatCols[i] ? !floatEqual(x, y) : x !== y) {
      return false;
    }
  }
  return true;
}

/** A sort key in which floats that are equal within the tolerance (almost always) agree. */
function rowKey(row: Value[], floatCols: boolean[]): string {
  return JSON.stringify(row.map((v, i) => {
    if (v === null || !floatCols[i]) return v;
    const n = Number(v);
    return Number.isFinite(n) ? n.toPrecision(10) : v;
  }));
}

function sortRows(rows: Value[][], floatCols: boolean[]): Value[][] {
  return rows.map((r) => ({ r, k: rowKey(r, floatCols) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.r);
}

export function formatOutcome(o: Outcome, maxRows = 15): string {
  if (o.kind === 'error') return `ERROR ${o.code}: ${o.message}`;
  const head = o.names.map((n, i) => `${n}:${o.types[i]}`).join(' | ');
  const body = o.rows.slice(0, maxRows).map((r) => '  ' + r.map((v) => (v === null ? 'NULL' : JSON.stringify(v))).join(' | '));
  const more = o.rows.length > maxRows ? [`  … ${o.rows.length - maxRows} more rows`] : [];
  return [`${o.rows.length} row(s)  [${head}]`, ...body, ...more].join('\n');
}

const fmtRow = (r: Value[]): string => r.map((v) => (v === null ? 'NULL' : JSON.stringify(v))).join(' | ');

/** undefined when the outcomes match; otherwise a short description of the first difference. */
export function diffOutcomes(expected: Outcome, actual: Outcome, ordered: boolean): string | undefined {
  if (expected.kind === 'error' || actual.kind === 'error') {
    if (expected.kind === 'error' && actual.kind === 'error') {
      return expected.code === actual.code ? undefined : `SQLSTATE ${actual.code}, expected ${expected.code}`;
    }
    return expected.kind === 'error' ? `succeeded, expected error ${expected.code}` : `error ${actual.kind === 'error' ? actual.code : ''}, expected rows`;
  }
  if (expected.types.length !== actual.types.length) {
    return `${actual.types.length} column(s), expected ${expected.types.length}`;
  }
  const badTypes = expected.types.flatMap((t, i) => (t === actual.types[i] ? [] : [`column ${i + 1} (${expected.names[i]}) type OID ${actual.types[i]}, expected ${t}`]));
  if (badTypes.length > 0) return badTypes.join('; ');
  const floatCols = expected.types.map((t) => FLOAT_OIDS.has(t));

  const exp = ordered ? expected.rows : sortRows(expected.rows, floatCols);
  const act = ordered ? actual.rows : sortRows(actual.rows, floatCols);
  const n = Math.max(exp.length, act.length);
  for (let i = 0; i < n; i++) {
    const e = exp[i];
    const a = act[i];
    if (e !== undefined && a !== undefined && rowsEqual(e, a, floatCols)) continue;
    const where = ordered ? `row ${i + 1}` : `sorted row ${i + 1}`;
    const counts = exp.length !== act.length ? ` (${act.length} rows, expected ${exp.length})` : '';
    let hint = '';
    if (ordered && exp.length === act.length) {
      const se = sortRows(exp, floatCols);
      const sa = sortRows(act, floatCols);
      if (se.every((r, j) => rowsEqual(r, sa[j]!, floatCols))) hint = ' (same rows, different order)';
    }
    return `${where}${counts}${hint}: got ${a ? fmtRow(a) : '(none)'}, expected ${e ? fmtRow(e) : '(none)'}`;
  }
  return undefined;
}
