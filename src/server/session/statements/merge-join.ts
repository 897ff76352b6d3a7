/**
 * MERGE's join of the target's rows with the source's on the ON condition. The source, read once, is built
 * into a hash table on the condition's equi-keys (`=` conjuncts with one side over target columns only and the
 * other over source columns only); each target batch probes it, and the other conjuncts filter the candidate
 * pairs. Without equi-keys every pair is a candidate (a nested loop). NULL keys never match. The source's key
 * values, sorted, also tell which data files may hold a match: none can where a key column's min/max stats
 * enclose no source key.
 */
import { T, take, type Batch, type DataFile, type SqlType } from '../../../common/index.ts';
import { evalExprs, type ExecContext } from '../../../exec/index.ts';
import { buildHashChains, orderClass, rowKeys, valueComparator, type HashChains, type ValueComparator } from '../../../kernels/index.ts';
import { columnsUsed, conjuncts, hasSubquery, isVolatile, transformExpr, type Expr } from '../../../plan/index.ts';

/** Matching (target row, source row) pairs of one target batch: target[k] with source[k]. */
export interface MatchedPairs {
  readonly target: Int32Array;
  readonly source: Int32Array;
  readonly length: number;
}

/** A key column's pruning data: the source's non-NULL key values in order. */
interface PruneKey {
  readonly column: string;
  readonly sorted: readonly unknown[];
  /** Source key value vs. a stats value of the column. */
  readonly cmp: ValueComparator;
}

const CHUNK = 65536;
const PRUNABLE = new Set(['int', 'int8', 'float', 'decimal', 'string']);

export class MergeJoin {
  private constructor(
    private readonly source: Batch,
    private readonly targetKeys: readonly Expr[],
    private readonly residual: Expr | null,
    /** The condition is constant and not true: nothing matches. */
    private readonly never: boolean,
    private readonly table: HashChains | null,
    private readonly prune: readonly PruneKey[],
  ) {}

  /** `on` is over the merge row (target columns 0..width-1, then the source's); `columns` are the target's. */
  static async build(on: Expr, width: number, source: Batch, columns: readonly { name: string; type: SqlType }[], exec: ExecContext): Promise<MergeJoin> {
    const side = (e: Expr): 'target' | 'source' | 'both' | 'none' => {
      if (hasSubquery(e) || isVolatile(e)) return 'both';
      const used = [...columnsUsed(e)];
      if (used.length === 0) return 'none';
      if (used.every((c) => c < width)) return 'target';
      return used.every((c) => c >= width) ? 'source' : 'both';
    };
    const down = (e: Expr): Expr => transformExpr(e, (x) => (x.kind === 'column' ? { ...x, index: x.index - width } : x));
    const targetKeys: Expr[] = [], sourceKeys: Expr[] = [], rest: Expr[] = [];
    for (const c of conjuncts(on)) {
      if (c.kind === 'compare' && c.op === '=' && orderClass(c.left.type) === orderClass(c.right.type) && orderClass(c.left.type) !== 'other') {
        const a = side(c.left), b = side(c.right);
        if (a === 'target' && b === 'source') { targetKeys.push(c.left); sourceKeys.push(down(c.right)); continue; }
        if (a === 'source' && b === 'target') { targetKeys.push(c.right); sourceKeys.push(down(c.left)); continue; }
      }
      rest.push(c);
    }
    let residual: Expr | null = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', args: rest, type: T.bool };
    let never = false;
    if (residual !== null && side(residual) === 'none') {
      // `ON true`, `ON false`, `ON 1 = 0`: decided once rather than for every pair.
      const [v] = await evalExprs([residual], { columns: [], length: 1 }, exec);
      never = !(v!.values[0] === 1 && (v!.nulls === null || v!.nulls[0] === 0));
      residual = null;
    }
    let table: MergeJoin['table'] = null;
    const prune: PruneKey[] = [];
    if (targetKeys.length > 0) {
      const keyVectors = await evalExprs(sourceKeys, source, exec);
      table = buildHashChains(rowKeys(keyVectors, source.length, false), source.length);
      targetKeys.forEach((k, i) => {
        const v = keyVectors[i]!;
        if (k.kind !== 'column' || !PRUNABLE.has(orderClass(k.type))) return;
        const values: unknown[] = [];
        for (let r = 0; r < v.length; r++) if (v.nulls === null || v.nulls[r] === 0) values.push(v.values[r]);
        values.sort(valueComparator(v.type));
        prune.push({ column: columns[k.index]!.name, sorted: values, cmp: valueComparator(v.type, k.type) });
      });
    }
    return new MergeJoin(source, targetKeys, residual, never, table, prune);
  }

  /** Can `file` hold a target row that some source row matches? True unless its stats rule it out. */
  mayMatch(file: DataFile): boolean {
    if (this.never || this.source.length === 0) return false;
    const st = file.stats;
    if (st === undefined) return true;
    for (const p of this.prune) {
      if (st.nullCount[p.column] !== undefined && st.nullCount[p.column] === st.numRecords) return false;
      const lo = st.minValues[p.column], hi = st.maxValues[p.column];
      if (lo === undefined || hi === undefined) continue;
      // The first source key ≥ lo; the file may match only if it is ≤ hi.
      let a = 0, b = p.sorted.length;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (p.cmp(p.sorted[m], lo) < 0) a = m + 1; else b = m;
      }
      if (a === p.sorted.length || p.cmp(p.sorted[a], hi) > 0) return false;
    }
    return true;
  }

  /** The pairs of `target`'s rows with source rows for which the ON condition is true. */
  async pairs(target: Batch, exec: ExecContext): Promise<MatchedPairs> {
    const out = new PairBuilder();
    const S = this.source.length, n = target.length;
    if (this.never || S === 0 || n === 0) return out.done();
    let li = new Int32Array(CHUNK), ri = new Int32Array(CHUNK), np = 0;
    const flush = async (): Promise<void> => {
      exec.checkCancel();
      if (this.residual === null) {
        out.push(li, ri, np);
      } else {
        const row: Batch = {
          columns: [...target.columns.map((v) => take(v, li, np)), ...this.source.columns.map((v) => take(v, ri, np))],
          length: np,
        };
        const [ok] = await evalExprs([this.residual], row, exec);
        const values = ok!.values, nulls = ok!.nulls;
        for (let k = 0; k < np; k++) if (values[k] === 1 && (nulls === null || nulls[k] === 0)) out.add(li[k]!, ri[k]!);
      }
      np = 0;
      li = new Int32Array(CHUNK);
      ri = new Int32Array(CHUNK);
    };
    if (this.table !== null) {
      const keys = rowKeys(await evalExprs(this.targetKeys, target, exec), n, false);
      const { head, next } = this.table;
      for (let i = 0; i < n; i++) {
        const k = keys[i];
        if (k === null || k === undefined) continue;
        for (let j = head.get(k) ?? -1; j >= 0; j = next[j]!) {
          li[np] = i; ri[np] = j; np++;
          if (np === CHUNK) await flush();
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < S; j++) {
          li[np] = i; ri[np] = j; np++;
          if (np === CHUNK) await flush();
        }
      }
    }
    if (np > 0) await flush();
    return out.done();
  }
}


class PairBuilder {
  private t = new Int32Array(1024);
  private s = new Int32Array(1024);
  private n = 0;

  add(t: number, s: number): void {
    if (this.n === this.t.length) this.grow(this.n + 1);
    this.t[this.n] = t;
    this.s[this.n] = s;
    this.n++;
  }

  push(t: Int32Array, s: Int32Array, count: number): void {
    if (this.n + count > this.t.length) this.grow(this.n + count);
    this.t.set(t.subarray(0, count), this.n);
    this.s.set(s.subarray(0, count), this.n);
    this.n += count;
  }

  done(): MatchedPairs {
    return { target: this.t.subarray(0, this.n), source: this.s.subarray(0, this.n), length: this.n };
  }

  private grow(min: number): void {
    const size = Math.max(min, this.t.length * 2);
    const t = new Int32Array(size), s = new Int32Array(size);
    t.set(this.t.subarray(0, this.n));
    s.set(this.s.subarray(0, this.n));
    this.t = t;
    this.s = s;
  }
}
