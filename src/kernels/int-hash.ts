/**
 * Join keys of integer columns (int2, int4, int8, oid, date, time, timestamps, bool) packed into one double
 * per row, and an open-addressing hash table over such doubles: no Map, no key objects, no strings. Several
 * columns pack into one number by their ranges on the build side, `Σ (v_j − min_j) × stride_j`, while the
 * product of the ranges stays within 2^53; a probe value outside a column's range cannot match and packs to
 * NaN, as NULL does.
 */
import type { Vector } from '../common/index.ts';
import { orderClass } from './compare.ts';

const MAX = Number.MAX_SAFE_INTEGER;

const isIntColumn = (v: Vector): boolean => {
  const c = orderClass(v.type);
  return c === 'int' || c === 'int8' || c === 'bool';
};

/** Row i of an integer column as a number, or NaN when it is NULL or an int8 beyond ±(2^53 − 1). */
function reader(v: Vector): (i: number) => number {
  const m = v.nulls;
  if (v.values instanceof BigInt64Array) {
    const a = v.values;
    return (i) => {
      if (m !== null && m[i] === 1) return NaN;
      const x = Number(a[i]!);
      return x <= MAX && x >= -MAX ? x : NaN;
    };
  }
  const a = v.values as Float64Array;
  return m === null ? (i) => a[i]! : (i) => (m[i] === 1 ? NaN : a[i]!);
}

export class IntKeyPacker {
  private constructor(private readonly mins: readonly number[], private readonly maxs: readonly number[], private readonly strides: readonly number[]) {}

  /** A packer for keys over these build-side columns, or undefined when they are not all integers or too wide. */
  static forBuild(cols: readonly Vector[], n: number): IntKeyPacker | undefined {
    if (cols.length === 0 || !cols.every(isIntColumn)) return undefined;
    if (cols.length === 1) {
      const c = cols[0]!;
      if (c.values instanceof BigInt64Array) {
        const read = reader(c);
        for (let i = 0; i < n; i++) if (read(i) !== read(i) && (c.nulls === null || c.nulls[i] === 0)) return undefined; // too large
      }
      return new IntKeyPacker([-Infinity], [Infinity], [1]);
    }
    const mins: number[] = [], maxs: number[] = [];
    for (const c of cols) {
      const read = reader(c);
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = read(i);
        if (x !== x) { if (c.nulls === null || c.nulls[i] === 0) return undefined; continue; } // an int8 too large
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      mins.push(hi >= lo ? lo : 0);
      maxs.push(hi >= lo ? hi : 0);
    }
    const strides = new Array<number>(cols.length);
    let stride = 1;
    for (let j = cols.length - 1; j >= 0; j--) {
      strides[j] = stride;
      stride *= maxs[j]! - mins[j]! + 1;
      if (stride > MAX) return undefined;
    }
    return new IntKeyPacker(mins, maxs, strides);
  }

  /** Does this packer apply to probe columns of these types? */
  static accepts(cols: readonly Vector[]): boolean {
    return cols.every(isIntColumn);
  }

  /** The packed key of each row; NaN where a column is NULL or outside the build side's range. */
  pack(cols: readonly Vector[], n: number): Float64Array {
    const out = new Float64Array(n);
    if (cols.length === 1) {
      const c = cols[0]!;
      if (c.nulls === null && !(c.values instanceof BigInt64Array)) {
        out.set((c.values as Float64Array).subarray(0, n)); // converts natively from any number array
        return out;
      }
      const read = reader(c);
      for (let i = 0; i < n; i++) out[i] = read(i);
      return out;
    }
    for (let j = 0; j < cols.length; j++) {
      const read = reader(cols[j]!);
      const lo = this.mins[j]!, hi = this.maxs[j]!, stride = this.strides[j]!;
      for (let i = 0; i < n; i++) {
        const x = read(i);
        out[i] = out[i]! + (x >= lo && x <= hi ? (x - lo) * stride : NaN);
      }
    }
    return out;
  }
}

/** Mix an integer-valued double into 32 bits. */
function hash(k: number): number {
  let h = Math.imul((k | 0) ^ Math.imul((k / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Rows by packed key: `find(k)` gives the first row with key k, `next[row]` the following ones, ascending.
 * Keys that span a range at most a few times their count (serial ids, foreign keys to them) are addressed
 * directly, `heads[k − min]`: one memory access per probe, no hashing and no key compare. Others go in an
 * open-addressing table; its small array of chain heads is read first, so a probe that misses (most, in a
 * selective semi join) seldom touches the keys.
 */
export class IntHashChains {
  readonly next: Int32Array;
  /** Direct addressing: per key − min, 1 + the chain's first row, or 0 when none. Null when hashed. */
  private readonly direct: Int32Array | null = null;
  private readonly min: number = 0;
  /** Hashed: per slot, 1 + the chain's first row (0: empty), and the slot's key. */
  private readonly heads: Int32Array | null = null;
  private readonly slotKeys: Float64Array | null = null;
  private readonly mask: number = 0;
  /**
   * Hashed, over a span of at most FILTER_BITS: a bit per key − min, set for the build keys. Most probes of a
   * selective join miss (Q17: 6M lineitems against 200 parts), and a bit test is cheaper than a hash probe.
   */
  private readonly bits: Int32Array | null = null;

  constructor(keys: Float64Array, n: number) {
    const next = this.next = new Int32Array(n).fill(-1);
    let lo = Infinity, hi = -Infinity, integral = true;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (k < lo) lo = k;
      if (k > hi) hi = k;
      if (k % 1 !== 0 && k === k) integral = false;
    }
    if (integral && hi >= lo && hi - lo < Math.max(DIRECT_SPAN * n + 1024, Math.min(DIRECT_SLOTS, 64 * n))) {
      const heads = this.direct = new Int32Array(hi - lo + 1);
      this.min = lo;
      for (let i = n - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (k !== k) continue;
        const d = k - lo;
        if (heads[d] !== 0) next[i] = heads[d]! - 1;
        heads[d] = i + 1;
      }
      return;
    }
    if (integral && hi >= lo && hi - lo < FILTER_BITS) {
      const bits = this.bits = new Int32Array(((hi - lo) >>> 5) + 1);
      this.min = lo;
      for (let i = 0; i < n; i++) {
        const d = keys[i]! - lo;
        if (d === d) bits[d >>> 5]! |= 1 << (d & 31);
      }
    }
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    const mask = this.mask = cap - 1;
    const heads = this.heads = new Int32Array(cap);
    const slotKeys = this.slotKeys = new Float64Array(cap);
    for (let i = n - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k !== k) continue;
      let h = hash(k) & mask;
      while (heads[h] !== 0 && slotKeys[h] !== k) h = (h + 1) & mask;
      if (heads[h] !== 0) next[i] = heads[h]! - 1;
      else slotKeys[h] = k;
      heads[h] = i + 1;
    }
  }

  /** Memory held: the slot tables and the chain links. */
  get bytes(): number {
    return (this.direct?.byteLength ?? 0) + (this.heads?.byteLength ?? 0) + (this.slotKeys?.byteLength ?? 0) + this.next.byteLength;
  }

  /** find() for each of keys[0, n), which are integers (or NaN). */
  findAll(keys: Float64Array, n: number): Int32Array {
    const out = new Int32Array(n);
    const direct = this.direct;
    if (direct !== null) {
      const min = this.min, size = direct.length;
      for (let i = 0; i < n; i++) {
        const d = keys[i]! - min; // NaN (NULL, out of the build's range) fails both tests
        out[i] = d >= 0 && d < size ? direct[d]! - 1 : -1;
      }
      return out;
    }
    const heads = this.heads!, slotKeys = this.slotKeys!, mask = this.mask;
    const bits = this.bits, min = this.min, limit = bits === null ? 0 : bits.length * 32;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      let r = -1;
      if (bits !== null) {
        const d = k - min; // NaN and keys out of the span fail the range test
        if (!(d >= 0 && d < limit)) { out[i] = -1; continue; }
        const di = d | 0; // below 2^25: an int32 when the key is an integer
        if (di !== d || (bits[di >>> 5]! & (1 << (di & 31))) === 0) { out[i] = -1; continue; }
      }
      if (k === k) {
        let h = hash(k) & mask;
        while (heads[h] !== 0) {
          if (slotKeys[h] === k) { r = heads[h]! - 1; break; }
          h = (h + 1) & mask;
        }
      }
      out[i] = r;
    }
    return out;
  }

  find(k: number): number {
    if (this.direct !== null) {
      const d = k - this.min;
      return d >= 0 && d < this.direct.length && d % 1 === 0 ? this.direct[d]! - 1 : -1;
    }
    if (k !== k) return -1;
    const heads = this.heads!, slotKeys = this.slotKeys!, mask = this.mask;
    let h = hash(k) & mask;
    while (heads[h] !== 0) {
      if (slotKeys[h] === k) return heads[h]! - 1;
      h = (h + 1) & mask;
    }
    return -1;
  }
}

/**
 * Direct addressing is used when the build keys' span is below this many slots per key (4 bytes each), or
 * below 64 per key up to DIRECT_SLOTS (4 MiB) in all: a small table over spread keys (a filtered dimension)
 * still fits in cache, and needs no hashing.
 */
const DIRECT_SPAN = 4;
/** Hashed build keys get a bit filter (FILTER_BITS / 8 bytes at most: 4 MiB) when they span fewer keys than this. */
const FILTER_BITS = 1 << 25;
const DIRECT_SLOTS = 1 << 20;

/**
 * Dense ids for integer-valued doubles (−0 and 0 alike). While the keys seen span a range at most a few times
 * their count (serial ids, dates, small codes) they are addressed directly, `ids[k − base]`, in an array that
 * grows to cover new keys; keys too spread out for that move, once, to a growing open-addressing table.
 */
export class IntIds {
  /** Direct addressing: per k − base, 1 + the key's id, or 0; null once the keys went to the hash table. */
  private direct: Int32Array | null = new Int32Array(0);
  private base = 0;
  private keys = new Float64Array(0);
  /** Per slot: 1 + the key's id, or 0 when empty. */
  private ids = new Int32Array(0);
  private mask = -1;
  private size = 0;

  /** The id of k; a new key gets `fresh` (so the caller sees `=== fresh` and advances its counter). */
  idOf(k: number, fresh: number): number {
    const direct = this.direct;
    if (direct !== null) {
      const d = k - this.base;
      if (d >= 0 && d < direct.length) {
        const id = direct[d]!;
        if (id !== 0) return id - 1;
        direct[d] = fresh + 1;
        this.size++;
        return fresh;
      }
      this.widen(k);
      return this.idOf(k, fresh);
    }
    const keys = this.keys, ids = this.ids, mask = this.mask;
    let h = hash(k) & mask;
    for (;;) {
      const id = ids[h]!;
      if (id === 0) break;
      if (keys[h] === k) return id - 1;
      h = (h + 1) & mask;
    }
    keys[h] = k;
    ids[h] = fresh + 1;
    if (++this.size * 2 > mask) this.grow();
    return fresh;
  }

  /** The id of k, or -1 when k has none (nothing is added). */
  find(k: number): number {
    const direct = this.direct;
    if (direct !== null) {
      const d = k - this.base;
      return d >= 0 && d < direct.length ? direct[d]! - 1 : -1;
    }
    if (this.mask < 0) return -1;
    const keys = this.keys, ids = this.ids, mask = this.mask;
    let h = hash(k) & mask;
    for (;;) {
      const id = ids[h]!;
      if (id === 0) return -1;
      if (keys[h] === k) return id - 1;
      h = (h + 1) & mask;
    }
  }

  /** Cover k by the direct array (doubling its span at least), or move every key to the hash table. */
  private widen(k: number): void {
    const old = this.direct!;
    const oldLo = this.base, oldHi = this.base + old.length - 1;
    const lo = old.length === 0 ? k : Math.min(oldLo, k), hi = old.length === 0 ? k : Math.max(oldHi, k);
    const span = Math.max(hi - lo + 1, 2 * old.length, 64);
    if (hi - lo + 1 <= Math.max(DIRECT_IDS_SPAN * (this.size + 1024), Math.min(DIRECT_SLOTS, 64 * this.size))) {
      const next = new Int32Array(span);
      // Grow toward the new key: below the old range when it is below, above otherwise.
      const base = k < oldLo ? hi - span + 1 : lo;
      if (old.length > 0) next.set(old, oldLo - base);
      this.direct = next;
      this.base = base;
      return;
    }
    this.direct = null;
    let cap = 1024;
    while (cap < 4 * (this.size + 1)) cap *= 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    const keys = this.keys, ids = this.ids, mask = this.mask;
    for (let d = 0; d < old.length; d++) {
      if (old[d] === 0) continue;
      const key = oldLo + d;
      let h = hash(key) & mask;
      while (ids[h] !== 0) h = (h + 1) & mask;
      keys[h] = key;
      ids[h] = old[d]!;
    }
  }

  private grow(): void {
    const oldKeys = this.keys, oldIds = this.ids;
    const cap = oldIds.length * 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    const keys = this.keys, ids = this.ids, mask = this.mask;
    for (let s = 0; s < oldIds.length; s++) {
      const id = oldIds[s]!;
      if (id === 0) continue;
      const k = oldKeys[s]!;
      let h = hash(k) & mask;
      while (ids[h] !== 0) h = (h + 1) & mask;
      keys[h] = k;
      ids[h] = id;
    }
  }
}

/** Group keys stay directly addressed while their span is at most this many slots per key (or 64, up to DIRECT_SLOTS). */
const DIRECT_IDS_SPAN = 8;
