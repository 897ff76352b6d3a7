/**
 * Filters compiled to JavaScript. The conjuncts of a predicate that test columns against constants
 * (comparisons, IN lists, LIKE, IS NULL, and AND/OR/NOT over them) become one generated loop that writes the
 * indexes of the rows where they are TRUE: no intermediate boolean vectors, no per-operator passes, and code
 * that V8 specialises to the batch's actual storage (Int32Array, scaled doubles, strings) and nullability.
 * The other conjuncts run as before, on the rows that remain.
 *
 * Three-valued logic needs no NULL values in the generated code: each expression compiles to two tests,
 * "is TRUE" and "is FALSE" (NULL is neither), and NOT swaps them. A filter keeps the rows whose predicate
 * is TRUE.
 */
import { Decimal, internalize, T, takeBatch, type Batch, type Vector } from '../../common/index.ts';
import { compareBpchar, compareStrings, compileLike, FLIPPED, orderClass, scaledValue, type CompareOp, type LikeMatcher } from '../../kernels/index.ts';
import { columnsUsed, type Expr } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { constantEvaluator, isConstant, type ConstantEvaluator } from '../stats-pruning.ts';
import { filterBatch, pickColumns } from '../operators/batch-util.ts';

/** A batch's rows selected by a compiled program: writes row indexes into `out`, returns how many. */
type Program = (columns: readonly Vector[], n: number, out: Int32Array) => number;

/** Batches shorter than this are filtered by evaluation until a longer one has compiled the predicate. */
const MIN_COMPILED_ROWS = 64;

/** A predicate applied batch by batch: its compilable conjuncts in one generated loop, the rest evaluated. */
export class CompiledFilter {
  private readonly conjuncts: readonly Expr[];
  private readonly evaluate: ConstantEvaluator;
  /** Per storage signature of the batches seen (normally one). */
  private readonly plans = new Map<string, { program: Program | null; rest: Expr | null }>();
  private readonly columns: readonly number[];

  constructor(private readonly predicate: Expr, private readonly ctx: ExecContext) {
    this.conjuncts = predicate.kind === 'and' ? predicate.args : [predicate];
    this.evaluate = constantEvaluator(ctx);
    this.columns = [...columnsUsed(predicate)].sort((a, b) => a - b);
  }

  /** The rows of `batch` where the predicate is TRUE, or null when there are none. */
  /** The rows of `batch` that pass, with only its columns `keep` (all when undefined); null when none pass. */
  async apply(batch: Batch, keep?: readonly number[]): Promise<Batch | null> {
    const project = (b: Batch | null): Batch | null => (b === null ? b : pickColumns(b, keep));
    // A few rows (a point lookup's) are not worth generating code for.
    if (batch.length < MIN_COMPILED_ROWS && this.plans.size === 0) return project(await filterBatch(this.predicate, batch, this.ctx));
    const plan = this.plan(batch);
    if (plan.program === null) return project(await filterBatch(this.predicate, batch, this.ctx));
    const idx = new Int32Array(batch.length);
    const count = plan.program(batch.columns, batch.length, idx);
    if (count === 0) return null;
    if (plan.rest !== null) {
      return project(await filterBatch(plan.rest, count === batch.length ? batch : takeBatch(batch, idx, count), this.ctx));
    }
    // Columns only the filter needed are not copied.
    const kept = pickColumns(batch, keep);
    return count === batch.length ? kept : takeBatch(kept, idx, count);
  }

  private plan(batch: Batch): { program: Program | null; rest: Expr | null } {
    let sig = '';
    for (const j of this.columns) sig += storageOf(batch.columns[j]!) + ',';
    let plan = this.plans.get(sig);
    if (plan === undefined) {
      plan = compile(this.conjuncts, batch, this.evaluate);
      this.plans.set(sig, plan);
    }
    return plan;
  }
}

/** Candidate pairs of a join selected by a compiled program: writes the pair numbers k where it holds. */
type PairProgram = (columns: readonly Vector[], li: Int32Array, ri: Int32Array, n: number, out: Int32Array) => number;

/**
 * A join's residual condition tested on candidate pairs without building their rows: column j < leftWidth
 * is read at the pair's left row, the others at its right row. Only a residual that compiles whole is
 * handled here; `select` answers null otherwise, and the join evaluates it on materialised pairs as before.
 */
export class PairFilter {
  private readonly conjuncts: readonly Expr[];
  private readonly evaluate: ConstantEvaluator;
  private readonly plans = new Map<string, PairProgram | null>();
  private readonly columns: readonly number[];

  constructor(predicate: Expr, private readonly leftWidth: number, ctx: ExecContext) {
    this.conjuncts = predicate.kind === 'and' ? predicate.args : [predicate];
    this.evaluate = constantEvaluator(ctx);
    this.columns = [...columnsUsed(predicate)].sort((a, b) => a - b);
  }

  /** Has a program been generated (or found impossible) yet? Until then short runs of pairs are evaluated. */
  get compiled(): boolean {
    return this.plans.size > 0;
  }

  /**
   * The pairs k < n (left row li[k], right row ri[k]) where the condition is TRUE, as indexes into li/ri, or
   * null when it does not compile for these columns' storage.
   */
  select(left: readonly Vector[], right: readonly Vector[], li: Int32Array, ri: Int32Array, n: number): { idx: Int32Array; count: number } | null {
    const columns = [...left, ...right];
    let sig = '';
    for (const j of this.columns) sig += storageOf(columns[j]!) + ',';
    let program = this.plans.get(sig);
    if (program === undefined) {
      const compiled = compile(this.conjuncts, { columns, length: 0 }, this.evaluate);
      program = compiled.program === null || compiled.rest !== null ? null : instantiatePairs(compiled.test!, compiled.consts, this.leftWidth);
      this.plans.set(sig, program);
    }
    if (program === null) return null;
    const idx = new Int32Array(n);
    return { idx, count: program(columns, li, ri, n, idx) };
  }
}

/** How a vector holds its values, as far as generated code cares. */
function storageOf(v: Vector): string {
  const nulls = v.nulls === null ? '' : '?';
  const a = v.values;
  if (v.type.scaled !== undefined) return `s${v.type.scaled}${nulls}`;
  if (Array.isArray(a)) return `a${nulls}`;
  if (a instanceof BigInt64Array) return `b${nulls}`;
  if (a instanceof Float32Array) return `f${nulls}`; // float4: its constants are not rounded to float32 here
  return `n${nulls}`; // Int16Array, Int32Array, Uint8Array, Float64Array
}

interface Gen {
  readonly batch: Batch;
  readonly evaluate: ConstantEvaluator;
  /** Constants the code reads as k0, k1, … */
  readonly consts: unknown[];
}

/** A compiled expression: JS conditions for "is TRUE" and "is FALSE" of row `i`. */
interface Tests { readonly t: string; readonly f: string }

const FALSE: Tests = { t: 'false', f: 'false' };

function compile(conjuncts: readonly Expr[], batch: Batch, evaluate: ConstantEvaluator): { program: Program | null; rest: Expr | null; test?: string; consts: unknown[] } {
  const g: Gen = { batch, evaluate, consts: [] };
  const tests: string[] = [];
  const rest: Expr[] = [];
  for (const c of conjuncts) {
    const at = g.consts.length;
    const compiled = tests.length < 32 ? compileBool(c, g) : undefined;
    if (compiled === undefined) {
      g.consts.length = at;
      rest.push(c);
    } else {
      tests.push(`(${compiled.t})`);
    }
  }
  if (tests.length === 0) return { program: null, rest: null, consts: [] };
  const restExpr = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and' as const, args: rest, type: T.bool };
  const test = tests.join(' && ');
  return { program: instantiate(test, g.consts), rest: restExpr, test, consts: g.consts };
}

/** Generated code, by source: the same shape of predicate reuses one function (and V8's optimised code). */
type Factory = (k: readonly unknown[], cs: typeof compareStrings, cb: typeof compareBpchar) => unknown;
const FACTORIES = new Map<string, Factory>();

/** The function `body` returns, given the constants k0, k1, … it reads. */
function generate<F>(body: string, consts: readonly unknown[]): F {
  const src = `${consts.map((_, i) => `const k${i} = k[${i}];`).join(' ')}\n${body}`;
  let factory = FACTORIES.get(src);
  if (factory === undefined) {
    factory = new Function('k', 'cs', 'cb', src) as Factory;
    if (FACTORIES.size > 1024) FACTORIES.clear();
    FACTORIES.set(src, factory);
  }
  return factory(consts, compareStrings, compareBpchar) as F;
}

function instantiate(test: string, consts: readonly unknown[]): Program {
  return generate<Program>(`return function program(cols, n, out) {
  ${columnLocals(test)}
  let c = 0;
  for (let i = 0; i < n; i++) if (${test}) out[c++] = i;
  return c;
};`, consts);
}

/** A test over pairs: column j reads row `a` (a left column) or `b` (a right one) instead of `i`. */
function instantiatePairs(test: string, consts: readonly unknown[], leftWidth: number): PairProgram {
  const paired = test.replace(/\b([vm])(\d+)\[i\]/g, (_, kind: string, j: string) => `${kind}${j}[${Number(j) < leftWidth ? 'a' : 'b'}]`);
  return generate<PairProgram>(`return function pairs(cols, li, ri, n, out) {
  ${columnLocals(paired, /\b[vm](\d+)\[[ab]\]/g)}
  let c = 0;
  for (let k = 0; k < n; k++) { const a = li[k], b = ri[k]; if (${paired}) out[c++] = k; }
  return c;
};`, consts);
}

/** `const v3 = cols[3].values, m3 = cols[3].nulls;` for each column the test reads. */
function columnLocals(test: string, reads = /\b[vm](\d+)\[/g): string {
  const used = new Set<string>();
  for (const m of test.matchAll(reads)) used.add(m[1]!);
  return [...used].map((j) => `const v${j} = cols[${j}].values, m${j} = cols[${j}].nulls;`).join('\n  ');
}

function constant(e: Expr, g: Gen): { value: unknown } | undefined {
  if (!isConstant(e)) return undefined;
  try {
    return { value: g.evaluate(e) };
  } catch {
    return undefined; // the general path raises the error, if a row ever needs the value
  }
}

function bind(value: unknown, g: Gen): string {
  g.consts.push(typeof value === 'string' ? internalize(value) : value);
  return `k${g.consts.length - 1}`;
}

/** A boolean expression's tests, or undefined when it cannot be compiled. */
function compileBool(e: Expr, g: Gen): Tests | undefined {
  switch (e.kind) {
    case 'and': case 'or': {
      const parts: Tests[] = [];
      for (const a of e.args) {
        const p = compileBool(a, g);
        if (p === undefined) return undefined;
        parts.push(p);
      }
      const t = parts.map((p) => `(${p.t})`), f = parts.map((p) => `(${p.f})`);
      return e.kind === 'and' ? { t: t.join(' && '), f: f.join(' || ') } : { t: t.join(' || '), f: f.join(' && ') };
    }
    case 'not': {
      const p = compileBool(e.arg, g);
      return p === undefined ? undefined : { t: p.f, f: p.t };
    }
    case 'is-null': {
      const col = columnOf(e.arg, g);
      if (col === undefined) return undefined;
      const isNull = col.nulls === null ? 'false' : `m${col.index}[i] === 1`;
      const notNull = col.nulls === null ? 'true' : `m${col.index}[i] !== 1`;
      return e.negate ? { t: notNull, f: isNull } : { t: isNull, f: notNull };
    }
    case 'column': {
      if (e.type.id !== 'bool') return undefined;
      const col = columnOf(e, g);
      if (col === undefined || storageOf(col.vector)[0] !== 'n') return undefined;
      const nn = notNullTest(col);
      return { t: `${nn}v${col.index}[i] === 1`, f: `${nn}v${col.index}[i] === 0` };
    }
    case 'compare': return compileCompare(e.op, e.left, e.right, g);
    case 'in-list': return compileInList(e.arg, e.list, e.negate, g);
    case 'like': return compileLikeExpr(e, g);
    default: {
      if (e.type.id !== 'bool') return undefined;
      const c = constant(e, g);
      if (c === undefined) return undefined;
      return c.value === null ? FALSE : c.value === true ? { t: 'true', f: 'false' } : { t: 'false', f: 'true' };
    }
  }
}

interface Col { readonly index: number; readonly vector: Vector; readonly nulls: Uint8Array | null }

/** A column reference (through casts that do not change string values), as read by the generated code. */
function columnOf(e: Expr, g: Gen): Col | undefined {
  if (e.kind === 'cast' && e.type.id === 'text' && ['text', 'varchar', 'name'].includes(e.arg.type.id)) return columnOf(e.arg, g);
  if (e.kind !== 'column') return undefined;
  const vector = g.batch.columns[e.index];
  if (vector === undefined) return undefined;
  return { index: e.index, vector, nulls: vector.nulls };
}

const notNullTest = (c: Col): string => (c.nulls === null ? '' : `m${c.index}[i] !== 1 && `);

const JS_OP: Record<CompareOp, string> = { '=': '===', '<>': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const NEGATED: Record<CompareOp, CompareOp> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

function compileCompare(op: CompareOp, left: Expr, right: Expr, g: Gen): Tests | undefined {
  let col = columnOf(left, g), other = right;
  if (col === undefined) {
    col = columnOf(right, g);
    other = left;
    op = FLIPPED[op];
  }
  if (col === undefined) return undefined;
  const cls = orderClass(col.vector.type);
  const x = `v${col.index}[i]`;
  const otherCol = columnOf(other, g);
  if (otherCol !== undefined) {
    // Two columns: plain numbers of one type (integers and dates; floats have NaN's order), or strings' equality.
    const kinds = storageOf(col.vector)[0]! + storageOf(otherCol.vector)[0]!;
    const y = `v${otherCol.index}[i]`;
    const nn = notNullTest(col) + notNullTest(otherCol);
    if (kinds === 'nn' && cls === 'int' && col.vector.type.id === otherCol.vector.type.id) {
      return { t: `${nn}${x} ${JS_OP[op]} ${y}`, f: `${nn}${x} ${JS_OP[NEGATED[op]]} ${y}` };
    }
    if (kinds === 'aa' && TEXTS.has(col.vector.type.id) && TEXTS.has(otherCol.vector.type.id) && (op === '=' || op === '<>')) {
      return { t: `${nn}${x} ${JS_OP[op]} ${y}`, f: `${nn}${x} ${JS_OP[NEGATED[op]]} ${y}` };
    }
    return undefined;
  }
  if (!sameDomain(col.vector, other)) return undefined;
  const c = constant(other, g);
  if (c === undefined) return undefined;
  if (c.value === null) return FALSE;
  const k = physicalConstant(col.vector, c.value);
  if (k === undefined) return undefined;
  const nn = notNullTest(col);
  const kv = bind(k, g);
  const test = (o: CompareOp): string => {
    if (cls === 'string' && (o === '=' || o === '<>')) return `${x} ${JS_OP[o]} ${kv}`;
    if (cls === 'string') return `cs(${x}, ${kv}) ${JS_OP[o]} 0`;
    if (cls === 'bpchar') return `cb(${x}, ${kv}) ${JS_OP[o]} 0`;
    // float8_cmp: NaN is above every number (the constant is not NaN).
    if (cls === 'float' && (o === '>' || o === '>=')) return `(${x} ${JS_OP[o]} ${kv} || ${x} !== ${x})`;
    return `${x} ${JS_OP[o]} ${kv}`;
  };
  return { t: `${nn}${test(op)}`, f: `${nn}${test(NEGATED[op])}` };
}

const SMALL_INTS = new Set(['int2', 'int4', 'oid']);
/** String types compared as plain JS strings (code points; bpchar adds its trailing-space rule). */
const TEXTS = new Set(['text', 'varchar', 'name', 'char']);

/** Do the column's values and the constant's compare as plain values (no unit or representation to convert)? */
function sameDomain(v: Vector, c: Expr): boolean {
  const a = v.type.id, b = c.type.id;
  if (a === b) return true;
  const cls = orderClass(v.type);
  if (TEXTS.has(a)) return TEXTS.has(b);
  return SMALL_INTS.has(a) && SMALL_INTS.has(b);
}

/**
 * A constant as the column's storage holds values: a number for number arrays (a scaled double for scaled
 * numerics), a bigint for int8, a string for strings; undefined when the generated code cannot compare it.
 */
function physicalConstant(v: Vector, value: unknown): unknown {
  const storage = storageOf(v)[0]!;
  const cls = orderClass(v.type);
  switch (storage) {
    case 's': return value instanceof Decimal && value.isFinite() ? scaledValue(value, v.type.scaled!) : undefined;
    case 'b': return typeof value === 'bigint' ? value : undefined;
    case 'a': return (TEXTS.has(v.type.id) || cls === 'bpchar') && typeof value === 'string' ? value : undefined;
    case 'n': {
      if (cls !== 'int' && cls !== 'float') return undefined;
      return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
    }
  }
  return undefined;
}

function compileInList(arg: Expr, list: readonly Expr[], negate: boolean, g: Gen): Tests | undefined {
  const col = columnOf(arg, g);
  if (col === undefined) return undefined;
  const cls = orderClass(col.vector.type);
  if (cls === 'bpchar') return undefined;
  const keys: unknown[] = [];
  let listNull = false;
  for (const item of list) {
    if (!sameDomain(col.vector, item)) return undefined;
    const c = constant(item, g);
    if (c === undefined) return undefined;
    if (c.value === null) { listNull = true; continue; }
    const k = physicalConstant(col.vector, c.value);
    if (k === undefined) return undefined;
    keys.push(k);
  }
  const x = `v${col.index}[i]`;
  const member = keys.length === 0 ? 'false'
    : keys.length <= 8 ? `(${keys.map((k) => `${x} === ${bind(k, g)}`).join(' || ')})`
      : `${bind(new Set(keys), g)}.has(${x})`;
  const nn = notNullTest(col);
  const found = `${nn}${member}`;
  // Not found is FALSE only when no element is NULL (x = NULL is unknown).
  const notFound = listNull ? 'false' : `${nn}!${member}`;
  return negate ? { t: notFound, f: found } : { t: found, f: notFound };
}

function compileLikeExpr(e: Extract<Expr, { kind: 'like' }>, g: Gen): Tests | undefined {
  const col = columnOf(e.arg, g);
  if (col === undefined || !TEXTS.has(col.vector.type.id) || storageOf(col.vector)[0] !== 'a') return undefined;
  const pattern = constant(e.pattern, g);
  const escape = e.escape === null ? { value: undefined } : constant(e.escape, g);
  if (pattern === undefined || escape === undefined) return undefined;
  if (pattern.value === null || escape.value === null) return FALSE;
  let re: LikeMatcher;
  try {
    re = compileLike(pattern.value as string, (escape.value as string | undefined) ?? null, e.caseInsensitive);
  } catch {
    return undefined; // a bad pattern: the general path reports it
  }
  const nn = notNullTest(col);
  const match = `${bind(re, g)}.test(v${col.index}[i])`;
  return e.negate ? { t: `${nn}!${match}`, f: `${nn}${match}` } : { t: `${nn}${match}`, f: `${nn}!${match}` };
}
