/**
 * Data files as the log names them: `add.path`, `remove.path` and `cdc.path` are relative URIs (RFC 2396), so
 * the object key is the percent-decoded path (a partition directory `a%3D1/` is the key `a=1/`).
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { ObjectStore } from '../object-store/object-store.ts';

/** The object key, relative to the table root, of a path as the log writes it. */
export function objectKey(logPath: string): string {
  try {
    return decodeURIComponent(logPath);
  } catch {
    return logPath;
  }
}

/**
 * A Blob over a file the log names (read lazily where the store can), or undefined when it is missing.
 * Absolute paths (files outside the table root, as shallow clones write) are 0A000.
 */
export async function openLogFile(store: ObjectStore, logPath: string): Promise<Blob | undefined> {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logPath)) {
    throw new SqlError(SqlState.featureNotSupported, `Delta files outside the table root are not supported yet: "${logPath}"`);
  }
  const key = objectKey(logPath);
  return (await store.openBlob?.(key)) ?? await store.get(key).then((b) => (b === undefined ? undefined : new Blob([b])));
}
