/**
 * Where a table's bytes live. Paths are '/'-separated keys relative to the store's root (no leading '/',
 * no '..'); a "directory" is just a key prefix. Implementations: local.ts (a directory), s3.ts (a bucket and
 * key prefix). One contract suite (test/object-store/contract.ts) holds both to the same behaviour.
 */
export interface ObjectMeta {
  /** Key relative to the store root. */
  readonly path: string;
  readonly size: number;
  /** Milliseconds since the epoch. */
  readonly lastModified: number;
}

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

export interface ObjectStore {
  /** A URL naming the store's root (file:///abs/dir, s3://bucket/prefix), for messages and logs. */
  readonly root: string;
  /** The object's bytes, or the bytes of `range`; undefined if there is no such object. */
  get(path: string, range?: ByteRange): Promise<Uint8Array | undefined>;
  /** Write the whole object atomically: readers see the old object or the new one, never a part. */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * Create the object only if no object exists at `path`; true if this call created it, false if another
   * writer got there first. The object becomes visible complete or not at all. Delta commits rely on it.
   */
  putIfAbsent(path: string, bytes: Uint8Array): Promise<boolean>;
  /**
   * Objects whose key starts with `prefix` (a "directory" prefix ends with '/'), sorted by key; with
   * `startAfter`, only keys greater than it (S3's ListObjectsV2 StartAfter); with `limit`, at most that many
   * (the first ones). Missing prefix → [].
   */
  list(prefix: string, startAfter?: string, limit?: number): Promise<ObjectMeta[]>;
  /** Remove an object; removing a missing object is not an error. */
  delete(path: string): Promise<void>;
  /** Remove every object under a prefix (DROP TABLE). */
  deletePrefix(prefix: string): Promise<void>;
  /** Size and time of an object, or undefined if there is none. */
  head(path: string): Promise<ObjectMeta | undefined>;
  /**
   * A token that changes whenever an object directly under the directory `prefix` is added or removed, where
   * the backend can tell that without listing; undefined when it cannot vouch for it (the caller lists).
   */
  changeToken?(prefix: string): Promise<string | undefined>;
  /**
   * A Blob over the object that reads lazily by range (what parquet-wasm's ParquetFile wants), where the
   * backend can offer one; callers fall back to `new Blob([await get(path)])`.
   */
  openBlob?(path: string): Promise<Blob | undefined>;
}
