/**
 * Window frames: for every row of a partition, the frame [start, end) of sorted positions its ROWS / RANGE /
 * GROUPS clause selects, and the pieces left once EXCLUDE removes the current row, its peers or its ties.
 * Frames whose start lies past their end are empty. Bounds never move backwards as the current row moves
 * forward, which lets aggregates over the frame fold incrementally.
 */
import { getValue, type Vector } from '../../../common/index.ts';
import type { FrameBound, WindowFrame } from '../../../plan/index.ts';
import { makeInRange, type InRange } from './in-range.ts';
import type { Layout } from './layout.ts';
import { negativeFrameOffset, nullFrameOffset } from './errors.ts';

/** A frame clause with its offsets evaluated (PostgreSQL evaluates them once, before reading any row). */
export interface BoundFrame {
  readonly frame: WindowFrame;
  readonly startOffset: unknown;
  readonly endOffset: unknown;
}

const offsetExpr = (b: FrameBound) => (b.kind === 'preceding' || b.kind === 'following' ? b.offset : null);

/** Check the offsets as PostgreSQL does up front: never NULL; for ROWS and GROUPS never negative. */
export function bindFrame(frame: WindowFrame, evalConst: (e: NonNullable<ReturnType<typeof offsetExpr>>) => unknown): BoundFrame {
  const check = (b: FrameBound, which: 'starting' | 'ending'): unknown => {
    const e = offsetExpr(b);
    if (e === null) return null;
    const v = evalConst(e);
    if (v === null || v === undefined) throw nullFrameOffset(which);
    if (frame.mode !== 'range' && (typeof v === 'bigint' ? v < 0n : (v as number) < 0)) throw negativeFrameOffset(which);
    return v;
  };
  return { frame, startOffset: check(frame.start, 'starting'), endOffset: check(frame.end, 'ending') };
}

/** What RANGE offsets need: the single ORDER BY column (sorted positions) and its direction. */
export interface RangeKey {
  readonly vector: Vector;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
  readonly timeZone: string;
}

const rowsOffset = (v: unknown): number => (typeof v === 'bigint' ? (v > 2n ** 40n ? 2 ** 40 : Number(v)) : v as number);

/** Fill fs[k], fe[k] for the rows k of partition [ps, pe). */
export function frameBounds(
  bf: BoundFrame, layout: Layout, ps: number, pe: number, fs: Int32Array, fe: Int32Array, key: RangeKey | null,
): void {
  const { frame } = bf;
  const { groupStart, groupOf } = layout;
  const range = frame.mode === 'range' && (offsetExpr(frame.start) !== null || offsetExpr(frame.end) !== null)
    ? rangeSearch(bf, key!, ps, pe) : null;
  for (let k = ps; k < pe; k++) {
    const g = groupOf[k]!;
    fs[k] = bound(frame.start, bf.startOffset, true);
    const e = bound(frame.end, bf.endOffset, false);
    fe[k] = e < fs[k]! ? fs[k]! : e;

    function bound(b: FrameBound, off: unknown, isStart: boolean): number {
      switch (b.kind) {
        case 'unbounded_preceding': return ps;
        case 'unbounded_following': return pe;
        case 'current_row':
          if (frame.mode === 'rows') return isStart ? k : k + 1;
          return isStart ? groupStart[g]! : groupStart[g + 1]!;
        case 'preceding': case 'following': {
          const sign = b.kind === 'preceding' ? -1 : 1;
          if (frame.mode === 'rows') {
            const p = k + sign * rowsOffset(off) + (isStart ? 0 : 1);
            return p < ps ? ps : p > pe ? pe : p;
          }
          if (frame.mode === 'groups') {
            const g0 = groupOf[ps]!, g1 = groupOf[pe - 1]! + 1;
            const t = g + sign * rowsOffset(off) + (isStart ? 0 : 1);
            return t <= g0 ? ps : t >= g1 ? pe : groupStart[t]!;
          }
          return range!(k, b.kind === 'preceding', isStart);
        }
      }
    }
  }
}

/**
 * RANGE offset bounds by binary search over the partition's non-NULL order values. A row whose order value
 * is NULL has all the NULL rows (its peers) as its frame for offset bounds; other rows never reach NULLs
 * through an offset (nodeWindowAgg.c treats NULLs as infinitely far away).
 */
function rangeSearch(bf: BoundFrame, key: RangeKey, ps: number, pe: number): (k: number, preceding: boolean, isStart: boolean) => number {
  const v = key.vector, m = v.nulls, vals = v.values as ArrayLike<unknown>;
  let ns = ps, ne = pe;
  if (m !== null) {
    if (key.nullsFirst) while (ns < pe && m[ns] === 1) ns++;
    else while (ne > ps && m[ne - 1] === 1) ne--;
  }
  const nullStart = key.nullsFirst ? ps : ne, nullEnd = key.nullsFirst ? ns : pe;
  let startFn: InRange | undefined, endFn: InRange | undefined;
  const read = (i: number): unknown => (v.type.id === 'bool' ? getValue(v, i) : vals[i]);
  return (k, preceding, isStart) => {
    if (m !== null && m[k] === 1) return isStart ? nullStart : nullEnd;
    // in_range is PostgreSQL's, called with sub/less flipped for a descending ORDER BY
    const sub = preceding !== key.desc;
    const less = isStart ? key.desc : !key.desc;
    const inRange = isStart
      ? (startFn ??= makeInRange(v.type, bf.startOffset, key.timeZone))
      : (endFn ??= makeInRange(v.type, bf.endOffset, key.timeZone));
    const base = read(k);
    // start: first position where in_range holds; end: first position where it stops holding
    let lo = ns, hi = ne;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = inRange(read(mid), base, sub, less);
      if (r === isStart) hi = mid; else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * The pieces of frame [s, e) of row k once EXCLUDE applies, in position order, written to `out` as
 * [a0, b0, a1, b1, …]; returns how many pieces.
 */
export function framePieces(
  exclude: WindowFrame['exclude'], layout: Layout, k: number, s: number, e: number, out: Int32Array,
): number {
  if (exclude === 'no_others') { out[0] = s; out[1] = e; return s < e ? 1 : 0; }
  let xs: number, xe: number;
  if (exclude === 'current_row') { xs = k; xe = k + 1; }
  else { const g = layout.groupOf[k]!; xs = layout.groupStart[g]!; xe = layout.groupStart[g + 1]!; }
  let c = 0;
  const push = (a: number, b: number): void => { if (a < b) { out[2 * c] = a; out[2 * c + 1] = b; c++; } };
  push(s, Math.min(e, xs));
  if (exclude === 'ties' && k >= s && k < e) push(k, k + 1);
  push(Math.max(s, xe), e);
  return c;
}
