/**
 * Joins. The right input is built into memory; the left input streams through in batches. Conjuncts
 * `l = r` with one side over left columns only and the other over right columns only become hash keys; the
 * remaining conjuncts are a residual evaluated on candidate pairs (as part of the ON condition, so outer joins
 * pad rows whose candidates all failed it). Without keys, a nested loop over blocks of pairs.
 * NULL keys never match. Output: left columns then right columns (semi/anti: left columns only).
 */
import { batchBytes, concatBatches, emptyBatch, take, takeBatch, type Batch, type Vector } from '../../common/index.ts';
import { T } from '../../common/index.ts';
import { columnsUsed, conjuncts, hasSubquery, isVolatile, transformExpr, type Expr } from '../../plan/index.ts';
import type { JoinNode } from '../../plan/index.ts';
import { buildHashChains, IntHashChains, IntKeyPacker, partitionOf, rowKeys } from '../../kernels/index.ts';
import { appendPartitioned, spillable, type SpillFile } from '../../storage/index.ts';
import { orderClass } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { MemoryGrant } from '../memory.ts';
import { evalExprs } from '../eval/subquery.ts';
import { PairFilter } from '../eval/compiled-filter.ts';
import { conform, schemaTypes, selectTrue } from './batch-util.ts';

interface JoinSplit {
  readonly leftKeys: readonly Expr[];
  /** Over the right input's own columns (indexes shifted down by the left width). */
  readonly rightKeys: readonly Expr[];
  readonly residual: Expr | null;
}

const SPLITS = new WeakMap<JoinNode, JoinSplit>();

function side(e: Expr, leftWidth: number): 'left' | 'right' | 'both' | 'none' {
  if (hasSubquery(e) || isVolatile(e)) return 'both';
  const cols = columnsUsed(e);
  if (cols.size === 0) return 'none';
  let l = false, r = false;
  for (const c of cols) { if (c < leftWidth) l = true; else r = true; }
  return l && r ? 'both' : l ? 'left' : 'right';
}

const shiftDown = (e: Expr, by: number): Expr =>
  transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: x.index - by } : x));

/** Split the ON condition into hash keys and a residual. */
export function splitJoinCondition(node: JoinNode): JoinSplit {
  let s = SPLITS.get(node);
  if (s !== undefined) return s;
  const leftWidth = node.left.schema.length;
  const leftKeys: Expr[] = [], rightKeys: Expr[] = [], rest: Expr[] = [];
  for (const c of node.condition === null ? [] : conjuncts(node.condition)) {
    if (c.kind === 'compare' && c.op === '=' && orderClass(c.left.type) === orderClass(c.right.type)
      && orderClass(c.left.type) !== 'other') {
      const a = side(c.left, leftWidth), b = side(c.right, leftWidth);
      if (a === 'left' && b === 'right') { leftKeys.push(c.left); rightKeys.push(shiftDown(c.right, leftWidth)); continue; }
      if (a === 'right' && b === 'left') { leftKeys.push(c.right); rightKeys.push(shiftDown(c.left, leftWidth)); continue; }
    }
    rest.push(c);
  }
  const residual = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and' as const, args: rest, type: T.bool };
  s = { leftKeys, rightKeys, residual };
  SPLITS.set(node, s);
  return s;
}


/** The build side's rows by key: `firsts(probe keys)[i]` is the first build row matching probe row i, or -1. */
interface JoinTable {
  readonly next: Int32Array;
  firsts(keys: readonly Vector[], n: number): Int32Array;
}

const isIntKey = (e: Expr): boolean => { const c = orderClass(e.type); return c === 'int' || c === 'int8' || c === 'bool'; };

/** Integer keys in an open-addressing table of packed keys; others by their Map keys (rowKeys). */
function buildTable(leftKeys: readonly Expr[], right: readonly Vector[], n: number): JoinTable {
  const packer = leftKeys.every(isIntKey) ? IntKeyPacker.forBuild(right, n) : undefined;
  if (packer !== undefined) {
    const t = new IntHashChains(packer.pack(right, n), n);
    return {
      next: t.next,
      firsts: (keys, m) => t.findAll(packer.pack(keys, m), m),
    };
  }
  const { head, next } = buildHashChains(rowKeys(right, n, false), n);
  return {
    next,
    firsts: (keys, m) => {
      const k = rowKeys(keys, m, false);
      const out = new Int32Array(m);
      for (let i = 0; i < m; i++) { const x = k[i]; out[i] = x === null || x === undefined ? -1 : head.get(x) ?? -1; }
      return out;
    },
  };
}

const takeColumns = (cols: readonly Vector[], idx: Int32Array, n: number): Vector[] => cols.map((c) => take(c, idx, n));

/** The columns a join yields (JoinNode.output) of its full rows' columns, and of pairs without taking the others. */
function outputColumns(node: JoinNode, leftWidth: number) {
  const output = node.output;
  return {
    project: (cols: readonly Vector[]): Vector[] => (output === undefined ? [...cols] : output.map((p) => cols[p]!)),
    pairs: (lcols: readonly Vector[], li: Int32Array, rcols: readonly Vector[], ri: Int32Array, n: number): Vector[] =>
      (output === undefined ? [...takeColumns(lcols, li, n), ...takeColumns(rcols, ri, n)]
        : output.map((p) => (p < leftWidth ? take(lcols[p]!, li, n) : take(rcols[p - leftWidth]!, ri, n)))),
  };
}

// Loops over rows live in plain functions: inside an async generator V8 does not optimise them.

/** matched[i] = 1 where the probe row i found a build row. */
function markFound(first: Int32Array, matched: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) if (first[i]! >= 0) matched[i] = 1;
}

/** matched[rows[k]] = 1 for k < n. */
function markRows(matched: Uint8Array, rows: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) matched[rows[k]!] = 1;
}

/** Mark the build rows on the chains of probe rows j < n; returns how many were not marked before. */
function markChains(first: Int32Array, next: Int32Array, matched: Uint8Array, n: number): number {
  let marked = 0;
  for (let j = 0; j < n; j++) {
    for (let i = first[j]!; i >= 0; i = next[i]!) if (matched[i] === 0) { matched[i] = 1; marked++; }
  }
  return marked;
}

/** The rows i < n with matched[i] === want, in order. */
function rowsMarked(matched: Uint8Array, want: number, n: number): { idx: Int32Array; count: number } {
  const idx = new Int32Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) if (matched[i] === want) idx[c++] = i;
  return { idx, count: c };
}

/** a[idx[k]] for k < n. */
function gather(a: Int32Array, idx: Int32Array, n: number) {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = a[idx[k]!]!;
  return out;
}

/** Where pair collection stopped: left row `i`, and the right row `j` to pair it with next (ROW_START: the first). */
interface PairCursor { i: number; j: number }
const ROW_START = -2;

/**
 * Fill (li, ri) with the matching pairs from the cursor on, following each left row's chain of build rows,
 * until the arrays are full or the left rows end; returns how many. A plain loop outside the generator, so
 * V8 optimises it.
 */
function chainPairs(first: Int32Array, next: Int32Array, LN: number, cursor: PairCursor, li: Int32Array, ri: Int32Array): number {
  const cap = li.length;
  let np = 0, i = cursor.i, j = cursor.j;
  while (i < LN) {
    if (j === ROW_START) j = first[i]!;
    while (j >= 0) {
      if (np === cap) { cursor.i = i; cursor.j = j; return np; }
      li[np] = i; ri[np] = j; np++;
      j = next[j]!;
    }
    i++;
    j = ROW_START;
  }
  cursor.i = LN;
  return np;
}

/** As chainPairs, for a join without keys: every left row with every one of the RN right rows. */
function crossPairs(RN: number, LN: number, cursor: PairCursor, li: Int32Array, ri: Int32Array): number {
  const cap = li.length;
  let np = 0, i = cursor.i, j = cursor.j === ROW_START ? 0 : cursor.j;
  while (i < LN) {
    while (j < RN) {
      if (np === cap) { cursor.i = i; cursor.j = j; return np; }
      li[np] = i; ri[np] = j; np++;
      j++;
    }
    i++;
    j = 0;
  }
  cursor.i = LN;
  return np;
}

export async function* hashJoinExec(node: JoinNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const split = splitJoinCondition(node);
  if (node.buildLeft === true && (node.joinType === 'semi' || node.joinType === 'anti') && split.leftKeys.length > 0) {
    yield* leftBuiltSemiJoin(node, ctx, split);
    return;
  }
  const right = executePlan(node.right, ctx, true)[Symbol.asyncIterator]();
  const grant = joinGrant(node, split, ctx);
  try {
    const held = await holdInput(right, grant, ctx);
    if (held.rest !== undefined) {
      grant!.release();
      yield* graceJoin(node, split, held.parts, held.rest, executePlan(node.left, ctx, true), ctx, 0);
      return;
    }
    yield* joinBuilt(node, split, concatBatches(schemaTypes(node.right.schema), held.parts), executePlan(node.left, ctx, true), ctx);
  } finally {
    grant?.release();
  }
}

/**
 * The batches of an input, while they fit in work_mem (when `spill` is allowed): `rest` is the rest of the
 * input when they did not, the held batches then being its first ones.
 */
async function holdInput(input: AsyncIterator<Batch>, grant: MemoryGrant | undefined, ctx: ExecContext): Promise<{ parts: Batch[]; rest?: AsyncIterable<Batch> }> {
  const parts: Batch[] = [];
  for (;;) {
    const next = await input.next();
    if (next.done === true) return { parts };
    ctx.checkCancel();
    const b = next.value;
    if (b.length === 0) continue;
    parts.push(b);
    if (grant !== undefined && !grant.grow(batchBytes(b))) return { parts, rest: { [Symbol.asyncIterator]: () => input } };
  }
}

/**
 * The memory grant of a join that may partition its inputs to disk (it has hash keys, and both sides' columns
 * spill); undefined for one that may not, which holds its build side whatever its size.
 */
function joinGrant(node: JoinNode, split: JoinSplit, ctx: ExecContext): MemoryGrant | undefined {
  const spill = ctx.spill;
  if (spill === undefined || split.leftKeys.length === 0) return undefined;
  if (!node.left.schema.every((c) => spillable(c.type)) || !node.right.schema.every((c) => spillable(c.type))) return undefined;
  return new MemoryGrant(spill.workMem, spill.pool);
}

/** Partitions of a grace hash join; a partition whose build side outgrows work_mem is split again, by another hash. */
const JOIN_PARTITIONS = 16;
const MAX_JOIN_DEPTH = 4;

/**
 * A hash join whose build (right) side outgrew work_mem or the server's memory_limit: both inputs are written to JOIN_PARTITIONS files by a
 * hash of their join keys, so rows that can match land in the same partition, and each partition is then
 * joined in memory (or split again). Every join type works per partition: a right row's matches, and so
 * whether it is padded, are all within its partition; a left row with a NULL key matches nothing anywhere.
 */
async function* graceJoin(node: JoinNode, split: JoinSplit, rightHeld: Batch[], rightRest: AsyncIterable<Batch>,
  left: AsyncIterable<Batch>, ctx: ExecContext, depth: number): AsyncGenerator<Batch> {
  const space = ctx.spill!.space;
  const rightFiles: SpillFile[] = [], leftFiles: SpillFile[] = [];
  try {
    for (let p = 0; p < JOIN_PARTITIONS; p++) {
      rightFiles.push(await space.create('join'));
      leftFiles.push(await space.create('join'));
    }
    const write = async (b: Batch, keys: readonly Expr[], files: SpillFile[]): Promise<void> =>
      appendPartitioned(files, b, partitionOf(rowKeys(await evalExprs(keys, b, ctx), b.length, false), b.length, JOIN_PARTITIONS, depth));
    for (const b of rightHeld.splice(0)) await write(b, split.rightKeys, rightFiles);
    for await (const b of rightRest) {
      ctx.checkCancel();
      if (b.length > 0) await write(b, split.rightKeys, rightFiles);
    }
    for await (const b of left) {
      ctx.checkCancel();
      if (b.length > 0) await write(b, split.leftKeys, leftFiles);
    }
    const profile = ctx.profile?.get(node);
    if (profile !== undefined && depth === 0) {
      profile.spill = { runs: JOIN_PARTITIONS, bytes: [...rightFiles, ...leftFiles].reduce((s, f) => s + f.bytes, 0) };
    }
    for (let p = 0; p < JOIN_PARTITIONS; p++) {
      const right = rightFiles[p]!.batches();
      const grant = depth + 1 < MAX_JOIN_DEPTH ? joinGrant(node, split, ctx) : undefined;
      try {
        const held = await holdInput(right, grant, ctx);
        const leftPart = leftFiles[p]!.batches();
        if (held.rest !== undefined) {
          grant!.release();
          yield* graceJoin(node, split, held.parts, held.rest, leftPart, ctx, depth + 1);
        } else {
          yield* joinBuilt(node, split, concatBatches(schemaTypes(node.right.schema), held.parts), leftPart, ctx);
        }
      } finally {
        grant?.release();
      }
      await rightFiles[p]!.remove();
      await leftFiles[p]!.remove();
    }
  } finally {
    for (const f of [...rightFiles, ...leftFiles]) await f.remove();
  }
}

/** The join with its right input `R` in memory and its left input streaming from `left`. */
async function* joinBuilt(node: JoinNode, split: JoinSplit, R: Batch, left: AsyncIterable<Batch>, ctx: ExecContext): AsyncGenerator<Batch> {
  const type = node.joinType;
  const { leftKeys, rightKeys, residual } = split;
  const leftTypes = schemaTypes(node.left.schema);
  const RN = R.length;
  if (RN === 0 && (type === 'inner' || type === 'cross' || type === 'semi' || type === 'right')) return;

  const table = leftKeys.length > 0 && RN > 0 ? buildTable(leftKeys, await evalExprs(rightKeys, R, ctx), RN) : null;
  const rightMatched = type === 'right' || type === 'full' ? new Uint8Array(RN) : null;
  const emitsPairs = type !== 'semi' && type !== 'anti';
  const chunk = Math.max(1024, ctx.batchSize);
  const pairFilter = residual === null ? null : new PairFilter(residual, leftTypes.length, ctx);
  const out = outputColumns(node, leftTypes.length);
  // Candidate pairs in chunks, (li[k], ri[k]): refilled for every chunk, as the joined batches take copies.
  const li = new Int32Array(chunk), ri = new Int32Array(chunk);

  for await (const lb of left) {
    ctx.checkCancel();
    const LN = lb.length;
    if (LN === 0) continue;
    const leftMatched = new Uint8Array(LN);

    if (RN > 0) {
      const first = table !== null ? table.firsts(await evalExprs(leftKeys, lb, ctx), LN) : null;
      if (first !== null && !emitsPairs && residual === null) {
        markFound(first, leftMatched, LN);
      } else if (leftKeys.length === 0 || table !== null) {
        let np = 0;
        const flush = async (): Promise<Batch | null> => {
          ctx.checkCancel();
          let combined: Batch | null = null;
          let cl = li, cr = ri, cn = np;
          if (residual !== null) {
            // The residual on the pairs' rows where it compiles; on the materialised pairs otherwise.
            let selected = np >= 64 || pairFilter!.compiled ? pairFilter!.select(lb.columns, R.columns, li, ri, np) : null;
            if (selected === null) {
              const full: Batch = { columns: [...takeColumns(lb.columns, li, np), ...takeColumns(R.columns, ri, np)], length: np };
              const [mask] = await evalExprs([residual], full, ctx);
              selected = selectTrue(mask!);
              combined = { columns: out.project(full.columns), length: np };
            }
            const { idx, count } = selected;
            if (count < np) {
              if (combined !== null) combined = takeBatch(combined, idx, count);
              cl = gather(li, idx, count);
              cr = gather(ri, idx, count);
            }
            cn = count;
          }
          if (emitsPairs && cn > 0 && combined === null) {
            combined = { columns: out.pairs(lb.columns, cl, R.columns, cr, cn), length: cn };
          }
          // The pair arrays are refilled next: the batch took copies of the rows.
          markRows(leftMatched, cl, cn);
          if (rightMatched !== null) markRows(rightMatched, cr, cn);
          return emitsPairs && cn > 0 ? combined : null;
        };
        const cursor: PairCursor = { i: 0, j: ROW_START };
        while (cursor.i < LN) {
          np = first !== null ? chainPairs(first, table!.next, LN, cursor, li, ri) : crossPairs(RN, LN, cursor, li, ri);
          if (np > 0) { const out = await flush(); if (out !== null) yield conform(out, node.schema); }
        }
      }
    }

    if (type === 'semi' || type === 'anti' || type === 'left' || type === 'full') {
      const { idx, count: c } = rowsMarked(leftMatched, type === 'semi' ? 1 : 0, LN);
      if (c === 0) continue;
      if (type === 'semi' || type === 'anti') {
        const left = out.project(lb.columns);
        yield conform({ columns: c === LN ? left : takeColumns(left, idx, c), length: c }, node.schema);
        continue;
      }
      const left = c === LN ? lb.columns : takeColumns(lb.columns, idx, c);
      const none = new Int32Array(c).fill(-1);
      yield conform({ columns: out.project([...left, ...takeColumns(R.columns, none, c)]), length: c }, node.schema);
    }
  }

  if (rightMatched !== null) {
    const size = Math.max(1, ctx.batchSize);
    const { idx, count: c } = rowsMarked(rightMatched, 0, RN);
    const leftNulls = emptyBatch(leftTypes).columns;
    for (let start = 0; start < c; start += size) {
      ctx.checkCancel();
      const part = idx.subarray(start, Math.min(c, start + size));
      const none = new Int32Array(part.length).fill(-1);
      yield conform({
        columns: out.project([...leftNulls.map((v) => take(v, none)), ...takeColumns(R.columns, part, part.length)]),
        length: part.length,
      }, node.schema);
    }
  }
}

/**
 * A semi or anti join with the hash table on the left input: the left rows are kept, the right input streams
 * through marking the left rows it matches (the ON residual checked per candidate pair), and the left rows
 * that matched (semi) or did not (anti) come out in their order.
 */
async function* leftBuiltSemiJoin(node: JoinNode, ctx: ExecContext, split: JoinSplit): AsyncGenerator<Batch> {
  const leftInput = executePlan(node.left, ctx, true)[Symbol.asyncIterator]();
  const grant = joinGrant(node, split, ctx);
  try {
    yield* leftBuiltSemiJoinHeld(node, ctx, split, leftInput, grant);
  } finally {
    grant?.release();
  }
}

async function* leftBuiltSemiJoinHeld(node: JoinNode, ctx: ExecContext, split: JoinSplit, leftInput: AsyncIterator<Batch>,
  grant: MemoryGrant | undefined): AsyncGenerator<Batch> {
  const { leftKeys, rightKeys, residual } = split;
  const held = await holdInput(leftInput, grant, ctx);
  if (held.rest !== undefined) {
    grant!.release();
    // The left side outgrew work_mem: partition both sides, the right one built per partition.
    const rest = held.rest;
    async function* leftRows(): AsyncGenerator<Batch> {
      yield* held.parts.splice(0);
      yield* rest;
    }
    const right = executePlan(node.right, ctx, true)[Symbol.asyncIterator]();
    yield* graceJoin(node, split, [], { [Symbol.asyncIterator]: () => right }, leftRows(), ctx, 0);
    return;
  }
  const L = concatBatches(schemaTypes(node.left.schema), held.parts);
  const LN = L.length;
  if (LN === 0) return;
  const matched = new Uint8Array(LN);
  let unmatched = LN;
  const table = buildTable(rightKeys, await evalExprs(leftKeys, L, ctx), LN);
  const chunk = Math.max(1024, ctx.batchSize);
  const pairFilter = residual === null ? null : new PairFilter(residual, L.columns.length, ctx);
  for await (const rb of executePlan(node.right, ctx, true)) {
    ctx.checkCancel();
    if (unmatched === 0) break;
    const RN = rb.length;
    const first = table.firsts(await evalExprs(rightKeys, rb, ctx), RN);
    if (residual === null) {
      unmatched -= markChains(first, table.next, matched, RN);
      continue;
    }
    let li = new Int32Array(chunk), ri = new Int32Array(chunk), np = 0;
    const flush = async (): Promise<void> => {
      let selected = np >= 64 || pairFilter!.compiled ? pairFilter!.select(L.columns, rb.columns, li, ri, np) : null;
      if (selected === null) {
        const combined: Batch = { columns: [...takeColumns(L.columns, li, np), ...takeColumns(rb.columns, ri, np)], length: np };
        const [mask] = await evalExprs([residual], combined, ctx);
        selected = selectTrue(mask!);
      }
      const { idx, count } = selected;
      for (let k = 0; k < count; k++) {
        const i = li[idx[k]!]!;
        if (matched[i] === 0) { matched[i] = 1; unmatched--; }
      }
      np = 0;
      li = new Int32Array(chunk);
      ri = new Int32Array(chunk);
    };
    for (let j = 0; j < RN; j++) {
      for (let i = first[j]!; i >= 0; i = table.next[i]!) {
        if (matched[i] === 1) continue;
        li[np] = i; ri[np] = j; np++;
        if (np === chunk) await flush();
      }
    }
    if (np > 0) await flush();
  }
  const size = Math.max(1, ctx.batchSize);
  const { idx, count: c } = rowsMarked(matched, node.joinType === 'semi' ? 1 : 0, LN);
  for (let start = 0; start < c; start += size) {
    ctx.checkCancel();
    const part = idx.subarray(start, Math.min(c, start + size));
    yield conform({ columns: takeColumns(outputColumns(node, L.columns.length).project(L.columns), part, part.length), length: part.length }, node.schema);
  }
}
