/**
 * Compares two engines' answers to one TPC-H query. Values arrive as text (or null) from either client; two
 * values are equal when their texts are, or when both read as numbers that agree within a relative 1e-9
 * (engines differ in how they round averages and decimal quotients: DuckDB returns doubles where PostgreSQL
 * and Basin return numerics with more digits). Rows compare as multisets; in addition, the values of the
 * query's ORDER BY columns must come in the same sequence on both sides, so rows that tie on the sort keys
 * may come in either order.
 */
export type Cell = string | null;
export type Rows = Cell[][];

const REL = 1e-9;
const ABS = 1e-9;

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function cellEqual(a: Cell, b: Cell): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (!NUMERIC.test(a) || !NUMERIC.test(b)) return false;
  const x = Number(a), y = Number(b);
  return Math.abs(x - y) <= Math.max(ABS, REL * Math.max(Math.abs(x), Math.abs(y)));
}

function cellCompare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const rowCompare = (a: Cell[], b: Cell[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cellCompare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
};

const rowEqual = (a: Cell[], b: Cell[]): boolean => a.length === b.length && a.every((v, i) => cellEqual(v, b[i]!));

const show = (row: Cell[] | undefined): string => (row === undefined ? '(none)' : row.map((v) => (v === null ? 'NULL' : v)).join(' | '));

/** Why `actual` is not `expected`, or undefined when they agree. */
export function diffAnswers(expected: Rows, actual: Rows, orderKeys: readonly number[]): string | undefined {
  if (expected.length !== actual.length) {
    return `${actual.length} rows, expected ${expected.length}; first rows:\n  expected ${show(expected[0])}\n  actual   ${show(actual[0])}`;
  }
  const width = expected[0]?.length ?? 0;
  if (actual.some((r) => r.length !== width)) return `rows of ${actual[0]?.length} columns, expected ${width}`;
  const e = [...expected].sort(rowCompare);
  const a = [...actual].sort(rowCompare);
  for (let i = 0; i < e.length; i++) {
    if (!rowEqual(e[i]!, a[i]!)) return `row differs:\n  expected ${show(e[i])}\n  actual   ${show(a[i])}`;
  }
  if (orderKeys.length > 0) {
    for (let i = 0; i < expected.length; i++) {
      const ek = orderKeys.map((k) => expected[i]![k]!);
      const ak = orderKeys.map((k) => actual[i]![k]!);
      if (!rowEqual(ek, ak)) return `order differs at row ${i + 1}:\n  expected ${show(expected[i])}\n  actual   ${show(actual[i])}`;
    }
  }
  return undefined;
}
