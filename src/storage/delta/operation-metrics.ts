/**
 * commitInfo.operationMetrics (what DESCRIBE HISTORY shows), named and typed as Delta writes them: a map of
 * strings. The ones that follow from the files a commit adds and removes are derived here, per operation:
 *  - appends (WRITE, CREATE TABLE AS SELECT, …): numFiles, numOutputRows, numOutputBytes;
 *  - rewrites (DELETE, UPDATE, MERGE, …): numAddedFiles, numRemovedFiles, numAddedBytes, numRemovedBytes, and
 *    for DELETE numDeletedRows and numCopiedRows (copy-on-write: the added files hold the copied rows);
 *  - TRUNCATE: numRemovedFiles.
 * Row counts come from the files' stats and are left out when a file has none. An operation that passes its
 * own metrics (CommitOperation.metrics: RESTORE, OPTIMIZE) gets exactly those.
 */
import type { CommitOperation, DataFile } from '../contract.ts';

const rows = (files: readonly (DataFile | undefined)[]): number | undefined => {
  let n = 0;
  for (const f of files) {
    if (f?.stats === undefined) return undefined;
    n += f.stats.numRecords;
  }
  return n;
};
const bytes = (files: readonly (DataFile | undefined)[]): number => files.reduce((s, f) => s + (f?.size ?? 0), 0);

export function operationMetrics(op: CommitOperation, added: readonly DataFile[], removed: readonly (DataFile | undefined)[]): Record<string, string> {
  if (op.metrics !== undefined) return { ...op.metrics };
  const out: Record<string, string> = {};
  if (added.length === 0 && removed.length === 0) return out; // metadata only (ALTER TABLE … ADD COLUMN)
  const set = (k: string, v: number | undefined): void => { if (v !== undefined) out[k] = String(v); };
  const addedRows = rows(added);
  if (op.operation === 'TRUNCATE') {
    set('numRemovedFiles', removed.length);
  } else if (removed.length === 0) {
    set('numFiles', added.length);
    set('numOutputRows', addedRows);
    set('numOutputBytes', bytes(added));
  } else {
    set('numAddedFiles', added.length);
    set('numRemovedFiles', removed.length);
    set('numAddedBytes', bytes(added));
    set('numRemovedBytes', bytes(removed));
    if (op.operation === 'DELETE') {
      const removedRows = rows(removed);
      set('numDeletedRows', removedRows === undefined || addedRows === undefined ? undefined : removedRows - addedRows);
      set('numCopiedRows', addedRows);
    } else {
      set('numOutputRows', addedRows);
    }
  }
  return out;
}
