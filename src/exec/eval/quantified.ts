/**
 * `x op ANY (subquery)` and `x op ALL (subquery)` in three-valued logic, from a summary of the subquery's
 * column: its non-NULL minimum and maximum, whether it had a NULL, and for = ANY / <> ALL (IN / NOT IN) a hash
 * set of its keys. Each test is then O(1) per row.
 */
import type { SqlType } from '../../common/index.ts';
import type { Vector } from '../../common/index.ts';
import { orderClass, testOp, valueComparator, type CompareOp, type ValueComparator } from '../../kernels/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';

export interface QuantSummary {
  readonly type: SqlType;
  readonly count: number;
  readonly hasNull: boolean;
  readonly min: unknown;
  readonly max: unknown;
  readonly keys: Set<Key> | null;
  /** The non-NULL values, kept with `keys` for lookups where hash keys do not apply (bpchar vs text). */
  readonly values: unknown[] | null;
}

/** Summarise the subquery's first column over its result vectors. */
export function summarize(type: SqlType, parts: readonly Vector[], withKeys: boolean): QuantSummary {
  const cmp = valueComparator(type);
  let count = 0, hasNull = false, min: unknown, max: unknown;
  const keys = withKeys ? new Set<Key>() : null;
  const values: unknown[] | null = withKeys ? [] : null;
  for (const v of parts) {
    const a = v.values as ArrayLike<unknown>, m = v.nulls;
    for (let i = 0; i < v.length; i++) {
      if (m !== null && m[i] === 1) { hasNull = true; continue; }
      const x = a[i];
      if (count === 0) { min = x; max = x; } else {
        if (cmp(x, min) < 0) min = x;
        if (cmp(x, max) > 0) max = x;
      }
      count++;
      if (values !== null) values.push(x);
    }
    if (keys !== null) for (const k of rowKeys([v], v.length, false)) if (k !== null) keys.add(k);
  }
  return { type, count, hasNull, min, max, keys, values };
}

/** Whether hash keys of `argType` can be looked up in a summary of `colType`. */
export const keysCompatible = (argType: SqlType, colType: SqlType): boolean => orderClass(argType) === orderClass(colType);

/** The answer when no element decided it: NULL if an element was NULL. (Top level: a closure per row costs.) */
function undecided(s: QuantSummary, fallback: 0 | 1): 0 | 1 | 2 {
  return s.hasNull ? 2 : fallback;
}

/**
 * `x op ANY|ALL (s)` for a non-NULL x: 1 true, 0 false, 2 NULL. `xKey` is x's hash key, or null where the
 * key classes differ (then = ANY / <> ALL scan the values).
 */
export function quantify(op: CompareOp, mode: 'any' | 'all', x: unknown, xKey: Key | null, s: QuantSummary, cmp: ValueComparator): 0 | 1 | 2 {
  if (s.count === 0) return s.hasNull ? 2 : mode === 'any' ? 0 : 1;
  if (mode === 'any') {
    switch (op) {
      case '=':
        if (s.keys !== null && xKey !== null) return s.keys.has(xKey) ? 1 : undecided(s, 0);
        break;
      case '<>': return !(cmp(x, s.min) === 0 && cmp(x, s.max) === 0) ? 1 : undecided(s, 0);
      case '<': case '<=': return testOp(op, cmp(x, s.max)) ? 1 : undecided(s, 0);
      case '>': case '>=': return testOp(op, cmp(x, s.min)) ? 1 : undecided(s, 0);
    }
  } else {
    switch (op) {
      case '<>':
        if (s.keys !== null && xKey !== null) return s.keys.has(xKey) ? 0 : undecided(s, 1);
        break;
      case '=': return cmp(x, s.min) === 0 && cmp(x, s.max) === 0 ? undecided(s, 1) : 0;
      case '<': case '<=': return testOp(op, cmp(x, s.min)) ? undecided(s, 1) : 0;
      case '>': case '>=': return testOp(op, cmp(x, s.max)) ? undecided(s, 1) : 0;
    }
  }
  // = ANY / <> ALL without usable keys: scan the values.
  let found = false;
  for (const y of s.values ?? []) if (cmp(x, y) === 0) { found = true; break; }
  if (mode === 'any') return found ? 1 : undecided(s, 0);
  return found ? 0 : undecided(s, 1);
}
