/**
 * Hash aggregation: each input row gets a group id from a Map over its group key (a number for one numeric
 * column, the string for one text column, a composed string otherwise; NULLs group together); accumulators
 * fold whole batches by group id. Without GROUP BY there is exactly one group, even over no rows.
 */
import { allocValues, batchBytes, slice, take, takeBatch, type Batch, type Values, type Vector } from '../../../common/index.ts';
import type { SqlType } from '../../../common/index.ts';
import type { AggregateNode, Expr } from '../../../plan/index.ts';
import { GroupIds } from './group-ids.ts';
import type { ExecContext } from '../../context.ts';
import { executePlan } from '../../execute.ts';
import { MemoryGrant } from '../../memory.ts';
import { evalExprs } from '../../eval/subquery.ts';
import { conform } from '../batch-util.ts';
import { aggDirect, aggInputs, makeAccumulator, strictArgs, type Accumulator } from './accumulators.ts';
import { decodeVector, encodeVector, type EncodedVector } from '../../parallel/transfer.ts';
import { partitionOf, rowKeys } from '../../../kernels/index.ts';
import { appendPartitioned, spillable, type SpillFile } from '../../../storage/index.ts';
import { aggregateInParallel } from '../../parallel/parallel-aggregate.ts';

/** The distinct group values, appended as groups appear. */
class GroupColumn {
  private values: Values;
  private nulls: Uint8Array;
  constructor(readonly type: SqlType) {
    this.values = allocValues(type, 64);
    this.nulls = new Uint8Array(64);
  }
  push(g: number, v: Vector, i: number): void {
    if (g >= this.nulls.length) {
      const cap = this.nulls.length * 2;
      const values = allocValues(this.type, cap);
      if (Array.isArray(values)) for (let k = 0; k < g; k++) values[k] = (this.values as unknown[])[k];
      else (values as Float64Array).set(this.values as Float64Array);
      const nulls = new Uint8Array(cap);
      nulls.set(this.nulls);
      this.values = values;
      this.nulls = nulls;
    }
    if (v.nulls !== null && v.nulls[i] === 1) this.nulls[g] = 1;
    else (this.values as Float64Array)[g] = (v.values as Float64Array)[i]!;
  }
  build(n: number): Vector {
    let anyNull = false;
    for (let g = 0; g < n; g++) if (this.nulls[g] === 1) { anyNull = true; break; }
    return slice({ type: this.type, length: n, values: this.values, nulls: anyNull ? this.nulls : null }, 0, n);
  }
}

/**
 * The groups and accumulators of one aggregation, fed a batch at a time. A parallel aggregation runs one per
 * participant (see parallel/parallel-aggregate.ts): workers send theirs as `partial()`, the coordinator
 * `merge`s them into its own.
 */
export class AggregateTable {
  private readonly accs: Accumulator[];
  private readonly groupCols: GroupColumn[];
  // evaluated together per batch: group keys, each aggregate's inputs, the FILTERs, ordered-set direct arguments
  private readonly inputs: Expr[][];
  private readonly directs: (readonly Expr[])[];
  private readonly exprs: Expr[];
  private readonly scaled: boolean[];
  private readonly directPos: number;
  private readonly groups = new GroupIds();
  private sawRows = false;
  /** Groups so far. */
  numGroups: number;

  constructor(private readonly node: AggregateNode) {
    this.accs = node.aggs.map(makeAccumulator);
    this.groupCols = node.groups.map((g) => new GroupColumn(g.type));
    this.inputs = node.aggs.map(aggInputs);
    this.directs = node.aggs.map(aggDirect);
    const filters = node.aggs.flatMap((a) => (a.filter === null ? [] : [a.filter]));
    this.exprs = [...node.groups, ...this.inputs.flat(), ...filters, ...this.directs.flat()];
    this.directPos = this.exprs.length - this.directs.reduce((s, d) => s + d.length, 0);
    // sum and avg read numeric inputs scaled (see SumDecimal); everything else gets Decimals.
    this.scaled = [...node.groups.map(() => false),
      ...node.aggs.flatMap((a, i) => this.inputs[i]!.map(() => (a.fn === 'sum' || a.fn === 'avg') && !a.distinct && (a.orderBy ?? []).length === 0)),
      ...filters.map(() => false), ...this.directs.flat().map(() => false)];
    this.numGroups = node.groups.length === 0 ? 1 : 0;
  }

  /** Whether every accumulator can be split across participants (exact, with partial and merge). */
  get splittable(): boolean {
    return this.accs.every((a) => a.partial !== undefined && a.merge !== undefined) && this.directPos === this.exprs.length;
  }

  private feedDirect(vs: readonly Vector[], gids: Int32Array, n: number): void {
    let pos = 0;
    for (let a = 0; a < this.accs.length; a++) {
      const d = this.directs[a]!;
      if (d.length > 0) this.accs[a]!.direct?.(gids, n, vs.slice(pos, pos + d.length), this.numGroups);
      pos += d.length;
    }
  }

  /** Group ids of the rows of key columns `keys`, adding the groups not seen before. */
  private assign(keys: readonly Vector[], n: number): Int32Array {
    const gids = new Int32Array(n);
    if (this.node.groups.length === 0) return gids;
    this.groups.assign(keys, n, gids, (i, g) => {
      for (let j = 0; j < keys.length; j++) this.groupCols[j]!.push(g, keys[j]!, i);
    });
    this.numGroups = this.groups.count;
    return gids;
  }

  async consume(b: Batch, ctx: ExecContext): Promise<void> {
    const n = b.length;
    if (n === 0) return;
    this.sawRows = true;
    const vs = await evalExprs(this.exprs, b, ctx, this.scaled);
    const keys = vs.slice(0, this.node.groups.length);
    this.noteKeyBytes(keys, n);
    this.update(vs, this.assign(keys, n), n, false);
  }

  /**
   * Once the table is full (see hashAggregateExec): fold in the rows of groups it has, and hand back the
   * others — their row numbers and group keys — without adding a group.
   */
  async consumeKnown(b: Batch, ctx: ExecContext): Promise<{ rows: Int32Array; count: number; keys: Vector[] } | null> {
    const n = b.length;
    if (n === 0) return null;
    const vs = await evalExprs(this.exprs, b, ctx, this.scaled);
    const keys = vs.slice(0, this.node.groups.length);
    const gids = new Int32Array(n);
    this.groups.find(keys, n, gids);
    const rows = new Int32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) if (gids[i]! < 0) rows[count++] = i;
    if (count < n) {
      this.sawRows = true;
      this.update(vs, gids, n, count > 0);
    }
    return count === 0 ? null : { rows, count, keys };
  }

  /**
   * Whether this aggregation may put rows aside for later (spill): it has groups, and nothing but the rows of
   * a group decides that group's result (ordered-set direct arguments are fed per batch, so those may not).
   */
  get spillable(): boolean {
    return this.node.groups.length > 0 && this.directPos === this.exprs.length;
  }

  /** About how many bytes the groups hold: keys, ids and accumulator states (for the work_mem check). */
  get bytes(): number {
    return this.numGroups * (this.keyBytesPerGroup + 48 + 24 * this.accs.length);
  }
  private keyBytesPerGroup = 0;

  private noteKeyBytes(keys: readonly Vector[], n: number): void {
    if (this.keyBytesPerGroup === 0 && keys.length > 0) this.keyBytesPerGroup = batchBytes({ columns: keys, length: n }) / n;
  }

  /** Fold evaluated inputs `vs` into groups `gids`; `someUnknown`: skip the rows whose group id is -1. */
  private update(vs: readonly Vector[], gids: Int32Array, n: number, someUnknown: boolean): void {
    const node = this.node;
    const numGroups = this.numGroups;
    let argPos = node.groups.length;
    let filterPos = node.groups.length + this.inputs.reduce((s, x) => s + x.length, 0);
    this.feedDirect(vs.slice(this.directPos), gids, n);
    const rows = new Int32Array(n);
    let allRows: Int32Array | undefined;
    for (let a = 0; a < node.aggs.length; a++) {
      const call = node.aggs[a]!;
      const args = vs.slice(argPos, argPos + this.inputs[a]!.length);
      argPos += this.inputs[a]!.length;
      const filter = call.filter === null ? null : vs[filterPos++]!;
      const strict = args.slice(0, strictArgs(call)).filter((v) => v.nulls !== null);
      if (filter === null && strict.length === 0 && !someUnknown) {
        // Every row counts: one identity selection for all such aggregates of the batch.
        const acc = this.accs[a]!;
        if (acc.updateAll !== undefined) { acc.updateAll(gids, n, args, numGroups); continue; }
        if (allRows === undefined) { allRows = new Int32Array(n); for (let i = 0; i < n; i++) allRows[i] = i; }
        acc.update(gids, allRows, n, args, numGroups);
        continue;
      }
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (someUnknown && gids[i]! < 0) continue;
        if (filter !== null && ((filter.values as Uint8Array)[i] !== 1 || (filter.nulls !== null && filter.nulls[i] === 1))) continue;
        let skip = false;
        for (const v of strict) if (v.nulls![i] === 1) { skip = true; break; }
        if (!skip) rows[count++] = i;
      }
      if (count > 0) this.accs[a]!.update(gids, rows, count, args, numGroups);
    }
  }

  /** The groups' keys and accumulator states, for the coordinator's `merge`. */
  partial(): PartialAggregate {
    const n = this.numGroups;
    return {
      numGroups: n,
      keys: this.groupCols.map((c) => encodeVector(c.build(n))),
      states: this.accs.map((a) => a.partial!(n)),
    };
  }

  /** Fold another participant's groups in: its keys find (or add) groups here, its states merge into them. */
  merge(p: PartialAggregate): void {
    if (p.numGroups === 0) return;
    this.sawRows = true;
    const map = this.assign(p.keys.map(decodeVector), p.numGroups);
    for (let a = 0; a < this.accs.length; a++) this.accs[a]!.merge!(p.states[a], map, this.numGroups);
  }

  async *output(ctx: ExecContext): AsyncGenerator<Batch> {
    const numGroups = this.numGroups;
    if (numGroups === 0) return;
    if (!this.sawRows && this.directPos < this.exprs.length) {
      // no GROUP BY and no rows: the direct arguments (which may use no input column) still decide the result
      this.feedDirect(await evalExprs(this.exprs.slice(this.directPos), { columns: [], length: 1 }, ctx), new Int32Array(1), 1);
    }
    const columns = [...this.groupCols.map((c) => c.build(numGroups)), ...this.accs.map((acc) => acc.finish(numGroups, true))];
    const size = Math.max(1, ctx.batchSize);
    for (let start = 0; start < numGroups; start += size) {
      ctx.checkCancel();
      const end = Math.min(numGroups, start + size);
      const batch = start === 0 && end === numGroups ? { columns, length: numGroups } : { columns: columns.map((c) => slice(c, start, end)), length: end - start };
      yield conform(batch, this.node.schema);
    }
  }
}

/** One participant's share of a parallel aggregation: its groups' keys and each accumulator's state. */
export interface PartialAggregate {
  readonly numGroups: number;
  readonly keys: readonly EncodedVector[];
  readonly states: readonly unknown[];
}

export async function* hashAggregateExec(node: AggregateNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const table = new AggregateTable(node);
  if (await aggregateInParallel(node, table, ctx)) {
    yield* table.output(ctx);
    return;
  }
  yield* aggregate(node, table, executePlan(node.input, ctx, true), ctx, 0);
}

/** Partitions a full table's other rows are spread over; each is aggregated on its own afterwards. */
const SPILL_PARTITIONS = 16;
/** Partitions split again at most this many times (16^4 times work_mem); beyond, a partition stays in memory. */
const MAX_SPILL_DEPTH = 4;

/**
 * Aggregate `input` into `table`. When the table outgrows work_mem or the server's memory_limit (and may spill), it takes no new groups:
 * rows of the groups it has still fold in, and the others go to temporary files, partitioned by a hash of
 * their group key. After the input, the table's groups are complete and are emitted; then each partition is
 * aggregated the same way (a partition that outgrows work_mem in turn is split again, by another hash). A
 * group's rows all land in one table, so every aggregate, exact or not, gets them all, in input order.
 */
async function* aggregate(node: AggregateNode, table: AggregateTable, input: AsyncIterable<Batch>, ctx: ExecContext,
  depth: number): AsyncGenerator<Batch> {
  const spill = ctx.spill;
  const canSpill = spill !== undefined && depth < MAX_SPILL_DEPTH && table.spillable && node.input.schema.every((c) => spillable(c.type));
  let parts: SpillFile[] | undefined;
  const grant = canSpill ? new MemoryGrant(spill.workMem, spill.pool) : undefined;
  try {
    for await (const b of input) {
      ctx.checkCancel();
      if (parts === undefined) {
        await table.consume(b, ctx);
        if (grant !== undefined && !grant.grow(table.bytes - grant.held)) {
          parts = [];
          for (let p = 0; p < SPILL_PARTITIONS; p++) parts.push(await spill!.space.create('aggregate'));
        }
        continue;
      }
      const other = await table.consumeKnown(b, ctx);
      if (other === null) continue;
      const keys = other.keys.map((k) => take(k, other.rows, other.count));
      const where = partitionOf(rowKeys(keys, other.count, true), other.count, SPILL_PARTITIONS, depth);
      await appendPartitioned(parts, takeBatch(b, other.rows, other.count), where);
    }
    yield* table.output(ctx);
    grant?.release();
    if (parts === undefined) return;
    const profile = ctx.profile?.get(node);
    if (profile !== undefined && depth === 0) profile.spill = { runs: SPILL_PARTITIONS, bytes: parts.reduce((s, f) => s + f.bytes, 0) };
    for (let p = 0; p < SPILL_PARTITIONS; p++) {
      const file = parts[p]!;
      if (file.count === 0) continue;
      yield* aggregate(node, new AggregateTable(node), file.batches(), ctx, depth + 1);
      await file.remove();
    }
  } finally {
    grant?.release();
    for (const f of parts ?? []) await f.remove();
  }
}
