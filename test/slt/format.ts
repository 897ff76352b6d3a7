/**
 * How result values are written in .slt files: exactly the PostgreSQL text format the server sent, with
 * NULL as `NULL`, the empty string as `(empty)`, and line breaks/tabs written as `\n`, `\r`, `\t` so that one
 * row stays one line (backslashes are left alone: bytea's text form is `\x…`).
 * Values in a row are separated by a single space.
 */

export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = typeof v === 'string' ? v : String(v);
  if (s === '') return '(empty)';
  return s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export function renderRow(row: readonly unknown[]): string {
  return row.map(renderValue).join(' ');
}

/** Code-point order, independent of locale, so sorted results are stable across machines. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Renders rows for comparison. `rowsort` sorts whole rendered rows; `valuesort` sorts every value and
 * writes one value per line.
 */
export function renderResult(rows: readonly (readonly unknown[])[], sort: 'nosort' | 'rowsort' | 'valuesort'): string[] {
  if (sort === 'valuesort') return rows.flatMap((r) => r.map(renderValue)).sort(compareStrings);
  const lines = rows.map(renderRow);
  return sort === 'rowsort' ? lines.sort(compareStrings) : lines;
}

/** Expected lines normalised like the actual ones (sorted when the record sorts). */
export function normaliseExpected(lines: readonly string[], sort: 'nosort' | 'rowsort' | 'valuesort'): string[] {
  return sort === 'nosort' ? [...lines] : [...lines].sort(compareStrings);
}

// PostgreSQL type OIDs → sqllogictest type letters; used by --complete to write a query's header.
const LETTERS: Readonly<Record<number, string>> = {
  16: 'B', // bool
  20: 'I', 21: 'I', 23: 'I', 26: 'I', // int8, int2, int4, oid
  700: 'R', 701: 'R', 1700: 'R', // float4, float8, numeric
  1082: 'D', 1083: 'D', 1114: 'D', 1184: 'D', 1186: 'D', 1266: 'D', // date, time, timestamp(tz), interval, timetz
};

export function typeLetter(oid: number): string {
  return LETTERS[oid] ?? 'T';
}
