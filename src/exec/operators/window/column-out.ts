/** A result column filled one position at a time with physical values (null for NULL). */
import { allocValues, type SqlType, type Values, type Vector } from '../../../common/index.ts';

export class ColumnOut {
  readonly values: Values;
  readonly nulls: Uint8Array;
  private anyNull = false;
  constructor(readonly type: SqlType, readonly length: number) {
    this.values = allocValues(type, length);
    this.nulls = new Uint8Array(length);
  }
  set(k: number, x: unknown): void {
    if (x === null || x === undefined) { this.nulls[k] = 1; this.anyNull = true; }
    else (this.values as unknown[])[k] = x;
  }
  /** Copy row `i` of `v` (same physical layout) into position k. */
  copy(k: number, v: Vector, i: number): void {
    if (v.nulls !== null && v.nulls[i] === 1) { this.nulls[k] = 1; this.anyNull = true; }
    else (this.values as unknown[])[k] = (v.values as unknown[])[i];
  }
  vector(): Vector {
    return { type: this.type, length: this.length, values: this.values, nulls: this.anyNull ? this.nulls : null };
  }
}
