/**
 * OPTIMIZE: compaction of small files by bin-packing, and clustering by a Z-order curve. The rewrite only
 * rearranges rows, so its commit removes and adds files with `dataChange = false` (readers of the change
 * feed and streaming readers skip it; append-only tables allow it).
 *
 * - Bin-packing: files smaller than the target size are sorted by size and packed greedily into bins of at
 *   most the target size; each bin of two or more files becomes one file. Files already big enough stay.
 * - ZORDER BY: every considered file, whatever its size, is rewritten: all their rows are ordered along the
 *   Z-order curve over the columns (zorder.ts) and cut into files of about the target size, so each file's
 *   min/max stats cover a narrow range of every Z-order column.
 *
 * Rows are held in memory while a bin (or, with ZORDER BY, the whole selection) is rewritten.
 */
import { concatBatches, SqlError, SqlState, sliceBatch, takeBatch, type Batch } from '../../common/index.ts';
import type { DataFile, OptimizeMetrics, OptimizeRequest, OptimizeResult, TableSnapshot, TableStorage } from '../contract.ts';
import { zOrderPermutation } from './zorder.ts';

const READ_BATCH = 65_536;

/** Greedy bins of at most `target` bytes over the files sorted by size; bins of one file are dropped. */
export function binPack(files: readonly DataFile[], target: number): DataFile[][] {
  const small = files.filter((f) => f.size < target).sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const bins: DataFile[][] = [];
  let bin: DataFile[] = [];
  let size = 0;
  for (const f of small) {
    if (bin.length > 0 && size + f.size > target) {
      bins.push(bin);
      bin = [];
      size = 0;
    }
    bin.push(f);
    size += f.size;
  }
  if (bin.length > 0) bins.push(bin);
  return bins.filter((b) => b.length > 1);
}

const sizeStats = (files: readonly DataFile[]) => {
  const sizes = files.map((f) => f.size).sort((a, b) => a - b);
  const total = sizes.reduce((s, x) => s + x, 0);
  return {
    min: sizes[0] ?? 0, max: sizes[sizes.length - 1] ?? 0, avg: sizes.length === 0 ? 0 : total / sizes.length,
    totalFiles: sizes.length, totalSize: total,
  };
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** commitInfo.operationMetrics of an OPTIMIZE, named as Delta names them (values as strings). */
function commitMetrics(added: readonly DataFile[], removed: readonly DataFile[]): Record<string, string> {
  const sizes = added.map((f) => f.size).sort((a, b) => a - b);
  const sum = (fs: readonly DataFile[]) => fs.reduce((s, f) => s + f.size, 0);
  return {
    numAddedFiles: String(added.length), numRemovedFiles: String(removed.length),
    numAddedBytes: String(sum(added)), numRemovedBytes: String(sum(removed)),
    minFileSize: String(sizes[0] ?? 0), p25FileSize: String(percentile(sizes, 0.25)), p50FileSize: String(percentile(sizes, 0.5)),
    p75FileSize: String(percentile(sizes, 0.75)), maxFileSize: String(sizes[sizes.length - 1] ?? 0),
  };
}

export async function optimizeTable(storage: TableStorage, location: string, snap: TableSnapshot, opts: OptimizeRequest): Promise<OptimizeResult> {
  const checkCancel = opts.checkCancel ?? (() => undefined);
  const schema = snap.schema;
  const zColumns = opts.zOrderBy.map((name) => {
    const i = schema.findIndex((c) => c.name === name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" does not exist`);
    return i;
  });
  if (new Set(zColumns).size !== zColumns.length) throw new SqlError(SqlState.duplicateColumn, 'a column appears twice in ZORDER BY');
  const considered = snap.files.filter((f) => opts.files === undefined || opts.files.has(f.path));
  const zorder = zColumns.length > 0;
  const bins = zorder ? (considered.length > 0 ? [considered] : []) : binPack(considered, opts.targetFileSize);
  const all = schema.map((_, i) => i);
  const read = async (files: readonly DataFile[]): Promise<Batch[]> => {
    const out: Batch[] = [];
    for await (const b of storage.scan(location, { snapshot: snap, columns: all, files, batchSize: READ_BATCH })) {
      checkCancel();
      if (b.length > 0) out.push(b);
    }
    return out;
  };
  const added: DataFile[] = [];
  const removed: DataFile[] = [];
  for (const bin of bins) {
    const batches = await read(bin);
    if (zorder) {
      const rows = concatBatches(schema.map((c) => c.type), batches);
      const perm = zOrderPermutation(zColumns.map((i) => rows.columns[i]!), rows.length, checkCancel);
      const sorted = takeBatch(rows, perm);
      const bytes = bin.reduce((s, f) => s + f.size, 0);
      const outFiles = Math.max(1, Math.round(bytes / opts.targetFileSize));
      const perFile = Math.max(1, Math.ceil(sorted.length / outFiles));
      for (let off = 0; off < sorted.length; off += perFile) {
        added.push(...await storage.writeFiles(location, schema, [sliceBatch(sorted, off, Math.min(sorted.length, off + perFile))]));
      }
    } else {
      added.push(...await storage.writeFiles(location, schema, batches));
    }
    removed.push(...bin);
  }
  const metrics: OptimizeMetrics = {
    numFilesAdded: added.length,
    numFilesRemoved: removed.length,
    filesAdded: sizeStats(added),
    filesRemoved: sizeStats(removed),
    partitionsOptimized: bins.length > 0 ? 1 : 0,
    numBatches: bins.length,
    totalConsideredFiles: considered.length,
    totalFilesSkipped: considered.length - removed.length,
    zOrderBy: [...opts.zOrderBy],
  };
  if (removed.length === 0) return { version: snap.version, committed: false, metrics };
  const committed = await storage.commit(location, snap.version, {
    add: added, remove: removed.map((f) => f.path), dataChange: false,
  }, { ...opts.operation, metrics: commitMetrics(added, removed) });
  return { version: committed.version, committed: true, metrics };
}
