/**
 * The ordered-set aggregates `percentile_cont(f)`, `percentile_disc(f)` and `mode()` WITHIN GROUP (ORDER BY x):
 * each group's non-NULL x are buffered, sorted once by (group, x in the WITHIN GROUP direction), and read by
 * position as orderedsetaggs.c does. The fraction f is a direct argument, taken per group from its first row.
 */
import { allocValues, concat, SqlError, SqlState, take, type Interval, type SqlType, type Vector } from '../../../common/index.ts';
import { intervalMul, sortPermutation, valueComparator } from '../../../kernels/index.ts';
import { growArray, type Accumulator } from './accumulator.ts';

export type OrderedSetFn = 'percentile_cont' | 'percentile_disc' | 'mode';

const INT4 = { id: 'int4', typmod: -1 } as const;

export class OrderedSetAgg implements Accumulator {
  private readonly chunks: { gids: Int32Array; value: Vector }[] = [];
  /** Per group: the fraction, null when NULL, undefined before the group's first row. */
  private readonly fraction: (number | null | undefined)[] = [];

  constructor(private readonly type: SqlType, private readonly fn: OrderedSetFn,
    private readonly desc: boolean, private readonly nullsFirst: boolean) {}

  direct(gids: Int32Array, n: number, direct: readonly Vector[], numGroups: number): void {
    const v = direct[0];
    if (v === undefined) return;
    growArray(this.fraction, numGroups, undefined);
    const a = v.values as Float64Array, m = v.nulls;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      if (this.fraction[g] === undefined) this.fraction[g] = m !== null && m[i] === 1 ? null : a[i]!;
    }
  }

  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], _numGroups: number): void {
    const idx = rows.slice(0, count);
    this.chunks.push({ gids: Int32Array.from(idx, (i) => gids[i]!), value: take(inputs[0]!, idx) });
  }

  finish(numGroups: number): Vector {
    const n = this.chunks.reduce((s, c) => s + c.gids.length, 0);
    const gids = new Int32Array(n);
    let off = 0;
    for (const c of this.chunks) { gids.set(c.gids, off); off += c.gids.length; }
    const value = concat(this.chunks[0]?.value.type ?? this.type, this.chunks.map((c) => c.value));
    this.chunks.length = 0;
    const perm = sortPermutation([
      { vector: { type: INT4, length: n, values: gids, nulls: null }, desc: false, nullsFirst: false },
      { vector: value, desc: this.desc, nullsFirst: this.nullsFirst },
    ], n, () => {});
    // group g's rows are perm[start[g] .. start[g] + count[g]) in sorted order
    const start = new Int32Array(numGroups), count = new Int32Array(numGroups);
    for (let r = n - 1; r >= 0; r--) { const g = gids[perm[r]!]!; start[g] = r; count[g]!++; }

    const out = allocValues(this.type, numGroups) as unknown[];
    const nulls = new Uint8Array(numGroups);
    const vals = value.values as ArrayLike<unknown>;
    const at = (g: number, r: number): unknown => vals[perm[start[g]! + r]!];
    for (let g = 0; g < numGroups; g++) {
      let f = 0;
      if (this.fn !== 'mode') {
        const d = this.fraction[g];
        if (d === null || d === undefined) { nulls[g] = 1; continue; }
        if (!(d >= 0 && d <= 1)) {
          throw new SqlError(SqlState.numericValueOutOfRange, `percentile value ${formatG(d)} is not between 0 and 1`);
        }
        f = d;
      }
      const c = count[g]!;
      if (c === 0) { nulls[g] = 1; continue; }
      if (this.fn === 'percentile_disc') {
        const rownum = Math.ceil(f * c);
        out[g] = at(g, rownum > 1 ? rownum - 1 : 0);
      } else if (this.fn === 'percentile_cont') {
        const first = Math.floor(f * (c - 1)), second = Math.ceil(f * (c - 1));
        const lo = at(g, first);
        out[g] = first === second ? lo : lerp(lo, at(g, second), f * (c - 1) - first);
      } else {
        out[g] = modeOf(c, (r) => at(g, r), valueComparator(value.type));
      }
    }
    return { type: this.type, length: numGroups, values: out as never, nulls };
  }
}

/** float8_lerp / interval_lerp: lo + pct·(hi − lo), with interval_mi, interval_mul and interval_pl. */
function lerp(lo: unknown, hi: unknown, pct: number): unknown {
  if (typeof lo === 'number') return lo + pct * ((hi as number) - lo);
  const a = lo as Interval, b = hi as Interval;
  const m = intervalMul({ months: b.months - a.months, days: b.days - a.days, micros: b.micros - a.micros }, pct);
  return { months: m.months + a.months, days: m.days + a.days, micros: m.micros + a.micros };
}

/** The most frequent of `c` sorted values; among equally frequent ones, the first in sort order. */
function modeOf(c: number, at: (r: number) => unknown, cmp: (a: unknown, b: unknown) => number): unknown {
  let mode = at(0), modeFreq = 0, last = mode, lastFreq = 0;
  for (let r = 0; r < c; r++) {
    const v = at(r);
    if (lastFreq > 0 && cmp(v, last) === 0) { lastFreq++; continue; }
    if (lastFreq > modeFreq) { mode = last; modeFreq = lastFreq; }
    last = v;
    lastFreq = 1;
  }
  return lastFreq > modeFreq ? last : mode;
}

/** C's %g (6 significant digits) as PostgreSQL's snprintf prints it, NaN and Infinity included. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, e] = x.toExponential(5).split('e') as [string, string];
  const exp = Number(e);
  const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${trim(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(x.toFixed(5 - exp));
}
