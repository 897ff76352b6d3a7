/**
 * Hash aggregation: each input row gets a group id from a Map over its group key (a number for one numeric
 * column, the string for one text column, a composed string otherwise; NULLs group together); accumulators
 * fold whole batches by group id. Without GROUP BY there is exactly one group, even over no rows.
 */
import { allocValues, slice, type Batch, type Values, type Vector } from '../../../common/index.ts';
import type { SqlType } from '../../../common/index.ts';
import type { AggregateNode } from '../../../plan/index.ts';
import { GroupIds } from './group-ids.ts';
import type { ExecContext } from '../../context.ts';
import { executePlan } from '../../execute.ts';
import { evalExprs } from '../../eval/subquery.ts';
import { conform } from '../batch-util.ts';
import { aggDirect, aggInputs, makeAccumulator, strictArgs } from './accumulators.ts';

/** The distinct group values, appended as groups appear. */
class GroupColumn {
  private values: Values;
  private nulls: Uint8Array;
  constructor(readonly type: SqlType) {
    this.values = allocValues(type, 64);
    this.nulls = new Uint8Array(64);
  }
  push(g: number, v: Vector, i: number): void {
    if (g >= this.nulls.length) {
      const cap = this.nulls.length * 2;
      const values = allocValues(this.type, cap);
      if (Array.isArray(values)) for (let k = 0; k < g; k++) values[k] = (this.values as unknown[])[k];
      else (values as Float64Array).set(this.values as Float64Array);
      const nulls = new Uint8Array(cap);
      nulls.set(this.nulls);
      this.values = values;
      this.nulls = nulls;
    }
    if (v.nulls !== null && v.nulls[i] === 1) this.nulls[g] = 1;
    else (this.values as Float64Array)[g] = (v.values as Float64Array)[i]!;
  }
  build(n: number): Vector {
    let anyNull = false;
    for (let g = 0; g < n; g++) if (this.nulls[g] === 1) { anyNull = true; break; }
    return slice({ type: this.type, length: n, values: this.values, nulls: anyNull ? this.nulls : null }, 0, n);
  }
}

export async function* hashAggregateExec(node: AggregateNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const accs = node.aggs.map(makeAccumulator);
  const groupCols = node.groups.map((g) => new GroupColumn(g.type));
  // evaluated together per batch: group keys, each aggregate's inputs, the FILTERs, ordered-set direct arguments
  const inputs = node.aggs.map(aggInputs);
  const directs = node.aggs.map(aggDirect);
  const filters = node.aggs.flatMap((a) => (a.filter === null ? [] : [a.filter]));
  const exprs = [...node.groups, ...inputs.flat(), ...filters, ...directs.flat()];
  const directPos = exprs.length - directs.reduce((s, d) => s + d.length, 0);
  // sum and avg read numeric inputs scaled (see SumDecimal); everything else gets Decimals.
  const scaled = [...node.groups.map(() => false),
    ...node.aggs.flatMap((a, i) => inputs[i]!.map(() => (a.fn === 'sum' || a.fn === 'avg') && !a.distinct && (a.orderBy ?? []).length === 0)),
    ...filters.map(() => false), ...directs.flat().map(() => false)];
  let sawRows = false;
  const feedDirect = (vs: readonly Vector[], gids: Int32Array, n: number, groupCount: number): void => {
    let pos = 0;
    for (let a = 0; a < accs.length; a++) {
      const d = directs[a]!;
      if (d.length > 0) accs[a]!.direct?.(gids, n, vs.slice(pos, pos + d.length), groupCount);
      pos += d.length;
    }
  };
  const groups = new GroupIds();
  let numGroups = node.groups.length === 0 ? 1 : 0;

  for await (const b of executePlan(node.input, ctx, true)) {
    ctx.checkCancel();
    const n = b.length;
    if (n === 0) continue;
    sawRows = true;
    const vs = await evalExprs(exprs, b, ctx, scaled);
    let gids: Int32Array;
    if (node.groups.length === 0) {
      gids = new Int32Array(n);
    } else {
      const keyCols = vs.slice(0, node.groups.length);
      gids = new Int32Array(n);
      groups.assign(keyCols, n, gids, (i, g) => {
        for (let j = 0; j < keyCols.length; j++) groupCols[j]!.push(g, keyCols[j]!, i);
      });
      numGroups = groups.count;
    }
    let argPos = node.groups.length;
    let filterPos = node.groups.length + inputs.reduce((s, x) => s + x.length, 0);
    feedDirect(vs.slice(directPos), gids, n, numGroups);
    const rows = new Int32Array(n);
    let allRows: Int32Array | undefined;
    for (let a = 0; a < node.aggs.length; a++) {
      const call = node.aggs[a]!;
      const args = vs.slice(argPos, argPos + inputs[a]!.length);
      argPos += inputs[a]!.length;
      const filter = call.filter === null ? null : vs[filterPos++]!;
      const strict = args.slice(0, strictArgs(call)).filter((v) => v.nulls !== null);
      if (filter === null && strict.length === 0) {
        // Every row counts: one identity selection for all such aggregates of the batch.
        const acc = accs[a]!;
        if (acc.updateAll !== undefined) { acc.updateAll(gids, n, args, numGroups); continue; }
        if (allRows === undefined) { allRows = new Int32Array(n); for (let i = 0; i < n; i++) allRows[i] = i; }
        acc.update(gids, allRows, n, args, numGroups);
        continue;
      }
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (filter !== null && ((filter.values as Uint8Array)[i] !== 1 || (filter.nulls !== null && filter.nulls[i] === 1))) continue;
        let skip = false;
        for (const v of strict) if (v.nulls![i] === 1) { skip = true; break; }
        if (!skip) rows[count++] = i;
      }
      if (count > 0) accs[a]!.update(gids, rows, count, args, numGroups);
    }
  }

  if (numGroups === 0) return;
  if (!sawRows && directPos < exprs.length) {
    // no GROUP BY and no rows: the direct arguments (which may use no input column) still decide the result
    feedDirect(await evalExprs(exprs.slice(directPos), { columns: [], length: 1 }, ctx), new Int32Array(1), 1, 1);
  }
  const columns = [...groupCols.map((c) => c.build(numGroups)), ...accs.map((acc) => acc.finish(numGroups))];
  const size = Math.max(1, ctx.batchSize);
  for (let start = 0; start < numGroups; start += size) {
    ctx.checkCancel();
    const end = Math.min(numGroups, start + size);
    const batch = start === 0 && end === numGroups ? { columns, length: numGroups } : { columns: columns.map((c) => slice(c, start, end)), length: end - start };
    yield conform(batch, node.schema);
  }
}
