/**
 * Aggregate functions: which names are aggregates and what they return for which argument types
 * (PostgreSQL's pg_aggregate: sum(int4) → bigint, sum(int8) → numeric, avg(int) → numeric, …).
 *
 * Two entry points:
 * - `resolveAggregate(name, args, …)` for a plain call `agg([DISTINCT] args [ORDER BY …]) [FILTER (…)]`;
 * - `resolveOrderedSetAggregate(name, direct, orderArgs, …)` for `agg(direct) WITHIN GROUP (ORDER BY arg)`
 *   (percentile_cont, percentile_disc, mode). Such a call becomes an AggCall with
 *   `args: []`, `direct`, and `orderBy: [{ expr: arg, desc, nullsFirst }]` (the WITHIN GROUP key, with the
 *   direction written in it: percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC) is the 75th percentile).
 */
import { arrayTypeOf, canCastImplicitly, formatType, isArrayType, SqlError, SqlState, sqlType, T, TYPES, type SqlType } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import { coerce, type ParamTypes } from './coerce.ts';

const PLAIN = new Set(['count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'string_agg', 'array_agg',
  'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg',
  'bit_and', 'bit_or', 'bit_xor',
  'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop',
  'corr', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx',
  'regr_avgy', 'regr_sxx', 'regr_syy', 'regr_sxy']);
const ORDERED_SET = new Set(['percentile_cont', 'percentile_disc', 'mode']);
const VARIANCE = new Set(['stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop']);

/** Every aggregate name, plain and ordered-set. */
export const isAggregateName = (name: string): boolean => PLAIN.has(name) || ORDERED_SET.has(name);
/** percentile_cont, percentile_disc, mode: called only as `name(direct) WITHIN GROUP (ORDER BY arg)`. */
export const isOrderedSetAggregate = (name: string): boolean => ORDERED_SET.has(name);

const COMPARABLE = new Set(['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'varchar', 'bpchar',
  'name', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'bytea', 'oid', 'uuid']);

function noAggregate(name: string, args: readonly Expr[], position?: number): SqlError {
  return new SqlError(SqlState.undefinedFunction,
    `function ${name}(${args.map((a) => formatType(a.type)).join(', ')}) does not exist`,
    { position, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.' });
}

function notUnique(name: string, position?: number): SqlError {
  return new SqlError(SqlState.ambiguousFunction, `function ${name}(unknown) is not unique`, {
    position, hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
  });
}

/** `e` as float8 when it casts there implicitly (ints, float4, numeric, unknown), else undefined. */
function asFloat8(e: Expr, params: ParamTypes, position?: number): Expr | undefined {
  if (e.type.id !== 'unknown' && !canCastImplicitly(e.type, T.float8)) return undefined;
  return coerce(e, T.float8, 'implicit', params, position);
}

/** Resolve an aggregate call: returns coerced arguments and the result type. */
export function resolveAggregate(name: string, args0: readonly Expr[], params: ParamTypes, position?: number): { args: Expr[]; type: SqlType } {
  const args = [...args0];
  const one = (): Expr => {
    if (args.length !== 1) throw noAggregate(name, args, position);
    return args[0]!;
  };
  switch (name) {
    case 'count':
      one();
      if (args[0]!.type.id === 'unknown') args[0] = coerce(args[0]!, T.text, 'implicit', params, position);
      return { args, type: T.int8 };
    case 'sum': case 'avg': {
      let a = one();
      if (a.type.id === 'unknown') throw notUnique(name, position);
      const id = a.type.id;
      if (id === 'int2' || id === 'int4') return { args, type: name === 'sum' ? T.int8 : T.numeric };
      if (id === 'int8' || id === 'numeric') {
        if (a.type.typmod !== -1) a = args[0] = { ...a, type: T.numeric } as Expr;
        return { args, type: T.numeric };
      }
      if (id === 'float4') return { args, type: name === 'sum' ? T.float4 : T.float8 };
      if (id === 'float8') return { args, type: T.float8 };
      if (id === 'interval') return { args, type: T.interval };
      throw noAggregate(name, args, position);
    }
    case 'min': case 'max': {
      const a = one();
      if (a.type.id === 'unknown') args[0] = coerce(a, T.text, 'implicit', params, position);
      const t = args[0]!.type;
      if (!COMPARABLE.has(t.id) && !isArrayType(t)) throw noAggregate(name, args, position);
      // min/max over varchar/bpchar return text/bpchar as PostgreSQL's anyelement-free signatures do.
      if (t.id === 'varchar' || t.id === 'name') return { args: [coerce(args[0]!, T.text, 'implicit', params)], type: T.text };
      return { args, type: t.typmod === -1 || TYPES[t.id].category !== 'N' ? t : { id: t.id, typmod: -1 } };
    }
    case 'bool_and': case 'bool_or': case 'every': {
      const a = coerce(one(), T.bool, 'implicit', params, position);
      return { args: [a], type: T.bool };
    }
    case 'string_agg': {
      if (args.length !== 2) throw noAggregate(name, args, position);
      const isBytes = args[0]!.type.id === 'bytea';
      const t = isBytes ? T.bytea : T.text;
      return { args: [coerce(args[0]!, t, 'implicit', params, position), coerce(args[1]!, t, 'implicit', params, position)], type: t };
    }
    case 'array_agg': {
      // array_agg(anynonarray) → anyarray; array_agg(anyarray) stacks the inputs into one more dimension.
      let a = one();
      if (a.type.id === 'unknown') a = args[0] = coerce(a, T.text, 'implicit', params, position);
      const t = arrayTypeOf(a.type);
      if (t === undefined) throw noAggregate(name, args, position);
      return { args, type: t };
    }
    case 'json_agg': case 'jsonb_agg': {
      const a = one();
      if (a.type.id === 'unknown') args[0] = coerce(a, T.text, 'implicit', params, position);
      return { args, type: name === 'json_agg' ? T.json : T.jsonb };
    }
    case 'json_object_agg': case 'jsonb_object_agg': {
      if (args.length !== 2) throw noAggregate(name, args, position);
      const typed = args.map((a) => (a.type.id === 'unknown' ? coerce(a, T.text, 'implicit', params, position) : a));
      return { args: typed, type: name === 'json_object_agg' ? T.json : T.jsonb };
    }
    case 'bit_and': case 'bit_or': case 'bit_xor': {
      const a = one();
      if (a.type.id === 'unknown') throw notUnique(name, position); // int2/int4/int8/bit candidates
      if (a.type.id !== 'int2' && a.type.id !== 'int4' && a.type.id !== 'int8') throw noAggregate(name, args, position);
      return { args, type: sqlType(a.type.id) };
    }
    case 'regr_count': case 'corr': case 'covar_pop': case 'covar_samp': case 'regr_slope': case 'regr_intercept':
    case 'regr_r2': case 'regr_avgx': case 'regr_avgy': case 'regr_sxx': case 'regr_syy': case 'regr_sxy': {
      if (args.length !== 2) throw noAggregate(name, args, position);
      const y = asFloat8(args[0]!, params, position), x = asFloat8(args[1]!, params, position);
      if (y === undefined || x === undefined) throw noAggregate(name, args, position);
      return { args: [y, x], type: name === 'regr_count' ? T.int8 : T.float8 };
    }
  }
  if (VARIANCE.has(name)) {
    const a = one();
    const id = a.type.id;
    // unknown: every candidate is numeric-category, so the preferred float8 wins (stddev('1') is float8)
    if (id === 'unknown') return { args: [coerce(a, T.float8, 'implicit', params, position)], type: T.float8 };
    if (id === 'int2' || id === 'int4' || id === 'int8') return { args, type: T.numeric };
    if (id === 'numeric') return { args: [a.type.typmod === -1 ? a : { ...a, type: T.numeric } as Expr], type: T.numeric };
    if (id === 'float4' || id === 'float8') return { args, type: T.float8 };
    throw noAggregate(name, args, position);
  }
  // percentile_cont(0.5) without WITHIN GROUP finds no plain aggregate of that name, as in PostgreSQL.
  throw noAggregate(name, args, position);
}

/**
 * Resolve `name(direct…) WITHIN GROUP (ORDER BY orderArgs…)`.
 *
 * - percentile_cont(float8) WITHIN GROUP (ORDER BY float8 | interval) → float8 | interval
 *   (integers and numeric are cast to float8; the fraction is cast to float8);
 * - percentile_disc(float8) WITHIN GROUP (ORDER BY anyelement) → that type (typmod dropped);
 * - mode() WITHIN GROUP (ORDER BY anyelement) → that type.
 *
 * Returns the coerced direct arguments, the coerced WITHIN GROUP argument and the result type; the caller
 * builds `{ fn: name, args: [], direct, orderBy: [{ expr: arg, desc, nullsFirst }], distinct: false, filter,
 * type }`. Throws 42883 as PostgreSQL does (`function percentile_cont(numeric, text) does not exist`) for a
 * wrong argument count or type, and for a name that is not an ordered-set aggregate (`sum(integer, integer)`).
 * Callers check separately: OVER → 0A000 "OVER is not supported for ordered-set aggregate <name>",
 * DISTINCT in WITHIN GROUP is a syntax error already, and direct arguments may use only grouped columns.
 */
export function resolveOrderedSetAggregate(name: string, direct0: readonly Expr[], orderArgs: Expr | readonly Expr[],
  params: ParamTypes, position?: number): { direct: Expr[]; arg: Expr; type: SqlType } {
  const ordered = Array.isArray(orderArgs) ? (orderArgs as readonly Expr[]) : [orderArgs as Expr];
  // PostgreSQL names an untyped WITHIN GROUP literal `text` in the message (it was resolved as a sort key).
  const shown = [...direct0, ...ordered.map((e) => (e.type.id === 'unknown' ? { ...e, type: T.text } as Expr : e))];
  const fail = (): SqlError => noAggregate(name, shown, position);
  if (!ORDERED_SET.has(name) || ordered.length !== 1) throw fail();
  const arg0 = ordered[0]!;
  if (name === 'mode') {
    if (direct0.length !== 0) throw fail();
  } else if (direct0.length !== 1) {
    throw fail();
  }
  const direct: Expr[] = [];
  if (direct0.length === 1) {
    const f = asFloat8(direct0[0]!, params, position);
    if (f === undefined) throw fail();
    direct.push(f);
  }
  if (name === 'percentile_cont') {
    if (arg0.type.id === 'interval') return { direct, arg: arg0, type: T.interval };
    if (arg0.type.id === 'unknown') throw fail();
    const arg = asFloat8(arg0, params, position);
    if (arg === undefined) throw fail();
    return { direct, arg, type: T.float8 };
  }
  const arg = arg0.type.id === 'unknown' ? coerce(arg0, T.text, 'implicit', params, position) : arg0;
  if (!COMPARABLE.has(arg.type.id)) throw fail();
  return { direct, arg, type: sqlType(arg.type.id) };
}
