/**
 * Aggregates over a window frame. A FrameAgg folds rows in (`add`) and, when it has an exact inverse, out
 * again (`remove`, which answers false when it cannot, and the caller restarts), as PostgreSQL's moving
 * aggregates do. Those without an inverse — float sums (rounding depends on the order), min/max,
 * string_agg — are recomputed from the frame's start when the start moves. Results have the aggregate
 * operator's types and values: sum(int2/int4) → int8, sum(int8) → numeric, avg(int) → numeric with
 * numeric_div's scale, count → int8. Values are physical (as stored in a column), NULL is null.
 */
import {
  arrayOfValues, Decimal, getValue, isArrayType, SqlError, SqlState, type Interval, type SqlType, type Vector,
} from '../../../common/index.ts';
import { compareFloats, intervalDiv, orderClass, valueComparator } from '../../../kernels/index.ts';
import { unsupported } from './errors.ts';
import type { AggCall, Expr } from '../../../plan/index.ts';
import type { Accumulator } from '../aggregate/accumulator.ts';
import { makeAccumulator } from '../aggregate/accumulators.ts';

export interface FrameAgg {
  reset(): void;
  /** Fold in row i (sorted position) of the argument vectors. */
  add(i: number): void;
  /** Fold out row i, which was added; false when the state cannot undo it (restart instead). */
  remove?(i: number): boolean;
  result(): unknown;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

class CountAgg implements FrameAgg {
  private n = 0;
  reset(): void { this.n = 0; }
  add(): void { this.n++; }
  remove(): boolean { this.n--; return true; }
  result(): unknown { return BigInt(this.n); }
}

/** sum/avg of int2/int4/int8: exact (doubles while within ±2^53, then bigints). */
class IntSumAgg implements FrameAgg {
  private sum = 0;
  private big: bigint | null = null;
  private n = 0;
  constructor(private readonly v: Vector, private readonly out: SqlType, private readonly avg: boolean) {}
  reset(): void { this.sum = 0; this.big = null; this.n = 0; }
  private fold(x: number | bigint, sign: 1 | -1): void {
    this.n += sign;
    if (this.big === null && typeof x === 'number') {
      const r = this.sum + sign * x;
      if (r <= SAFE && r >= -SAFE) { this.sum = r; return; }
    }
    this.big ??= BigInt(this.sum);
    this.big += sign === 1 ? BigInt(x) : -BigInt(x);
  }
  add(i: number): void { this.fold((this.v.values as Float64Array | BigInt64Array)[i]!, 1); }
  remove(i: number): boolean { this.fold((this.v.values as Float64Array | BigInt64Array)[i]!, -1); return true; }
  result(): unknown {
    if (this.n === 0) return null;
    const b = this.big ?? BigInt(this.sum);
    if (this.avg) return Decimal.fromInt(b).div(Decimal.fromInt(this.n));
    if (this.out.id === 'numeric') return Decimal.fromInt(b);
    if (b > INT64_MAX || b < INT64_MIN) throw new SqlError(SqlState.numericValueOutOfRange, 'bigint out of range');
    return b;
  }
}

/** float sums have no inverse in PostgreSQL: the frame is re-added in order, so rounding matches its. */
class FloatSumAgg implements FrameAgg {
  private sum = 0;
  private n = 0;
  constructor(private readonly v: Vector, private readonly avg: boolean, private readonly single: boolean) {}
  reset(): void { this.sum = 0; this.n = 0; }
  add(i: number): void {
    const x = (this.v.values as Float64Array)[i]!;
    this.sum = this.single ? Math.fround(this.sum + x) : this.sum + x;
    this.n++;
  }
  result(): unknown { return this.n === 0 ? null : this.avg ? this.sum / this.n : this.sum; }
}

/**
 * numeric sum/avg (numeric_accum and its inverse): NaN and infinities counted apart; the sum's display scale
 * is the largest among the frame's values, so removing the only value of that scale forces a restart.
 */
class DecimalSumAgg implements FrameAgg {
  private sum = Decimal.ZERO;
  private n = 0; private nan = 0; private pinf = 0; private ninf = 0;
  private maxScale = 0; private maxScaleCount = 0;
  constructor(private readonly v: Vector, private readonly avg: boolean) {}
  reset(): void { this.sum = Decimal.ZERO; this.n = this.nan = this.pinf = this.ninf = this.maxScale = this.maxScaleCount = 0; }
  add(i: number): void {
    const x = (this.v.values as Decimal[])[i]!;
    this.n++;
    if (x.isNaN()) { this.nan++; return; }
    if (x.isInfinite()) { if (x.sign() > 0) this.pinf++; else this.ninf++; return; }
    if (x.scale > this.maxScale) { this.maxScale = x.scale; this.maxScaleCount = 1; }
    else if (x.scale === this.maxScale) this.maxScaleCount++;
    this.sum = this.n - this.nan - this.pinf - this.ninf === 1 ? x : this.sum.add(x);
  }
  remove(i: number): boolean {
    const x = (this.v.values as Decimal[])[i]!;
    if (x.isFinite() && x.scale === this.maxScale) {
      if (this.maxScaleCount > 1 || this.maxScale === 0) this.maxScaleCount--;
      else return false;
    }
    this.n--;
    if (x.isNaN()) this.nan--;
    else if (x.isInfinite()) { if (x.sign() > 0) this.pinf--; else this.ninf--; }
    else this.sum = this.sum.sub(x);
    return true;
  }
  result(): unknown {
    if (this.n === 0) return null;
    if (this.nan > 0 || (this.pinf > 0 && this.ninf > 0)) return Decimal.NaN;
    if (this.pinf > 0) return Decimal.POSITIVE_INFINITY;
    if (this.ninf > 0) return Decimal.NEGATIVE_INFINITY;
    const s = this.sum.scale < this.maxScale ? this.sum.round(this.maxScale) : this.sum;
    return this.avg ? s.div(Decimal.fromInt(this.n)) : s;
  }
}

class IntervalSumAgg implements FrameAgg {
  private months = 0; private days = 0; private micros = 0; private n = 0;
  constructor(private readonly v: Vector, private readonly avg: boolean) {}
  reset(): void { this.months = this.days = this.micros = this.n = 0; }
  private fold(x: Interval, sign: number): void {
    this.months += sign * x.months; this.days += sign * x.days; this.micros += sign * x.micros; this.n += sign;
  }
  add(i: number): void { this.fold((this.v.values as Interval[])[i]!, 1); }
  remove(i: number): boolean { this.fold((this.v.values as Interval[])[i]!, -1); return true; }
  result(): unknown {
    if (this.n === 0) return null;
    const s: Interval = { months: this.months, days: this.days, micros: this.micros };
    return this.avg ? intervalDiv(s, this.n) : s;
  }
}

class MinMaxAgg implements FrameAgg {
  private best: unknown = undefined;
  private seen = false;
  private readonly cmp: (a: unknown, b: unknown) => number;
  constructor(private readonly v: Vector, private readonly dir: 1 | -1) {
    const cls = orderClass(v.type);
    this.cmp = cls === 'float' ? compareFloats as (a: unknown, b: unknown) => number : valueComparator(v.type);
  }
  reset(): void { this.seen = false; this.best = undefined; }
  add(i: number): void {
    const x = (this.v.values as ArrayLike<unknown>)[i];
    if (!this.seen || this.cmp(x, this.best) * this.dir > 0) { this.best = x; this.seen = true; }
  }
  result(): unknown { return this.seen ? this.best : null; }
}

/** bool_and / bool_or (bool_accum and its inverse): counts of TRUE and FALSE inputs. */
class BoolAgg implements FrameAgg {
  private t = 0; private f = 0;
  constructor(private readonly v: Vector, private readonly isAnd: boolean) {}
  reset(): void { this.t = this.f = 0; }
  add(i: number): void { if ((this.v.values as Uint8Array)[i] === 1) this.t++; else this.f++; }
  remove(i: number): boolean { if ((this.v.values as Uint8Array)[i] === 1) this.t--; else this.f--; return true; }
  result(): unknown {
    if (this.t + this.f === 0) return null;
    return (this.isAnd ? this.f === 0 : this.t > 0) ? 1 : 0;
  }
}

/** string_agg(value, delimiter): each row's delimiter but the first row's precedes its value. */
class StringAggAgg implements FrameAgg {
  private acc: string | null = null;
  constructor(private readonly v: Vector, private readonly d: Vector) {}
  reset(): void { this.acc = null; }
  add(i: number): void {
    const x = (this.v.values as string[])[i]!;
    if (this.acc === null) { this.acc = x; return; }
    const dm = this.d.nulls;
    this.acc = dm !== null && dm[i] === 1 ? this.acc + x : this.acc + (this.d.values as string[])[i]! + x;
  }
  result(): unknown { return this.acc; }
}

/** array_agg over the frame (NULLs included); over arrays, one more dimension. */
class ArrayAggAgg implements FrameAgg {
  private items: unknown[] = [];
  constructor(private readonly v: Vector) {}
  reset(): void { this.items = []; }
  add(i: number): void { this.items.push(getValue(this.v, i)); }
  result(): unknown {
    return this.items.length === 0 ? null : arrayOfValues(this.items, isArrayType(this.v.type));
  }
}

/**
 * bit_and / bit_or / bit_xor over int2/int4/int8, in the argument's type (int8 values are bigints). XOR is
 * its own inverse; AND and OR are recomputed when the frame's start moves.
 */
class BitAgg implements FrameAgg {
  private acc: number | bigint | null = null;
  private n = 0;
  constructor(private readonly v: Vector, private readonly op: 'and' | 'or' | 'xor') {}
  reset(): void { this.acc = null; this.n = 0; }
  add(i: number): void {
    const x = (this.v.values as Int32Array | BigInt64Array)[i]!;
    this.n++;
    if (this.acc === null) { this.acc = x; return; }
    if (typeof x === 'bigint') {
      const a = this.acc as bigint;
      this.acc = this.op === 'and' ? a & x : this.op === 'or' ? a | x : a ^ x;
    } else {
      const a = this.acc as number;
      this.acc = this.op === 'and' ? a & x : this.op === 'or' ? a | x : a ^ x;
    }
  }
  /** Only XOR can take a row back out; AND/OR answer false and the frame is recomputed. */
  remove(i: number): boolean {
    if (this.op !== 'xor' || this.acc === null) return false;
    const x = (this.v.values as Int32Array | BigInt64Array)[i]!;
    this.acc = typeof x === 'bigint' ? (this.acc as bigint) ^ x : (this.acc as number) ^ x;
    if (--this.n === 0) this.acc = null;
    return true;
  }
  result(): unknown { return this.acc; }
}

const isInt = (t: SqlType): boolean => t.id === 'int2' || t.id === 'int4' || t.id === 'int8';

function sumOrAvg(args: readonly Vector[], out: SqlType, avg: boolean): FrameAgg | undefined {
  const v = args[0];
  if (v === undefined) return undefined;
  const t = v.type;
  if (isInt(t)) return new IntSumAgg(v, out, avg);
  if (t.id === 'float4' || t.id === 'float8') return new FloatSumAgg(v, avg, !avg && out.id === 'float4');
  if (t.id === 'numeric') return new DecimalSumAgg(v, avg);
  if (t.id === 'interval') return new IntervalSumAgg(v, avg);
  return undefined;
}

/** The aggregates a window can compute over its frame, one row each. */
const FRAME_AGGREGATES: Readonly<Record<string, (args: readonly Vector[], out: SqlType) => FrameAgg | undefined>> = {
  count_star: () => new CountAgg(),
  count: () => new CountAgg(),
  sum: (args, out) => sumOrAvg(args, out, false),
  avg: (args, out) => sumOrAvg(args, out, true),
  min: (args) => (args[0] === undefined ? undefined : new MinMaxAgg(args[0], -1)),
  max: (args) => (args[0] === undefined ? undefined : new MinMaxAgg(args[0], 1)),
  bool_and: (args) => (args[0] === undefined ? undefined : new BoolAgg(args[0], true)),
  every: (args) => (args[0] === undefined ? undefined : new BoolAgg(args[0], true)),
  bool_or: (args) => (args[0] === undefined ? undefined : new BoolAgg(args[0], false)),
  bit_and: (args) => (args[0] !== undefined && isInt(args[0].type) ? new BitAgg(args[0], 'and') : undefined),
  bit_or: (args) => (args[0] !== undefined && isInt(args[0].type) ? new BitAgg(args[0], 'or') : undefined),
  bit_xor: (args) => (args[0] !== undefined && isInt(args[0].type) ? new BitAgg(args[0], 'xor') : undefined),
  array_agg: (args) => (args[0] === undefined ? undefined : new ArrayAggAgg(args[0])),
  string_agg: (args) => (args[0] !== undefined && args[1] !== undefined && orderClass(args[0].type) !== 'bytea'
    ? new StringAggAgg(args[0], args[1]) : undefined),
};

/**
 * The statistical aggregates (stddev/variance families, corr, covar_*, regr_*) over a frame: the grouped
 * accumulator, fed one row at a time and read after each; recomputed from the frame start when it moves.
 */
const VIA_ACCUMULATOR = new Set(['stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop', 'corr',
  'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx', 'regr_avgy',
  'regr_sxx', 'regr_syy', 'regr_sxy']);

class AccumulatorAgg implements FrameAgg {
  private acc: Accumulator;
  private readonly gids: Int32Array;
  private readonly row = new Int32Array(1);
  constructor(private readonly make: () => Accumulator, private readonly args: readonly Vector[]) {
    this.acc = make();
    this.gids = new Int32Array(args[0]?.length ?? 0);
  }
  reset(): void { this.acc = this.make(); }
  add(i: number): void {
    this.row[0] = i;
    this.acc.update(this.gids, this.row, 1, this.args, 1);
  }
  result(): unknown {
    const v = this.acc.finish(1);
    return v.nulls !== null && v.nulls[0] === 1 ? null : v.values[0];
  }
}

export const isFrameAggregate = (fn: string): boolean => Object.hasOwn(FRAME_AGGREGATES, fn) || VIA_ACCUMULATOR.has(fn);

/** Which arguments make a row skipped when NULL (string_agg: only the value, not the delimiter). */
export const strictArgCount = (fn: string, nargs: number): number => (fn === 'string_agg' ? 1 : fn === 'array_agg' ? 0 : nargs);

/** A frame aggregate over argument vectors (sorted positions), or 0A000 when not supported. */
export function makeFrameAgg(fn: string, args: readonly Vector[], out: SqlType): FrameAgg {
  if (VIA_ACCUMULATOR.has(fn)) {
    const call: AggCall = {
      fn, distinct: false, filter: null, type: out,
      args: args.map((a, i): Expr => ({ kind: 'column', index: i, type: a.type, name: `arg${i}` })),
    };
    return new AccumulatorAgg(() => makeAccumulator(call), args);
  }
  const f = FRAME_AGGREGATES[fn];
  const agg = f === undefined ? undefined : f(args, out);
  if (agg === undefined) {
    throw unsupported(`aggregate function ${fn}(${args.map((a) => a.type.id).join(', ')}) is not supported as a window function`);
  }
  return agg;
}
