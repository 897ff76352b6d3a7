/**
 * Set-returning functions, in FROM (TableFunctionNode: arguments evaluated once, rows streamed in batches) and
 * in a SELECT list (ProjectSetNode: per input row). Several functions run in lockstep: each output row takes
 * the next row of every function, NULLs for a function that has run out, until all have.
 */
import {
  allocValues, getValue, takeBatch, type Batch, type SqlType, type Vector,
} from '../../common/index.ts';
import type { EvalContext, ProjectSetNode, SrfCall, TableFunctionNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { evalExprs } from '../eval/subquery.ts';

/** The rows of one call for one set of argument values (none when strict and an argument is NULL). */
function callRows(call: SrfCall, args: readonly unknown[], ctx: EvalContext): Iterator<readonly unknown[]> {
  if (call.overload.strict !== false && args.some((a) => a === null)) return [][Symbol.iterator]();
  return call.overload.rows(args, call.args.map((a) => a.type), ctx)[Symbol.iterator]();
}

/** Column builders for a batch of output rows. */
class Columns {
  readonly values: unknown[][];
  readonly nulls: Uint8Array[];
  n = 0;
  constructor(readonly types: readonly SqlType[], readonly capacity: number) {
    this.values = types.map(() => new Array<unknown>(capacity));
    this.nulls = types.map(() => new Uint8Array(capacity));
  }
  push(row: readonly unknown[]): void {
    for (let j = 0; j < this.types.length; j++) {
      const x = row[j];
      if (x === null || x === undefined) this.nulls[j]![this.n] = 1;
      else this.values[j]![this.n] = x;
    }
    this.n++;
  }
  vectors(): Vector[] {
    return this.types.map((t, j) => {
      const src = this.values[j]!, m = this.nulls[j]!, n = this.n;
      const out = allocValues(t, n);
      let anyNull = false;
      for (let i = 0; i < n; i++) {
        if (m[i] === 1) { anyNull = true; continue; }
        if (t.id === 'bool') (out as Uint8Array)[i] = src[i] ? 1 : 0;
        else (out as unknown[] | Float64Array)[i] = src[i] as number;
      }
      return { type: t, length: n, values: out, nulls: anyNull ? m.slice(0, n) : null };
    });
  }
}

/**
 * Next row of functions in lockstep: the concatenation of each function's next row (NULLs where one has run
 * out), or undefined when all have. `widths` are the functions' column counts.
 */
function zipNext(its: (Iterator<readonly unknown[]> | null)[], widths: readonly number[]): unknown[] | undefined {
  const row: unknown[] = [];
  let any = false;
  its.forEach((it, k) => {
    const r = it === null ? undefined : it.next();
    if (r === undefined || r.done) {
      its[k] = null;
      for (let j = 0; j < widths[k]!; j++) row.push(null);
    } else {
      any = true;
      for (let j = 0; j < widths[k]!; j++) row.push(r.value[j] ?? null);
    }
  });
  return any ? row : undefined;
}

export async function* tableFunctionExec(node: TableFunctionNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const one: Batch = { columns: [], length: 1 };
  const its = await Promise.all(node.functions.map(async (f) => {
    const args = (await evalExprs(f.args, one, ctx)).map((v) => getValue(v, 0));
    return callRows(f, args, ctx) as Iterator<readonly unknown[]> | null;
  }));
  const widths = node.functions.map((f) => f.columns.length);
  const types = node.schema.map((c) => c.type);
  const size = Math.max(1, ctx.batchSize);
  let ordinal = 0n;
  for (;;) {
    const cols = new Columns(types, size);
    while (cols.n < size) {
      const row = zipNext(its, widths);
      if (row === undefined) break;
      if (node.ordinality) row.push(++ordinal);
      cols.push(row);
    }
    if (cols.n === 0) return;
    ctx.checkCancel();
    yield { columns: cols.vectors(), length: cols.n };
    if (cols.n < size) return;
  }
}

/** SELECT-list functions: one output column each (a record value for a function of several columns). */
export async function* projectSetExec(node: ProjectSetNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const srfTypes = node.schema.slice(node.input.schema.length).map((c) => c.type);
  const size = Math.max(1, ctx.batchSize);
  for await (const input of executePlan(node.input, ctx)) {
    const argVectors = await Promise.all(node.srfs.map((f) => evalExprs(f.args, input, ctx)));
    let rows: number[] = [];
    let cols = new Columns(srfTypes, size);
    const flush = (): Batch => {
      const b: Batch = { columns: [...takeBatch(input, rows).columns, ...cols.vectors()], length: cols.n };
      rows = [];
      cols = new Columns(srfTypes, size);
      return b;
    };
    for (let i = 0; i < input.length; i++) {
      ctx.checkCancel();
      const its = node.srfs.map((f, k) => callRows(f, argVectors[k]!.map((v) => getValue(v, i)), ctx) as Iterator<readonly unknown[]> | null);
      for (;;) {
        let any = false;
        const row = its.map((it, k) => {
          const r = it === null ? undefined : it.next();
          if (r === undefined || r.done) { its[k] = null; return null; }
          any = true;
          return node.srfs[k]!.columns.length === 1 ? r.value[0] ?? null : r.value;
        });
        if (!any) break;
        rows.push(i);
        cols.push(row);
        if (cols.n === size) yield flush();
      }
    }
    if (cols.n > 0) yield flush();
  }
}


