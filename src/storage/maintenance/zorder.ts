/**
 * Z-order clustering (OPTIMIZE … ZORDER BY): rows are ordered along a Z-order (Morton) curve over several
 * columns, so that each output file covers a small range of every one of them and min/max stats prune well
 * for predicates on any of the columns.
 *
 * Each column becomes an order-preserving unsigned key: its dense rank (NULLs first), scaled to 31 bits so
 * that every column spans the same range whatever its number of distinct values (otherwise a column with few
 * values would only ever reach the low bits and barely count). Rows are compared by the interleaved bits of
 * their keys without building them: the column whose keys differ in the highest bit decides (the
 * most-significant-differing-bit test of Chan's "closest pair" trick).
 */
import { SqlError, SqlState, formatType, type Vector } from '../../common/index.ts';
import { sortPermutation, valueComparator } from '../../kernels/index.ts';

const SPAN = 2 ** 31;

/** Dense ranks of a column's values scaled to [0, 2^31), NULL lowest. */
export function zOrderKeys(v: Vector, n: number, checkCancel: () => void): Uint32Array {
  let cmp: (a: unknown, b: unknown) => number;
  let perm: Int32Array;
  try {
    cmp = valueComparator(v.type);
    perm = sortPermutation([{ vector: v, desc: false, nullsFirst: true }], n, checkCancel);
  } catch (e) {
    if (e instanceof SqlError && e.code === SqlState.undefinedFunction) {
      throw new SqlError(SqlState.featureNotSupported, `cannot Z-order by a column of type ${formatType(v.type)}: its values have no order`);
    }
    throw e;
  }
  const isNull = (i: number): boolean => v.nulls !== null && v.nulls[i] === 1;
  const ranks = new Uint32Array(n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const i = perm[k]!;
    if (k > 0) {
      const j = perm[k - 1]!;
      const same = isNull(i) || isNull(j) ? isNull(i) && isNull(j) : cmp(v.values[i], v.values[j]) === 0;
      if (!same) rank++;
    }
    ranks[i] = rank;
  }
  const distinct = rank + 1;
  for (let i = 0; i < n; i++) ranks[i] = Math.floor((ranks[i]! / distinct) * SPAN);
  return ranks;
}

/** Is the highest set bit of `a` below that of `b`? */
const lessMsb = (a: number, b: number): boolean => a < b && a < (a ^ b);

/** The order of rows [0, n) along the Z-order curve over `columns` (ties keep their input order). */
export function zOrderPermutation(columns: readonly Vector[], n: number, checkCancel: () => void = () => undefined): Int32Array {
  const keys = columns.map((c) => zOrderKeys(c, n, checkCancel));
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let calls = 0;
  idx.sort((i, j) => {
    if ((++calls & 0x3fff) === 0) checkCancel();
    let best = 0;
    let decide = 0;
    for (let k = 0; k < keys.length; k++) {
      const x = keys[k]![i]! ^ keys[k]![j]!;
      if (lessMsb(best, x)) { best = x; decide = k; }
    }
    const a = keys[decide]![i]!, b = keys[decide]![j]!;
    return a !== b ? a - b : i - j;
  });
  return Int32Array.from(idx);
}
