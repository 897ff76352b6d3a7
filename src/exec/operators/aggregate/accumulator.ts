/**
 * The accumulator contract: per-group state in typed arrays indexed by group id, folded a batch at a time.
 *
 * `update` folds rows `rows[0..count)` of a batch whose group ids are `gids[row]`; rows were already cut to
 * those passing FILTER and having no NULL in the strict inputs (see `strictArgs`). `inputs` are the vectors
 * of `aggInputs(call)`: the arguments, then the aggregate ORDER BY keys. `finish` yields one value per group
 * and is called once, after the last `update`.
 */
import type { Vector } from '../../../common/index.ts';

export interface Accumulator {
  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void;
  /** `update` of every row `[0, n)`, for the accumulators that have a faster loop without a selection. */
  updateAll?(gids: Int32Array, n: number, inputs: readonly Vector[], numGroups: number): void;
  /**
   * Ordered-set aggregates only: the direct arguments (the fraction of percentile_cont) for every row
   * `[0, n)` of a batch, before FILTER, so each group sees them even when FILTER or NULLs leave it no rows.
   */
  direct?(gids: Int32Array, n: number, direct: readonly Vector[], numGroups: number): void;
  /** With `scaled`, a numeric result may come as a scaled column (scaledNumeric), for consumers that read those. */
  finish(numGroups: number, scaled?: boolean): Vector;
  /**
   * Parallel aggregation: the state of groups [0, numGroups) as structured-clonable data (typed arrays it owns,
   * numbers, strings, bigints), for a worker to send to the coordinator. Only exact aggregates have it: their
   * result does not depend on how rows were split.
   */
  partial?(numGroups: number): unknown;
  /** Fold a `partial` state in: its group j is this accumulator's group `map[j]` (< numGroups). */
  merge?(state: unknown, map: Int32Array, numGroups: number): void;
}

/** `a`, or a copy grown to hold at least n elements (doubling). */
export function grow<A extends Float64Array | Uint8Array | BigInt64Array | Int32Array>(a: A, n: number): A {
  if (a.length >= n) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(n, a.length * 2, 16));
  b.set(a as never);
  return b;
}

export function growArray<T>(a: T[], n: number, fill: T): void {
  while (a.length < n) a.push(fill);
}
