/**
 * An equality index over one column held in parts (a data file's row groups): which rows hold one of a few
 * values, without reading the column. Point lookups (`WHERE id = $1`, `id IN (…)`) on a cached column then
 * cost a hash probe per value instead of a comparison per row. Integer columns hash open-addressed over
 * doubles (IntHashChains); strings go through a Map. Rows that are NULL are never found.
 */
import type { SqlType, Vector } from '../common/index.ts';
import { orderClass } from './compare.ts';
import { IntHashChains } from './int-hash.ts';

const MAX = Number.MAX_SAFE_INTEGER;

const INDEXABLE = new Set(['int2', 'int4', 'int8', 'oid', 'date', 'text', 'varchar', 'name']);

/** Can a column of this type be indexed? Integers, dates and text, whose equality is exact. */
export const indexable = (t: SqlType): boolean => t.scaled === undefined && INDEXABLE.has(t.id);

export class EqualityIndex {
  private constructor(
    /** Start row of each part in the concatenation, and the total at the end. */
    private readonly offsets: Int32Array,
    private readonly ints: IntHashChains | undefined,
    private readonly strings: { heads: Map<string, number>; next: Int32Array } | undefined,
    readonly bytes: number,
  ) {}

  /** The index of a column's parts, or undefined when its type is not indexable or an int8 is beyond ±2^53. */
  static build(parts: readonly Vector[]): EqualityIndex | undefined {
    if (parts.length === 0 || !indexable(parts[0]!.type)) return undefined;
    const offsets = new Int32Array(parts.length + 1);
    for (let p = 0; p < parts.length; p++) offsets[p + 1] = offsets[p]! + parts[p]!.length;
    const n = offsets[parts.length]!;
    if (orderClass(parts[0]!.type) === 'string') {
      const heads = new Map<string, number>();
      const next = new Int32Array(n).fill(-1);
      let bytes = 4 * n + 64;
      for (let p = parts.length - 1; p >= 0; p--) {
        const v = parts[p]!, a = v.values as string[], m = v.nulls, base = offsets[p]!;
        for (let i = v.length - 1; i >= 0; i--) {
          if (m !== null && m[i] === 1) continue;
          const head = heads.get(a[i]!);
          if (head === undefined) bytes += 48;
          else next[base + i] = head;
          heads.set(a[i]!, base + i);
        }
      }
      return new EqualityIndex(offsets, undefined, { heads, next }, bytes);
    }
    const keys = new Float64Array(n);
    for (let p = 0; p < parts.length; p++) {
      const v = parts[p]!, m = v.nulls, base = offsets[p]!;
      if (v.values instanceof BigInt64Array) {
        const a = v.values;
        for (let i = 0; i < v.length; i++) {
          if (m !== null && m[i] === 1) { keys[base + i] = NaN; continue; }
          const x = Number(a[i]!);
          if (x > MAX || x < -MAX) return undefined;
          keys[base + i] = x;
        }
      } else {
        const a = v.values as Int32Array | Float64Array;
        for (let i = 0; i < v.length; i++) {
          if (m !== null && m[i] === 1) { keys[base + i] = NaN; continue; }
          const x = a[i]!;
          if (!(x <= MAX && x >= -MAX)) return undefined; // ±infinity
          keys[base + i] = x;
        }
      }
    }
    const chains = new IntHashChains(keys, n);
    return new EqualityIndex(offsets, chains, undefined, chains.bytes + 64);
  }

  /**
   * The rows equal to one of `keys` (values of the column's type; NULLs are ignored), ascending, per part:
   * an entry for each part, empty where it has none.
   */
  rows(keys: readonly unknown[]): Int32Array[] {
    const found: number[] = [];
    const seen = new Set<unknown>();
    for (const key of keys) {
      if (this.strings !== undefined) {
        if (typeof key !== 'string' || seen.has(key)) continue;
        seen.add(key);
        for (let r = this.strings.heads.get(key) ?? -1; r >= 0; r = this.strings.next[r]!) found.push(r);
      } else {
        const k = typeof key === 'bigint' || typeof key === 'number' ? Number(key) : NaN;
        if (!Number.isSafeInteger(k) || seen.has(k)) continue; // NULL, or no column value can equal it
        seen.add(k);
        const chains = this.ints!;
        for (let r = chains.find(k); r >= 0; r = chains.next[r]!) found.push(r);
      }
    }
    if (seen.size > 1) found.sort((a, b) => a - b);
    const parts = this.offsets.length - 1;
    const out: Int32Array[] = [];
    let j = 0;
    for (let p = 0; p < parts; p++) {
      const start = j, end = this.offsets[p + 1]!;
      while (j < found.length && found[j]! < end) j++;
      const rows = new Int32Array(j - start);
      for (let k = start; k < j; k++) rows[k - start] = found[k]! - this.offsets[p]!;
      out.push(rows);
    }
    return out;
  }
}
