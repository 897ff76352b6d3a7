/**
 * `agg(x ORDER BY k …)`: the inner aggregate sees each group's rows in key order. Rows are buffered as they
 * come (already cut by FILTER, NULL arguments and DISTINCT), then sorted once by (group, keys…) with a stable
 * sort, so ties keep input order, and folded into the inner accumulator at `finish`.
 */
import { concat, take, type Vector } from '../../../common/index.ts';
import { sortPermutation } from '../../../kernels/index.ts';
import type { Accumulator } from './accumulator.ts';

/** A sort key over the accumulator's inputs: `index` into the input vectors. */
export interface InputKey {
  readonly index: number;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

const INT4 = { id: 'int4', typmod: -1 } as const;

export class OrderedInput implements Accumulator {
  private readonly chunks: { gids: Int32Array; inputs: Vector[] }[] = [];
  /** `nArgs`: how many leading inputs are the inner aggregate's arguments (the rest are only sort keys). */
  constructor(private readonly inner: Accumulator, private readonly nArgs: number, private readonly keys: readonly InputKey[]) {}

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], _numGroups: number): void {
    const idx = rows.slice(0, count);
    this.chunks.push({ gids: Int32Array.from(idx, (i) => gids[i]!), inputs: inputs.map((v) => take(v, idx)) });
  }

  finish(numGroups: number): Vector {
    const first = this.chunks[0];
    if (first !== undefined) {
      const n = this.chunks.reduce((s, c) => s + c.gids.length, 0);
      const gids = new Int32Array(n);
      let off = 0;
      for (const c of this.chunks) { gids.set(c.gids, off); off += c.gids.length; }
      const inputs = first.inputs.map((v, j) => concat(v.type, this.chunks.map((c) => c.inputs[j]!)));
      this.chunks.length = 0;
      const perm = sortPermutation([
        { vector: { type: INT4, length: n, values: gids, nulls: null }, desc: false, nullsFirst: false },
        ...this.keys.map((k) => ({ vector: inputs[k.index]!, desc: k.desc, nullsFirst: k.nullsFirst })),
      ], n, () => {});
      this.inner.update(gids, perm, n, inputs.slice(0, this.nArgs), numGroups);
    }
    return this.inner.finish(numGroups);
  }
}
