/**
 * generate_series(start, stop [, step]) over int4, int8 and numeric, and over timestamp / timestamptz with an
 * interval step. Rows are produced lazily, so a series of any length streams.
 */
import { Decimal, SqlError, SqlState, sqlType, T, vector, type Interval, type SqlType, type TypeId, type Vector } from '../../common/index.ts';
import { timestampPlusInterval, timestamptzPlusInterval } from '../../kernels/index.ts';
import type { EvalContext, SetReturningFunction, SetReturningOverload } from '../../plan/index.ts';

const zeroStep = (): SqlError => new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');

function* ints(args: readonly unknown[]): Generator<readonly unknown[]> {
  const [start, stop, step = 1] = args as number[];
  if (step === 0) throw zeroStep();
  for (let x = start!; step > 0 ? x <= stop! : x >= stop!; x += step) yield [x];
}

/** ints() as int4 vectors of at most `size` values. */
function* intBatches(args: readonly unknown[], _types: readonly SqlType[], _ctx: EvalContext, size: number): Generator<readonly Vector[]> {
  const [start, stop, step = 1] = args as number[];
  if (step === 0) throw zeroStep();
  let x = start!;
  while (step > 0 ? x <= stop! : x >= stop!) {
    const n = Math.min(size, Math.floor((stop! - x) / step) + 1);
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++, x += step) a[i] = x;
    yield [vector(T.int4, a, null)];
  }
}

/** bigints() as int8 vectors of at most `size` values. */
function* bigintBatches(args: readonly unknown[], _types: readonly SqlType[], _ctx: EvalContext, size: number): Generator<readonly Vector[]> {
  const [start, stop, step = 1n] = args as bigint[];
  if (step === 0n) throw zeroStep();
  let x = start!;
  while (step > 0n ? x <= stop! : x >= stop!) {
    const left = (stop! - x) / step + 1n;
    const n = left < BigInt(size) ? Number(left) : size;
    const a = new BigInt64Array(n);
    for (let i = 0; i < n; i++, x += step) a[i] = x;
    yield [vector(T.int8, a, null)];
  }
}

function* bigints(args: readonly unknown[]): Generator<readonly unknown[]> {
  const [start, stop, step = 1n] = args as bigint[];
  if (step === 0n) throw zeroStep();
  for (let x = start!; step > 0n ? x <= stop! : x >= stop!; x += step) yield [x];
}

function* numerics(args: readonly unknown[]): Generator<readonly unknown[]> {
  const [start, stop, step = Decimal.ONE] = args as Decimal[];
  if (start!.isNaN() || stop!.isNaN() || step.isNaN()) {
    throw new SqlError(SqlState.invalidParameterValue, `${start!.isNaN() ? 'start' : stop!.isNaN() ? 'stop' : 'step size'} value cannot be NaN`);
  }
  if (step.isZero()) throw zeroStep();
  const up = step.sign() > 0;
  for (let x = start!; up ? x.cmp(stop!) <= 0 : x.cmp(stop!) >= 0; x = x.add(step)) yield [x];
}

function* timestamps(args: readonly unknown[], tz: boolean, ctx: EvalContext): Generator<readonly unknown[]> {
  const [start, stop, step] = args as [number, number, Interval];
  const micros = step.months * 30 * 86_400_000_000 + step.days * 86_400_000_000 + step.micros;
  if (micros === 0) throw zeroStep();
  const plus = tz ? (t: number) => timestamptzPlusInterval(t, step, ctx.timeZone) : (t: number) => timestampPlusInterval(t, step);
  for (let x = start; micros > 0 ? x <= stop : x >= stop; x = plus(x)) yield [x];
}

const single = (t: SqlType) => () => [{ name: 'generate_series', type: t }];

function overload(args: TypeId[], type: SqlType, rows: SetReturningOverload['rows'], batches?: SetReturningOverload['batches']): SetReturningOverload {
  return { args, columns: single(type), rows, ...(batches === undefined ? {} : { batches }) };
}

export const GENERATE_SERIES: SetReturningFunction = {
  name: 'generate_series',
  overloads: [
    overload(['int4', 'int4'], T.int4, ints, intBatches), overload(['int4', 'int4', 'int4'], T.int4, ints, intBatches),
    overload(['int8', 'int8'], T.int8, bigints, bigintBatches), overload(['int8', 'int8', 'int8'], T.int8, bigints, bigintBatches),
    overload(['numeric', 'numeric'], T.numeric, numerics), overload(['numeric', 'numeric', 'numeric'], T.numeric, numerics),
    overload(['timestamp', 'timestamp', 'interval'], sqlType('timestamp'), (a, _t, ctx) => timestamps(a, false, ctx)),
    overload(['timestamptz', 'timestamptz', 'interval'], T.timestamptz, (a, _t, ctx) => timestamps(a, true, ctx)),
  ],
};
