/** bit_and / bit_or / bit_xor over int2, int4 (numbers) and int8 (bigints); NULL for a group with no rows. */
import { allocValues, type SqlType, type Vector } from '../../../common/index.ts';
import { grow, type Accumulator } from './accumulator.ts';

export type BitOp = 'bit_and' | 'bit_or' | 'bit_xor';

const NUMBER_OPS: Record<BitOp, (a: number, b: number) => number> = {
  bit_and: (a, b) => a & b, bit_or: (a, b) => a | b, bit_xor: (a, b) => a ^ b,
};
const BIGINT_OPS: Record<BitOp, (a: bigint, b: bigint) => bigint> = {
  bit_and: (a, b) => a & b, bit_or: (a, b) => a | b, bit_xor: (a, b) => a ^ b,
};

export class BitAgg implements Accumulator {
  private seen = new Uint8Array(16);
  private nums = new Float64Array(16);
  private bigs = new BigInt64Array(16);
  constructor(private readonly type: SqlType, private readonly op: BitOp) {}

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void {
    this.seen = grow(this.seen, numGroups);
    const seen = this.seen;
    if (this.type.id === 'int8') {
      this.bigs = grow(this.bigs, numGroups);
      const a = inputs[0]!.values as BigInt64Array, s = this.bigs, f = BIGINT_OPS[this.op];
      for (let k = 0; k < count; k++) {
        const i = rows[k]!, g = gids[i]!;
        s[g] = seen[g] === 0 ? a[i]! : f(s[g]!, a[i]!);
        seen[g] = 1;
      }
      return;
    }
    // int2/int4: operands sign-extended to 32 bits, so results stay within the type's range
    this.nums = grow(this.nums, numGroups);
    const a = inputs[0]!.values as Int32Array, s = this.nums, f = NUMBER_OPS[this.op];
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      s[g] = seen[g] === 0 ? a[i]! : f(s[g]!, a[i]!);
      seen[g] = 1;
    }
  }

  finish(numGroups: number): Vector {
    const out = allocValues(this.type, numGroups) as Float64Array | BigInt64Array;
    const nulls = new Uint8Array(numGroups);
    const src = this.type.id === 'int8' ? this.bigs : this.nums;
    for (let g = 0; g < numGroups; g++) {
      if (g >= this.seen.length || this.seen[g] === 0) nulls[g] = 1;
      else out[g] = src[g]! as never;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}
