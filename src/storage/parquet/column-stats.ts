/**
 * Per-column statistics gathered while writing a data file: null count, and min/max where the column's
 * order is meaningful to a reader of the Delta stats (numbers, dates, timestamps, decimals, text in code
 * point order). Values are Basin JS values; delta/stats-json.ts decides what can be written to the log.
 */
import { Decimal } from '../../common/index.ts';
import type { SqlType } from '../../common/index.ts';
import type { Vector } from '../../common/index.ts';
import { storageKind } from './arrow-schema.ts';

/** Compare strings by Unicode code point (UTF-8 byte order), not by UTF-16 code unit as `<` does. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF, code points above U+FFFF) must sort after U+E000–FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

const HIGH = /[\ud800-\uffff]/;

/** Distinct values are counted exactly up to this many per file; past it the count is "many" (not published). */
export const DISTINCT_LIMIT = 1000;

export class ColumnStats {
  readonly type: SqlType;
  nullCount = 0;
  min: unknown = undefined;
  max: unknown = undefined;
  /** A value that has no place in the order or the stats (NaN, ±Infinity) was seen: min/max must not be published. */
  unordered = false;
  /**
   * The distinct non-null values seen, while there are at most DISTINCT_LIMIT of them; undefined once there
   * are more, or for a column whose values are not counted (bool, binary, decimals, JSON). The planner's
   * selectivity estimates read the counts.
   */
  private seen: Set<unknown> | undefined;
  /** A string with a char ≥ U+D800 was seen: from then on compare by code point, not with `<`. */
  private highSeen = false;
  private readonly kind: 'number' | 'int8' | 'decimal' | 'string' | 'none';

  constructor(type: SqlType) {
    this.type = type;
    const k = storageKind(type);
    this.kind = k === 'bool' || k === 'binary' || k === 'encoded' ? 'none'
      : k === 'decimal' ? 'decimal'
      : k === 'text' ? (type.id === 'json' || type.id === 'jsonb' ? 'none' : 'string')
      : type.id === 'int8' ? 'int8'
      : 'number';
    if (this.kind === 'number' || this.kind === 'int8' || this.kind === 'string') this.seen = new Set();
  }

  /** The number of distinct non-null values, when it is at most DISTINCT_LIMIT. */
  get distinctCount(): number | undefined {
    return this.seen?.size;
  }

  /** Whether the column's values are counted and there were more than DISTINCT_LIMIT distinct ones. */
  get manyDistinct(): boolean {
    return this.kind !== 'none' && this.kind !== 'decimal' && this.seen === undefined;
  }

  private countDistinct(v: Vector): void {
    const seen = this.seen!, a = v.values, nulls = v.nulls, n = v.length;
    let last: unknown = undefined;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const x = a[i];
      if (x === last) continue;
      last = x;
      seen.add(x);
      if (seen.size > DISTINCT_LIMIT) { this.seen = undefined; return; }
    }
  }

  /** Min and max of a scaled numeric column (see scaledNumeric), kept as Decimals like other numeric columns'. */
  private addScaled(v: Vector): void {
    const n = v.length, nulls = v.nulls, a = v.values as Float64Array;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const x = a[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (lo > hi) return;
    const min = Decimal.of(BigInt(lo), v.type.scaled), max = Decimal.of(BigInt(hi), v.type.scaled);
    if (this.min === undefined || min.cmp(this.min as Decimal) < 0) this.min = min;
    if (this.max === undefined || max.cmp(this.max as Decimal) > 0) this.max = max;
  }

  add(v: Vector): void {
    const n = v.length, nulls = v.nulls;
    if (nulls !== null) for (let i = 0; i < n; i++) this.nullCount += nulls[i]!;
    if (this.seen !== undefined) this.countDistinct(v);
    if (this.kind === 'none' || this.unordered) return;
    if (this.kind === 'int8') {
      const a = v.values as BigInt64Array;
      let lo = 0n, hi = 0n, any = false;
      for (let i = 0; i < n; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const x = a[i]!;
        if (!any) { lo = x; hi = x; any = true; continue; }
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (!any) return;
      if (this.min === undefined || lo < (this.min as bigint)) this.min = lo;
      if (this.max === undefined || hi > (this.max as bigint)) this.max = hi;
      return;
    }
    if (this.kind === 'number') {
      const a = v.values as Float64Array;
      let lo = Infinity, hi = -Infinity, any = false;
      for (let i = 0; i < n; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const x = a[i]!;
        // NaN has no place in the order; ±Infinity (also infinite timestamps) has no place in the stats JSON.
        if (!Number.isFinite(x)) { this.unordered = true; return; }
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        any = true;
      }
      if (!any) return;
      if (this.min === undefined || lo < (this.min as number)) this.min = lo;
      if (this.max === undefined || hi > (this.max as number)) this.max = hi;
      return;
    }
    if (this.kind === 'decimal' && v.type.scaled !== undefined) { this.addScaled(v); return; }
    const a = v.values as unknown[];
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const x = a[i];
      if (this.kind === 'decimal') {
        const d = x as Decimal;
        if (d.isNaN()) { this.unordered = true; return; }
        if (this.min === undefined || d.cmp(this.min as Decimal) < 0) this.min = d;
        if (this.max === undefined || d.cmp(this.max as Decimal) > 0) this.max = d;
      } else {
        const s = x as string;
        if (this.min === undefined) { this.min = s; this.max = s; this.highSeen = HIGH.test(s); continue; }
        // `<` compares UTF-16 units: the same order as code points unless a surrogate is involved.
        if (this.highSeen || (this.highSeen = HIGH.test(s))) {
          if (compareCodePoints(s, this.min as string) < 0) this.min = s;
          if (compareCodePoints(s, this.max as string) > 0) this.max = s;
        } else {
          if (s < (this.min as string)) this.min = s;
          if (s > (this.max as string)) this.max = s;
        }
      }
    }
  }
}
