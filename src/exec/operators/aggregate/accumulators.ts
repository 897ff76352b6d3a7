/**
 * Aggregate accumulators (the contract is in accumulator.ts), declared as data in AGGREGATES (one row per
 * function), and `makeAccumulator`, which wraps a row in ORDER BY (ordered-input.ts) and DISTINCT as the call
 * asks. Statistical aggregates live in statistics.ts, bit_* in bit-ops.ts, ordered-set ones in ordered-set.ts.
 */
import { SqlError } from '../../../common/index.ts';
import { SqlState } from '../../../common/index.ts';
import { Decimal, scaledNumeric } from '../../../common/index.ts';
import type { Interval, SqlType } from '../../../common/index.ts';
import {
  allocValues, arrayOfValues, DEFAULT_TEXT_OPTIONS, getValue, isArrayType, JsonObject, quoteJsonString, renderJson,
  renderJsonb, sqlToJson, sqlToJsonKey, type JsonEntry, type JsonValue, type Vector,
} from '../../../common/index.ts';
import type { AggCall, Expr } from '../../../plan/index.ts';
import { compareFloats, orderClass, valueComparator } from '../../../kernels/index.ts';
import { intervalDiv } from '../../../kernels/index.ts';
import { rowKeys } from '../../../kernels/index.ts';
import { grow, growArray, type Accumulator } from './accumulator.ts';
import { BitAgg, type BitOp } from './bit-ops.ts';
import { OrderedInput, type InputKey } from './ordered-input.ts';
import { decodeValue, encodeValue } from '../../parallel/transfer.ts';
import { OrderedSetAgg, type OrderedSetFn } from './ordered-set.ts';
import { FloatVariance, NumericVariance, Regression, type RegressionFn, type VarianceKind } from './statistics.ts';

export type { Accumulator } from './accumulator.ts';

const ORDERED_SET = new Set(['percentile_cont', 'percentile_disc', 'mode']);
export const isOrderedSet = (call: AggCall): boolean => ORDERED_SET.has(call.fn);

/**
 * The expressions whose values feed `call`'s accumulator, in order: its arguments, then its ORDER BY keys.
 * An ordered-set aggregate is fed its WITHIN GROUP key alone (its `args`, if the binder filled them, repeat it).
 */
export function aggInputs(call: AggCall): Expr[] {
  if (isOrderedSet(call)) {
    const key = call.orderBy?.[0]?.expr ?? call.args[0];
    return key === undefined ? [] : [key];
  }
  return [...call.args, ...(call.orderBy ?? []).map((k) => k.expr)];
}

/** The direct arguments evaluated per row for the accumulator's `direct` (ordered-set aggregates only). */
export const aggDirect = (call: AggCall): readonly Expr[] => (isOrderedSet(call) ? call.direct ?? [] : []);

/** How many leading inputs make a row skipped when NULL (string_agg: only the value, not the delimiter). */
export const strictArgs = (call: AggCall): number =>
  (isOrderedSet(call) ? 1 : call.fn === 'string_agg' ? 1 : NULL_KEEPING.has(call.fn) ? 0 : call.args.length);

/** Aggregates that take NULL inputs in (as NULL elements or JSON nulls). */
const NULL_KEEPING = new Set(['array_agg', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg']);

const SAFE = Number.MAX_SAFE_INTEGER;

/** Exact integer sums and counts per group; `bigint(g)` is group g's sum, `seen[g]` whether it had a row. */
interface ExactSums {
  readonly seen: Uint8Array;
  readonly counts: Float64Array;
  fold(gids: Int32Array, rows: Int32Array, count: number, v: Vector, numGroups: number): void;
  bigint(g: number): bigint;
  /** Groups [0, n) as clonable data, and folding such data in (see Accumulator.partial). */
  partial(n: number): unknown;
  merge(state: unknown, map: Int32Array, numGroups: number): void;
}

/** int2/int4 sums: doubles while they stay within ±2^53, BigInt for the groups that leave that range. */
class IntSums implements ExactSums {
  sums = new Float64Array(16);
  seen = new Uint8Array(16);
  counts = new Float64Array(16);
  big = new Map<number, bigint>();

  fold(gids: Int32Array, rows: Int32Array, count: number, v: Vector, numGroups: number): void {
    this.sums = grow(this.sums, numGroups);
    this.seen = grow(this.seen, numGroups);
    this.counts = grow(this.counts, numGroups);
    const a = v.values as Float64Array, s = this.sums, seen = this.seen, c = this.counts;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const x = a[i]!;
      seen[g] = 1;
      c[g]!++;
      if (this.big.size > 0) {
        const b = this.big.get(g);
        if (b !== undefined) { this.big.set(g, b + BigInt(x)); continue; }
      }
      const r = s[g]! + x;
      if (r > SAFE || r < -SAFE) this.big.set(g, BigInt(s[g]!) + BigInt(x));
      else s[g] = r;
    }
  }

  bigint(g: number): bigint {
    return this.big.get(g) ?? BigInt(this.sums[g]!);
  }

  partial(n: number): IntSumsState {
    return { sums: grow(this.sums, n).slice(0, n), seen: grow(this.seen, n).slice(0, n), counts: grow(this.counts, n).slice(0, n), big: [...this.big] };
  }

  merge(state: unknown, map: Int32Array, numGroups: number): void {
    const p = state as IntSumsState;
    this.sums = grow(this.sums, numGroups);
    this.seen = grow(this.seen, numGroups);
    this.counts = grow(this.counts, numGroups);
    const big = new Map(p.big), s = this.sums;
    for (let j = 0; j < p.seen.length; j++) {
      if (p.seen[j] === 0) continue;
      const g = map[j]!;
      this.seen[g] = 1;
      this.counts[g]! += p.counts[j]!;
      const x = big.get(j) ?? p.sums[j]!;
      const mine = this.big.get(g);
      if (mine !== undefined) { this.big.set(g, mine + BigInt(x)); continue; }
      const r = typeof x === 'bigint' ? NaN : s[g]! + x;
      if (Number.isNaN(r) || r > SAFE || r < -SAFE) this.big.set(g, BigInt(s[g]!) + BigInt(x));
      else s[g] = r;
    }
  }
}

interface IntSumsState { sums: Float64Array; seen: Uint8Array; counts: Float64Array; big: [number, bigint][] }

/** int8 sums: bigints throughout (unbounded, so sum(int8) → numeric is exact past ±2^63). */
class Int8Sums implements ExactSums {
  readonly sums: bigint[] = [];
  seen = new Uint8Array(16);
  counts = new Float64Array(16);

  fold(gids: Int32Array, rows: Int32Array, count: number, v: Vector, numGroups: number): void {
    growArray(this.sums, numGroups, 0n);
    this.seen = grow(this.seen, numGroups);
    this.counts = grow(this.counts, numGroups);
    const a = v.values as BigInt64Array, s = this.sums, seen = this.seen, c = this.counts;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      s[g] = s[g]! + a[i]!;
      seen[g] = 1;
      c[g]!++;
    }
  }

  bigint(g: number): bigint {
    return this.sums[g]!;
  }

  partial(n: number): Int8SumsState {
    growArray(this.sums, n, 0n);
    return { sums: this.sums.slice(0, n), seen: grow(this.seen, n).slice(0, n), counts: grow(this.counts, n).slice(0, n) };
  }

  merge(state: unknown, map: Int32Array, numGroups: number): void {
    const p = state as Int8SumsState;
    growArray(this.sums, numGroups, 0n);
    this.seen = grow(this.seen, numGroups);
    this.counts = grow(this.counts, numGroups);
    for (let j = 0; j < p.seen.length; j++) {
      if (p.seen[j] === 0) continue;
      const g = map[j]!;
      this.sums[g] = this.sums[g]! + p.sums[j]!;
      this.seen[g] = 1;
      this.counts[g]! += p.counts[j]!;
    }
  }
}

interface Int8SumsState { sums: bigint[]; seen: Uint8Array; counts: Float64Array }

const exactSums = (arg: SqlType): ExactSums => (arg.id === 'int8' ? new Int8Sums() : new IntSums());

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** sum(int2/int4) → int8 (bigint), sum(int8) → numeric. */
class SumInt implements Accumulator {
  private readonly s: ExactSums;
  constructor(private readonly type: SqlType, arg: SqlType) { this.s = exactSums(arg); }
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    this.s.fold(gids, rows, count, args[0]!, numGroups);
  }
  partial(numGroups: number): unknown { return this.s.partial(numGroups); }
  merge(state: unknown, map: Int32Array, numGroups: number): void { this.s.merge(state, map, numGroups); }
  finish(numGroups: number): Vector {
    const out = allocValues(this.type, numGroups) as unknown[];
    const nulls = new Uint8Array(numGroups);
    const numeric = this.type.id === 'numeric';
    for (let g = 0; g < numGroups; g++) {
      if (g >= this.s.seen.length || this.s.seen[g] === 0) { nulls[g] = 1; continue; }
      const b = this.s.bigint(g);
      if (numeric) out[g] = Decimal.fromInt(b);
      else {
        if (b > INT64_MAX || b < INT64_MIN) throw new SqlError(SqlState.numericValueOutOfRange, 'bigint out of range');
        out[g] = b;
      }
    }
    return { type: this.type, length: numGroups, values: out as never, nulls };
  }
}

class AvgInt implements Accumulator {
  private readonly s: ExactSums;
  constructor(private readonly type: SqlType, arg: SqlType) { this.s = exactSums(arg); }
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    this.s.fold(gids, rows, count, args[0]!, numGroups);
  }
  partial(numGroups: number): unknown { return this.s.partial(numGroups); }
  merge(state: unknown, map: Int32Array, numGroups: number): void { this.s.merge(state, map, numGroups); }
  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      if (g >= this.s.seen.length || this.s.seen[g] === 0) { nulls[g] = 1; continue; }
      out[g] = Decimal.fromInt(this.s.bigint(g)).div(Decimal.fromInt(this.s.counts[g]!));
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

class SumFloat implements Accumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  constructor(private readonly type: SqlType, private readonly avg: boolean, private readonly single: boolean) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    this.sums = grow(this.sums, numGroups);
    this.counts = grow(this.counts, numGroups);
    const a = args[0]!.values as Float64Array, s = this.sums, c = this.counts;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      s[g] = this.single ? Math.fround(s[g]! + a[i]!) : s[g]! + a[i]!;
      c[g]!++;
    }
  }
  finish(numGroups: number): Vector {
    const out = allocValues(this.type, numGroups) as Float64Array;
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const c = g < this.counts.length ? this.counts[g]! : 0;
      if (c === 0) { nulls[g] = 1; continue; }
      out[g] = this.avg ? this.sums[g]! / c : this.sums[g]!;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * numeric sums: scaled inputs (scaledNumeric) add up as doubles at their scale while the sum stays within
 * ±(2^53 − 1), exactly; a group's double sum is folded into its Decimal sum before it would leave that range,
 * and at the end.
 */
class SumDecimal implements Accumulator {
  private readonly sums: (Decimal | undefined)[] = [];
  private counts = new Float64Array(16);
  /** Per group: the double sum of scaled inputs at `scale`, and whether it has one. */
  private fast = new Float64Array(16);
  private hasFast = new Uint8Array(16);
  private scale = -1;
  constructor(private readonly type: SqlType, private readonly avg: boolean) {}

  private fold(g: number): void {
    if (this.hasFast[g] === 0) return;
    const d = Decimal.of(BigInt(this.fast[g]!), this.scale);
    const s = this.sums[g];
    this.sums[g] = s === undefined ? d : s.add(d);
    this.fast[g] = 0;
    this.hasFast[g] = 0;
  }

  /** The arrays for numGroups groups; for a scaled input, at its scale. */
  private prepare(v: Vector, numGroups: number): void {
    growArray(this.sums, numGroups, undefined);
    this.counts = grow(this.counts, numGroups);
    if (v.type.scaled === undefined) return;
    this.fast = grow(this.fast, numGroups);
    this.hasFast = grow(this.hasFast, numGroups);
    if (v.type.scaled !== this.scale) {
      for (let g = 0; g < this.hasFast.length; g++) this.fold(g);
      this.scale = v.type.scaled;
    }
  }

  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    const v = args[0]!;
    this.prepare(v, numGroups);
    if (v.type.scaled !== undefined) { this.addScaled(v.values as Float64Array, gids, rows, count); return; }
    const a = v.values as Decimal[];
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const s = this.sums[g];
      this.sums[g] = s === undefined ? a[i]! : s.add(a[i]!);
      this.counts[g]!++;
    }
  }

  /** update of every row, which for scaled inputs reads no selection. */
  updateAll(gids: Int32Array, n: number, args: readonly Vector[], numGroups: number): void {
    const v = args[0]!;
    if (v.type.scaled === undefined) {
      const rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = i;
      this.update(gids, rows, n, args, numGroups);
      return;
    }
    this.prepare(v, numGroups);
    this.addScaled(v.values as Float64Array, gids, null, n);
  }

  /** Scaled values `a` of rows `rows[0..count)` (rows 0..count when null) into their groups' double sums. */
  private addScaled(a: Float64Array, gids: Int32Array, rows: Int32Array | null, count: number): void {
    const f = this.fast, has = this.hasFast, c = this.counts;
    for (let k = 0; k < count; k++) {
      const i = rows === null ? k : rows[k]!, g = gids[i]!;
      const t = f[g]! + a[i]!;
      if (t > MAX_SAFE || t < -MAX_SAFE) {
        this.fold(g);
        f[g] = a[i]!;
      } else {
        f[g] = t;
      }
      has[g] = 1;
      c[g]!++;
    }
  }

  partial(n: number): SumDecimalState {
    const decimals: [number, string][] = [];
    for (let g = 0; g < Math.min(n, this.sums.length); g++) {
      const d = this.sums[g];
      if (d !== undefined) decimals.push([g, d.toString()]);
    }
    return {
      scale: this.scale, fast: grow(this.fast, n).slice(0, n), hasFast: grow(this.hasFast, n).slice(0, n),
      counts: grow(this.counts, n).slice(0, n), decimals,
    };
  }

  merge(state: unknown, map: Int32Array, numGroups: number): void {
    const p = state as SumDecimalState;
    growArray(this.sums, numGroups, undefined);
    this.counts = grow(this.counts, numGroups);
    this.fast = grow(this.fast, numGroups);
    this.hasFast = grow(this.hasFast, numGroups);
    if (this.scale < 0) this.scale = p.scale;
    const f = this.fast, has = this.hasFast, c = this.counts, sameScale = p.scale === this.scale;
    for (let j = 0; j < p.counts.length; j++) {
      const g = map[j]!;
      c[g]! += p.counts[j]!;
      if (p.hasFast[j] === 0) continue;
      const x = p.fast[j]!;
      if (!sameScale) { this.addDecimal(g, Decimal.of(BigInt(x), p.scale)); continue; }
      const t = has[g] === 1 ? f[g]! + x : x;
      if (t > MAX_SAFE || t < -MAX_SAFE) { this.fold(g); f[g] = x; } else f[g] = t;
      has[g] = 1;
    }
    for (const [j, text] of p.decimals) this.addDecimal(map[j]!, Decimal.parse(text));
  }

  /**
   * sum's result as a scaled column (scaledNumeric) when every group's sum is a double sum at one scale:
   * consumers that read scaled numerics then get the doubles, the others Decimals made from them as they
   * would have been here (see unscaledBatch). Undefined otherwise, and for avg.
   */
  private scaledSums(numGroups: number): Vector | undefined {
    if (this.avg || this.scale < 0) return undefined;
    const s = this.sums;
    for (let g = 0; g < Math.min(numGroups, s.length); g++) if (s[g] !== undefined) return undefined;
    const values = new Float64Array(numGroups);
    const nulls = new Uint8Array(numGroups);
    const has = grow(this.hasFast, numGroups), f = grow(this.fast, numGroups);
    let anyNull = false;
    for (let g = 0; g < numGroups; g++) {
      if (has[g] === 1) values[g] = f[g]!;
      else { nulls[g] = 1; anyNull = true; }
    }
    return { type: scaledNumeric(this.type.typmod, this.scale), length: numGroups, values, nulls: anyNull ? nulls : null };
  }

  private addDecimal(g: number, d: Decimal): void {
    const s = this.sums[g];
    this.sums[g] = s === undefined ? d : s.add(d);
  }

  finish(numGroups: number, scaled = false): Vector {
    const fast = scaled ? this.scaledSums(numGroups) : undefined;
    if (fast !== undefined) return fast;
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      if (g < this.hasFast.length) this.fold(g);
      const s = this.sums[g];
      if (s === undefined) { nulls[g] = 1; continue; }
      out[g] = this.avg ? s.div(Decimal.fromInt(this.counts[g]!)) : s;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

interface SumDecimalState { scale: number; fast: Float64Array; hasFast: Uint8Array; counts: Float64Array; decimals: [number, string][] }

class SumInterval implements Accumulator {
  private readonly sums: (Interval | undefined)[] = [];
  private counts = new Float64Array(16);
  constructor(private readonly type: SqlType, private readonly avg: boolean) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    growArray(this.sums, numGroups, undefined);
    this.counts = grow(this.counts, numGroups);
    const a = args[0]!.values as Interval[];
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const s = this.sums[g], x = a[i]!;
      this.sums[g] = s === undefined ? x : { months: s.months + x.months, days: s.days + x.days, micros: s.micros + x.micros };
      this.counts[g]!++;
    }
  }
  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const s = this.sums[g];
      if (s === undefined) { nulls[g] = 1; continue; }
      out[g] = this.avg ? intervalDiv(s, this.counts[g]!) : s;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

class Count implements Accumulator {
  private counts = new Float64Array(16);
  constructor(private readonly type: SqlType) {}
  update(gids: Int32Array, rows: Int32Array, count: number, _args: readonly Vector[], numGroups: number): void {
    this.counts = grow(this.counts, numGroups);
    const c = this.counts;
    for (let k = 0; k < count; k++) c[gids[rows[k]!]!]!++;
  }
  updateAll(gids: Int32Array, n: number, _args: readonly Vector[], numGroups: number): void {
    this.counts = grow(this.counts, numGroups);
    const c = this.counts;
    for (let i = 0; i < n; i++) c[gids[i]!]!++;
  }
  partial(n: number): Float64Array {
    return grow(this.counts, n).slice(0, n);
  }
  merge(state: unknown, map: Int32Array, numGroups: number): void {
    const p = state as Float64Array;
    this.counts = grow(this.counts, numGroups);
    const c = this.counts;
    for (let j = 0; j < p.length; j++) c[map[j]!]! += p[j]!;
  }
  finish(numGroups: number): Vector {
    const out = allocValues(this.type, numGroups);
    const m = Math.min(numGroups, this.counts.length);
    if (out instanceof BigInt64Array) for (let g = 0; g < m; g++) out[g] = BigInt(this.counts[g]!); // int8
    else for (let g = 0; g < m; g++) (out as Float64Array)[g] = this.counts[g]!;
    return { type: this.type, length: numGroups, values: out, nulls: null };
  }
}

class MinMax implements Accumulator {
  private readonly best: unknown[] = [];
  private seen = new Uint8Array(16);
  constructor(private readonly type: SqlType, private readonly dir: 1 | -1) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    growArray(this.best, numGroups, undefined);
    this.seen = grow(this.seen, numGroups);
    const v = args[0]!;
    const a = v.values as ArrayLike<unknown>, best = this.best, seen = this.seen, dir = this.dir;
    const cls = orderClass(v.type);
    if (cls === 'int' || cls === 'int8' || cls === 'bool') {
      const x = v.values as Float64Array; // or a BigInt64Array: bigints compare with < and > alike
      for (let k = 0; k < count; k++) {
        const i = rows[k]!, g = gids[i]!;
        if (seen[g] === 0 || (dir > 0 ? x[i]! > (best[g] as number) : x[i]! < (best[g] as number))) { best[g] = x[i]; seen[g] = 1; }
      }
      return;
    }
    const cmp = cls === 'float' ? (compareFloats as (p: unknown, q: unknown) => number) : valueComparator(v.type);
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      if (seen[g] === 0 || cmp(a[i], best[g]) * dir > 0) { best[g] = a[i]; seen[g] = 1; }
    }
  }
  finish(numGroups: number): Vector {
    const out = allocValues(this.type, numGroups) as unknown[];
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      if (g >= this.seen.length || this.seen[g] === 0) nulls[g] = 1;
      else out[g] = this.best[g];
    }
    return { type: this.type, length: numGroups, values: out as never, nulls };
  }
  /** The best values so far as a column (Decimals as text: see parallel/transfer.ts). */
  partial(n: number): unknown {
    const v = this.finish(n);
    const values = Array.from({ length: n }, (_, g) => (v.nulls![g] === 1 ? null : encodeValue((v.values as unknown[])[g])));
    return { values, nulls: v.nulls };
  }
  /** A partial's best values are rows to fold like any input's. */
  merge(state: unknown, map: Int32Array, numGroups: number): void {
    const p = state as { values: unknown[]; nulls: Uint8Array };
    const n = p.values.length;
    const values = allocValues(this.type, n) as unknown[];
    const rows = new Int32Array(n);
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (p.nulls[j] === 1) continue;
      values[j] = decodeValue(p.values[j]);
      rows[count++] = j;
    }
    this.update(map, rows, count, [{ type: this.type, length: n, values: values as never, nulls: p.nulls }], numGroups);
  }
}

/** bool_and / every (isAnd) and bool_or. State: 0 none, 1 true, 2 false. */
class BoolAgg implements Accumulator {
  private state = new Uint8Array(16);
  constructor(private readonly type: SqlType, private readonly isAnd: boolean) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    this.state = grow(this.state, numGroups);
    const a = args[0]!.values as Uint8Array, s = this.state;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const x = a[i] === 1;
      if (s[g] === 0) s[g] = x ? 1 : 2;
      else if (this.isAnd ? !x : x) s[g] = x ? 1 : 2;
    }
  }
  finish(numGroups: number): Vector {
    const out = new Uint8Array(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const s = g < this.state.length ? this.state[g]! : 0;
      if (s === 0) nulls[g] = 1; else out[g] = s === 1 ? 1 : 0;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/** array_agg(x): the group's values (NULLs included) in input order; over arrays, one more dimension. */
class ArrayAgg implements Accumulator {
  private readonly acc: (unknown[] | undefined)[] = [];
  constructor(private readonly type: SqlType, private readonly stack: boolean) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    growArray(this.acc, numGroups, undefined);
    const v = args[0]!;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      (this.acc[g] ??= []).push(getValue(v, i));
    }
  }
  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const items = this.acc[g];
      if (items === undefined) nulls[g] = 1;
      else out[g] = arrayOfValues(items, this.stack);
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/**
 * json_agg / jsonb_agg (values as to_json makes them, NULL as null) and json_object_agg / jsonb_object_agg
 * (key, value pairs; a NULL key is an error). json keeps PostgreSQL's spacing of these functions' text; jsonb
 * is normalised (duplicate keys: the last wins).
 */
class JsonAgg implements Accumulator {
  private readonly acc: (JsonValue[] | JsonEntry[] | undefined)[] = [];
  constructor(private readonly type: SqlType, private readonly object: boolean) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    growArray(this.acc, numGroups, undefined);
    const v = args[0]!, w = args[1];
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      if (!this.object) {
        (this.acc[g] ??= [] as JsonValue[]).push(sqlToJson(getValue(v, i), v.type, DEFAULT_TEXT_OPTIONS));
        continue;
      }
      const key = getValue(v, i);
      if (key === null) throw new SqlError(SqlState.invalidParameterValue, 'field name must not be null');
      const entry: JsonEntry = [sqlToJsonKey(key, v.type, DEFAULT_TEXT_OPTIONS), sqlToJson(getValue(w!, i), w!.type, DEFAULT_TEXT_OPTIONS)];
      (this.acc[g] ??= [] as JsonEntry[]).push(entry as never);
    }
  }
  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    const jsonb = this.type.id === 'jsonb';
    for (let g = 0; g < numGroups; g++) {
      const items = this.acc[g];
      if (items === undefined) { nulls[g] = 1; continue; }
      if (!this.object) {
        out[g] = jsonb ? renderJsonb(items as JsonValue[]) : `[${(items as JsonValue[]).map(renderJson).join(', ')}]`;
      } else {
        const entries = items as JsonEntry[];
        out[g] = jsonb ? renderJsonb(new JsonObject(entries))
          : `{ ${entries.map(([k, x]) => `${quoteJsonString(k)} : ${renderJson(x)}`).join(', ')} }`;
      }
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/** string_agg(value, delimiter): the delimiter of each row but the group's first precedes its value. */
class StringAgg implements Accumulator {
  private readonly acc: (string | undefined)[] = [];
  constructor(private readonly type: SqlType) {}
  update(gids: Int32Array, rows: Int32Array, count: number, args: readonly Vector[], numGroups: number): void {
    growArray(this.acc, numGroups, undefined);
    const a = args[0]!.values as string[], d = args[1]!;
    const dv = d.values as string[], dm = d.nulls;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!, g = gids[i]!;
      const s = this.acc[g];
      if (s === undefined) this.acc[g] = a[i]!;
      else this.acc[g] = dm !== null && dm[i] === 1 ? s + a[i]! : s + dv[i]! + a[i]!;
    }
  }
  finish(numGroups: number): Vector {
    const out = new Array<unknown>(numGroups);
    const nulls = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const s = this.acc[g];
      if (s === undefined) nulls[g] = 1; else out[g] = s;
    }
    return { type: this.type, length: numGroups, values: out, nulls };
  }
}

/** DISTINCT: each (group, argument values) once; ORDER BY keys ride along (they are among the arguments). */
class Distinct implements Accumulator {
  private readonly seen = new Set<string>();
  constructor(private readonly inner: Accumulator, private readonly nArgs: number) {}
  update(gids: Int32Array, rows: Int32Array, count: number, inputs: readonly Vector[], numGroups: number): void {
    const keys = rowKeys(inputs.slice(0, this.nArgs), gids.length, true);
    const keep = new Int32Array(count);
    let c = 0;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!;
      const key = keys[i];
      const s = `${gids[i]}\u0001${typeof key === 'number' ? `n${key}` : `s${key}`}`;
      if (!this.seen.has(s)) { this.seen.add(s); keep[c++] = i; }
    }
    if (c > 0) this.inner.update(gids, keep, c, inputs, numGroups);
  }
  finish(numGroups: number): Vector {
    return this.inner.finish(numGroups);
  }
}

const isIntId = (id: string): boolean => id === 'int2' || id === 'int4' || id === 'int8';
const isFloatId = (id: string): boolean => id === 'float4' || id === 'float8';

type Factory = (call: AggCall, argTypes: readonly SqlType[]) => Accumulator | undefined;

function sumOrAvg(avg: boolean): Factory {
  return (call, [t]) => {
    if (t === undefined) return undefined;
    if (isIntId(t.id)) return avg ? new AvgInt(call.type, t) : new SumInt(call.type, t);
    if (isFloatId(t.id)) return new SumFloat(call.type, avg, !avg && call.type.id === 'float4');
    if (t.id === 'numeric') return new SumDecimal(call.type, avg);
    if (t.id === 'interval') return new SumInterval(call.type, avg);
    return undefined;
  };
}

function variance(kind: VarianceKind): Factory {
  return (call, [t]) => {
    if (t === undefined) return undefined;
    if (isFloatId(t.id)) return new FloatVariance(call.type, kind);
    if (isIntId(t.id) || t.id === 'numeric') return new NumericVariance(call.type, kind, t);
    return undefined;
  };
}

const bitOp = (op: BitOp): Factory => (call, [t]) => (t !== undefined && isIntId(t.id) ? new BitAgg(call.type, op) : undefined);
const regression = (fn: RegressionFn): Factory => (call, types) =>
  (types.length === 2 && types.every((t) => isFloatId(t.id)) ? new Regression(call.type, fn) : undefined);
const orderedSet = (fn: OrderedSetFn): Factory => (call) => {
  const key = call.orderBy?.[0];
  return new OrderedSetAgg(call.type, fn, key?.desc ?? false, key?.nullsFirst ?? false);
};

/** The aggregate functions, one row each. */
export const AGGREGATES: Readonly<Record<string, Factory>> = {
  count_star: (call) => new Count(call.type),
  count: (call) => new Count(call.type),
  sum: sumOrAvg(false),
  avg: sumOrAvg(true),
  min: (call) => new MinMax(call.type, -1),
  max: (call) => new MinMax(call.type, 1),
  bool_and: (call) => new BoolAgg(call.type, true),
  every: (call) => new BoolAgg(call.type, true),
  bool_or: (call) => new BoolAgg(call.type, false),
  json_agg: (call) => new JsonAgg(call.type, false),
  jsonb_agg: (call) => new JsonAgg(call.type, false),
  json_object_agg: (call) => new JsonAgg(call.type, true),
  jsonb_object_agg: (call) => new JsonAgg(call.type, true),
  array_agg: (call, [t]) => (t === undefined ? undefined : new ArrayAgg(call.type, isArrayType(t))),
  string_agg: (call, [t]) => (t !== undefined && orderClass(t) !== 'bytea' ? new StringAgg(call.type) : undefined),
  bit_and: bitOp('bit_and'),
  bit_or: bitOp('bit_or'),
  bit_xor: bitOp('bit_xor'),
  stddev: variance('stddev_samp'),
  stddev_samp: variance('stddev_samp'),
  stddev_pop: variance('stddev_pop'),
  variance: variance('var_samp'),
  var_samp: variance('var_samp'),
  var_pop: variance('var_pop'),
  corr: regression('corr'),
  covar_pop: regression('covar_pop'),
  covar_samp: regression('covar_samp'),
  regr_slope: regression('regr_slope'),
  regr_intercept: regression('regr_intercept'),
  regr_r2: regression('regr_r2'),
  regr_count: regression('regr_count'),
  regr_avgx: regression('regr_avgx'),
  regr_avgy: regression('regr_avgy'),
  regr_sxx: regression('regr_sxx'),
  regr_syy: regression('regr_syy'),
  regr_sxy: regression('regr_sxy'),
  percentile_cont: orderedSet('percentile_cont'),
  percentile_disc: orderedSet('percentile_disc'),
  mode: orderedSet('mode'),
};

/** Aggregates whose result cannot depend on the order rows arrive in (ORDER BY is then skipped). */
const ORDER_FREE = new Set(['count_star', 'count', 'min', 'max', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor']);
/** …nor on duplicates (DISTINCT is then skipped). */
const DUPLICATE_FREE = new Set(['count_star', 'min', 'max', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or']);

/** Does the result depend on input order? Float sums round differently in another order; string_agg concatenates. */
function orderSensitive(call: AggCall, argTypes: readonly SqlType[]): boolean {
  if (ORDER_FREE.has(call.fn)) return false;
  if (call.fn === 'string_agg' || NULL_KEEPING.has(call.fn)) return true;
  return argTypes.some((t) => isFloatId(t.id));
}

/**
 * An accumulator for `call`, or 0A000 when the function is not supported. With ORDER BY, rows are sorted by
 * the keys before folding; with DISTINCT on an order-sensitive aggregate and no ORDER BY, by the arguments,
 * as PostgreSQL's sort-based DISTINCT feeds them (string_agg(DISTINCT x, ',') is in x order).
 */
export function makeAccumulator(call: AggCall): Accumulator {
  const argTypes = call.args.map((a) => a.type);
  const f = AGGREGATES[call.fn];
  let acc = f === undefined ? undefined : f(call, argTypes);
  if (acc === undefined) {
    throw new SqlError(SqlState.featureNotSupported,
      `aggregate function ${call.fn}(${argTypes.map((t) => t.id).join(', ')}) is not supported`);
  }
  if (isOrderedSet(call)) return acc;
  const nArgs = call.args.length;
  if (orderSensitive(call, argTypes)) {
    const byArgs: InputKey[] = argTypes.map((_, index) => ({ index, desc: false, nullsFirst: false }));
    const byOrder: InputKey[] = (call.orderBy ?? []).map((k, j) => ({ index: nArgs + j, desc: k.desc, nullsFirst: k.nullsFirst }));
    const keys = call.distinct ? [...byOrder, ...byArgs] : byOrder;
    if (keys.length > 0) acc = new OrderedInput(acc, nArgs, keys);
  }
  return call.distinct && !DUPLICATE_FREE.has(call.fn) ? new Distinct(acc, nArgs) : acc;
}
