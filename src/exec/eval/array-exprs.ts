/**
 * Array expressions: the ARRAY[…] constructor, subscripts and slices, and `x op ANY|ALL (array)`. Array values
 * are built and read row by row (they are objects); the quantified comparison evaluates its operator
 * vectorized over all (row, element) pairs of the batch at once.
 */
import {
  allocValues, elementType, getValue, PgArray, stackArrays, T, take, vectorFromValues, type Batch, type SqlType, type Vector,
} from '../../common/index.ts';
import type { ArrayExpr, ArrayQuantifiedExpr, Expr, SubscriptExpr } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import type { EvalScope } from './selection.ts';

type Eval = (e: Expr, batch: Batch, ctx: ExecContext, scope: EvalScope) => Vector;

function objectVector(type: SqlType, out: unknown[], nulls: Uint8Array | null): Vector {
  return { type, length: out.length, values: out, nulls };
}

export function evalArrayConstructor(e: ArrayExpr, batch: Batch, ctx: ExecContext, scope: EvalScope, evalExpr: Eval): Vector {
  const n = batch.length;
  const parts = e.elements.map((x) => evalExpr(x, batch, ctx, scope));
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const values = parts.map((v) => getValue(v, i));
    out[i] = e.nested ? stackArrays(values as (PgArray | null)[], 'constructor') : PgArray.of(values);
  }
  return objectVector(e.type, out, null);
}

/** A subscript value as an integer, or null for NULL. */
function intAt(v: Vector | null, i: number): number | null | undefined {
  if (v === null) return undefined;
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.values[i] as number;
}

export function evalSubscript(e: SubscriptExpr, batch: Batch, ctx: ExecContext, scope: EvalScope, evalExpr: Eval): Vector {
  const n = batch.length;
  const arr = evalExpr(e.arg, batch, ctx, scope);
  const bounds = e.subscripts.map((s) => ({
    lower: s.lower === null ? null : evalExpr(s.lower, batch, ctx, scope),
    upper: s.upper === null ? null : evalExpr(s.upper, batch, ctx, scope),
  }));
  const out = allocValues(e.type, n);
  const nulls = new Uint8Array(n);
  let anyNull = false;
  const isBool = e.type.id === 'bool';
  for (let i = 0; i < n; i++) {
    const a = getValue(arr, i) as PgArray | null;
    let r: unknown = null;
    if (a !== null) {
      const subs = bounds.map((b) => ({ lower: intAt(b.lower, i), upper: intAt(b.upper, i) }));
      r = e.slice ? slice(a, subs) : element(a, subs.map((s) => s.upper!));
    }
    if (r === null || r === undefined) { nulls[i] = 1; anyNull = true; continue; }
    if (isBool) (out as Uint8Array)[i] = r ? 1 : 0;
    else (out as unknown[])[i] = r;
  }
  return { type: e.type, length: n, values: out, nulls: anyNull ? nulls : null };
}

/** a[i][j]…: NULL when a subscript is NULL, the count differs from the dimensions, or it is out of range. */
function element(a: PgArray, subs: readonly (number | null | undefined)[]): unknown {
  if (subs.length !== a.ndims) return null;
  let offset = 0;
  for (let d = 0; d < subs.length; d++) {
    const s = subs[d];
    if (s === null || s === undefined) return null;
    const k = s - a.lbounds[d]!;
    if (k < 0 || k >= a.dims[d]!) return null;
    offset = offset * a.dims[d]! + k;
  }
  return a.items[offset] ?? null;
}

/**
 * a[lo:hi]…: the elements within the bounds (clipped to the array's), as an array with lower bounds 1;
 * dimensions without a subscript are taken whole; an empty range gives an empty array; a NULL bound gives NULL.
 */
function slice(a: PgArray, subs: readonly { lower: number | null | undefined; upper: number | null | undefined }[]): PgArray | null {
  if (subs.some((s) => s.lower === null || s.upper === null)) return null;
  if (a.ndims === 0 || subs.length > a.ndims) return PgArray.EMPTY;
  const lo: number[] = [], hi: number[] = [];
  for (let d = 0; d < a.ndims; d++) {
    const s = subs[d];
    const first = a.lbounds[d]!, last = first + a.dims[d]! - 1;
    const l = s === undefined || s.lower === undefined ? first : s.lower!;
    const h = s === undefined || s.upper === undefined ? last : s.upper!;
    const cl = Math.max(l, first), ch = Math.min(h, last);
    if (cl > ch) return PgArray.EMPTY;
    lo.push(cl - first); hi.push(ch - first);
  }
  const dims = lo.map((l, d) => hi[d]! - l + 1);
  const items: unknown[] = [];
  const walk = (d: number, offset: number): void => {
    for (let k = lo[d]!; k <= hi[d]!; k++) {
      const off = offset * a.dims[d]! + k;
      if (d === a.ndims - 1) items.push(a.items[off] ?? null);
      else walk(d + 1, off);
    }
  };
  walk(0, 0);
  return new PgArray(items, dims, dims.map(() => 1));
}

/**
 * x op ANY|ALL (array): one pass of the operator over every (row, element) pair — column 0 the row's x,
 * column 1 the element — then a three-valued OR (ANY) or AND (ALL) per row.
 */
export function evalArrayQuantified(e: ArrayQuantifiedExpr, batch: Batch, ctx: ExecContext, scope: EvalScope, evalExpr: Eval): Vector {
  const n = batch.length;
  const arg = evalExpr(e.arg, batch, ctx, scope);
  const arrays = evalExpr(e.array, batch, ctx, scope);
  const rowOf: number[] = [];
  const elems: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const a = getValue(arrays, i) as PgArray | null;
    if (a === null) continue;
    for (const x of a.items) { rowOf.push(i); elems.push(x); }
  }
  const m = rowOf.length;
  const idx = Int32Array.from(rowOf);
  const left = take(arg, idx);
  const right = vectorFromValues(elementType(e.array.type)!, elems);
  const pred = m === 0 ? null : evalExpr(e.predicate, { columns: [left, right], length: m }, ctx, scope);
  // Per row: 0 = false, 1 = true, 2 = unknown; start at ALL's true / ANY's false.
  const state = new Uint8Array(n).fill(e.all ? 1 : 0);
  if (pred !== null) {
    const pv = pred.values as Uint8Array, pn = pred.nulls;
    for (let k = 0; k < m; k++) {
      const i = rowOf[k]!;
      const r = pn !== null && pn[k] === 1 ? 2 : pv[k]!;
      if (e.all) {
        if (state[i] === 0) continue;
        state[i] = r === 0 ? 0 : r === 2 ? 2 : state[i]!;
      } else {
        if (state[i] === 1) continue;
        state[i] = r === 1 ? 1 : r === 2 ? 2 : state[i]!;
      }
    }
  }
  const out = new Uint8Array(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (arrays.nulls !== null && arrays.nulls[i] === 1) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
    if (state[i] === 2) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = state[i]!;
  }
  return { type: T.bool, length: n, values: out, nulls };
}
