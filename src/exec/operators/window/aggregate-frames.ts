/**
 * Drives a FrameAgg over the frames of one partition. Frames move forward only, so while the start stays
 * put the state just folds in the rows the end passed (the default frame and ROWS UNBOUNDED PRECEDING are
 * linear); when the start moves, rows leave through `remove` where the aggregate has an inverse and the
 * frames overlap, else the state restarts from the new frame. With EXCLUDE the excluded rows are folded out
 * for the one result and back in; without an inverse each row's frame pieces are re-added (O(frame) a row).
 */
import type { WindowFrame } from '../../../plan/index.ts';
import type { ColumnOut } from './column-out.ts';
import type { FrameAgg } from './frame-aggregates.ts';
import { framePieces } from './frame.ts';
import type { Layout } from './layout.ts';

export function aggregateFrames(
  agg: FrameAgg, use: Uint8Array | null, exclude: WindowFrame['exclude'], layout: Layout,
  ps: number, pe: number, fs: Int32Array, fe: Int32Array, out: ColumnOut, checkCancel: () => void,
): void {
  const add = (a: number, b: number): void => { for (let i = a; i < b; i++) if (use === null || use[i] === 1) agg.add(i); };
  /** Remove [a, b); false if the aggregate could not (its state is then unusable). */
  const remove = (a: number, b: number): boolean => {
    if (agg.remove === undefined) return false;
    for (let i = a; i < b; i++) if ((use === null || use[i] === 1) && !agg.remove(i)) return false;
    return true;
  };
  const pieces = new Int32Array(6);
  agg.reset();
  let a = ps, b = ps; // rows [a, b) are folded in
  let cached: unknown, fresh = false;
  for (let k = ps; k < pe; k++) {
    if (((k - ps) & 0xfff) === 0xfff) checkCancel();
    const s = fs[k]!, e = fe[k]!;
    if (exclude !== 'no_others' && agg.remove === undefined) {
      const c = framePieces(exclude, layout, k, s, e, pieces);
      agg.reset();
      for (let p = 0; p < c; p++) add(pieces[2 * p]!, pieces[2 * p + 1]!);
      out.set(k, agg.result());
      continue;
    }
    if (s === a && e === b && fresh && exclude === 'no_others') { out.set(k, cached); continue; }
    if (s === a && e >= b) add(b, e);
    else if (s > a && s <= b && e >= b && remove(a, s)) add(b, e);
    else { agg.reset(); add(s, e); }
    a = s; b = e;
    if (exclude === 'no_others') {
      cached = agg.result(); fresh = true;
      out.set(k, cached);
      continue;
    }
    fresh = false;
    const c = framePieces(exclude, layout, k, s, e, pieces);
    // the excluded rows: [s, e) less the pieces
    let ok = true;
    const gaps: number[] = [];
    let at = s;
    for (let p = 0; p < c; p++) { if (pieces[2 * p]! > at) gaps.push(at, pieces[2 * p]!); at = pieces[2 * p + 1]!; }
    if (at < e) gaps.push(at, e);
    let removed = 0;
    for (; ok && removed < gaps.length; removed += 2) ok = remove(gaps[removed]!, gaps[removed + 1]!);
    if (ok) {
      out.set(k, agg.result());
      for (let g = 0; g < gaps.length; g += 2) add(gaps[g]!, gaps[g + 1]!);
      continue;
    }
    // an inverse refused (numeric scale): recompute, and leave the whole frame folded in for the next row
    agg.reset();
    for (let p = 0; p < c; p++) add(pieces[2 * p]!, pieces[2 * p + 1]!);
    out.set(k, agg.result());
    agg.reset(); add(s, e);
  }
}
