/**
 * Row selections for lazy evaluation: which rows of a batch reach a CASE branch or a later AND/OR/COALESCE
 * argument, how to cut a batch (and the subquery results evaluated for it) down to them, and how to scatter a
 * sub-batch's results back.
 */
import { allocValues, take, type Batch, type Values, type Vector } from '../../common/index.ts';
import type { SqlType } from '../../common/index.ts';
import { columnsUsed, hasSubquery, type Expr, type SubqueryExpr } from '../../plan/index.ts';

/** Subquery results for the rows of the batch being evaluated (full length, by node identity). */
export interface EvalScope {
  readonly subqueries: ReadonlyMap<SubqueryExpr, Vector> | null;
}

export const EMPTY_SCOPE: EvalScope = Object.freeze({ subqueries: null });

/** A list of row indexes into a batch: idx[0..n). */
export interface Rows {
  readonly idx: Int32Array;
  readonly n: number;
}

/** Rows of a bool vector that are TRUE (not NULL), within `within` (all rows when null), in batch coordinates. */
export function trueRows(v: Vector, within: Rows | null, batchLength: number): { hit: Rows; miss: Rows } {
  const vals = v.values as Uint8Array, m = v.nulls;
  const len = within === null ? batchLength : within.n;
  const hit = new Int32Array(len), miss = new Int32Array(len);
  let h = 0, s = 0;
  for (let k = 0; k < len; k++) {
    const i = within === null ? k : within.idx[k]!;
    if (vals[k] === 1 && (m === null || m[k] === 0)) hit[h++] = i;
    else miss[s++] = i;
  }
  return { hit: { idx: hit, n: h }, miss: { idx: miss, n: s } };
}

/**
 * The rows `rows` of `batch` for evaluating `e`: only the columns `e` reads are copied (the others keep their
 * full-length vectors, which `e` never touches), except when `e` holds a subquery, whose correlated plan may
 * read any column of the row.
 */
export function narrowBatch(batch: Batch, rows: Rows, e: Expr): Batch {
  if (hasSubquery(e)) return { columns: batch.columns.map((c) => take(c, rows.idx, rows.n)), length: rows.n };
  const used = columnsUsed(e);
  return {
    columns: batch.columns.map((c, j) => (used.has(j) ? take(c, rows.idx, rows.n) : c)),
    length: rows.n,
  };
}

export function narrowScope(scope: EvalScope, rows: Rows): EvalScope {
  if (scope.subqueries === null) return scope;
  const m = new Map<SubqueryExpr, Vector>();
  for (const [k, v] of scope.subqueries) m.set(k, take(v, rows.idx, rows.n));
  return { subqueries: m };
}

/** A result column being filled from several sub-batches. */
export class Scatter {
  readonly values: Values;
  nulls: Uint8Array | null = null;
  constructor(readonly type: SqlType, readonly length: number) {
    this.values = allocValues(type, length);
  }

  /** Row k of `src` goes to row rows.idx[k] (src evaluated on the narrowed rows). */
  fromNarrow(src: Vector, rows: Rows): void {
    const sv = src.values as Float64Array, dv = this.values as Float64Array, sm = src.nulls;
    for (let k = 0; k < rows.n; k++) {
      const i = rows.idx[k]!;
      if (sm !== null && sm[k] === 1) (this.nulls ??= new Uint8Array(this.length))[i] = 1;
      else dv[i] = sv[k]!;
    }
  }

  /** Row rows.idx[k] of `src` (src evaluated on the whole batch) goes to the same row. */
  fromFull(src: Vector, rows: Rows): void {
    const sv = src.values as Float64Array, dv = this.values as Float64Array, sm = src.nulls;
    for (let k = 0; k < rows.n; k++) {
      const i = rows.idx[k]!;
      if (sm !== null && sm[i] === 1) (this.nulls ??= new Uint8Array(this.length))[i] = 1;
      else dv[i] = sv[i]!;
    }
  }

  setNull(rows: Rows): void {
    if (rows.n === 0) return;
    const m = (this.nulls ??= new Uint8Array(this.length));
    for (let k = 0; k < rows.n; k++) m[rows.idx[k]!] = 1;
  }

  vector(): Vector {
    return { type: this.type, length: this.length, values: this.values, nulls: this.nulls };
  }
}

export const allRows = (n: number): Rows => {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return { idx, n };
};
