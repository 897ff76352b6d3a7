/**
 * The async step before evaluation: run the subqueries of some expressions for a batch and return their
 * results as a scope for evalExpr. Uncorrelated subqueries run once per statement (cached); correlated ones
 * once per row with that row pushed as the outer row (memoised per batch by the outer values they read).
 * Subqueries inside CASE branches and later AND/OR/COALESCE arguments run only for the rows that reach them,
 * as evaluation would.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import { allocValues, arrayOfValues, getValue, isArrayType, type Batch, type PgArray, type Vector } from '../../common/index.ts';
import { exprChildren, hasSubquery, LockWait, type Expr, type SubqueryExpr } from '../../plan/index.ts';
import type { LogicalPlan } from '../../plan/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';
import { valueComparator } from '../../kernels/index.ts';
import { statementCache, withOuterRow, type ExecContext } from '../context.ts';
import { executePlan } from '../execute.ts';
import { outerUse } from './correlation.ts';
import { evalExpr, evalScaled } from './eval-expr.ts';
import { quantify, summarize, keysCompatible, type QuantSummary } from './quantified.ts';
import { EMPTY_SCOPE, allRows, narrowBatch, narrowScope, trueRows, type EvalScope, type Rows } from './selection.ts';

/** Run the subqueries in `exprs` for `batch`; the scope to evaluate `exprs` with. */
export async function resolveSubqueries(exprs: readonly Expr[], batch: Batch, ctx: ExecContext): Promise<EvalScope> {
  if (!exprs.some(hasSubquery) || batch.length === 0) return EMPTY_SCOPE;
  const map = new Map<SubqueryExpr, Vector>();
  for (const e of exprs) await resolve(e, batch, null, ctx, map);
  return { subqueries: map };
}

/**
 * Evaluate expressions that may contain subqueries. `scaled`: which results (all, or by position) may come as
 * scaled numerics (see evalScaled), for consumers that read them.
 */
export async function evalExprs(exprs: readonly Expr[], batch: Batch, ctx: ExecContext,
  scaled: boolean | readonly boolean[] = false): Promise<Vector[]> {
  const scope = await resolveSubqueries(exprs, batch, ctx);
  const locks = ctx.session.advisoryLocks;
  let waitingSince: number | undefined;
  for (;;) {
    const mark = locks?.mark() ?? 0;
    try {
      return exprs.map((e, i) => ((scaled === true || (scaled !== false && scaled[i] === true)) ? evalScaled : evalExpr)(e, batch, ctx, scope));
    } catch (e) {
      if (!(e instanceof LockWait) || locks === undefined) throw e;
      // pg_advisory_lock must wait: give back what this evaluation took, wait for a release (checking for a
      // cancel or statement_timeout now and then), and evaluate the batch again.
      locks.undoTo(mark);
      waitingSince ??= Date.now();
      await waitForRelease(e.released);
      ctx.checkCancel();
      const lockTimeout = Number(ctx.session.setting('lock_timeout') ?? '0');
      if (lockTimeout > 0 && Date.now() - waitingSince >= lockTimeout) {
        throw new SqlError(SqlState.lockNotAvailable, 'canceling statement due to lock timeout');
      }
    }
  }
}

const RECHECK_MS = 50;

function waitForRelease(released: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = new Promise<void>((resolve) => { timer = setTimeout(resolve, RECHECK_MS); });
  return Promise.race([released, tick]).finally(() => clearTimeout(timer));
}

type Map_ = Map<SubqueryExpr, Vector>;

const scopeOf = (map: Map_): EvalScope => ({ subqueries: map });

function evalOn(e: Expr, rows: Rows | null, batch: Batch, ctx: ExecContext, map: Map_): Vector {
  if (rows === null) return evalExpr(e, batch, ctx, scopeOf(map));
  return evalExpr(e, narrowBatch(batch, rows, e), ctx, narrowScope(scopeOf(map), rows));
}

/** Resolve the subqueries under `e` for the rows `rows` of the batch (all when null). */
async function resolve(e: Expr, batch: Batch, rows: Rows | null, ctx: ExecContext, map: Map_): Promise<void> {
  if (!hasSubquery(e) || (rows !== null && rows.n === 0)) return;
  switch (e.kind) {
    case 'subquery':
      if (e.arg !== null) await resolve(e.arg, batch, rows, ctx, map);
      map.set(e, await runSubquery(e, batch, rows ?? allRows(batch.length), ctx, map));
      return;
    case 'case': {
      let rem = rows;
      for (const w of e.whens) {
        if (rem !== null && rem.n === 0) return;
        await resolve(w.when, batch, rem, ctx, map);
        const { hit, miss } = trueRows(evalOn(w.when, rem, batch, ctx, map), rem, batch.length);
        await resolve(w.then, batch, hit, ctx, map);
        rem = miss;
      }
      await resolve(e.else, batch, rem, ctx, map);
      return;
    }
    case 'and': case 'or': case 'coalesce': {
      let rem = rows;
      for (let k = 0; k < e.args.length; k++) {
        const a = e.args[k]!;
        if (rem !== null && rem.n === 0) return;
        await resolve(a, batch, rem, ctx, map);
        if (k === e.args.length - 1 || !e.args.slice(k + 1).some(hasSubquery)) return;
        // The rows that go on to the next argument.
        const v = evalOn(a, rem, batch, ctx, map);
        const len = rem === null ? batch.length : rem.n;
        const idx = new Int32Array(len);
        let c = 0;
        const vals = v.values as Uint8Array, m = v.nulls;
        for (let j = 0; j < len; j++) {
          const isNull = m !== null && m[j] === 1;
          const goOn = e.kind === 'coalesce' ? isNull : isNull || vals[j] === (e.kind === 'and' ? 1 : 0);
          if (goOn) idx[c++] = rem === null ? j : rem.idx[j]!;
        }
        rem = { idx, n: c };
      }
      return;
    }
    default:
      for (const c of exprChildren(e)) await resolve(c, batch, rows, ctx, map);
  }
}

const cardinality = (): SqlError =>
  new SqlError(SqlState.cardinalityViolation, 'more than one row returned by a subquery used as an expression');

/** The batches of a plan, stopping after `maxRows` rows. */
async function collect(plan: LogicalPlan, ctx: ExecContext, maxRows: number): Promise<Batch[]> {
  const out: Batch[] = [];
  let rows = 0;
  for await (const b of executePlan(plan, ctx)) {
    if (b.length === 0) continue;
    out.push(b);
    rows += b.length;
    if (rows >= maxRows) break;
  }
  return out;
}

/** What one execution of a subquery yields, in the form its mode needs. */
type Outcome = { readonly kind: 'scalar'; readonly vector: Vector | null; readonly row: number }
  | { readonly kind: 'exists'; readonly exists: boolean }
  | { readonly kind: 'quant'; readonly summary: QuantSummary }
  | { readonly kind: 'array'; readonly value: PgArray };

async function runOnce(e: SubqueryExpr, ctx: ExecContext): Promise<Outcome> {
  switch (e.mode) {
    case 'scalar': {
      const bs = await collect(e.plan, ctx, 2);
      const total = bs.reduce((s, b) => s + b.length, 0);
      if (total > 1) throw cardinality();
      return { kind: 'scalar', vector: total === 0 ? null : bs[0]!.columns[0]!, row: 0 };
    }
    case 'exists':
      return { kind: 'exists', exists: (await collect(e.plan, ctx, 1)).length > 0 };
    case 'any': case 'all': {
      const bs = await collect(e.plan, ctx, Infinity);
      const colType = e.plan.schema[0]!.type;
      const withKeys = (e.mode === 'any' && e.op === '=') || (e.mode === 'all' && e.op === '<>');
      return { kind: 'quant', summary: summarize(colType, bs.map((b) => b.columns[0]!), withKeys) };
    }
    case 'array': {
      const bs = await collect(e.plan, ctx, Infinity);
      const values: unknown[] = [];
      for (const b of bs) for (let i = 0; i < b.length; i++) values.push(getValue(b.columns[0]!, i));
      const colType = e.plan.schema[0]!.type;
      return { kind: 'array', value: arrayOfValues(values, isArrayType(colType)) };
    }
  }
}

/** An uncorrelated subquery's outcome, run once per statement (the first caller runs it, the rest wait). */
function onceForStatement(e: SubqueryExpr, ctx: ExecContext): Promise<Outcome> {
  const cache = statementCache(ctx);
  let o = cache.get(e) as Promise<Outcome> | undefined;
  if (o === undefined) {
    o = runOnce(e, ctx);
    cache.set(e, o);
    o.catch(() => cache.delete(e));
  }
  return o;
}

/**
 * An uncorrelated subquery's value as an expression without subqueries, for plans run by other threads: a
 * constant (scalar, EXISTS), or for `x = ANY (…)` and `x <> ALL (…)` over at most `maxList` values of x's type,
 * [NOT] IN a list of them. The outcome is the statement's own, so this thread's evaluation of the subquery
 * reuses it. Undefined for a correlated subquery or another form. Running it here evaluates a subquery that
 * the statement might never have reached: the caller falls back to its own thread if that fails.
 */
export async function subqueryAsConstant(e: SubqueryExpr, ctx: ExecContext, maxList = 10_000): Promise<Expr | undefined> {
  const use = outerUse(e.plan);
  if (e.correlated || use.columns.length > 0 || use.beyond) return undefined;
  const constant = (value: unknown): Expr => ({ kind: 'const', value, type: e.type });
  switch (e.mode) {
    case 'scalar': {
      const o = await onceForStatement(e, ctx) as Extract<Outcome, { kind: 'scalar' }>;
      return constant(o.vector === null ? null : getValue(o.vector, o.row));
    }
    case 'exists':
      return constant((await onceForStatement(e, ctx) as Extract<Outcome, { kind: 'exists' }>).exists);
    case 'any': case 'all': {
      const colType = e.plan.schema[0]!.type;
      const inList = (e.mode === 'any' && e.op === '=') || (e.mode === 'all' && e.op === '<>');
      if (!inList || e.arg === null || e.arg.type.id !== colType.id || e.arg.type.typmod !== colType.typmod) return undefined;
      const { summary } = await onceForStatement(e, ctx) as Extract<Outcome, { kind: 'quant' }>;
      if (summary.count === 0) return constant(e.mode === 'all');
      if (summary.values === null || summary.values.length > maxList) return undefined;
      const bool = colType.id === 'bool'; // vectors hold bools as 1/0, constants as booleans
      const list: Expr[] = summary.values.map((value) => ({ kind: 'const', value: bool ? value === 1 : value, type: colType }));
      if (summary.hasNull) list.push({ kind: 'const', value: null, type: colType });
      return { kind: 'in-list', arg: e.arg, list, negate: e.mode === 'all', type: e.type };
    }
    default:
      return undefined;
  }
}

/** The subquery's value for rows `rows` of the batch, as a full-length vector (other rows NULL). */
async function runSubquery(e: SubqueryExpr, batch: Batch, rows: Rows, ctx: ExecContext, map: Map_): Promise<Vector> {
  const n = batch.length;
  const use = outerUse(e.plan);
  const correlated = use.columns.length > 0 || use.beyond;
  const outcomes = new Array<Outcome | undefined>(n);
  if (!correlated) {
    const got = await onceForStatement(e, ctx);
    for (let k = 0; k < rows.n; k++) outcomes[rows.idx[k]!] = got;
  } else {
    const memoCols = use.volatile ? null : use.columns.map((c) => batch.columns[c]!);
    const keys = memoCols === null ? null : memoCols.length === 0 ? null : rowKeys(memoCols, n, true);
    const memo = new Map<Key | null, Outcome>();
    const once = memoCols !== null && memoCols.length === 0 ? await runOnce(e, withOuterRow(ctx, { batch, row: rows.idx[0]! })) : null;
    for (let k = 0; k < rows.n; k++) {
      const i = rows.idx[k]!;
      if (once !== null) { outcomes[i] = once; continue; }
      if ((k & 255) === 0) ctx.checkCancel();
      const key = keys === null ? undefined : keys[i]!;
      let o = key === undefined ? undefined : memo.get(key);
      if (o === undefined) {
        o = await runOnce(e, withOuterRow(ctx, { batch, row: i }));
        if (key !== undefined) memo.set(key, o);
      }
      outcomes[i] = o;
    }
  }
  return assemble(e, batch, rows, outcomes, ctx, map);
}

function assemble(e: SubqueryExpr, batch: Batch, rows: Rows, outcomes: (Outcome | undefined)[], ctx: ExecContext, map: Map_): Vector {
  const n = batch.length;
  const type = e.type;
  const values = allocValues(type, n) as unknown[];
  const nulls = new Uint8Array(n).fill(1);
  if (e.mode === 'array') {
    for (let k = 0; k < rows.n; k++) {
      const i = rows.idx[k]!;
      values[i] = (outcomes[i] as Extract<Outcome, { kind: 'array' }>).value;
      nulls[i] = 0;
    }
    return { type, length: n, values: values as never, nulls };
  }
  if (e.mode === 'scalar' || e.mode === 'exists') {
    for (let k = 0; k < rows.n; k++) {
      const i = rows.idx[k]!;
      const o = outcomes[i]!;
      if (o.kind === 'exists') { values[i] = o.exists ? 1 : 0; nulls[i] = 0; }
      else if (o.kind === 'scalar' && o.vector !== null) {
        const v = o.vector;
        if (v.nulls === null || v.nulls[o.row] === 0) { values[i] = (v.values as unknown[])[o.row]; nulls[i] = 0; }
      }
    }
    return { type, length: n, values: values as never, nulls };
  }
  // any / all: the argument on the rows that reach the subquery.
  const arg = evalOn(e.arg!, rows.n === n ? null : rows, batch, ctx, map);
  const colType = e.plan.schema[0]!.type;
  const cmp = valueComparator(arg.type, colType);
  const argKeys = keysCompatible(arg.type, colType) ? rowKeys([arg], arg.length, false) : null;
  const av = arg.values as ArrayLike<unknown>;
  for (let k = 0; k < rows.n; k++) {
    const i = rows.idx[k]!;
    const j = rows.n === n ? i : k;
    const s = (outcomes[i] as Extract<Outcome, { kind: 'quant' }>).summary;
    let r: 0 | 1 | 2;
    if (arg.nulls !== null && arg.nulls[j] === 1) {
      r = s.count === 0 && !s.hasNull ? (e.mode === 'any' ? 0 : 1) : 2;
    } else {
      r = quantify(e.op!, e.mode as 'any' | 'all', av[j], argKeys === null ? null : argKeys[j]!, s, cmp);
    }
    if (r !== 2) { values[i] = r; nulls[i] = 0; }
  }
  return { type, length: n, values: values as never, nulls };
}
