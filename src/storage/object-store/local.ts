import { randomUUID } from 'node:crypto';
import { constants, openAsBlob, statSync, type Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqlError, SqlState } from '../../common/index.ts';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store.ts';
import { RangeBlob } from './range-blob.ts';

/** Temp files carry this prefix so that listings never show a half-written object. */
const TEMP_PREFIX = '.basin-tmp-';

/** No such object: no file, or a directory (a key prefix, which S3 does not count as an object either). */
const isNotFound = (e: unknown): boolean => ['ENOENT', 'EISDIR', 'ENOTDIR'].includes((e as NodeJS.ErrnoException)?.code ?? '');

/**
 * How long after a directory's last change its modification time is not trusted as a change token: a
 * file system stamps times from a coarse clock, so two changes within one tick leave the same mtime.
 */
const MTIME_SETTLE_MS = 2000;

/** How many entries of a listing are stat'ed at once. */
const LIST_STAT_CONCURRENCY = 64;

/** An object store over a local directory. Keys map to files below `dir`; the directory is created lazily. */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = nodePath.resolve(dir);
    this.root = pathToFileURL(this.dir).href;
  }

  /** Absolute file path of a key; rejects keys that would escape the root. */
  filePath(key: string): string {
    if (key.startsWith('/') || key.split('/').some((s) => s === '..')) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid object path "${key}"`);
    }
    return nodePath.join(this.dir, ...key.split('/').filter((s) => s !== '' && s !== '.'));
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    const file = this.filePath(key);
    try {
      if (range === undefined) return new Uint8Array(await fs.readFile(file));
      const fh = await fs.open(file, 'r');
      try {
        const buf = new Uint8Array(range.length);
        let done = 0;
        while (done < range.length) {
          const { bytesRead } = await fh.read(buf, done, range.length - done, range.offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === range.length ? buf : buf.subarray(0, done);
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.filePath(key);
    const temp = await this.writeTemp(file, bytes);
    try {
      await fs.rename(temp, file);
    } catch (e) {
      await fs.rm(temp, { force: true });
      throw e;
    }
    await syncDir(nodePath.dirname(file));
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    const file = this.filePath(key);
    // The content is complete and durable before the name appears: link() publishes it atomically and
    // fails with EEXIST when another writer's link won, so a reader never sees a torn commit.
    const temp = await this.writeTemp(file, bytes);
    try {
      await fs.link(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      await fs.rm(temp, { force: true });
    }
    await syncDir(nodePath.dirname(file));
    return true;
  }

  async list(prefix: string, startAfter?: string, limit?: number): Promise<ObjectMeta[]> {
    // The directory part of the prefix is walked; the rest filters names (S3 semantics, recursive).
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash < 0 ? '' : prefix.slice(0, slash);
    const base = this.filePath(dirKey);
    let entries: Dirent[];
    try {
      // With file types the walk needs no stat per entry (a Delta log directory holds thousands of files).
      entries = await fs.readdir(base, { recursive: true, withFileTypes: true });
    } catch (e) {
      if (isNotFound(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw e;
    }
    const keys: string[] = [];
    for (const d of entries) {
      if (d.isDirectory()) continue;
      const parent = d.parentPath ?? d.path;
      const sub = parent.length > base.length ? parent.slice(base.length + 1).split(nodePath.sep).join('/') + '/' : '';
      const key = (dirKey === '' ? '' : dirKey + '/') + sub + d.name;
      if (!key.startsWith(prefix) || (startAfter !== undefined && key <= startAfter)) continue;
      if (nodePath.basename(key).startsWith(TEMP_PREFIX)) continue;
      keys.push(key);
    }
    keys.sort();
    // Stats go out a chunk at a time: one await per entry would let every other connection's work run
    // between two stats, and a log of thousands of entries would then take seconds under load.
    const out: ObjectMeta[] = [];
    for (let i = 0; i < keys.length && (limit === undefined || out.length < limit); i += LIST_STAT_CONCURRENCY) {
      const chunk = keys.slice(i, i + LIST_STAT_CONCURRENCY);
      for (const meta of await Promise.all(chunk.map((k) => this.head(k)))) {
        if (meta !== undefined && (limit === undefined || out.length < limit)) out.push(meta);
      }
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.filePath(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (prefix === '' || prefix.endsWith('/')) {
      await fs.rm(this.filePath(prefix), { recursive: true, force: true });
      return;
    }
    for (const o of await this.list(prefix)) await this.delete(o.path);
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    try {
      const st = await fs.stat(this.filePath(key));
      if (!st.isFile()) return undefined;
      return { path: key, size: st.size, lastModified: Math.floor(st.mtimeMs) };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The directory's inode and modification time, once its last change has settled (see MTIME_SETTLE_MS). */
  async changeToken(prefix: string): Promise<string | undefined> {
    let st;
    try {
      // A stat is microseconds: synchronously, without a round trip through the thread pool.
      st = statSync(this.filePath(prefix), { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (st === undefined || !st.isDirectory() || Date.now() - st.mtimeMs < MTIME_SETTLE_MS) return undefined;
    return `${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
  }

  async openBlob(key: string): Promise<Blob | undefined> {
    // openAsBlob reports a missing file as an invalid argument, not ENOENT: look first.
    const meta = await this.head(key);
    if (meta === undefined) return undefined;
    const file = this.filePath(key);
    // Node 20's openAsBlob keeps a file's size modulo 2^32: from 4 GiB on, read ranges through a file handle.
    if (meta.size >= 2 ** 32) return new RangeBlob((offset, length) => readRange(file, offset, length), 0, meta.size);
    try {
      return await openAsBlob(file);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Write `bytes` to a fresh temp file beside `file` and fsync it; returns the temp path. */
  private async writeTemp(file: string, bytes: Uint8Array): Promise<string> {
    const dir = nodePath.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    const temp = nodePath.join(dir, `${TEMP_PREFIX}${randomUUID()}`);
    const fh = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await fs.rm(temp, { force: true });
      throw e;
    }
    await fh.close();
    return temp;
  }
}

/** fsync a directory so that a new name in it survives a crash (not possible on every platform). */
async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory; the rename/link is still atomic.
  } finally {
    await fh?.close();
  }
}

/** Exactly `length` bytes of `file` at `offset`. */
async function readRange(file: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(out, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error(`${file} ends at ${offset + done}, before the ${length} bytes asked for at ${offset}`);
      done += bytesRead;
    }
    return out;
  } finally {
    await handle.close();
  }
}
