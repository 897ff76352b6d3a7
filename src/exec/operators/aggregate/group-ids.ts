/**
 * Group ids for GROUP BY rows: each key column's values get dense codes (an open-addressing table for
 * integer columns, a Map over rowKeys' keys for others, one code for NULL), and several columns' codes fold
 * pairwise into one id through integer tables. Rows are equal here exactly when rowKeys' keys say so.
 */
import { SqlError, SqlState, type Vector } from '../../../common/index.ts';
import { IntIds, orderClass, rowKeys, type Key } from '../../../kernels/index.ts';

const PAIR = 2 ** 26;
const MAX = Number.MAX_SAFE_INTEGER;

/** Codes for one column's values. */
class ColumnCodes {
  private readonly ints = new IntIds();
  private readonly map = new Map<Key | null, number>();
  private nullCode = -1;
  count = 0;

  codes(v: Vector, n: number, out: Int32Array): void {
    const c = orderClass(v.type);
    const m = v.nulls;
    if (c === 'int' || c === 'bool' || (c === 'int8' && safeInt8(v, n))) {
      const a = v.values;
      const big = a instanceof BigInt64Array;
      for (let i = 0; i < n; i++) {
        if (m !== null && m[i] === 1) { out[i] = this.nullCode >= 0 ? this.nullCode : (this.nullCode = this.count++); continue; }
        const x = big ? Number((a as BigInt64Array)[i]!) : (a as Float64Array)[i]!;
        const id = this.ints.idOf(x, this.count);
        if (id === this.count) this.count++;
        out[i] = id;
      }
      return;
    }
    const keys = rowKeys([v], n, true);
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      let id = this.map.get(k);
      if (id === undefined) this.map.set(k, id = this.count++);
      out[i] = id;
    }
  }
}

function safeInt8(v: Vector, n: number): boolean {
  const a = v.values as BigInt64Array;
  for (let i = 0; i < n; i++) {
    const x = Number(a[i]!);
    if (x > MAX || x < -MAX) return false;
  }
  return true;
}

export class GroupIds {
  private readonly columns: ColumnCodes[];
  private readonly pairs: IntIds[];
  private readonly pairCounts: number[];
  /** Groups so far. */
  count = 0;

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => new ColumnCodes());
    this.pairs = Array.from({ length: Math.max(0, width - 1) }, () => new IntIds());
    this.pairCounts = this.pairs.map(() => 0);
  }

  /** Each row's group id into `gids`; `onNew(row, gid)` for the rows that start a group, in row order. */
  assign(cols: readonly Vector[], n: number, gids: Int32Array, onNew: (row: number, gid: number) => void): void {
    const before = this.count;
    this.columns[0]!.codes(cols[0]!, n, gids);
    if (cols.length === 1) {
      this.count = this.columns[0]!.count;
    } else {
      const codes = new Int32Array(n);
      for (let j = 1; j < cols.length; j++) {
        const col = this.columns[j]!;
        col.codes(cols[j]!, n, codes);
        if (col.count > PAIR || this.pairCounts[j - 1]! > PAIR || (j === 1 && this.columns[0]!.count > PAIR)) {
          throw new SqlError(SqlState.programLimitExceeded, `GROUP BY over more than ${PAIR} distinct values of a column`);
        }
        const pair = this.pairs[j - 1]!;
        let next = this.pairCounts[j - 1]!;
        for (let i = 0; i < n; i++) {
          const id = pair.idOf(gids[i]! * PAIR + codes[i]!, next);
          if (id === next) next++;
          gids[i] = id;
        }
        this.pairCounts[j - 1] = next;
      }
      this.count = this.pairCounts[cols.length - 2]!;
    }
    // Ids are handed out in row order, so a new group's first row is where its id first appears.
    let expect = before;
    for (let i = 0; i < n && expect < this.count; i++) if (gids[i] === expect) { onNew(i, expect); expect++; }
  }
}
