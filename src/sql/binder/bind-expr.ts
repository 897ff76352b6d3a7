/**
 * Binding expressions: libpg-query AST → typed Expr, resolving names against a Scope, choosing operators and
 * functions, inserting implicit casts, and collecting aggregate calls for the enclosing SELECT.
 */
import {
  arrayTypeOf, Decimal, DEFAULT_TEXT_OPTIONS, recordText, textOut, elementType, formatType, getValue, isArrayType, PgArray, SqlError, SqlState, T,
  recordType, sqlType, TYPES, vectorFromValues, type SqlType,
} from '../../common/index.ts';
import {
  computedColumn, someExpr, transformExpr, type AggCall, type CompareOp, type Expr, type LogicalPlan, type ScalarOverload,
  type SrfCall, type SubqueryExpr,
} from '../../plan/index.ts';
import { isAggregateName, isOrderedSetAggregate, resolveAggregate, resolveOrderedSetAggregate } from './aggregates.ts';
import { coerce, commonType, constExpr, resolveUnknown } from './coerce.ts';
import { resolveOverload } from './resolve-function.ts';
import { bindBinaryOp, bindUnaryOp, comparisonOperandType } from './operators.ts';
import type { Scope } from './scope.ts';
import type { BinderState } from './state.ts';
import { bindQuery } from './bind-select.ts';
import { resolveTypeName } from './type-name.ts';
import { bindWindowCall, isWindowOnlyFunction, type WindowCollector } from './bind-window.ts';

// The AST is libpg-query's JSON; its shape is checked where it is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ast = any;

/** Aggregates found while binding one SELECT level. Bound calls become ColumnExprs at AGG_BASE + index. */
export interface AggCollector {
  readonly calls: AggCall[];
  readonly keys: Map<string, number>;
  /** grouping(…) calls: their arguments; each stands for a ColumnExpr at GROUPING_BASE + index. */
  readonly groupingCalls: Expr[][];
}
export const AGG_BASE = 1 << 24;
export const GROUPING_BASE = 1 << 26;
/** Set-returning functions of a SELECT list: a call stands for a ColumnExpr at SRF_BASE + index. */
export const SRF_BASE = 1 << 27;

export interface ExprEnv {
  readonly scope: Scope;
  readonly state: BinderState;
  /** Where aggregates may appear (SELECT list, HAVING, ORDER BY of an aggregating query). */
  readonly aggs: AggCollector | undefined;
  /** Clause name for errors like "aggregate functions are not allowed in WHERE". */
  readonly clause: string;
  /** True while binding an aggregate's arguments (nested aggregates are an error). */
  readonly inAggregate?: boolean;
  /** Where window functions may appear (SELECT list and ORDER BY). */
  readonly windows?: WindowCollector;
  /** True while binding a window function's arguments or window definition. */
  readonly inWindow?: boolean;
  /** Where set-returning functions may appear (the SELECT list), collected for a ProjectSet node. */
  readonly srfs?: SrfCall[];
  /** In a MERGE's RETURNING list: what merge_action() reads. */
  readonly mergeAction?: Expr;
}

/** The node type name and body of an AST node: `{ A_Const: {...} }` → ['A_Const', {...}]. */
export function nodeOf(n: Ast): [string, Ast] {
  const k = Object.keys(n)[0]!;
  return [k, n[k]];
}

export const strings = (list: Ast[] | undefined): string[] => (list ?? []).map((x: Ast) => x.String?.sval ?? '');

export function bindExpr(node: Ast, env: ExprEnv): Expr {
  const [kind, n] = nodeOf(node);
  const pos = env.state.pos(n?.location);
  switch (kind) {
    case 'ColumnRef': return bindColumnRef(n, env, pos);
    case 'A_Const': return bindConst(n, env, pos);
    case 'ParamRef': return bindParam(n, env, pos);
    case 'TypeCast': {
      const to = resolveTypeName(n.typeName, env.state, pos);
      // ARRAY[]::t[]: an empty array takes its type from the cast.
      if (n.arg.A_ArrayExpr !== undefined && (n.arg.A_ArrayExpr.elements ?? []).length === 0 && isArrayType(to)) {
        return constExpr(PgArray.EMPTY, to);
      }
      const arg = bindExpr(n.arg, env);
      // A literal that does not parse as the type is reported at the literal, as PostgreSQL does.
      const argPos = n.arg.A_Const !== undefined ? env.state.pos(n.arg.A_Const.location) ?? pos : pos;
      return coerce(arg, to, 'explicit', env.state.params, argPos);
    }
    case 'A_Expr': return bindAExpr(n, env, pos);
    case 'BoolExpr': {
      const args = (n.args as Ast[]).map((a) => asBool(bindExpr(a, env), env, 'argument of ' + n.boolop.replace('_EXPR', ''), pos));
      if (n.boolop === 'NOT_EXPR') return { kind: 'not', arg: args[0]!, type: T.bool };
      return { kind: n.boolop === 'AND_EXPR' ? 'and' : 'or', args, type: T.bool };
    }
    case 'NullTest': {
      const arg = resolveUnknown(bindExpr(n.arg, env), env.state.params);
      return { kind: 'is-null', negate: n.nulltesttype === 'IS_NOT_NULL', arg, type: T.bool };
    }
    case 'BooleanTest': {
      const arg = asBool(bindExpr(n.arg, env), env, 'argument of IS TRUE', pos);
      const t: string = n.booltesttype;
      const test = t.includes('TRUE') ? 'true' : t.includes('FALSE') ? 'false' : 'unknown';
      return { kind: 'is-bool', test, negate: t.includes('NOT'), arg, type: T.bool };
    }
    case 'CaseExpr': return bindCase(n, env, pos);
    case 'CoalesceExpr': {
      const args = (n.args as Ast[]).map((a) => bindExpr(a, env));
      const t = commonType(args.map((a) => a.type), 'COALESCE', pos);
      return { kind: 'coalesce', args: args.map((a) => coerce(a, t, 'implicit', env.state.params, pos)), type: t };
    }
    case 'MinMaxExpr': {
      const args = (n.args as Ast[]).map((a) => bindExpr(a, env));
      const name = n.op === 'IS_GREATEST' ? 'GREATEST' : 'LEAST';
      const t = commonType(args.map((a) => a.type), name, pos);
      return { kind: name === 'GREATEST' ? 'greatest' : 'least', args: args.map((a) => coerce(a, t, 'implicit', env.state.params, pos)), type: t };
    }
    case 'FuncCall': return bindFuncCall(n, env, pos);
    case 'SubLink': return bindSubLink(n, env, pos);
    case 'SQLValueFunction': return bindSqlValueFunction(n, env, pos);
    case 'CollateClause': return bindExpr(n.arg, env);
    case 'A_ArrayExpr': return bindArrayExpr(n, env, pos);
    case 'A_Indirection': return bindIndirection(n, env, pos);
    case 'RowExpr': return bindRowValue(n, env);
    case 'MergeSupportFunc':
      if (env.mergeAction === undefined) {
        throw new SqlError(SqlState.syntaxError, 'MERGE_ACTION() can only be used in the RETURNING list of a MERGE command', { position: pos });
      }
      return env.mergeAction;
    case 'GroupingFunc': {
      if (env.aggs === undefined || env.inAggregate) {
        throw new SqlError(SqlState.groupingError, `grouping operations are not allowed in ${env.inAggregate ? 'aggregate function arguments' : env.clause}`, { position: pos });
      }
      const args = (n.args as Ast[]).map((a) => bindExpr(a, { ...env, inAggregate: true }));
      if (args.length > 31) throw new SqlError(SqlState.tooManyArguments, 'GROUPING must have fewer than 32 arguments', { position: pos });
      const k = env.aggs.groupingCalls.push(args) - 1;
      return { kind: 'column', index: GROUPING_BASE + k, type: T.int4, name: 'grouping' };
    }
    default:
      throw new SqlError(SqlState.featureNotSupported, `expression ${kind} is not supported`, { position: pos });
  }
}

export function asBool(e: Expr, env: ExprEnv, what: string, position?: number): Expr {
  if (e.type.id === 'bool') return e;
  if (e.type.id === 'unknown') return coerce(e, T.bool, 'implicit', env.state.params, position);
  throw new SqlError(SqlState.datatypeMismatch, `${what} must be type boolean, not type ${formatType(e.type)}`, { position });
}

function bindColumnRef(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const fields: Ast[] = n.fields;
  if (fields.some((f) => f.A_Star !== undefined)) {
    throw new SqlError(SqlState.syntaxError, 'row expansion via "*" is not supported here', { position: pos });
  }
  const parts = strings(fields);
  const { column, depth } = env.scope.resolve(parts, pos);
  if (depth === 0) return { kind: 'column', index: column.index, type: column.type, name: column.name };
  return { kind: 'outer', depth, index: column.index, type: column.type, name: column.name };
}

function bindConst(n: Ast, _env: ExprEnv, _pos: number | undefined): Expr {
  if (n.isnull) return constExpr(null, T.unknown);
  if (n.ival !== undefined) return constExpr(n.ival.ival ?? 0, T.int4);
  if (n.fval !== undefined) {
    const text: string = n.fval.fval;
    if (/^[+-]?\d+$/.test(text)) {
      const big = BigInt(text);
      // Integer literals are int4 when they fit (`-2147483648` arrives here, folded with its sign), else int8.
      if (big >= -(2n ** 31n) && big < 2n ** 31n) return constExpr(Number(big), T.int4);
      if (big >= -(2n ** 63n) && big < 2n ** 63n) return constExpr(big, T.int8);
    }
    return constExpr(Decimal.parse(text), T.numeric);
  }
  if (n.sval !== undefined) {
    const location = _env.state.pos(n.location);
    return location === undefined ? constExpr(n.sval.sval ?? '', T.unknown) : { kind: 'const', value: n.sval.sval ?? '', type: T.unknown, location };
  }
  if (n.boolval !== undefined) return constExpr(n.boolval.boolval === true, T.bool);
  if (n.bsval !== undefined) {
    throw new SqlError(SqlState.featureNotSupported, 'bit string literals are not supported', { position: _pos });
  }
  return constExpr(null, T.unknown);
}

function bindParam(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const i = (n.number as number) - 1;
  const params = env.state.params;
  if (i < 0 || i >= 65535) throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${i + 1}`, { position: pos });
  if (env.state.fixedParams && i >= params.length) {
    throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${i + 1}`, { position: pos });
  }
  while (params.length <= i) params.push(undefined);
  return { kind: 'param', index: i, type: params[i] ?? T.unknown };
}

function bindAExpr(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const opName = strings(n.name).pop() ?? '';
  const params = env.state.params;
  switch (n.kind as string) {
    case 'AEXPR_OP': {
      const call = (name: string, args: readonly Expr[], p?: number): Expr => callFunction(name, args, env, p);
      if (n.lexpr === undefined) return bindUnaryOp(opName, bindExpr(n.rexpr, env), params, pos, call);
      if (n.lexpr.RowExpr !== undefined && n.rexpr.RowExpr !== undefined) return bindRowComparison(opName, n.lexpr.RowExpr, n.rexpr.RowExpr, env, pos);
      const left = bindExpr(n.lexpr, env), right = bindExpr(n.rexpr, env);
      if (opName === '~~' || opName === '!~~' || opName === '~~*' || opName === '!~~*') {
        return bindLike(left, right, null, opName.includes('*'), opName.startsWith('!'), env, pos);
      }
      return bindBinaryOp(opName, left, right, params, pos, call);
    }
    case 'AEXPR_LIKE': case 'AEXPR_ILIKE': {
      const left = bindExpr(n.lexpr, env);
      let pattern: Ast = n.rexpr;
      let escape: Expr | null = null;
      // `x LIKE p ESCAPE e` arrives as like_escape(p, e).
      const fc = pattern.FuncCall;
      if (fc !== undefined && strings(fc.funcname).pop() === 'like_escape') {
        pattern = fc.args[0];
        escape = coerce(bindExpr(fc.args[1], env), T.text, 'implicit', params, pos);
      }
      return bindLike(left, bindExpr(pattern, env), escape, n.kind === 'AEXPR_ILIKE', opName.startsWith('!'), env, pos);
    }
    case 'AEXPR_DISTINCT': case 'AEXPR_NOT_DISTINCT': {
      if (n.lexpr.RowExpr !== undefined && n.rexpr.RowExpr !== undefined) {
        // Rows are distinct when any pair of fields is.
        const pairs = rowPairs(n.lexpr.RowExpr, n.rexpr.RowExpr, env, pos).map(([l, r]): Expr => {
          const c = bindBinaryOp('=', l, r, params, pos) as Extract<Expr, { kind: 'compare' }>;
          return { kind: 'is-distinct', negate: false, left: c.left, right: c.right, type: T.bool };
        });
        const any: Expr = pairs.length === 1 ? pairs[0]! : { kind: 'or', args: pairs, type: T.bool };
        return n.kind === 'AEXPR_NOT_DISTINCT' ? { kind: 'not', arg: any, type: T.bool } : any;
      }
      const cmp = bindBinaryOp('=', bindExpr(n.lexpr, env), bindExpr(n.rexpr, env), params, pos) as Extract<Expr, { kind: 'compare' }>;
      return { kind: 'is-distinct', negate: n.kind === 'AEXPR_NOT_DISTINCT', left: cmp.left, right: cmp.right, type: T.bool };
    }
    case 'AEXPR_NULLIF': {
      const left = bindExpr(n.lexpr, env), right = bindExpr(n.rexpr, env);
      // NULLIF is the = operator's CASE: its type is that operator's left input type.
      const cmp = bindBinaryOp('=', left, right, params, pos);
      const t = cmp.kind === 'compare' ? cmp.left.type : resolveUnknown(left, params).type;
      const l = coerce(left, t, 'implicit', params, pos);
      return { kind: 'case', whens: [{ when: cmp, then: constExpr(null, t) }], else: l, type: t };
    }
    case 'AEXPR_IN': {
      const items: Ast[] = n.rexpr.List?.items ?? n.rexpr;
      if (n.lexpr.RowExpr !== undefined) {
        // (a, b) IN ((1, 2), (3, 4)): OR of row equalities; NOT IN: AND of row inequalities.
        const negate = opName === '<>';
        const tests = items.map((x) => {
          if (x.RowExpr === undefined) throw new SqlError(SqlState.syntaxError, 'unequal number of entries in row expressions', { position: pos });
          return bindRowComparison(negate ? '<>' : '=', n.lexpr.RowExpr, x.RowExpr, env, pos);
        });
        return tests.length === 1 ? tests[0]! : { kind: negate ? 'and' : 'or', args: tests, type: T.bool };
      }
      const arg = bindExpr(n.lexpr, env);
      const list = items.map((x) => bindExpr(x, env));
      let t = commonType([arg.type, ...list.map((x) => x.type)], 'IN', pos);
      if (comparisonOperandType(arg.type, t) !== undefined && arg.type.id !== 'unknown') {
        t = comparisonOperandType(arg.type, t)!;
      }
      const negate = opName === '<>';
      return {
        kind: 'in-list', negate, type: T.bool,
        arg: coerce(arg, t, 'implicit', params, pos), list: list.map((x) => coerce(x, t, 'implicit', params, pos)),
      };
    }
    case 'AEXPR_BETWEEN': case 'AEXPR_NOT_BETWEEN': case 'AEXPR_BETWEEN_SYM': case 'AEXPR_NOT_BETWEEN_SYM': {
      const bounds: Ast[] = n.rexpr.List?.items ?? n.rexpr;
      const x = bindExpr(n.lexpr, env);
      const lo = bindExpr(bounds[0], env), hi = bindExpr(bounds[1], env);
      const ge = (a: Expr, b: Expr) => bindBinaryOp('>=', a, b, params, pos);
      const le = (a: Expr, b: Expr) => bindBinaryOp('<=', a, b, params, pos);
      let e: Expr = { kind: 'and', args: [ge(x, lo), le(x, hi)], type: T.bool };
      if (n.kind.includes('SYM')) {
        e = { kind: 'or', args: [e, { kind: 'and', args: [ge(x, hi), le(x, lo)], type: T.bool }], type: T.bool };
      }
      return n.kind.includes('NOT') ? { kind: 'not', arg: e, type: T.bool } : e;
    }
    case 'AEXPR_OP_ANY': case 'AEXPR_OP_ALL': return bindArrayQuantified(opName, n, env, pos);
    case 'AEXPR_SIMILAR':
      throw new SqlError(SqlState.featureNotSupported, 'SIMILAR TO is not supported yet', { position: pos });
    default:
      throw new SqlError(SqlState.featureNotSupported, `operator form ${n.kind} is not supported`, { position: pos });
  }
}

function bindLike(left0: Expr, pattern0: Expr, escape: Expr | null, ci: boolean, negate: boolean, env: ExprEnv, pos?: number): Expr {
  const params = env.state.params;
  const isText = (e: Expr) => TYPES[e.type.id].category === 'S' || e.type.id === 'unknown';
  if (!isText(left0) || !isText(pattern0)) {
    throw new SqlError(SqlState.undefinedFunction,
      `operator does not exist: ${formatType(left0.type)} ${negate ? '!' : ''}~~${ci ? '*' : ''} ${formatType(pattern0.type)}`,
      { position: pos, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.' });
  }
  const left = coerce(left0, T.text, 'implicit', params, pos);
  const pattern = coerce(pattern0, T.text, 'implicit', params, pos);
  return { kind: 'like', arg: left, pattern, escape, caseInsensitive: ci, negate, type: T.bool };
}

function bindCase(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const params = env.state.params;
  const operand = n.arg === undefined ? undefined : bindExpr(n.arg, env);
  const whens = (n.args as Ast[]).map((w) => {
    const cw = w.CaseWhen;
    const cond = bindExpr(cw.expr, env);
    const when = operand === undefined
      ? asBool(cond, env, 'argument of CASE/WHEN', env.state.pos(cw.location))
      : bindBinaryOp('=', operand, cond, params, env.state.pos(cw.location));
    return { when, then: bindExpr(cw.result, env) };
  });
  const elseExpr = n.defresult === undefined ? constExpr(null, T.unknown) : bindExpr(n.defresult, env);
  // PostgreSQL puts the ELSE result first when choosing the common type.
  const t = commonType([elseExpr.type, ...whens.map((w) => w.then.type)], 'CASE', pos);
  return {
    kind: 'case', type: t,
    whens: whens.map((w) => ({ when: w.when, then: coerce(w.then, t, 'implicit', params, pos) })),
    else: coerce(elseExpr, t, 'implicit', params, pos),
  };
}

function bindSqlValueFunction(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const call = (name: string): Expr => callFunction(name, [], env, pos);
  switch (n.op as string) {
    case 'SVFOP_CURRENT_DATE': return coerce(call('now'), T.date, 'explicit', env.state.params);
    case 'SVFOP_CURRENT_TIMESTAMP': case 'SVFOP_CURRENT_TIMESTAMP_N': return call('now');
    case 'SVFOP_LOCALTIMESTAMP': case 'SVFOP_LOCALTIMESTAMP_N': return coerce(call('now'), T.timestamp, 'explicit', env.state.params);
    case 'SVFOP_CURRENT_TIME': case 'SVFOP_CURRENT_TIME_N': case 'SVFOP_LOCALTIME': case 'SVFOP_LOCALTIME_N':
      return coerce(call('now'), T.time, 'explicit', env.state.params);
    case 'SVFOP_CURRENT_USER': case 'SVFOP_USER': case 'SVFOP_CURRENT_ROLE': case 'SVFOP_SESSION_USER':
      return constExpr(env.state.ctx.session.user, T.name);
    case 'SVFOP_CURRENT_CATALOG': return constExpr(env.state.ctx.session.database, T.name);
    case 'SVFOP_CURRENT_SCHEMA': return constExpr(env.state.ctx.session.searchPath()[0] ?? null, T.name);
  }
  throw new SqlError(SqlState.featureNotSupported, `${n.op} is not supported`, { position: pos });
}

/**
 * A function's arguments without parameters of type void. PostgreSQL drops them for JDBC's benefit: its
 * `{? = call f(?)}` escape sends `f($1, $2)` with the result placeholder `$1` declared void.
 */
export function withoutVoidParams(args: Expr[]): Expr[] {
  return args.some((a) => a.kind === 'param' && a.type.id === 'void') ? args.filter((a) => !(a.kind === 'param' && a.type.id === 'void')) : args;
}

/** Functions PostgreSQL defines in information_schema, off the search path: reached only by that schema's name. */
const INFORMATION_SCHEMA_FUNCTIONS = new Set(['_pg_expandarray']);

/** A function name may name pg_catalog (every built-in's schema) or, for a few, information_schema. */
export function checkFunctionSchema(nameParts: readonly string[], pos: number | undefined): void {
  const name = nameParts[nameParts.length - 1]!.toLowerCase();
  const schema = nameParts.length > 1 ? nameParts[0] : undefined;
  const ok = INFORMATION_SCHEMA_FUNCTIONS.has(name) ? schema === 'information_schema' : schema === undefined || schema === 'pg_catalog';
  if (!ok) throw new SqlError(SqlState.undefinedFunction, `function ${nameParts.join('.')} does not exist`, { position: pos });
}

function bindFuncCall(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const nameParts = strings(n.funcname);
  const name = nameParts[nameParts.length - 1]!.toLowerCase();
  checkFunctionSchema(nameParts, pos);
  if (n.over !== undefined) return bindWindowCall(name, n, env, pos);
  if (isWindowOnlyFunction(name)) {
    throw new SqlError(SqlState.wrongObjectType, `window function ${name} requires an OVER clause`, { position: pos });
  }
  if (isAggregateName(name) && !n.func_variadic) return bindAggregate(name, n, env, pos);
  if (env.state.ctx.functions.setReturning(name) !== undefined) return bindSelectListSrf(name, n, env, pos);
  if (n.agg_star || n.agg_distinct || n.agg_filter !== undefined || n.agg_order !== undefined || n.agg_within_group) {
    throw new SqlError(SqlState.wrongObjectType, `${n.agg_star ? `${name}(*)` : 'DISTINCT/ORDER BY/FILTER'} specified, but ${name} is not an aggregate function`, { position: pos });
  }
  const args = withoutVoidParams(((n.args ?? []) as Ast[]).map((a) => bindExpr(a, env)));
  if (name === 'pg_typeof' && args.length === 1) return constExpr(formatType(sqlType(args[0]!.type.id)), T.text); // regtype: no typmod
  return callFunction(name, args, env, pos);
}

function bindAggregate(name: string, n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const outerEnv = outerAggregateEnv(env);
  if (outerEnv !== undefined && aggregatesOuterLevel(n, env)) {
    // An aggregate over the enclosing query's columns is that query's aggregate; here it reads as its result.
    const bound = bindAggregate(name, n, { ...outerEnv, inAggregate: false }, pos);
    if (bound.kind !== 'column') throw new SqlError(SqlState.internalError, 'outer aggregate did not bind to a column');
    env.scope.usesOuter = true;
    return { kind: 'outer', depth: 1, index: bound.index, type: bound.type, name: bound.name };
  }
  if (env.aggs === undefined) {
    throw new SqlError(SqlState.groupingError, `aggregate functions are not allowed in ${env.clause}`, { position: pos });
  }
  if (env.inAggregate) {
    throw new SqlError(SqlState.groupingError, 'aggregate function calls cannot be nested', { position: pos });
  }
  const inner: ExprEnv = { ...env, inAggregate: true };
  let call: AggCall;
  if (n.agg_star) {
    if (name !== 'count') {
      throw new SqlError(SqlState.syntaxError, `${name}(*) is not allowed`, { position: pos });
    }
    call = { fn: 'count_star', args: [], distinct: false, filter: null, type: T.int8 };
  } else if (n.agg_within_group) {
    // Ordered-set aggregate: f(direct args) WITHIN GROUP (ORDER BY sort argument).
    const direct = ((n.args ?? []) as Ast[]).map((a) => bindExpr(a, inner));
    const keys = (n.agg_order as Ast[]).map((o) => o.SortBy);
    const sortArgs = keys.map((sb) => bindExpr(sb.node, inner));
    if (!isOrderedSetAggregate(name)) {
      // As PostgreSQL: no such function taking the direct and sorted arguments together.
      throw new SqlError(SqlState.undefinedFunction, `function ${name}(${[...direct, ...sortArgs].map((a) => formatType(a.type)).join(', ')}) does not exist`, {
        position: pos, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    const r = resolveOrderedSetAggregate(name, direct, sortArgs, env.state.params, pos);
    const sb = keys[0];
    const desc = sb?.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb?.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb?.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    call = { fn: name, args: [], direct: r.direct, orderBy: [{ expr: r.arg, desc, nullsFirst }], distinct: false, filter: null, type: r.type };
  } else {
    const raw = ((n.args ?? []) as Ast[]).map((a) => bindExpr(a, inner));
    const { args, type } = resolveAggregate(name, raw, env.state.params, pos);
    call = { fn: name === 'every' ? 'bool_and' : name, args, distinct: n.agg_distinct === true, filter: null, type };
  }
  if (n.agg_filter !== undefined) {
    call = { ...call, filter: asBool(bindExpr(n.agg_filter, inner), inner, 'argument of FILTER', pos) };
  }
  if (n.agg_order !== undefined && !n.agg_within_group) {
    // agg(x ORDER BY y): only order-sensitive aggregates care, but the keys are bound (and checked) for all.
    const orderBy = (n.agg_order as Ast[]).map((o) => {
      const sb = o.SortBy;
      const desc = sb.sortby_dir === 'SORTBY_DESC';
      const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
      return { expr: resolveUnknown(bindExpr(sb.node, inner), env.state.params), desc, nullsFirst };
    });
    const bare = (e: Expr): string => exprKey(e.kind === 'cast' && e.mode === 'implicit' ? e.arg : e);
    if (call.distinct && orderBy.some((k) => !call.args.some((a) => bare(a) === bare(k.expr)))) {
      throw new SqlError(SqlState.invalidColumnReference, 'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list', { position: pos });
    }
    call = { ...call, orderBy };
  }
  const key = aggKey(call);
  let index = env.aggs.keys.get(key);
  if (index === undefined) {
    index = env.aggs.calls.length;
    env.aggs.calls.push(call);
    env.aggs.keys.set(key, index);
  }
  return { kind: 'column', index: AGG_BASE + index, type: call.type, name };
}

/** The environment of the immediately enclosing query level, when it is binding where aggregates may appear. */
function outerAggregateEnv(env: ExprEnv): ExprEnv | undefined {
  const outer = env.scope.parent?.aggregateEnv as ExprEnv | undefined;
  return outer?.aggs === undefined ? undefined : outer;
}

/** Would this aggregate belong to an enclosing query (its arguments read only outer columns)? */
function aggregatesOuterLevel(n: Ast, env: ExprEnv): boolean {
  try {
    const probe: ExprEnv = { ...env, aggs: { calls: [], keys: new Map(), groupingCalls: [] }, inAggregate: true };
    const args = ((n.args ?? []) as Ast[]).map((a) => bindExpr(a, probe));
    return args.some((a) => someExpr(a, (x) => x.kind === 'outer'))
      && !args.some((a) => someExpr(a, (x) => x.kind === 'column' || (x.kind === 'outer' && x.depth > 1) || x.kind === 'subquery'));
  } catch {
    return false;
  }
}

const aggKey = (c: AggCall): string => JSON.stringify([c.fn, c.distinct, c.args.map(exprKey), c.filter === null ? null : exprKey(c.filter),
  (c.orderBy ?? []).map((k) => [exprKey(k.expr), k.desc, k.nullsFirst]), (c.direct ?? []).map(exprKey)]);

/** A structural key of an expression: equal keys ⇔ same computation (used for GROUP BY matching). */
export function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v) => {
    if (k === 'overload') return (v as ScalarOverload) === undefined ? undefined : `fn`;
    if (k === 'location') return undefined;
    if (k === 'plan') return subqueryId(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Decimal) return `dec:${v.toString()}`;
    return v;
  });
}
const planIds = new WeakMap<object, number>();
let nextPlanId = 1;
function subqueryId(plan: object): string {
  let id = planIds.get(plan);
  if (id === undefined) planIds.set(plan, id = nextPlanId++);
  return `subquery#${id}`;
}

/** Resolve a scalar function by name and argument types (PostgreSQL's func_select_candidate, simplified). */
export function callFunction(name: string, args: readonly Expr[], env: ExprEnv, pos: number | undefined): Expr {
  const fn = env.state.ctx.functions.scalar(name);
  const { overload: o, args: bound } = resolveOverload(name, fn?.overloads ?? [], args, env.state.params, pos);
  const type = typeof o.returns === 'function' ? o.returns(bound.map((b) => b.type)) : { id: o.returns, typmod: -1 } as SqlType;
  return { kind: 'call', name, overload: o, args: bound, type: type.typmod === -1 ? T[type.id as keyof typeof T] ?? type : type };
}

/**
 * (a, b) IN (SELECT x, y …) / (a, b) = ANY (…), and (a, b) <> ALL (…) / NOT IN as its negation: a correlated
 * subquery computing, over the subquery's rows, whether some row is equal (true), none is equal but some
 * comparison is unknown (NULL), or none is (false) — ANY's three-valued logic.
 */
function bindRowSubLink(n: Ast, plan: LogicalPlan, all: boolean, env: ExprEnv, pos: number | undefined): Expr {
  const opName = n.operName === undefined ? '=' : strings(n.operName).pop()!;
  if ((all ? '<>' : '=') !== opName) {
    throw new SqlError(SqlState.featureNotSupported, `row comparison ${opName} ${all ? 'ALL' : 'ANY'} (subquery) is not supported`, { position: pos });
  }
  const fields: Ast[] = n.testexpr.RowExpr.args ?? [];
  if (fields.length !== plan.schema.length) {
    throw new SqlError(SqlState.syntaxError, fields.length < plan.schema.length ? 'subquery has too many columns' : 'subquery has too few columns', { position: pos });
  }
  // The row's fields, seen from inside the subquery: this level's columns are its depth-1 outer row.
  const down = (e: Expr): Expr => {
    if (someExpr(e, (x) => x.kind === 'subquery')) {
      throw new SqlError(SqlState.featureNotSupported, 'subqueries inside a row compared with a subquery are not supported', { position: pos });
    }
    return transformExpr(e, (x) => (x.kind === 'column' ? { kind: 'outer', depth: 1, index: x.index, type: x.type, name: x.name }
      : x.kind === 'outer' ? { ...x, depth: x.depth + 1 } : x));
  };
  const params = env.state.params;
  const conds = fields.map((f, i) => bindBinaryOp('=', down(bindExpr(f, env)),
    { kind: 'column', index: i, type: plan.schema[i]!.type, name: plan.schema[i]!.name }, params, pos));
  const cond: Expr = conds.length === 1 ? conds[0]! : { kind: 'and', args: conds, type: T.bool };
  const int = (v: number): Expr => constExpr(v, T.int4);
  const flag: Expr = {
    kind: 'case', type: T.int4, else: int(1),
    whens: [{ when: cond, then: int(2) }, { when: { kind: 'not', arg: cond, type: T.bool }, then: int(0) }],
  };
  const flagged: LogicalPlan = { kind: 'project', input: plan, exprs: [flag], schema: [computedColumn('flag', T.int4)] };
  const aggregated: LogicalPlan = {
    kind: 'aggregate', input: flagged, groups: [], schema: [computedColumn('max', T.int4)],
    aggs: [{ fn: 'max', args: [{ kind: 'column', index: 0, type: T.int4, name: 'flag' }], distinct: false, filter: null, type: T.int4 }],
  };
  const m: Expr = { kind: 'subquery', mode: 'scalar', plan: aggregated, correlated: true, arg: null, op: null, type: T.int4 };
  const is = (v: number): Expr => ({ kind: 'compare', op: '=', left: m, right: int(v), type: T.bool });
  const anyEqual: Expr = {
    kind: 'case', type: T.bool, else: constExpr(false, T.bool),
    whens: [{ when: is(2), then: constExpr(true, T.bool) }, { when: is(1), then: constExpr(null, T.bool) }],
  };
  return all ? { kind: 'not', arg: anyEqual, type: T.bool } : anyEqual;
}

/** The bound field pairs of two row constructors of equal width (42601 otherwise). */
function rowPairs(l: Ast, r: Ast, env: ExprEnv, pos: number | undefined): [Expr, Expr][] {
  const ls: Ast[] = l.args ?? [], rs: Ast[] = r.args ?? [];
  if (ls.length !== rs.length) throw new SqlError(SqlState.syntaxError, 'unequal number of entries in row expressions', { position: pos });
  if (ls.length === 0) throw new SqlError(SqlState.featureNotSupported, 'cannot compare rows of zero length', { position: pos });
  return ls.map((x, i) => [bindExpr(x, env), bindExpr(rs[i], env)]);
}

/**
 * (a, b) op (c, d): = is the AND of the fields' equalities, <> the OR of their inequalities; < <= > >= compare
 * lexicographically (the first pair that is unequal or NULL decides), as PostgreSQL's row comparison.
 */
function bindRowComparison(op: string, l: Ast, r: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const params = env.state.params;
  const pairs = rowPairs(l, r, env, pos);
  const cmp = (o: string, [a, b]: [Expr, Expr]): Expr => {
    const e = bindBinaryOp(o, a, b, params, pos);
    if (e.type.id !== 'bool') throw new SqlError(SqlState.datatypeMismatch, `row comparison operator must yield type boolean, not type ${formatType(e.type)}`, { position: pos });
    return e;
  };
  const join = (kind: 'and' | 'or', args: Expr[]): Expr => (args.length === 1 ? args[0]! : { kind, args, type: T.bool });
  switch (op) {
    case '=': return join('and', pairs.map((p) => cmp('=', p)));
    case '<>': case '!=': return join('or', pairs.map((p) => cmp('<>', p)));
    case '<': case '<=': case '>': case '>=': {
      const strict = op[0]!;
      // a1 < b1 OR (a1 = b1 AND (a2 < b2 OR (a2 = b2 AND … a_n op b_n)))
      let acc = cmp(op, pairs[pairs.length - 1]!);
      for (let i = pairs.length - 2; i >= 0; i--) {
        acc = { kind: 'or', args: [cmp(strict, pairs[i]!), { kind: 'and', args: [cmp('=', pairs[i]!), acc], type: T.bool }], type: T.bool };
      }
      return acc;
    }
  }
  throw new SqlError(SqlState.featureNotSupported, `operator ${op} is not supported for row comparisons`, { position: pos });
}

/** ROW(a, b, …) as a value: a record, sent in PostgreSQL's record text form `(1,"a b",)`. */
function bindRowValue(n: Ast, env: ExprEnv): Expr {
  const args = ((n.args ?? []) as Ast[]).map((a) => resolveUnknown(bindExpr(a, env), env.state.params));
  const overload: ScalarOverload = {
    args: args.map(() => 'any' as const), returns: 'record', strict: false, kernel: recordKernel,
  };
  return { kind: 'call', name: 'row', overload, args, type: T.record };
}

const recordKernel: ScalarOverload['kernel'] = (args, n) => {
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    out[i] = recordText(args.map((v) => {
      const x = getValue(v, i);
      return x === null ? null : textOut(v.type, x, DEFAULT_TEXT_OPTIONS);
    }));
  }
  return { type: T.record, length: n, values: out, nulls: null };
};

/** Resolve a set-returning function call: its overload, bound arguments and output columns. */
export function bindSrfCall(name: string, args: readonly Expr[], env: ExprEnv, pos: number | undefined): SrfCall {
  const fn = env.state.ctx.functions.setReturning(name);
  if (fn === undefined) {
    if (env.state.ctx.functions.scalar(name) !== undefined) {
      // A scalar function in FROM is a one-row, one-column table.
      const call = callFunction(name, args, env, pos);
      if (call.kind !== 'call') throw new SqlError(SqlState.featureNotSupported, `function ${name} cannot be used in FROM`, { position: pos });
      const overload = call.overload;
      return {
        name, args: call.args, columns: [{ name, type: call.type }],
        overload: {
          args: overload.args, columns: () => [{ name, type: call.type }], strict: false,
          *rows(values, types, ctx) {
            const vectors = values.map((v, i) => vectorFromValues(types[i]!, [v]));
            yield [getValue(overload.kernel(vectors, 1, ctx), 0)];
          },
        },
      };
    }
    throw new SqlError(SqlState.undefinedFunction, `function ${name}(${args.map((a) => formatType(a.type)).join(', ')}) does not exist`, {
      position: pos, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const { overload, args: bound } = resolveOverload(name, fn.overloads, args, env.state.params, pos);
  return { name, overload, args: bound, columns: overload.columns(bound.map((b) => b.type)) };
}

/** A set-returning function in a SELECT list: collected for the ProjectSet node, read back as a column. */
function bindSelectListSrf(name: string, n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  if (env.inAggregate) {
    throw new SqlError(SqlState.featureNotSupported, 'aggregate function calls cannot contain set-returning function calls', {
      position: pos, hint: 'You might be able to move the set-returning function into a LATERAL FROM item.',
    });
  }
  if (env.inWindow) {
    throw new SqlError(SqlState.featureNotSupported, 'window function calls cannot contain set-returning function calls', {
      position: pos, hint: 'You might be able to move the set-returning function into a LATERAL FROM item.',
    });
  }
  if (env.srfs === undefined) {
    throw new SqlError(SqlState.featureNotSupported, `set-returning functions are not allowed in ${env.clause}`, { position: pos });
  }
  if (n.agg_star || n.agg_distinct || n.agg_filter !== undefined || n.agg_order !== undefined || n.agg_within_group) {
    throw new SqlError(SqlState.wrongObjectType, `DISTINCT/ORDER BY/FILTER specified, but ${name} is not an aggregate function`, { position: pos });
  }
  const args = ((n.args ?? []) as Ast[]).map((a) => bindExpr(a, env));
  if (args.some((a) => someExpr(a, (x) => x.kind === 'column' && x.index >= SRF_BASE))) {
    throw new SqlError(SqlState.featureNotSupported, 'set-returning functions as arguments of set-returning functions are not supported', {
      position: pos, hint: 'Move the inner function into a LATERAL FROM item.',
    });
  }
  const call = bindSrfCall(name, args, env, pos);
  const k = env.srfs.push(call) - 1;
  const type = call.columns.length === 1 ? call.columns[0]!.type : recordType(call.columns);
  return { kind: 'column', index: SRF_BASE + k, type, name };
}

/**
 * ARRAY[…]: the elements' common type; elements that are arrays themselves (ARRAY[[1,2],[3,4]], or array-typed
 * expressions) make a multi-dimensional array. An empty ARRAY[] needs a cast to say its type.
 */
function bindArrayExpr(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const items: Ast[] = n.elements ?? [];
  if (items.length === 0) {
    throw new SqlError(SqlState.indeterminateDatatype, 'cannot determine type of empty array', {
      position: pos, hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
    });
  }
  const elements = items.map((x) => bindExpr(x, env));
  const nested = elements.some((e) => isArrayType(e.type));
  const elemType = commonType(elements.map((e) => e.type), 'ARRAY', pos);
  const type = nested ? elemType : arrayTypeOf(elemType);
  if (type === undefined || (nested && !isArrayType(elemType))) {
    throw new SqlError(SqlState.undefinedObject, `could not find array type for data type ${formatType(elemType)}`, { position: pos });
  }
  const bound = elements.map((e) => coerce(e, nested ? type : elemType, 'implicit', env.state.params, pos));
  return { kind: 'array', elements: bound, nested, type: type.typmod === -1 ? type : { id: type.id, typmod: -1 } };
}

/**
 * a[i], a[i][j], a[lo:hi]; (r).f selects a field of a record whose fields are known (a set-returning
 * function's row); other composite values Basin does not have.
 */
function bindIndirection(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  let arg = bindExpr(n.arg, env);
  const ind: Ast[] = n.indirection ?? [];
  if (ind.every((x) => x.String !== undefined)) {
    // PostgreSQL points at the selected-from expression (A_Indirection has no location of its own).
    const at = pos ?? env.state.pos(nodeOf(n.arg)[1]?.location);
    for (const f of strings(ind)) arg = bindFieldSelect(arg, f, at);
    return arg;
  }
  const indices = ind.filter((x) => x.A_Indices !== undefined).map((x) => x.A_Indices);
  if (indices.length !== ind.length) {
    throw new SqlError(SqlState.featureNotSupported, 'field selection combined with subscripts is not supported', { position: pos });
  }
  if (arg.type.id === 'unknown') arg = coerce(arg, T.text, 'implicit', env.state.params, pos);
  const elem = elementType(arg.type);
  if (elem === undefined) {
    throw new SqlError(SqlState.datatypeMismatch, `cannot subscript type ${formatType(arg.type)} because it does not support subscripting`, { position: pos });
  }
  if (indices.length > 6) {
    throw new SqlError(SqlState.programLimitExceeded, `number of array dimensions (${indices.length}) exceeds the maximum allowed (6)`, { position: pos });
  }
  const slice = indices.some((x) => x.is_slice === true);
  const sub = (x: Ast | undefined): Expr | null => (x === undefined ? null
    : coerce(bindExpr(x, env), T.int4, 'assignment', env.state.params, pos, 'array subscript'));
  const subscripts = indices.map((x) => (x.is_slice === true || !slice
    ? { lower: sub(x.lidx), upper: sub(x.uidx) }
    // A plain subscript among slices means 1:i.
    : { lower: constExpr(1, T.int4), upper: sub(x.uidx) }));
  return { kind: 'subscript', arg, subscripts, slice, type: slice ? arrayTypeOf(arg.type)! : elem };
}

/**
 * (r).name: a call named `.name` whose kernel takes the field out of each record value (an array of the
 * fields' values).
 */
function bindFieldSelect(arg: Expr, field: string, pos: number | undefined): Expr {
  if (arg.type.id !== 'record') {
    throw new SqlError(SqlState.wrongObjectType, `column notation .${field} applied to type ${formatType(arg.type)}, which is not a composite type`, { position: pos });
  }
  const k = arg.type.fields?.findIndex((f) => f.name === field) ?? -1;
  if (k < 0) {
    throw new SqlError(SqlState.undefinedColumn, `could not identify column "${field}" in record data type`, { position: pos });
  }
  const type = arg.type.fields![k]!.type;
  const overload: ScalarOverload = {
    args: ['record'], returns: () => type,
    kernel: (args, n) => {
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const r = getValue(args[0]!, i) as readonly unknown[] | null;
        out[i] = r === null ? null : r[k] ?? null;
      }
      return vectorFromValues(type, out);
    },
  };
  return { kind: 'call', name: `.${field}`, overload, args: [arg], type };
}

/** `x op ANY|ALL (array)`: the operator is bound for x against one element of the array. */
function bindArrayQuantified(opName: string, n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const params = env.state.params;
  let arg = bindExpr(n.lexpr, env);
  let array = bindExpr(n.rexpr, env);
  const all = n.kind === 'AEXPR_OP_ALL';
  if (array.type.id === 'unknown') {
    const known = arg.type.id === 'unknown' ? T.text : arg.type;
    array = coerce(array, arrayTypeOf(known) ?? T.text, 'implicit', params, pos);
  }
  const elem = elementType(array.type);
  if (elem === undefined) {
    throw new SqlError(SqlState.wrongObjectType, `op ${all ? 'ALL' : 'ANY'}/${all ? 'ALL' : 'ANY'} (array) requires array on right side`, { position: pos });
  }
  if (arg.type.id === 'unknown') arg = coerce(arg, elem, 'implicit', params, pos);
  const x: Expr = { kind: 'column', index: 0, type: arg.type, name: 'x' };
  const y: Expr = { kind: 'column', index: 1, type: elem, name: 'element' };
  const call = (name: string, args: readonly Expr[], p?: number): Expr => callFunction(name, args, env, p);
  const predicate = opName === '~~' || opName === '!~~' || opName === '~~*' || opName === '!~~*'
    ? bindLike(x, y, null, opName.includes('*'), opName.startsWith('!'), env, pos)
    : bindBinaryOp(opName, x, y, params, pos, call);
  if (predicate.type.id !== 'bool') {
    throw new SqlError(SqlState.wrongObjectType, `op ${all ? 'ALL' : 'ANY'}/${all ? 'ALL' : 'ANY'} (array) requires operator to yield boolean`, { position: pos });
  }
  return { kind: 'array-any', all, arg, array, predicate, type: T.bool };
}

function bindSubLink(n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const { plan, correlated } = bindQuery(n.subselect, env.state, env.scope);
  const kind: string = n.subLinkType;
  if (kind === 'ARRAY_SUBLINK') {
    if (plan.schema.length !== 1) {
      throw new SqlError(SqlState.syntaxError, 'subquery must return only one column', { position: pos });
    }
    const colType = plan.schema[0]!.type.id === 'unknown' ? T.text : plan.schema[0]!.type;
    const type = arrayTypeOf(colType);
    if (type === undefined) throw new SqlError(SqlState.undefinedObject, `could not find array type for data type ${formatType(colType)}`, { position: pos });
    return { kind: 'subquery', mode: 'array', plan, correlated, arg: null, op: null, type };
  }
  if (kind === 'EXISTS_SUBLINK') {
    return { kind: 'subquery', mode: 'exists', plan, correlated, arg: null, op: null, type: T.bool } satisfies SubqueryExpr;
  }
  if (kind === 'EXPR_SUBLINK') {
    if (plan.schema.length !== 1) {
      throw new SqlError(SqlState.syntaxError, plan.schema.length > 1 ? 'subquery must return only one column' : 'subquery must return a column', { position: pos });
    }
    return { kind: 'subquery', mode: 'scalar', plan, correlated, arg: null, op: null, type: plan.schema[0]!.type };
  }
  if (kind === 'ANY_SUBLINK' || kind === 'ALL_SUBLINK') {
    if (n.testexpr?.RowExpr !== undefined) return bindRowSubLink(n, plan, kind === 'ALL_SUBLINK', env, pos);
    const opName = n.operName === undefined ? '=' : strings(n.operName).pop()!;
    if (plan.schema.length !== 1) {
      throw new SqlError(SqlState.syntaxError, plan.schema.length > 1 ? 'subquery has too many columns' : 'subquery has too few columns', { position: pos });
    }
    const arg0 = bindExpr(n.testexpr, env);
    const inner: Expr = { kind: 'column', index: 0, type: plan.schema[0]!.type, name: plan.schema[0]!.name };
    const cmp = bindBinaryOp(opName, arg0, inner, env.state.params, pos);
    if (cmp.kind !== 'compare') throw new SqlError(SqlState.featureNotSupported, `operator ${opName} with ANY/ALL is not supported`, { position: pos });
    // The subquery's output may need a cast to the comparison type: wrap its plan in a projection.
    const subPlan = cmp.right === inner ? plan : {
      kind: 'project' as const, input: plan, exprs: [cmp.right],
      schema: [{ ...plan.schema[0]!, type: cmp.right.type }],
    };
    return {
      kind: 'subquery', mode: kind === 'ANY_SUBLINK' ? 'any' : 'all', plan: subPlan, correlated,
      arg: cmp.left, op: cmp.op as CompareOp, type: T.bool,
    };
  }
  throw new SqlError(SqlState.featureNotSupported, `subquery type ${kind} is not supported`, { position: pos });
}

