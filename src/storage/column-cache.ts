/**
 * An LRU cache of decoded column chunks: a file's column as Basin Vectors (one per row group), keyed by table
 * location, data file path and column. Delta data files are immutable (a change writes new files), so an entry never goes
 * stale; it only ages out when the cache exceeds its byte budget. Repeated scans — a correlated subquery run
 * per outer row, a dashboard's repeated query — then skip Parquet decoding entirely.
 */
import type { SqlType } from '../common/index.ts';
import type { Vector } from '../common/index.ts';
import { EqualityIndex, indexable } from '../kernels/index.ts';
import { sharedStringBytes } from './parquet/index.ts';

interface Entry {
  readonly vectors: readonly Vector[];
  bytes: number;
  /** Point lookups asked of this column so far, and the index built on the second. */
  lookups: number;
  index?: EqualityIndex;
}

export class ColumnCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  /**
   * `fileVersion` tells apart the contents of a path that may be rewritten in place (plain files read by
   * read_parquet: their size and time); a Delta data file never changes, so its is constant.
   */
  static key(location: string, file: string, column: string, type: SqlType, fileVersion = ''): string {
    return `${location}\u0000${file}\u0000${column}\u0000${type.id}:${type.typmod}:${type.scaled ?? ''}\u0000${fileVersion}`;
  }

  /** The column's vectors, one per row group. */
  get(key: string): readonly Vector[] | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.vectors;
  }

  set(key: string, vectors: readonly Vector[]): void {
    vectors = vectors.map(compact);
    let bytes = 0;
    for (const v of vectors) bytes += estimateBytes(v);
    if (bytes > this.budgetBytes / 4) return; // one huge column must not flush everything else
    const old = this.entries.get(key);
    if (old !== undefined) { this.bytes -= old.bytes; this.entries.delete(key); }
    this.entries.set(key, { vectors, bytes, lookups: 0 });
    this.bytes += bytes;
    this.evict();
  }

  /**
   * An equality index over a cached column, for point lookups: built the second time one is asked for (a
   * lone lookup is cheaper as a scan), then kept with the column and counted in its bytes. Undefined when
   * the column is not cached or not indexable, and for the first lookup.
   */
  equalityIndex(key: string): EqualityIndex | undefined {
    const e = this.entries.get(key);
    if (e === undefined || e.vectors.length === 0 || !indexable(e.vectors[0]!.type)) return undefined;
    if (e.index !== undefined || ++e.lookups < 2) return e.index;
    const index = EqualityIndex.build(e.vectors);
    if (index === undefined) { e.lookups = -Infinity; return undefined; } // never indexable: stop counting
    e.index = index;
    e.bytes += index.bytes;
    this.bytes += index.bytes;
    this.evict();
    return this.entries.has(key) ? index : undefined;
  }

  private evict(): void {
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /** Forget every entry of a table (DROP TABLE: its files are deleted). */
  forgetLocation(location: string): void {
    const prefix = `${location}\u0000`;
    for (const [k, e] of this.entries) {
      if (k.startsWith(prefix)) { this.entries.delete(k); this.bytes -= e.bytes; }
    }
  }

  /** Forget one data file's columns (VACUUM deleted it: time travel to its versions must fail, not hit the cache). */
  forgetFile(location: string, file: string): void {
    this.forgetLocation(`${location}\u0000${file}`);
  }

  get size(): number {
    return this.bytes;
  }
}

/**
 * The vector with TypedArrays of their own: a column decoded from Arrow is a view into the buffer of its whole
 * record batch (every column read with it), which a cached view would keep alive, unaccounted for.
 */
function compact(v: Vector): Vector {
  const own = <T extends ArrayBufferView>(a: T): T =>
    (a.byteLength < a.buffer.byteLength ? (a as unknown as { slice(): T }).slice() : a);
  const values = Array.isArray(v.values) ? v.values : own(v.values as Uint8Array);
  const nulls = v.nulls === null ? null : own(v.nulls);
  return values === v.values && nulls === v.nulls ? v : { ...v, values, nulls };
}

function estimateBytes(v: Vector): number {
  const nulls = v.nulls?.byteLength ?? 0;
  if (!Array.isArray(v.values)) return (v.values as Uint8Array).byteLength + nulls + 64;
  const vals = v.values as unknown[];
  const shared = sharedStringBytes(vals);
  if (shared !== undefined) return 8 * v.length + shared + nulls + 64;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = vals[i];
    n += typeof x === 'string' ? 2 * x.length + 16 : x instanceof Uint8Array ? x.byteLength + 32 : 48;
  }
  return n + nulls + 64;
}
