/**
 * Sort: gather the input, order it stably by the keys, emit it in batches.
 *
 * When what it has gathered outgrows work_mem or the server's memory_limit (and the statement may spill), it sorts what it holds into a
 * run, writes the run to a temporary file in chunks and goes on gathering; at the end it merges the runs and
 * what it still holds, chunk by chunk, through a heap of run cursors (an external merge sort). Each run is
 * written with its evaluated keys beside its columns, so the merge compares without evaluating again. Ties
 * go to the earlier run, so the result is the stable order the in-memory sort gives.
 */
import { batchBytes, concatBatches, emptyBatch, gather, take, unscaledVector, type Batch, type SqlType, type Vector } from '../../common/index.ts';
import type { SortNode } from '../../plan/index.ts';
import { crossComparator, sortPermutation, type CrossCompare } from '../../kernels/index.ts';
import { spillable, type SpillFile } from '../../storage/index.ts';
import type { ExecContext } from '../context.ts';
import { evalExprs } from '../eval/subquery.ts';
import { executePlan } from '../execute.ts';
import { MemoryGrant } from '../memory.ts';
import { conform, schemaTypes } from './batch-util.ts';

/** Chunks a run is written in: about this fraction of work_mem each, so the merge holds one per run. */
const CHUNKS_PER_RUN = 16;

interface SortedRun {
  readonly batch: Batch;
  readonly keys: readonly Vector[];
  readonly perm: Int32Array;
}


export async function* sortExec(node: SortNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const types = schemaTypes(node.input.schema);
  const spill = ctx.spill;
  const canSpill = spill !== undefined && types.every(spillable) && node.keys.every((k) => spillable(k.expr.type));
  // Runs on disk: chunks of their rows in order, each its columns then its keys.
  const runs: SpillFile[] = [];
  const grant = canSpill ? new MemoryGrant(spill.workMem, spill.pool) : undefined;
  try {
    let parts: Batch[] = [];
    for await (const b of executePlan(node.input, ctx)) {
      ctx.checkCancel();
      if (b.length === 0) continue;
      parts.push(b);
      if (grant !== undefined && !grant.grow(batchBytes(b))) {
        const sorted = await sortRun(node, concatBatches(types, parts), ctx, true);
        parts = [];
        runs.push(await writeRun(sorted, ctx));
        grant.release();
      }
    }
    const last = await sortRun(node, concatBatches(types, parts), ctx, runs.length > 0);
    parts = [];
    if (runs.length === 0) {
      yield* emitSorted(node, last, ctx);
      return;
    }
    const profile = ctx.profile?.get(node);
    if (profile !== undefined) profile.spill = { runs: runs.length, bytes: runs.reduce((s, r) => s + r.bytes, 0) };
    yield* mergeRuns(node, runs, last, ctx);
  } finally {
    grant?.release();
    for (const r of runs) await r.remove();
  }
}

/**
 * The batch's keys and sorted order. `merged`: the run will be merged with others, so its keys are held as
 * their types say (no scaled numerics), as the merge's comparators expect.
 */
async function sortRun(node: SortNode, batch: Batch, ctx: ExecContext, merged: boolean): Promise<SortedRun> {
  if (batch.length === 0) return { batch, keys: node.keys.map((k) => emptyVector(k.expr.type)), perm: new Int32Array(0) };
  let keys = await evalExprs(node.keys.map((k) => k.expr), batch, ctx);
  if (merged) keys = keys.map(unscaledVector);
  const perm = sortPermutation(
    node.keys.map((k, i) => ({ vector: keys[i]!, desc: k.desc, nullsFirst: k.nullsFirst })),
    batch.length, () => ctx.checkCancel());
  return { batch, keys, perm };
}

const emptyVector = (type: SqlType): Vector => emptyBatch([type]).columns[0]!;

function* emitSorted(node: SortNode, run: SortedRun, ctx: ExecContext): Generator<Batch> {
  const size = Math.max(1, ctx.batchSize);
  for (let start = 0; start < run.batch.length; start += size) {
    ctx.checkCancel();
    const idx = run.perm.subarray(start, Math.min(run.batch.length, start + size));
    yield conform({ columns: run.batch.columns.map((c) => take(c, idx)), length: idx.length }, node.schema);
  }
}

/** Rows [start, end) of a sorted run, in order: its columns, then its keys. */
function runChunk(run: SortedRun, start: number, end: number): Batch {
  const idx = run.perm.subarray(start, end);
  return { columns: [...run.batch.columns, ...run.keys].map((c) => take(c, idx)), length: idx.length };
}

function chunkRows(run: SortedRun, ctx: ExecContext): number {
  return Math.max(1024, Math.min(ctx.batchSize, Math.ceil(run.batch.length / CHUNKS_PER_RUN)));
}

async function writeRun(run: SortedRun, ctx: ExecContext): Promise<SpillFile> {
  const file = await ctx.spill!.space.create('sort');
  try {
    const step = chunkRows(run, ctx);
    for (let start = 0; start < run.batch.length; start += step) {
      ctx.checkCancel();
      await file.append(runChunk(run, start, Math.min(run.batch.length, start + step)));
    }
  } catch (e) {
    await file.remove();
    throw e;
  }
  return file;
}

/** Where a run stands in the merge: its current chunk and row. */
interface Cursor {
  chunk: Batch;
  row: number;
  /** The next chunk, or undefined at the run's end. */
  next(): Promise<Batch | undefined>;
}

function spilledCursor(run: SpillFile): Cursor {
  let i = 0;
  return {
    chunk: { columns: [], length: 0 }, row: 0,
    next: async () => (i < run.count ? run.read(i++) : undefined),
  };
}

function memoryCursor(run: SortedRun, ctx: ExecContext): Cursor {
  const step = chunkRows(run, ctx);
  let start = 0;
  return {
    chunk: { columns: [], length: 0 }, row: 0,
    next: async () => {
      if (start >= run.batch.length) return undefined;
      const end = Math.min(run.batch.length, start + step);
      const c = runChunk(run, start, end);
      start = end;
      return c;
    },
  };
}

/** Most runs merged at once: with chunks of work_mem / CHUNKS_PER_RUN, a merge holds about work_mem. */
const FAN_IN = CHUNKS_PER_RUN;

async function* mergeRuns(node: SortNode, runs: SpillFile[], last: SortedRun, ctx: ExecContext): AsyncGenerator<Batch> {
  const width = node.input.schema.length;
  const cmps: CrossCompare[] = node.keys.map((k) => crossComparator(k.expr.type, k.desc, k.nullsFirst));
  // Too many runs to merge at once: merge the first ones into one run (keys kept), until few enough are left.
  while (runs.length > FAN_IN) {
    const group = runs.slice(0, FAN_IN);
    const merged = await ctx.spill!.space.create('sort');
    try {
      for await (const chunk of mergeCursors(group.map(spilledCursor), width, cmps, width + cmps.length, chunkRows(last, ctx), ctx)) {
        await merged.append(chunk);
      }
    } catch (e) {
      await merged.remove();
      throw e;
    }
    for (const r of group) await r.remove();
    runs.splice(0, FAN_IN, merged);
  }
  const cursors = [...runs.map(spilledCursor), memoryCursor(last, ctx)];
  for await (const b of mergeCursors(cursors, width, cmps, width, Math.max(1, ctx.batchSize), ctx)) yield conform(b, node.schema);
}

/**
 * The rows of the cursors' runs in order, in batches of `size` rows of their first `outWidth` columns; each
 * chunk's keys are its columns from `width` on. On equal keys the lower cursor comes first (earlier runs hold
 * earlier input rows: a stable merge).
 */
async function* mergeCursors(cursors: Cursor[], width: number, cmps: readonly CrossCompare[], outWidth: number,
  size: number, ctx: ExecContext): AsyncGenerator<Batch> {
  const before = (a: number, b: number): boolean => {
    const x = cursors[a]!, y = cursors[b]!;
    for (let k = 0; k < cmps.length; k++) {
      const r = cmps[k]!(x.chunk.columns[width + k]!, x.row, y.chunk.columns[width + k]!, y.row);
      if (r !== 0) return r < 0;
    }
    return a < b;
  };
  const heap: number[] = [];
  for (let c = 0; c < cursors.length; c++) {
    const first = await cursors[c]!.next();
    if (first === undefined) continue;
    cursors[c]!.chunk = first;
    heap.push(c);
    siftUp(heap, heap.length - 1, before);
  }

  let from = new Int32Array(size), rows = new Int32Array(size);
  let sources: Batch[] = [];
  let sourceOf = new Map<Batch, number>();
  let n = 0;
  const flush = (): Batch => {
    const columns: Vector[] = [];
    for (let j = 0; j < outWidth; j++) columns.push(gather(sources.map((s) => s.columns[j]!), from, rows, n));
    const out = { columns, length: n };
    from = new Int32Array(size);
    rows = new Int32Array(size);
    sources = [];
    sourceOf = new Map();
    n = 0;
    return out;
  };
  while (heap.length > 0) {
    const c = heap[0]!;
    const cur = cursors[c]!;
    let s = sourceOf.get(cur.chunk);
    if (s === undefined) { s = sources.length; sources.push(cur.chunk); sourceOf.set(cur.chunk, s); }
    from[n] = s;
    rows[n] = cur.row;
    n++;
    if (++cur.row === cur.chunk.length) {
      const next = await cur.next();
      if (next === undefined) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      } else {
        cur.chunk = next;
        cur.row = 0;
      }
    }
    if (heap.length > 0) siftDown(heap, 0, before);
    if (n === size) {
      ctx.checkCancel();
      yield flush();
    }
  }
  if (n > 0) yield flush();
}

function siftUp(heap: number[], i: number, before: (a: number, b: number) => boolean): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i]!, heap[p]!)) return;
    [heap[i], heap[p]] = [heap[p]!, heap[i]!];
    i = p;
  }
}

function siftDown(heap: number[], i: number, before: (a: number, b: number) => boolean): void {
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}
