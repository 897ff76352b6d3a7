/**
 * Plain files named by a path or URL (`/dir/a.parquet`, `s3://bucket/x/*.parquet`, `file:///dir`), read in
 * place through the object store of their directory: one file, a glob (`*`, `?`, `[…]` within a name, `**`
 * across directories), or a directory (every file with the given suffix below it, leaving out `_…` and `.…`
 * entries such as `_delta_log/` and `_SUCCESS`). A set of several names shares the store of their common
 * directory, and each file is named by its key relative to it.
 */
import * as nodePath from 'node:path';
import { SqlError, SqlState } from '../../common/index.ts';
import { locationScheme, objectStoreFor, type ObjectMeta, type ObjectStore } from '../object-store/index.ts';

export interface FileSet {
  /** The common directory: the store's root location. */
  readonly location: string;
  readonly store: ObjectStore;
  /** Keys relative to `location`, sorted, with their size and time. */
  readonly files: readonly ObjectMeta[];
}

const GLOB = /[*?[]/;

/** A location split at its last '/': the directory and the name in it. */
function splitLocation(location: string): { dir: string; name: string } {
  if (locationScheme(location) === undefined) return { dir: nodePath.dirname(location), name: nodePath.basename(location) };
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)(\/.*)?$/.exec(location.replace(/\/+$/, ''));
  const path = m?.[2] ?? '';
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { dir: location, name: '' } : { dir: m![1]! + path.slice(0, slash), name: path.slice(slash + 1) };
}

/** A glob as a regular expression over keys relative to the glob's fixed directory. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; re += '(?:[^/]*/)*'; } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const hidden = (key: string): boolean => key.split('/').some((s) => s.startsWith('_') || s.startsWith('.'));

/** The longest common directory of some directories (plain paths or URLs of one scheme). */
function commonDirectory(dirs: readonly string[]): string {
  const schemes = new Set(dirs.map((d) => locationScheme(d) ?? ''));
  if (schemes.size > 1) throw new SqlError(SqlState.featureNotSupported, 'files read together must all be on one storage (all local, or all on one bucket)');
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith('/') ? common : `${common}/`))) {
      const up = splitLocation(common).dir;
      if (up === common) break;
      common = up;
    }
  }
  return common;
}

/** Plain files are named absolutely: a relative path would depend on the server's working directory. */
function checkAbsolute(location: string): void {
  if (locationScheme(location) === undefined && !nodePath.isAbsolute(location)) {
    throw new SqlError(SqlState.invalidParameterValue, `relative path not allowed: "${location}"`, {
      hint: 'Name the file by an absolute path or a URL (file:///…, s3://bucket/…).',
    });
  }
}

const notFound = (location: string): SqlError =>
  new SqlError(SqlState.undefinedFile, `could not open file "${location}" for reading: No such file or directory`);

/** One name's files, keyed relative to `dir`'s store. */
async function resolveOne(location: string, suffix: string): Promise<{ dir: string; keys: ObjectMeta[] }> {
  checkAbsolute(location);
  const { dir, name } = splitLocation(location);
  const globAt = location.search(GLOB);
  if (globAt >= 0) {
    // The fixed part is the directory before the first wildcard; the rest is matched against its keys.
    const fixed = splitLocation(location.slice(0, globAt) + 'x').dir;
    const pattern = globRegExp(location.slice(fixed.length).replace(/^\/+/, ''));
    const store = objectStoreFor(fixed);
    const keys = (await store.list('')).filter((o) => pattern.test(o.path));
    if (keys.length === 0) throw new SqlError(SqlState.undefinedFile, `no files match "${location}"`);
    return { dir: fixed, keys };
  }
  const store = objectStoreFor(dir);
  const meta = name === '' ? undefined : await store.head(name);
  if (meta !== undefined) return { dir, keys: [meta] };
  // A directory: every file with the suffix below it.
  const inside = objectStoreFor(location);
  const keys = (await inside.list('')).filter((o) => !hidden(o.path) && o.path.toLowerCase().endsWith(suffix));
  if (keys.length === 0) {
    if ((await inside.list('', undefined, 1)).length === 0) throw notFound(location);
    throw new SqlError(SqlState.undefinedFile, `directory "${location}" has no ${suffix} files`);
  }
  return { dir: location.replace(/\/+$/, ''), keys };
}

/** The files some names stand for, relative to their common directory. */
export async function resolveFiles(locations: readonly string[], suffix: string): Promise<FileSet> {
  if (locations.length === 0) throw new SqlError(SqlState.invalidParameterValue, 'no files to read: the list of names is empty');
  const parts = await Promise.all(locations.map((l) => resolveOne(l, suffix)));
  const location = commonDirectory(parts.map((p) => p.dir));
  const files: ObjectMeta[] = [];
  const seen = new Set<string>();
  for (const p of parts) {
    const prefix = p.dir.slice(location.length).replace(/^\/+/, '');
    for (const k of p.keys) {
      const path = prefix === '' ? k.path : `${prefix}/${k.path}`;
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ ...k, path });
    }
  }
  return { location, store: objectStoreFor(location), files };
}

/** One file's bytes as a lazily read Blob: 58P01 when it does not exist, 42809 for a directory. */
export async function openFile(location: string): Promise<{ blob: Blob; meta: ObjectMeta }> {
  checkAbsolute(location);
  const { dir, name } = splitLocation(location);
  const store = objectStoreFor(dir);
  const meta = name === '' ? undefined : await store.head(name);
  if (meta === undefined) {
    if ((await objectStoreFor(location).list('', undefined, 1)).length > 0) {
      throw new SqlError(SqlState.wrongObjectType, `"${location}" is a directory`);
    }
    throw notFound(location);
  }
  const blob = (await store.openBlob?.(name)) ?? await store.get(name).then((b) => (b === undefined ? undefined : new Blob([b])));
  if (blob === undefined) throw notFound(location);
  return { blob, meta };
}
