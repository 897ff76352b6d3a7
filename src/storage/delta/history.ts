/**
 * A table's commit history (DESCRIBE HISTORY): the commitInfo of every commit still in `_delta_log`, newest
 * first. Versions before the oldest retained commit (removed by log cleanup) have no history; a checkpoint
 * does not keep commitInfo (PROTOCOL.md "Metadata Cleanup").
 */
import type { HistoryEntry } from '../contract.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { parseCommit } from './actions.ts';
import { commitPath, LOG_DIR, parseLogPath } from './log-path.ts';

const READ_CONCURRENCY = 16;

/** The newest `limit` commits (all when undefined), newest first. */
export async function readHistory(store: ObjectStore, limit?: number): Promise<HistoryEntry[]> {
  const commits: { version: number; mtime: number }[] = [];
  for (const o of await store.list(LOG_DIR)) {
    const f = parseLogPath(o.path);
    if (f?.kind === 'commit') commits.push({ version: f.version, mtime: o.lastModified });
  }
  commits.sort((a, b) => b.version - a.version);
  const wanted = limit === undefined ? commits : commits.slice(0, limit);
  const out: HistoryEntry[] = [];
  for (let i = 0; i < wanted.length; i += READ_CONCURRENCY) {
    const chunk = wanted.slice(i, i + READ_CONCURRENCY);
    const bodies = await Promise.all(chunk.map((c) => store.get(commitPath(c.version))));
    chunk.forEach((c, k) => {
      const body = bodies[k];
      if (body === undefined) return; // removed by log cleanup while we listed
      const info = parseCommit(body, c.version).find((a) => a.commitInfo !== undefined)?.commitInfo as
        Readonly<Record<string, unknown>> | undefined;
      const ts = info?.timestamp;
      out.push({ version: c.version, timestamp: typeof ts === 'number' ? ts : c.mtime, commitInfo: info });
    });
  }
  return out;
}
