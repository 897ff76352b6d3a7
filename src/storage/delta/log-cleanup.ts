/**
 * Expiring old log entries (PROTOCOL.md "Metadata Cleanup"): with `cutOffTimestamp` the midnight (UTC) at or
 * before now − `delta.logRetentionDuration`, the cutoff commit is the newest commit not newer than it, and the
 * cutoff checkpoint the newest complete checkpoint at or before that commit. Everything before the cutoff
 * checkpoint goes: commits, checkpoints and checksum files. The checkpoint and the commit at its version
 * stay (the commit keeps its commitInfo), and so does everything after it, so every version from the cutoff
 * checkpoint on can still be read. Without such a checkpoint nothing is deleted.
 */
import type { ObjectStore } from '../object-store/object-store.ts';
import { LOG_DIR, parseLogPath } from './log-path.ts';

const DAY_MS = 86_400_000;

/**
 * The `cutOffTimestamp` of a cleanup at `now`. Commits made after a cleanup are newer than its cutoff, so
 * a second cleanup with the same cutoff finds nothing more to delete.
 */
export function cleanupCutoff(retentionMs: number, now: number): number {
  return Math.floor((now - retentionMs) / DAY_MS) * DAY_MS;
}

/** Delete expired log files; returns the version of the oldest remaining checkpoint kept, or undefined. */
export async function cleanupExpiredLogs(store: ObjectStore, retentionMs: number, now: number): Promise<number | undefined> {
  const cutOffTimestamp = cleanupCutoff(retentionMs, now);
  const listed = await store.list(LOG_DIR);
  const commits: { version: number; mtime: number; path: string }[] = [];
  const checkpoints = new Map<number, { parts: number; seen: Set<number>; paths: string[] }>();
  const others: { version: number; path: string }[] = [];
  for (const o of listed) {
    const f = parseLogPath(o.path);
    if (f === undefined) {
      const crc = /^(\d{20})\.crc$/.exec(o.path.slice(LOG_DIR.length));
      if (crc !== null) others.push({ version: Number(crc[1]), path: o.path });
      continue;
    }
    if (f.kind === 'commit') {
      commits.push({ version: f.version, mtime: o.lastModified, path: o.path });
      continue;
    }
    const e = checkpoints.get(f.version) ?? { parts: f.parts ?? 1, seen: new Set<number>(), paths: [] };
    if ((f.parts ?? 1) === e.parts) e.seen.add(f.part ?? 1);
    e.paths.push(o.path);
    checkpoints.set(f.version, e);
  }
  let cutoffCommit = -1;
  for (const c of commits) if (c.mtime <= cutOffTimestamp && c.version > cutoffCommit) cutoffCommit = c.version;
  if (cutoffCommit < 0) return undefined;
  let cutoffCheckpoint = -1;
  for (const [v, e] of checkpoints) {
    if (e.seen.size === e.parts && v <= cutoffCommit && v > cutoffCheckpoint) cutoffCheckpoint = v;
  }
  if (cutoffCheckpoint < 0) return undefined;
  const doomed = [
    ...commits.filter((c) => c.version < cutoffCheckpoint).map((c) => c.path),
    ...[...checkpoints].filter(([v]) => v < cutoffCheckpoint).flatMap(([, e]) => e.paths),
    ...others.filter((o) => o.version < cutoffCheckpoint).map((o) => o.path),
  ];
  // Oldest first: a reader listing meanwhile sees a log that starts later, never one with a hole.
  doomed.sort();
  for (const p of doomed) await store.delete(p);
  return cutoffCheckpoint;
}
