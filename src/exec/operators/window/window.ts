/**
 * Window: gather the whole input, then for each distinct window specification (PARTITION BY + ORDER BY) sort
 * the rows stably by it, cut partitions and peer groups, and compute that specification's functions a
 * partition at a time. Output: the input columns, then one column per function, in the sort order of the
 * last specification (PostgreSQL too emits rows in window order).
 */
import { take, type Batch, type Vector } from '../../../common/index.ts';
import type { Expr, WindowFunc, WindowNode } from '../../../plan/index.ts';
import type { ExecContext } from '../../context.ts';
import { executePlan } from '../../execute.ts';
import { evalExprs } from '../../eval/subquery.ts';
import { ONE_ROW, collectInput, conform } from '../batch-util.ts';
import { aggregateFrames } from './aggregate-frames.ts';
import { ColumnOut } from './column-out.ts';
import { unsupported } from './errors.ts';
import { isFrameAggregate, makeFrameAgg, strictArgCount } from './frame-aggregates.ts';
import { bindFrame, frameBounds, framePieces, type BoundFrame, type RangeKey } from './frame.ts';
import { buildLayout, type Layout, type OrderVector } from './layout.ts';
import { frameValue, lagLead, rankFunction } from './ranking.ts';

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);
const FRAME_VALUES = new Set(['first_value', 'last_value', 'nth_value']);

/** JSON with bigints and Decimals, to tell equal window specifications apart from different ones. */
function specKey(f: WindowFunc, i: number): string {
  try {
    return JSON.stringify([f.partitionBy, f.orderBy], (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch {
    return `\u0000${i}`; // not serializable (a cycle somewhere): a specification of its own
  }
}

interface Spec {
  readonly funcs: number[];
  readonly partition: Vector[];
  readonly order: OrderVector[];
}

interface FuncInput {
  readonly args: Vector[];
  readonly filter: Vector | null;
}

export async function* windowExec(node: WindowNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const frames = await bindFrames(node.funcs, ctx);
  const all = await collectInput(node.input, ctx);
  if (all.length === 0) return;
  const n = all.length;

  const exprs: Expr[] = node.funcs.flatMap((f) => [
    ...f.partitionBy, ...f.orderBy.map((k) => k.expr), ...f.args, ...(f.filter === null ? [] : [f.filter]),
  ]);
  const vs = await evalExprs(exprs, all, ctx);
  const specs = new Map<string, Spec>();
  const inputs: FuncInput[] = [];
  let at = 0;
  node.funcs.forEach((f, i) => {
    const partition = vs.slice(at, at += f.partitionBy.length);
    const order = f.orderBy.map((k) => ({ vector: vs[at++]!, desc: k.desc, nullsFirst: k.nullsFirst }));
    const args = vs.slice(at, at += f.args.length);
    inputs.push({ args, filter: f.filter === null ? null : vs[at++]! });
    const key = specKey(f, i);
    const spec = specs.get(key);
    if (spec === undefined) specs.set(key, { funcs: [i], partition, order });
    else spec.funcs.push(i);
  });

  const results = new Array<Vector>(node.funcs.length);
  let emitOrder: Int32Array = new Int32Array(0);
  for (const spec of specs.values()) {
    const { layout, order } = buildLayout(n, spec.partition, spec.order, () => ctx.checkCancel(), (v, perm) => take(v, perm));
    const inverse = new Int32Array(n);
    for (let k = 0; k < n; k++) inverse[layout.perm[k]!] = k;
    const key: RangeKey | null = order.length === 1
      ? { vector: order[0]!, desc: spec.order[0]!.desc, nullsFirst: spec.order[0]!.nullsFirst, timeZone: ctx.timeZone }
      : null;
    for (const i of spec.funcs) {
      const input = inputs[i]!;
      const sorted = {
        args: input.args.map((v) => take(v, layout.perm)),
        filter: input.filter === null ? null : take(input.filter, layout.perm),
      };
      const res = computeFunction(node.funcs[i]!, frames[i]!, layout, sorted, key, ctx);
      results[i] = take(res, inverse);
    }
    emitOrder = layout.perm;
  }

  const size = Math.max(1, ctx.batchSize);
  const columns = [...all.columns, ...results];
  for (let start = 0; start < n; start += size) {
    ctx.checkCancel();
    const idx = emitOrder.subarray(start, Math.min(n, start + size));
    yield conform({ columns: columns.map((c) => take(c, idx)), length: idx.length }, node.schema);
  }
}

/** Evaluate and check every frame offset, before reading any input (as PostgreSQL does). */
async function bindFrames(funcs: readonly WindowFunc[], ctx: ExecContext): Promise<BoundFrame[]> {
  const offsets = funcs.flatMap((f) => [f.frame.start, f.frame.end])
    .flatMap((b) => (b.kind === 'preceding' || b.kind === 'following' ? [b.offset] : []));
  const values = new Map<Expr, unknown>();
  if (offsets.length > 0) {
    const vs = await evalExprs(offsets, ONE_ROW, ctx);
    offsets.forEach((e, j) => {
      const v = vs[j]!;
      values.set(e, v.nulls !== null && v.nulls[0] === 1 ? null : (v.values as ArrayLike<unknown>)[0]);
    });
  }
  return funcs.map((f) => bindFrame(f.frame, (e) => values.get(e) ?? null));
}

/** One function's column, in sorted positions. */
function computeFunction(f: WindowFunc, bf: BoundFrame, layout: Layout, input: FuncInput, key: RangeKey | null, ctx: ExecContext): Vector {
  const { n, parts } = layout;
  const out = new ColumnOut(f.type, n);
  const isAgg = isFrameAggregate(f.fn);
  if (!isAgg && !RANKING.has(f.fn) && !FRAME_VALUES.has(f.fn) && f.fn !== 'lag' && f.fn !== 'lead') {
    throw unsupported(`window function ${f.fn} is not supported`);
  }
  const usesFrame = isAgg || FRAME_VALUES.has(f.fn);
  const fs = usesFrame ? new Int32Array(n) : null, fe = usesFrame ? new Int32Array(n) : null;
  const agg = isAgg ? makeFrameAgg(f.fn, input.args, f.type) : null;
  const use = isAgg ? usable(input, strictArgCount(f.fn, input.args.length), n) : null;
  const pieces = new Int32Array(6);
  const checkCancel = (): void => ctx.checkCancel();
  for (let p = 0; p + 1 < parts.length; p++) {
    const ps = parts[p]!, pe = parts[p + 1]!;
    if ((p & 0xff) === 0) ctx.checkCancel();
    if (RANKING.has(f.fn)) { rankFunction(f.fn, layout, ps, pe, out, input.args); continue; }
    if (f.fn === 'lag' || f.fn === 'lead') { lagLead(f.fn === 'lead', ps, pe, out, input.args); continue; }
    frameBounds(bf, layout, ps, pe, fs!, fe!, key);
    if (agg !== null) {
      aggregateFrames(agg, use, bf.frame.exclude, layout, ps, pe, fs!, fe!, out, checkCancel);
      continue;
    }
    for (let k = ps; k < pe; k++) {
      const c = framePieces(bf.frame.exclude, layout, k, fs![k]!, fe![k]!, pieces);
      frameValue(f.fn, k, pieces, c, out, input.args);
    }
  }
  return out.vector();
}

/** Rows an aggregate folds: FILTER passed and no NULL among the strict arguments; null when all rows. */
function usable(input: FuncInput, strict: number, n: number): Uint8Array | null {
  const f = input.filter;
  const nullable = input.args.slice(0, strict).filter((v) => v.nulls !== null);
  if (f === null && nullable.length === 0) return null;
  const use = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = f === null || ((f.values as Uint8Array)[i] === 1 && (f.nulls === null || f.nulls[i] === 0));
    for (let j = 0; ok && j < nullable.length; j++) if (nullable[j]!.nulls![i] === 1) ok = false;
    use[i] = ok ? 1 : 0;
  }
  return use;
}
