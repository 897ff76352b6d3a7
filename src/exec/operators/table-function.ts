/**
 * Set-returning functions, in FROM (TableFunctionNode: arguments evaluated once, rows streamed in batches) and
 * in a SELECT list (ProjectSetNode: per input row). Several functions run in lockstep: each output row takes
 * the next row of every function, NULLs for a function that has run out, until all have.
 */
import {
  getValue, sameType, takeBatch, vectorFromValues, type Batch, type SqlType, type Vector,
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

const sameTypes = (a: readonly SqlType[], b: readonly SqlType[]): boolean =>
  a.length === b.length && a.every((t, i) => sameType(t, b[i]!));

/** Column builders for a batch of output rows (JS values, NULL as null). */
class Columns {
  private readonly values: unknown[][];
  n = 0;
  constructor(private readonly types: readonly SqlType[]) {
    this.values = types.map(() => []);
  }
  push(row: readonly unknown[]): void {
    this.values.forEach((col, j) => col.push(row[j] ?? null));
    this.n++;
  }
  vectors(): Vector[] {
    return this.types.map((t, j) => vectorFromValues(t, this.values[j]!));
  }
}

/**
 * The next row of each function, run in lockstep: a function that has run out gives null (and is dropped);
 * undefined once all have run out.
 */
function nextRows(its: (Iterator<readonly unknown[]> | null)[]): (readonly unknown[] | null)[] | undefined {
  let any = false;
  const rows = its.map((it, k) => {
    const r = it === null ? undefined : it.next();
    if (r === undefined || r.done) { its[k] = null; return null; }
    any = true;
    return r.value;
  });
  return any ? rows : undefined;
}

export async function* tableFunctionExec(node: TableFunctionNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const one: Batch = { columns: [], length: 1 };
  const only = node.functions.length === 1 ? node.functions[0]! : undefined;
  if (only?.overload.batches !== undefined && !node.ordinality && sameTypes(node.schema.map((c) => c.type), only.columns.map((c) => c.type))) {
    // One function that makes its rows in bulk: its batches as they come.
    const args = (await evalExprs(only.args, one, ctx)).map((v) => getValue(v, 0));
    if (only.overload.strict !== false && args.some((a) => a === null)) return;
    const types = only.args.map((a) => a.type);
    for (const columns of only.overload.batches(args, types, ctx, Math.max(1, ctx.batchSize))) {
      ctx.checkCancel();
      yield { columns, length: columns[0]!.length };
    }
    return;
  }
  const its = await Promise.all(node.functions.map(async (f) => {
    const args = (await evalExprs(f.args, one, ctx)).map((v) => getValue(v, 0));
    return callRows(f, args, ctx) as Iterator<readonly unknown[]> | null;
  }));
  const widths = node.functions.map((f) => f.columns.length);
  const types = node.schema.map((c) => c.type);
  const size = Math.max(1, ctx.batchSize);
  let ordinal = 0n;
  for (;;) {
    const cols = new Columns(types);
    while (cols.n < size) {
      const rows = nextRows(its);
      if (rows === undefined) break;
      // Each function's columns side by side, NULLs for one that has run out.
      const row = rows.flatMap((r, k) => Array.from({ length: widths[k]! }, (_, j) => r?.[j] ?? null));
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
    let inputRows: number[] = [];
    let cols = new Columns(srfTypes);
    const flush = (): Batch => {
      const b: Batch = { columns: [...takeBatch(input, inputRows).columns, ...cols.vectors()], length: cols.n };
      inputRows = [];
      cols = new Columns(srfTypes);
      return b;
    };
    for (let i = 0; i < input.length; i++) {
      ctx.checkCancel();
      const its = node.srfs.map((f, k) => callRows(f, argVectors[k]!.map((v) => getValue(v, i)), ctx) as Iterator<readonly unknown[]> | null);
      for (let rows = nextRows(its); rows !== undefined; rows = nextRows(its)) {
        // One value per function: its single column, or the whole row as a record.
        inputRows.push(i);
        cols.push(rows.map((r, k) => (r === null ? null : node.srfs[k]!.columns.length === 1 ? r[0] ?? null : r)));
        if (cols.n === size) yield flush();
      }
    }
    if (cols.n > 0) yield flush();
  }
}


