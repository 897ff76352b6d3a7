/**
 * The vectorized expression evaluator: evalExpr(e, batch) computes a whole column at a time with kernels over
 * TypedArrays. CASE branches, later AND/OR arguments and later COALESCE arguments run only on the rows that
 * reach them (PostgreSQL's left-to-right evaluation that `b <> 0 AND a / b > 1` relies on). Subqueries are not
 * run here: resolveSubqueries (subquery.ts) runs them first and hands their results in through the scope.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import { Decimal, TYPES, sameType, scaledNumeric, type SqlType } from '../../common/index.ts';
import { allocValues, constantVector, getValue, unscaledVector, vectorFromValues, type Batch, type Vector } from '../../common/index.ts';
import { scaledArith, scaledArithConstant, scaledCompare, scaledCompareConstant, scaledNegate, scaledToFloat8, unscaledType } from '../../kernels/index.ts';
import type { Expr, MinMaxExpr } from '../../plan/index.ts';
import { concatVectors, negateVector, numericArith } from '../../kernels/index.ts';
import { compareVectors, compareWithConstant, distinctVectors, FLIPPED, orderClass, valueComparator } from '../../kernels/index.ts';
import { datetimeArith, negateInterval } from '../../kernels/index.ts';
import { rowKeys, type Key } from '../../kernels/index.ts';
import { likeVectors } from '../../kernels/index.ts';
import { castVector } from '../../kernels/index.ts';
import type { ExecContext } from '../context.ts';
import { cannotRaise } from './safety.ts';
import { evalArrayConstructor, evalArrayQuantified, evalSubscript } from './array-exprs.ts';
import { EMPTY_SCOPE, Scatter, allRows, narrowBatch, narrowScope, trueRows, type EvalScope, type Rows } from './selection.ts';

type ExprOf<K extends Expr['kind']> = K extends MinMaxExpr['kind'] ? MinMaxExpr : Extract<Expr, { kind: K }>;
type Handler<K extends Expr['kind']> = (e: ExprOf<K>, batch: Batch, ctx: ExecContext, scope: EvalScope) => Vector;
type Handlers = { readonly [K in Expr['kind']]: Handler<K> };

/** Evaluate `e` over every row of `batch`. Subqueries in `e` must have been resolved into `scope`. */
export function evalExpr(e: Expr, batch: Batch, ctx: ExecContext, scope: EvalScope = EMPTY_SCOPE): Vector {
  return unscaledVector(evalScaled(e, batch, ctx, scope));
}

/**
 * evalExpr for the consumers that read scaled numeric columns (scaledNumeric): a numeric result may come
 * scaled. Column references, +, −, × and unary minus keep scaled columns scaled; comparisons and casts to
 * float8 read them as they are; every other expression sees Decimals.
 */
export function evalScaled(e: Expr, batch: Batch, ctx: ExecContext, scope: EvalScope = EMPTY_SCOPE): Vector {
  if (batch.length === 0) return { type: e.type, length: 0, values: allocValues(e.type, 0), nulls: null };
  return (HANDLERS[e.kind] as Handler<Expr['kind']>)(e, batch, ctx, scope);
}

/** The same column under another type of the same physical layout (varchar as text, a typmod'ed type, …). */
export function retag(v: Vector, type: SqlType): Vector {
  if (sameType(v.type, type)) return v;
  // A scaled numeric stays scaled under its new typmod.
  const t = v.type.scaled !== undefined && type.id === 'numeric' ? scaledNumeric(type.typmod, v.type.scaled) : type;
  return { type: t, length: v.length, values: v.values, nulls: v.nulls };
}

/** A numeric constant (possibly a parameter) of an operand, for the scaled kernels. */
function decimalConstant(e: Expr, ctx: ExecContext): Decimal | undefined {
  const c = constValue(e, ctx);
  return c !== undefined && c.value instanceof Decimal ? c.value : undefined;
}

const internal = (msg: string): SqlError => new SqlError(SqlState.internalError, msg);

function constValue(e: Expr, ctx: ExecContext): { value: unknown } | undefined {
  if (e.kind === 'const') return { value: e.value };
  if (e.kind === 'param') return { value: ctx.params[e.index] ?? null };
  return undefined;
}

/** The physical value (as stored in a column) of a JS value of `type`. */
const physical = (type: SqlType, x: unknown): unknown => (type.id === 'bool' ? (x ? 1 : 0) : x);

const HANDLERS: Handlers = {
  column: (e, batch) => {
    const v = batch.columns[e.index];
    if (v === undefined) throw internal(`column ${e.index} out of range`);
    return v;
  },
  outer: (e, batch, ctx) => {
    const row = ctx.outerRows?.[e.depth - 1];
    if (row === undefined) throw internal(`no outer row at depth ${e.depth}`);
    const col = row.batch.columns[e.index];
    if (col === undefined) throw internal(`outer column ${e.index} out of range`);
    return constantVector(e.type, getValue(col, row.row), batch.length);
  },
  const: (e, batch) => constantVector(e.type, e.value, batch.length),
  param: (e, batch, ctx) => {
    if (e.index >= ctx.params.length) {
      throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${e.index + 1}`);
    }
    return constantVector(e.type, ctx.params[e.index] ?? null, batch.length);
  },
  call: (e, batch, ctx, scope) => {
    const args = e.args.map((a) => evalExpr(a, batch, ctx, scope));
    return retag(e.overload.kernel(args, batch.length, ctx), e.type);
  },
  arith: (e, batch, ctx, scope) => {
    if (e.type.id === 'numeric' && e.left.type.id === 'numeric' && e.right.type.id === 'numeric') {
      // A constant operand (`1 - l_discount`) needs no column of its own.
      const rc = decimalConstant(e.right, ctx), lc = rc === undefined ? decimalConstant(e.left, ctx) : undefined;
      if (rc !== undefined || lc !== undefined) {
        const v = evalScaled(rc !== undefined ? e.left : e.right, batch, ctx, scope);
        if (v.type.scaled !== undefined) {
          const out = scaledArithConstant(e.op, v, (rc ?? lc)!, lc !== undefined, e.type);
          if (out !== undefined) return out;
        }
        const c = constantVector(e.type, rc ?? lc, batch.length);
        const [l, r] = rc !== undefined ? [v, c] : [c, v];
        return (v.type.scaled !== undefined ? scaledArith(e.op, l, r, e.type) : undefined)
          ?? numericArith(e.op, unscaledVector(l), unscaledVector(r), e.type)!;
      }
      const l = evalScaled(e.left, batch, ctx, scope), r = evalScaled(e.right, batch, ctx, scope);
      if (l.type.scaled !== undefined || r.type.scaled !== undefined) {
        const v = scaledArith(e.op, l, r, e.type);
        if (v !== undefined) return v;
      }
      return numericArith(e.op, unscaledVector(l), unscaledVector(r), e.type)!;
    }
    const l = evalExpr(e.left, batch, ctx, scope), r = evalExpr(e.right, batch, ctx, scope);
    const v = numericArith(e.op, l, r, e.type) ?? datetimeArith(e.op, l, r, e.type, ctx.timeZone);
    if (v === undefined) {
      throw new SqlError(SqlState.undefinedFunction,
        `operator does not exist: ${TYPES[l.type.id].sqlName} ${e.op} ${TYPES[r.type.id].sqlName}`);
    }
    return v;
  },
  negate: (e, batch, ctx, scope) => {
    const s = evalScaled(e.arg, batch, ctx, scope);
    if (s.type.scaled !== undefined) return scaledNegate(s, e.type);
    const v = unscaledVector(s);
    if (v.type.id === 'interval') return negateInterval(v, e.type);
    const r = negateVector(v, e.type);
    if (r === undefined) throw new SqlError(SqlState.undefinedFunction, `operator does not exist: - ${TYPES[v.type.id].sqlName}`);
    return r;
  },
  compare: (e, batch, ctx, scope) => {
    if (e.left.type.id === 'numeric' && e.right.type.id === 'numeric') {
      const v = scaledComparison(e, batch, ctx, scope);
      if (v !== undefined) return v;
    }
    const rc = constValue(e.right, ctx);
    if (rc !== undefined && rc.value !== null) {
      return compareWithConstant(e.op, evalExpr(e.left, batch, ctx, scope), physical(e.right.type, rc.value), e.right.type, e.type);
    }
    const lc = constValue(e.left, ctx);
    if (lc !== undefined && lc.value !== null) {
      return compareWithConstant(FLIPPED[e.op], evalExpr(e.right, batch, ctx, scope), physical(e.left.type, lc.value), e.left.type, e.type);
    }
    return compareVectors(e.op, evalExpr(e.left, batch, ctx, scope), evalExpr(e.right, batch, ctx, scope), e.type);
  },
  'is-distinct': (e, batch, ctx, scope) =>
    distinctVectors(e.negate, evalExpr(e.left, batch, ctx, scope), evalExpr(e.right, batch, ctx, scope), e.type),
  concat: (e, batch, ctx, scope) =>
    concatVectors(evalExpr(e.left, batch, ctx, scope), evalExpr(e.right, batch, ctx, scope), e.type),
  and: (e, batch, ctx, scope) => andOr(e.args, true, e.type, batch, ctx, scope),
  or: (e, batch, ctx, scope) => andOr(e.args, false, e.type, batch, ctx, scope),
  not: (e, batch, ctx, scope) => {
    const v = evalExpr(e.arg, batch, ctx, scope);
    const n = batch.length, a = v.values as Uint8Array, out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! ^ 1;
    return { type: e.type, length: n, values: out, nulls: v.nulls };
  },
  'is-null': (e, batch, ctx, scope) => {
    const v = evalExpr(e.arg, batch, ctx, scope);
    const n = batch.length, m = v.nulls;
    const out = new Uint8Array(n);
    const yes = e.negate ? 0 : 1;
    if (m === null) out.fill(1 - yes);
    else for (let i = 0; i < n; i++) out[i] = m[i] === 1 ? yes : 1 - yes;
    return { type: e.type, length: n, values: out, nulls: null };
  },
  'is-bool': (e, batch, ctx, scope) => {
    const v = evalExpr(e.arg, batch, ctx, scope);
    const n = batch.length, m = v.nulls, a = v.values as Uint8Array;
    const out = new Uint8Array(n);
    const neg = e.negate ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const isNull = m !== null && m[i] === 1;
      const hit = e.test === 'unknown' ? isNull : !isNull && a[i] === (e.test === 'true' ? 1 : 0);
      out[i] = (hit ? 1 : 0) ^ neg;
    }
    return { type: e.type, length: n, values: out, nulls: null };
  },
  cast: (e, batch, ctx, scope) => {
    if (e.arg.type.id === 'numeric' && (e.type.id === 'float8' || e.type.id === 'numeric')) {
      const s = evalScaled(e.arg, batch, ctx, scope);
      if (s.type.scaled !== undefined) {
        if (e.type.id === 'float8') return scaledToFloat8(s, e.type);
        // To numeric: within the same scale and precision there is nothing to round or check.
        if (sameType(unscaledType(s.type), e.type) || e.type.typmod === -1) return retag(s, e.type);
      }
      const v = unscaledVector(s);
      if (sameType(v.type, e.type)) return v;
      return retag(castVector(v, e.type, e.mode, ctx.textOptions), e.type);
    }
    const v = evalExpr(e.arg, batch, ctx, scope);
    if (sameType(v.type, e.type)) return v;
    if (e.position === undefined) return retag(castVector(v, e.type, e.mode, ctx.textOptions), e.type);
    try {
      return retag(castVector(v, e.type, e.mode, ctx.textOptions), e.type);
    } catch (err) {
      if (err instanceof SqlError) err.at(e.position);
      throw err;
    }
  },
  case: (e, batch, ctx, scope) => {
    const n = batch.length;
    const out = new Scatter(e.type, n);
    let rem: Rows | null = null; // null: every row
    for (const w of e.whens) {
      if (rem !== null && rem.n === 0) break;
      const cond = evalOn(w.when, rem, batch, ctx, scope);
      const { hit, miss } = trueRows(cond, rem, n);
      if (hit.n > 0) branch(w.then, hit, out, batch, ctx, scope);
      rem = miss;
    }
    const last = rem ?? allRows(n);
    if (last.n > 0) branch(e.else, last, out, batch, ctx, scope);
    return out.vector();
  },
  coalesce: (e, batch, ctx, scope) => {
    const n = batch.length;
    const out = new Scatter(e.type, n);
    let rem: Rows = allRows(n);
    for (const a of e.args) {
      if (rem.n === 0) break;
      const v = evalOn(a, rem.n === n ? null : rem, batch, ctx, scope);
      const m = v.nulls;
      const got = new Int32Array(rem.n), left = new Int32Array(rem.n);
      let g = 0, l = 0;
      for (let k = 0; k < rem.n; k++) {
        if (m !== null && m[k] === 1) left[l++] = rem.idx[k]!;
        else got[g++] = k;
      }
      // `got` holds positions within `rem` (= rows of v); map them to batch rows.
      const sv = v.values as Float64Array, dv = out.values as Float64Array;
      for (let j = 0; j < g; j++) dv[rem.idx[got[j]!]!] = sv[got[j]!]!;
      rem = { idx: left, n: l };
    }
    out.setNull(rem);
    return out.vector();
  },
  greatest: (e, batch, ctx, scope) => minMax(e.args, 1, e.type, batch, ctx, scope),
  least: (e, batch, ctx, scope) => minMax(e.args, -1, e.type, batch, ctx, scope),
  like: (e, batch, ctx, scope) => likeVectors(
    evalExpr(e.arg, batch, ctx, scope), evalExpr(e.pattern, batch, ctx, scope),
    e.escape === null ? null : evalExpr(e.escape, batch, ctx, scope), e.caseInsensitive, e.negate, e.type),
  'in-list': (e, batch, ctx, scope) => inList(e.arg, e.list, e.negate, e.type, batch, ctx, scope),
  array: (e, batch, ctx, scope) => evalArrayConstructor(e, batch, ctx, scope, evalExpr),
  subscript: (e, batch, ctx, scope) => evalSubscript(e, batch, ctx, scope, evalExpr),
  'array-any': (e, batch, ctx, scope) => evalArrayQuantified(e, batch, ctx, scope, evalExpr),
  subquery: (e, batch, _ctx, scope) => {
    // Subqueries run in resolveSubqueries (async); their results come in through the scope.
    const v = scope.subqueries?.get(e);
    if (v === undefined) throw internal(`subquery (${e.mode}) not resolved before evaluation`);
    if (v.length !== batch.length) throw internal('subquery result length mismatch');
    return v;
  },
};

/**
 * A comparison of numerics where a side comes scaled, on doubles; undefined when neither does or a value
 * does not fit (the Decimal comparison then runs, on the unscaled sides).
 */
function scaledComparison(e: ExprOf<'compare'>, batch: Batch, ctx: ExecContext, scope: EvalScope): Vector | undefined {
  const rc = decimalConstant(e.right, ctx), lc = decimalConstant(e.left, ctx);
  if (rc !== undefined || lc !== undefined) {
    if (rc !== undefined && lc !== undefined) return undefined;
    const op = rc !== undefined ? e.op : FLIPPED[e.op];
    const c = (rc ?? lc)!, cType = rc !== undefined ? e.right.type : e.left.type;
    const v = evalScaled(rc !== undefined ? e.left : e.right, batch, ctx, scope);
    return (v.type.scaled === undefined ? undefined : scaledCompareConstant(op, v, c, e.type))
      ?? compareWithConstant(op, unscaledVector(v), c, cType, e.type);
  }
  const l = evalScaled(e.left, batch, ctx, scope), r = evalScaled(e.right, batch, ctx, scope);
  if (l.type.scaled === undefined && r.type.scaled === undefined) return compareVectors(e.op, l, r, e.type);
  return scaledCompare(e.op, l, r, e.type) ?? compareVectors(e.op, unscaledVector(l), unscaledVector(r), e.type);
}

/** Evaluate `e` on the rows `rows` (all when null); the result has one entry per selected row. */
function evalOn(e: Expr, rows: Rows | null, batch: Batch, ctx: ExecContext, scope: EvalScope): Vector {
  if (rows === null || rows.n === batch.length) return evalExpr(e, batch, ctx, scope);
  return evalExpr(e, narrowBatch(batch, rows, e), ctx, narrowScope(scope, rows));
}

/** Evaluate a CASE branch for `rows` into `out`. */
function branch(e: Expr, rows: Rows, out: Scatter, batch: Batch, ctx: ExecContext, scope: EvalScope): void {
  if (e.kind === 'const' && e.value === null) { out.setNull(rows); return; }
  if (rows.n === batch.length || cannotRaise(e)) out.fromFull(evalExpr(e, batch, ctx, scope), rows);
  else out.fromNarrow(evalOn(e, rows, batch, ctx, scope), rows);
}

/** Three-valued AND (isAnd) / OR, evaluating each argument only on rows not yet decided. */
function andOr(args: readonly Expr[], isAnd: boolean, type: SqlType, batch: Batch, ctx: ExecContext, scope: EvalScope): Vector {
  const n = batch.length;
  const decide = isAnd ? 0 : 1;
  const val = new Uint8Array(n).fill(1 - decide);
  let nulls: Uint8Array | null = null;
  let active: Rows | null = null;
  for (const arg of args) {
    if (active !== null && active.n === 0) break;
    const full = active === null || cannotRaise(arg);
    const v = full ? evalExpr(arg, batch, ctx, scope) : evalOn(arg, active, batch, ctx, scope);
    const a = v.values as Uint8Array, m = v.nulls;
    const len: number = active === null ? n : active.n;
    for (let k = 0; k < len; k++) {
      const i = active === null ? k : active.idx[k]!;
      const j = full ? i : k;
      if (m !== null && m[j] === 1) (nulls ??= new Uint8Array(n))[i] = 1;
      else if (a[j] === decide) { val[i] = decide; if (nulls !== null) nulls[i] = 0; }
    }
    const idx: Int32Array = new Int32Array(len);
    let c = 0;
    for (let k = 0; k < len; k++) {
      const i: number = active === null ? k : active.idx[k]!;
      if (val[i] !== decide) idx[c++] = i;
    }
    active = { idx, n: c };
  }
  return { type, length: n, values: val, nulls };
}

/** GREATEST (dir 1) / LEAST (dir -1): NULLs ignored; NULL only when every argument is NULL. */
function minMax(args: readonly Expr[], dir: number, type: SqlType, batch: Batch, ctx: ExecContext, scope: EvalScope): Vector {
  const n = batch.length;
  const vs = args.map((a) => evalExpr(a, batch, ctx, scope));
  const out = allocValues(type, n) as unknown[];
  const nulls = new Uint8Array(n).fill(1);
  let anyNull = false;
  const cmp = valueComparator(type);
  for (let i = 0; i < n; i++) {
    let best: unknown, found = false;
    for (const v of vs) {
      if (v.nulls !== null && v.nulls[i] === 1) continue;
      const x = (v.values as unknown[])[i];
      if (!found || cmp(x, best) * dir > 0) { best = x; found = true; }
    }
    if (found) { out[i] = best; nulls[i] = 0; } else anyNull = true;
  }
  return { type, length: n, values: out as never, nulls: anyNull ? nulls : null };
}

/** x [NOT] IN (list): = semantics, NULL when nothing matched and x or some element is NULL. */
function inList(argE: Expr, list: readonly Expr[], negate: boolean, type: SqlType, batch: Batch, ctx: ExecContext, scope: EvalScope): Vector {
  const n = batch.length;
  const arg = evalExpr(argE, batch, ctx, scope);
  const out = new Uint8Array(n);
  let nulls: Uint8Array | null = null;
  const consts = list.map((x) => constValue(x, ctx));
  const cls = orderClass(arg.type);
  if (list.length >= 4 && consts.every((c) => c !== undefined) && list.every((x) => orderClass(x.type) === cls)) {
    // Hash path: one Set of the constants' keys.
    const set = new Set<Key>();
    let listNull = false;
    list.forEach((x, j) => {
      const c = consts[j]!.value;
      if (c === null) { listNull = true; return; }
      const k = rowKeys([vectorFromValues(x.type, [c])], 1, false)[0];
      if (k !== null && k !== undefined) set.add(k);
    });
    const keys = rowKeys([arg], n, false);
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (k === null) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      if (set.has(k)) out[i] = negate ? 0 : 1;
      else if (listNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negate ? 1 : 0;
    }
    return { type, length: n, values: out, nulls };
  }
  // General path: OR of equalities in three-valued logic.
  const isNull = new Uint8Array(n);
  for (const x of list) {
    const eq = compareVectors('=', arg, evalExpr(x, batch, ctx, scope), type);
    const a = eq.values as Uint8Array, m = eq.nulls;
    for (let i = 0; i < n; i++) {
      if (out[i] === 1) continue;
      if (m !== null && m[i] === 1) isNull[i] = 1;
      else if (a[i] === 1) out[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) {
    if (out[i] === 1) { if (negate) out[i] = 0; continue; }
    if (isNull[i] === 1 || (arg.nulls !== null && arg.nulls[i] === 1)) (nulls ??= new Uint8Array(n))[i] = 1;
    else if (negate) out[i] = 1;
  }
  return { type, length: n, values: out, nulls };
}
