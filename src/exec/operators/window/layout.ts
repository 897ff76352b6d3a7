/**
 * The row order of one window specification (PARTITION BY + ORDER BY): rows sorted stably by the partition
 * keys then the order keys, cut into partitions and, inside each, into peer groups (rows with equal order
 * keys; all of a partition when there is no ORDER BY). Positions below are sorted positions.
 */
import type { Vector } from '../../../common/index.ts';
import { compareFloats, orderClass, sortPermutation, valueComparator } from '../../../kernels/index.ts';

export interface Layout {
  readonly n: number;
  /** Sorted position → input row. */
  readonly perm: Int32Array;
  /** Partition boundaries: partition p is [parts[p], parts[p+1]); the last entry is n. */
  readonly parts: Int32Array;
  /** Peer group boundaries (partition boundaries included), as `parts`. */
  readonly groupStart: Int32Array;
  /** Sorted position → its peer group's index into groupStart. */
  readonly groupOf: Int32Array;
}

export interface OrderVector {
  readonly vector: Vector;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

type Same = (i: number, j: number) => boolean;

/** Whether rows i and j of `v` hold equal values (NULL equals NULL; NaN equals NaN; -0 equals 0). */
export function sameValue(v: Vector): Same {
  const m = v.nulls;
  const cls = orderClass(v.type);
  let eq: Same;
  if (cls === 'int' || cls === 'int8' || cls === 'bool') {
    const a = v.values as Float64Array;
    eq = (i, j) => a[i] === a[j];
  } else if (cls === 'float') {
    const a = v.values as Float64Array;
    eq = (i, j) => compareFloats(a[i]!, a[j]!) === 0;
  } else {
    const c = valueComparator(v.type);
    const a = v.values as ArrayLike<unknown>;
    eq = (i, j) => c(a[i], a[j]) === 0;
  }
  if (m === null) return eq;
  return (i, j) => {
    const x = m[i] === 1, y = m[j] === 1;
    return x || y ? x === y : eq(i, j);
  };
}

function boundaries(n: number, same: Same, base: Int32Array | null): Int32Array {
  const out: number[] = [0];
  let b = 1;
  for (let i = 1; i < n; i++) {
    if (base !== null && base[b] === i) { out.push(i); b++; continue; }
    if (!same(i - 1, i)) out.push(i);
  }
  if (n > 0) out.push(n);
  return Int32Array.from(out);
}

const allSame = (checks: readonly Same[]): Same => (i, j) => {
  for (const c of checks) if (!c(i, j)) return false;
  return true;
};

/**
 * Sort rows [0, n) by `partition` (ascending, NULLs last, as PostgreSQL's planner sorts them) then `order`.
 * The key vectors are indexed by input row; `sorted` returns them indexed by sorted position.
 */
export function buildLayout(
  n: number, partition: readonly Vector[], order: readonly OrderVector[], checkCancel: () => void,
  sorted: (v: Vector, perm: Int32Array) => Vector,
): { layout: Layout; order: Vector[] } {
  const keys = [
    ...partition.map((vector) => ({ vector, desc: false, nullsFirst: false })),
    ...order.map((o) => ({ vector: o.vector, desc: o.desc, nullsFirst: o.nullsFirst })),
  ];
  let perm: Int32Array;
  if (keys.length === 0) { perm = new Int32Array(n); for (let i = 0; i < n; i++) perm[i] = i; }
  else perm = sortPermutation(keys, n, checkCancel);
  const sp = partition.map((v) => sorted(v, perm));
  const so = order.map((o) => sorted(o.vector, perm));
  const parts = sp.length === 0 ? Int32Array.of(0, ...(n > 0 ? [n] : [])) : boundaries(n, allSame(sp.map(sameValue)), null);
  const groupStart = so.length === 0 ? parts : boundaries(n, allSame(so.map(sameValue)), parts);
  const groupOf = new Int32Array(n);
  for (let g = 0; g + 1 < groupStart.length; g++) groupOf.fill(g, groupStart[g]!, groupStart[g + 1]!);
  return { layout: { n, perm, parts, groupStart, groupOf }, order: so };
}
