/**
 * VACUUM: delete the files in a table's directory that the current version does not reference and that are
 * older than the retention period. That covers files removed by earlier commits (their tombstones keep them
 * until `deletionTimestamp` + retention, so time travel and readers of older snapshots keep working within
 * the retention) and orphans that no commit ever referenced (data files of aborted or crashed writes, whose
 * age is their modification time). Change data files (`_change_data/`) are referenced only by the commits that
 * wrote them, so they go once they are older than the retention, like data files of expired versions. Other
 * hidden paths (a segment starting with `_` or `.`: `_delta_log`, temporary files) are never touched, as in
 * Delta.
 */
import type { VacuumResult } from '../contract.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { checkWritable } from '../delta/protocol.ts';
import type { DeltaSnapshot } from '../delta/snapshot.ts';
import { objectKey } from '../delta/data-path.ts';

export interface VacuumOptions {
  /** Files younger than this (ms) stay. */
  readonly retentionMs: number;
  /** List what would be deleted without deleting it. */
  readonly dryRun: boolean;
  /** The current time (ms since the epoch); tests pass their own. */
  readonly now?: number;
}

const hidden = (key: string): boolean =>
  key.split('/').some((s) => (s.startsWith('_') && s !== '_change_data') || s.startsWith('.'));

export async function vacuumTable(store: ObjectStore, snap: DeltaSnapshot, opts: VacuumOptions): Promise<VacuumResult> {
  // PROTOCOL.md "VACUUM Protocol Check": a vacuum must pass the writer protocol check, whatever the table.
  checkWritable(snap.protocol, snap.metadata, snap.fields);
  const cutoff = (opts.now ?? Date.now()) - opts.retentionMs;
  const keep = new Set(snap.files.map((f) => objectKey(f.path)));
  for (const t of snap.tombstones.values()) {
    if ((t.deletionTimestamp ?? 0) >= cutoff) keep.add(objectKey(t.path));
  }
  const doomed: { path: string; size: number }[] = [];
  for (const o of await store.list('')) {
    if (hidden(o.path) || keep.has(o.path) || o.lastModified >= cutoff) continue;
    doomed.push({ path: o.path, size: o.size });
  }
  if (!opts.dryRun) for (const d of doomed) await store.delete(d.path);
  return { files: doomed.map((d) => d.path), bytes: doomed.reduce((s, d) => s + d.size, 0), dryRun: opts.dryRun };
}
