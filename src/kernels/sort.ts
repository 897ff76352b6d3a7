/**
 * Sorting: a stable permutation of rows by several keys, each ascending or descending with NULLs placed first
 * or last independently of the direction (ORDER BY x DESC NULLS LAST).
 */
import type { Vector } from '../common/index.ts';
import { orderClass, valueComparator } from './compare.ts';

export interface SortKeyVector {
  readonly vector: Vector;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

type RowCompare = (i: number, j: number) => number;

function rowComparator(k: SortKeyVector): RowCompare {
  const v = k.vector;
  const dir = k.desc ? -1 : 1;
  const nullDir = k.nullsFirst ? -1 : 1;
  const m = v.nulls;
  const cls = orderClass(v.type);
  let cmp: RowCompare;
  if (cls === 'int' || cls === 'int8' || cls === 'bool') {
    const a = v.values as Float64Array | BigInt64Array; // bigints compare with < and > like numbers
    cmp = (i, j) => { const x = a[i]!, y = a[j]!; return x < y ? -dir : x > y ? dir : 0; };
  } else {
    const c = valueComparator(v.type);
    const a = v.values as ArrayLike<unknown>;
    cmp = (i, j) => dir * c(a[i], a[j]);
  }
  if (m === null) return cmp;
  return (i, j) => {
    const x = m[i] === 1, y = m[j] === 1;
    if (x || y) return x === y ? 0 : x ? nullDir : -nullDir;
    return cmp(i, j);
  };
}

/** Compares row i of one vector with row j of another of the same type (the rows of two sorted runs). */
export type CrossCompare = (a: Vector, i: number, b: Vector, j: number) => number;

/** The order of one sort key across vectors: the same as sortPermutation's for rows of one vector. */
export function crossComparator(type: Vector['type'], desc: boolean, nullsFirst: boolean): CrossCompare {
  const dir = desc ? -1 : 1;
  const nullDir = nullsFirst ? -1 : 1;
  const cls = orderClass(type);
  let cmp: CrossCompare;
  if (type.scaled !== undefined || cls === 'int' || cls === 'int8' || cls === 'bool') {
    cmp = (a, i, b, j) => {
      const x = (a.values as Float64Array)[i]!, y = (b.values as Float64Array)[j]!;
      return x < y ? -dir : x > y ? dir : 0;
    };
  } else {
    const c = valueComparator(type);
    cmp = (a, i, b, j) => dir * c((a.values as ArrayLike<unknown>)[i], (b.values as ArrayLike<unknown>)[j]);
  }
  return (a, i, b, j) => {
    const x = a.nulls !== null && a.nulls[i] === 1, y = b.nulls !== null && b.nulls[j] === 1;
    if (x || y) return x === y ? 0 : x ? nullDir : -nullDir;
    return cmp(a, i, b, j);
  };
}

/**
 * The stable order of rows [0, n) under `keys`. `checkCancel` is called every few thousand comparisons so a
 * cancelled statement stops inside a long sort.
 */
export function sortPermutation(keys: readonly SortKeyVector[], n: number, checkCancel: () => void): Int32Array {
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const cmps = keys.map(rowComparator);
  let calls = 0;
  const tick = (): void => { if ((++calls & 0x3fff) === 0) checkCancel(); };
  let compare: RowCompare;
  if (cmps.length === 1) {
    const c = cmps[0]!;
    compare = (i, j) => { tick(); return c(i, j) || i - j; };
  } else {
    compare = (i, j) => {
      tick();
      for (let k = 0; k < cmps.length; k++) {
        const r = cmps[k]!(i, j);
        if (r !== 0) return r;
      }
      return i - j;
    };
  }
  idx.sort(compare);
  return Int32Array.from(idx);
}
