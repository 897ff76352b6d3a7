/**
 * The window-only functions: ranking by peer groups (row_number, rank, dense_rank, percent_rank, cume_dist,
 * ntile) and the value functions (lag/lead over the partition; first_value, last_value, nth_value over the
 * frame). Each fills positions [ps, pe) of one partition; arguments are vectors in sorted positions.
 */
import type { Vector } from '../../../common/index.ts';
import type { Layout } from './layout.ts';
import type { ColumnOut } from './column-out.ts';
import { invalidNthValue, invalidNtile } from './errors.ts';

const isNull = (v: Vector, i: number): boolean => v.nulls !== null && v.nulls[i] === 1;
const int = (v: Vector, i: number): number => Number((v.values as Float64Array)[i]!);

export function rankFunction(fn: string, layout: Layout, ps: number, pe: number, out: ColumnOut, args: readonly Vector[]): void {
  const { groupStart, groupOf } = layout;
  const n = pe - ps;
  switch (fn) {
    case 'row_number':
      for (let k = ps; k < pe; k++) out.set(k, BigInt(k - ps + 1));
      return;
    case 'rank':
      for (let k = ps; k < pe; k++) out.set(k, BigInt(groupStart[groupOf[k]!]! - ps + 1));
      return;
    case 'dense_rank': {
      const g0 = groupOf[ps]!;
      for (let k = ps; k < pe; k++) out.set(k, BigInt(groupOf[k]! - g0 + 1));
      return;
    }
    case 'percent_rank':
      for (let k = ps; k < pe; k++) out.set(k, n <= 1 ? 0 : (groupStart[groupOf[k]!]! - ps) / (n - 1));
      return;
    case 'cume_dist':
      for (let k = ps; k < pe; k++) out.set(k, (groupStart[groupOf[k]! + 1]! - ps) / n);
      return;
    case 'ntile':
      ntile(ps, pe, out, args[0]!);
      return;
  }
}

/** window_ntile: the bucket count is read at the partition's first row with a non-NULL argument. */
function ntile(ps: number, pe: number, out: ColumnOut, arg: Vector): void {
  const total = pe - ps;
  let started = false, bucket = 1, rowsInBucket = 0, boundary = 0, remainder = 0;
  for (let k = ps; k < pe; k++) {
    if (!started) {
      if (isNull(arg, k)) { out.set(k, null); continue; }
      const nb = int(arg, k);
      if (nb <= 0) throw invalidNtile();
      started = true;
      boundary = Math.trunc(total / nb);
      if (boundary <= 0) boundary = 1;
      else { remainder = total % nb; if (remainder !== 0) boundary++; }
    }
    rowsInBucket++;
    if (boundary < rowsInBucket) {
      if (remainder !== 0 && bucket === remainder) { remainder = 0; boundary--; }
      bucket++;
      rowsInBucket = 1;
    }
    out.set(k, bucket);
  }
}

/** lag/lead(value [, offset [, default]]): the row `offset` before/after, within the partition. */
export function lagLead(lead: boolean, ps: number, pe: number, out: ColumnOut, args: readonly Vector[]): void {
  const [value, offset, dflt] = args as [Vector, Vector | undefined, Vector | undefined];
  for (let k = ps; k < pe; k++) {
    let off = 1;
    if (offset !== undefined) {
      if (isNull(offset, k)) { out.set(k, null); continue; }
      off = int(offset, k);
    }
    const t = lead ? k + off : k - off;
    if (t >= ps && t < pe) out.copy(k, value, t);
    else if (dflt !== undefined) out.copy(k, dflt, k);
    else out.set(k, null);
  }
}

/**
 * first_value / last_value / nth_value of row k's frame, given as `count` pieces [a0, b0, a1, b1, …] in
 * position order (EXCLUDE may cut the frame).
 */
export function frameValue(fn: string, k: number, pieces: Int32Array, count: number, out: ColumnOut, args: readonly Vector[]): void {
  const value = args[0]!;
  if (fn === 'first_value') {
    if (count === 0) out.set(k, null); else out.copy(k, value, pieces[0]!);
    return;
  }
  if (fn === 'last_value') {
    if (count === 0) out.set(k, null); else out.copy(k, value, pieces[2 * count - 1]! - 1);
    return;
  }
  const nv = args[1]!;
  if (isNull(nv, k)) { out.set(k, null); return; }
  let nth = int(nv, k);
  if (nth <= 0) throw invalidNthValue();
  for (let p = 0; p < count; p++) {
    const a = pieces[2 * p]!, b = pieces[2 * p + 1]!;
    if (nth <= b - a) { out.copy(k, value, a + nth - 1); return; }
    nth -= b - a;
  }
  out.set(k, null);
}
