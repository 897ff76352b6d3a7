/**
 * Hash keys for grouping, joins, DISTINCT and set operations: per row, a JS value usable as a Map key such that
 * two rows get the same key exactly when `compareValues` says they are equal (NULLs aside). One numeric column
 * keys by the number itself, one string column by the string; several columns by one composed string.
 * An int8 (bigint) keys by the number when it is within ±(2^53 − 1), where a double holds it exactly, and by its
 * decimal string beyond, so two int8 keys are equal exactly when the bigints are.
 */
import type { Vector } from '../common/index.ts';
import { elementType, jsonbHashKey, type PgArray, type SqlType } from '../common/index.ts';
import type { Decimal } from '../common/index.ts';
import type { Interval } from '../common/index.ts';
import { bpcharLength, intervalSpan, orderClass, type OrderClass } from './compare.ts';

export type Key = number | string;

/** Which key domain a type's values fall in: two columns can be matched by key only within one domain. */
export function keyDomain(t: SqlType): 'number' | 'int8' | 'string' | 'decimal' | 'interval' | 'bytea' | 'array' | 'jsonb' | 'other' {
  const c = orderClass(t);
  switch (c) {
    case 'int': case 'float': case 'bool': return 'number';
    case 'int8': return 'int8';
    case 'string': case 'bpchar': return 'string';
    case 'decimal': return 'decimal';
    case 'interval': return 'interval';
    case 'bytea': return 'bytea';
    case 'array': return 'array';
    case 'jsonb': return 'jsonb';
    default: return 'other';
  }
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER), SAFE_MIN = -SAFE_MAX;

/** The key of an int8 value: a number where that is exact, else the decimal string. */
export const int8Key = (x: bigint): Key => (x <= SAFE_MAX && x >= SAFE_MIN ? Number(x) : x.toString());

function bytesKey(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The key of one array value: its shape and its elements' keys, so equal arrays (array_eq) get equal keys. */
function arrayKey(a: PgArray, elem: (x: unknown) => Key): string {
  let s = `${a.dims.join(',')}/${a.lbounds.join(',')}/`;
  for (const x of a.items) {
    if (x === null) { s += '\u0000'; continue; }
    const k = elem(x);
    if (typeof k === 'number') s += `\u0001${Object.is(k, -0) ? 0 : k}`;
    else s += `\u0002${k.length}:${k}`;
  }
  return s;
}

/** The key of row i of a column of type `t` (non-NULL row). */
function keyReader(t: SqlType, values: ArrayLike<unknown>): (i: number) => Key {
  const c = orderClass(t);
  switch (c) {
    case 'int': case 'float': case 'bool': return (i) => values[i] as number;
    case 'int8': return (i) => int8Key(values[i] as bigint);
    case 'string': return (i) => values[i] as string;
    case 'bpchar': {
      // Runs of one value (interned by the Parquet reader, or clustered) are trimmed once.
      let lastIn: string | undefined, lastOut = '';
      return (i) => {
        const s = values[i] as string;
        if (s === lastIn) return lastOut;
        const n = bpcharLength(s);
        lastIn = s;
        return lastOut = n === s.length ? s : s.slice(0, n);
      };
    }
    case 'decimal': return (i) => (values[i] as Decimal).hashKey();
    case 'interval': return (i) => intervalSpan(values[i] as Interval).toString();
    case 'bytea': return (i) => bytesKey(values[i] as Uint8Array);
    case 'jsonb': return (i) => jsonbHashKey(values[i] as string);
    case 'array': {
      const et = elementType(t)!;
      const one: unknown[] = [undefined];
      const read = keyReader(et, one);
      // bool elements are JS booleans inside arrays; keys must match the 0/1 numbers of bool columns.
      const elem = et.id === 'bool' ? (x: unknown): Key => (x ? 1 : 0) : (x: unknown): Key => { one[0] = x; return read(0); };
      return (i) => arrayKey(values[i] as PgArray, elem);
    }
    case 'other': return (i) => JSON.stringify(values[i]);
  }
}

/**
 * Keys of rows [0, n) over `cols`. Without `nullsEqual` (joins, where NULL never matches) `keys[i]` is null when
 * row i has a NULL in any column. With `nullsEqual` (grouping, DISTINCT, set operations) NULLs take part in the
 * key: a single column's NULL is the key `null` (a distinct Map key), in composed keys a tag of its own.
 */
export function rowKeys(cols: readonly Vector[], n: number, nullsEqual: boolean): (Key | null)[] {
  const keys = new Array<Key | null>(n);
  if (cols.length === 1) {
    const v = cols[0]!;
    const c = orderClass(v.type);
    const m = v.nulls;
    if (c === 'int' || c === 'float' || c === 'bool') {
      const a = v.values as Float64Array;
      for (let i = 0; i < n; i++) keys[i] = m !== null && m[i] === 1 ? null : a[i]!;
      // -0 and 0 are the same Map key (SameValueZero), as NaN is with NaN: both as PostgreSQL's float equality.
      return keys;
    }
    if (c === 'int8') {
      const a = v.values as BigInt64Array;
      for (let i = 0; i < n; i++) keys[i] = m !== null && m[i] === 1 ? null : int8Key(a[i]!);
      return keys;
    }
    const read = keyReader(v.type, v.values as ArrayLike<unknown>);
    for (let i = 0; i < n; i++) keys[i] = m !== null && m[i] === 1 ? null : read(i);
    return keys;
  }
  const readers = cols.map((v) => keyReader(v.type, v.values as ArrayLike<unknown>));
  const numeric = cols.map((v) => { const c = orderClass(v.type); return c === 'int' || c === 'int8' || c === 'float' || c === 'bool'; });
  for (let i = 0; i < n; i++) {
    let s = '';
    let isNull = false;
    for (let j = 0; j < cols.length; j++) {
      const m = cols[j]!.nulls;
      if (m !== null && m[i] === 1) {
        if (!nullsEqual) { isNull = true; break; }
        s += '\u0000';
        continue;
      }
      const k = readers[j]!(i);
      if (numeric[j]) s += `\u0001${Object.is(k, -0) ? 0 : k}`;
      else { const t = k as string; s += `\u0002${t.length}:${t}`; }
    }
    keys[i] = isNull ? null : s;
  }
  return keys;
}

/** A hash table over rows by key: key → first row, then a chain through `next` in ascending row order. */
export interface HashChains { readonly head: Map<Key, number>; readonly next: Int32Array }

/** Chain the rows of `keys` (NULL keys, which never match, are left out). */
export function buildHashChains(keys: readonly (Key | null)[], n: number): HashChains {
  const head = new Map<Key, number>();
  const next = new Int32Array(n).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const k = keys[i];
    if (k === null || k === undefined) continue;
    const h = head.get(k);
    if (h !== undefined) next[i] = h;
    head.set(k, i);
  }
  return { head, next };
}

/**
 * Which of `parts` partitions each row's key falls in (a hash of the key, varied by `seed` so that a partition
 * split again spreads over new partitions). Spilling operators partition their rows with it.
 */
export function partitionOf(keys: readonly (Key | null)[], n: number, parts: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  const salt = Math.imul(seed + 1, 0x9e3779b1);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    let h: number;
    if (k === null || k === undefined) h = 0;
    else if (typeof k === 'number') h = Math.imul((k | 0) ^ Math.imul((k / 4294967296) | 0, 0x85ebca6b), 0xc2b2ae35);
    else {
      const t = typeof k === 'string' ? k : String(k);
      h = 0x811c9dc5;
      for (let c = 0; c < t.length; c++) h = Math.imul(h ^ t.charCodeAt(c), 0x01000193);
    }
    h = Math.imul(h ^ salt, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    out[i] = (h >>> 0) % parts;
  }
  return out;
}
