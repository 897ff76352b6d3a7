/**
 * Set-returning functions in FROM. generate_series(start, stop [, step]) over int4, int8, numeric,
 * timestamp and timestamptz (with an interval step), streamed in batches so a series of any length never
 * sits in memory. Arguments are evaluated once, before the first row.
 */
import {
  allocValues, Decimal, SqlError, SqlState, T, type Batch, type Interval, type SqlType, type Vector,
} from '../../common/index.ts';
import { timestampPlusInterval, timestamptzPlusInterval } from '../../kernels/index.ts';
import type { TableFunctionNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { evalExprs } from '../eval/subquery.ts';

export async function* tableFunctionExec(node: TableFunctionNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const one: Batch = { columns: [], length: 1 };
  const args = (await evalExprs(node.args, one, ctx)).map(valueAt0);
  if (node.name !== 'generate_series') {
    throw new SqlError(SqlState.featureNotSupported, `function ${node.name} in FROM is not supported`);
  }
  if (args.some((a) => a === null)) return; // any NULL argument: no rows (the function is strict)
  const type = node.schema[0]!.type;
  const series = seriesOf(type, args, ctx);
  const size = Math.max(1, ctx.batchSize);
  let ordinal = 0n;
  for (;;) {
    const values = allocValues(type, size);
    let n = 0;
    for (; n < size; n++) {
      const next = series.next();
      if (next.done) break;
      (values as unknown[])[n] = next.value;
    }
    if (n === 0) return;
    ctx.checkCancel();
    const cols: Vector[] = [{ type, length: n, values: n === size ? values : sliceValues(values, n), nulls: null }];
    if (node.ordinality) {
      const ord = new BigInt64Array(n);
      for (let i = 0; i < n; i++) ord[i] = ++ordinal;
      cols.push({ type: T.int8, length: n, values: ord, nulls: null });
    }
    yield { columns: cols, length: n };
    if (n < size) return;
  }
}

const sliceValues = (v: Vector['values'], n: number): Vector['values'] =>
  (Array.isArray(v) ? v.slice(0, n) : (v as Float64Array).subarray(0, n));

function valueAt0(v: Vector): unknown {
  if (v.nulls !== null && v.nulls[0] === 1) return null;
  return v.values[0];
}

function* seriesOf(type: SqlType, args: unknown[], ctx: ExecContext): Generator<unknown> {
  const zeroStep = () => new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  switch (type.id) {
    case 'int4': {
      const [start, stop, step = 1] = args as number[];
      if (step === 0) throw zeroStep();
      for (let x = start!; step > 0 ? x <= stop! : x >= stop!; x += step) yield x;
      return;
    }
    case 'int8': {
      const [start, stop, step = 1n] = args as bigint[];
      if (step === 0n) throw zeroStep();
      for (let x = start!; step > 0n ? x <= stop! : x >= stop!; x += step) yield x;
      return;
    }
    case 'numeric': {
      const [start, stop, step = Decimal.ONE] = args as Decimal[];
      if (step.isZero()) throw zeroStep();
      if (start!.isNaN() || stop!.isNaN() || step.isNaN()) {
        throw new SqlError(SqlState.invalidParameterValue, `${start!.isNaN() ? 'start' : stop!.isNaN() ? 'stop' : 'step size'} value cannot be NaN`);
      }
      const up = step.sign() > 0;
      for (let x = start!; up ? x.cmp(stop!) <= 0 : x.cmp(stop!) >= 0; x = x.add(step)) yield x;
      return;
    }
    case 'timestamp': case 'timestamptz': {
      const [start, stop, step] = args as [number, number, Interval];
      const micros = step.months * 30 * 86_400_000_000 + step.days * 86_400_000_000 + step.micros;
      if (micros === 0) throw zeroStep();
      const plus = type.id === 'timestamp'
        ? (t: number) => timestampPlusInterval(t, step)
        : (t: number) => timestamptzPlusInterval(t, step, ctx.timeZone);
      for (let x = start; micros > 0 ? x <= stop : x >= stop; x = plus(x)) yield x;
      return;
    }
  }
  throw new SqlError(SqlState.undefinedFunction, `function generate_series(${type.id}) does not exist`);
}
