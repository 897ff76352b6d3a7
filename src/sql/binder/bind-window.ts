/**
 * Window function calls: `f(args) OVER (PARTITION BY … ORDER BY … frame)` and named windows (`WINDOW w AS …`).
 * Calls are collected per SELECT level like aggregates and stand for ColumnExprs at WIN_BASE + index until
 * the binder places the Window node (after grouping and HAVING, before DISTINCT, ORDER BY and LIMIT).
 */
import { formatType, SqlError, SqlState, T, type SqlType } from '../../common/index.ts';
import type { Expr, FrameBound, SortKey, WindowFrame, WindowFunc } from '../../plan/index.ts';
import { isAggregateName, isOrderedSetAggregate, resolveAggregate } from './aggregates.ts';
import { asBool, bindExpr, exprKey, type Ast, type ExprEnv } from './bind-expr.ts';
import { coerce, commonType } from './coerce.ts';

/** Window calls of one SELECT level; a call is a ColumnExpr at WIN_BASE + index until the Window node exists. */
export interface WindowCollector {
  readonly calls: WindowFunc[];
  readonly keys: Map<string, number>;
  /** WINDOW clause definitions by name. */
  readonly named: ReadonlyMap<string, Ast>;
}
export const WIN_BASE = 1 << 25;

// PostgreSQL's FRAMEOPTION_* bits (nodes/parsenodes.h).
const F = {
  RANGE: 0x2, ROWS: 0x4, GROUPS: 0x8,
  START_UNBOUNDED_PRECEDING: 0x20, END_UNBOUNDED_PRECEDING: 0x40, START_UNBOUNDED_FOLLOWING: 0x80,
  END_UNBOUNDED_FOLLOWING: 0x100, START_CURRENT_ROW: 0x200, END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800, END_OFFSET_PRECEDING: 0x1000, START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000, EXCLUDE_CURRENT_ROW: 0x8000, EXCLUDE_GROUP: 0x10000, EXCLUDE_TIES: 0x20000,
} as const;
const DEFAULT_FRAME_OPTIONS = F.RANGE | F.START_UNBOUNDED_PRECEDING | F.END_CURRENT_ROW;

/** Window-only functions and their result types (given the bound argument types). */
const WINDOW_ONLY: Record<string, { min: number; max: number; type: (args: readonly Expr[]) => SqlType }> = {
  row_number: { min: 0, max: 0, type: () => T.int8 },
  rank: { min: 0, max: 0, type: () => T.int8 },
  dense_rank: { min: 0, max: 0, type: () => T.int8 },
  percent_rank: { min: 0, max: 0, type: () => T.float8 },
  cume_dist: { min: 0, max: 0, type: () => T.float8 },
  ntile: { min: 1, max: 1, type: () => T.int4 },
  lag: { min: 1, max: 3, type: (a) => a[0]!.type },
  lead: { min: 1, max: 3, type: (a) => a[0]!.type },
  first_value: { min: 1, max: 1, type: (a) => a[0]!.type },
  last_value: { min: 1, max: 1, type: (a) => a[0]!.type },
  nth_value: { min: 2, max: 2, type: (a) => a[0]!.type },
};

export const isWindowOnlyFunction = (name: string): boolean => WINDOW_ONLY[name] !== undefined;

export function bindWindowCall(name: string, n: Ast, env: ExprEnv, pos: number | undefined): Expr {
  const wins = env.windows;
  if (wins === undefined) {
    throw new SqlError(SqlState.windowingError, `window functions are not allowed in ${env.clause}`, { position: pos });
  }
  if (env.inWindow) throw new SqlError(SqlState.windowingError, 'window function calls cannot be nested', { position: pos });
  if (n.agg_distinct) throw new SqlError(SqlState.featureNotSupported, 'DISTINCT is not implemented for window functions', { position: pos });
  const inner: ExprEnv = { ...env, inWindow: true };
  const def = resolveWindowDef(n.over, wins.named, env, pos);
  const params = env.state.params;
  const raw = ((n.args ?? []) as Ast[]).map((a) => bindExpr(a, inner));
  let fn: string, args: Expr[], type: SqlType;
  const w = WINDOW_ONLY[name];
  if (w !== undefined) {
    if (n.agg_star || raw.length < w.min || raw.length > w.max) {
      throw new SqlError(SqlState.undefinedFunction, `function ${name}(${n.agg_star ? '*' : raw.map((a) => formatType(a.type)).join(', ')}) does not exist`, {
        position: pos, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    if (n.agg_filter !== undefined) throw new SqlError(SqlState.wrongObjectType, 'FILTER is not implemented for non-aggregate window functions', { position: pos });
    fn = name;
    args = raw;
    if (name === 'ntile') args = [coerce(raw[0]!, T.int4, 'implicit', params, pos)];
    if (name === 'nth_value') args = [raw[0]!, coerce(raw[1]!, T.int4, 'implicit', params, pos)];
    if (name === 'lag' || name === 'lead') {
      let value = raw[0]!;
      let dflt = raw[2];
      if (dflt !== undefined) {
        const t = commonType([value.type, dflt.type], `${name} default`, pos);
        value = coerce(value, t, 'implicit', params, pos);
        dflt = coerce(dflt, t, 'implicit', params, pos);
      } else if (value.type.id === 'unknown') value = coerce(value, T.text, 'implicit', params, pos);
      args = [value, ...(raw[1] !== undefined ? [coerce(raw[1], T.int4, 'implicit', params, pos)] : []), ...(dflt !== undefined ? [dflt] : [])];
    } else if (args[0] !== undefined && args[0].type.id === 'unknown') {
      args = [coerce(args[0], T.text, 'implicit', params, pos), ...args.slice(1)];
    }
    type = w.type(args);
  } else if (isOrderedSetAggregate(name)) {
    throw new SqlError(SqlState.featureNotSupported, `OVER is not supported for ordered-set aggregate ${name}`, { position: pos });
  } else if (isAggregateName(name)) {
    if (n.agg_star) {
      if (name !== 'count') throw new SqlError(SqlState.syntaxError, `${name}(*) is not allowed`, { position: pos });
      fn = 'count_star'; args = []; type = T.int8;
    } else {
      const r = resolveAggregate(name, raw, params, pos);
      fn = name === 'every' ? 'bool_and' : name; args = r.args; type = r.type;
    }
  } else {
    throw new SqlError(SqlState.wrongObjectType, `OVER specified, but ${name} is not a window function nor an aggregate function`, { position: pos });
  }
  const filter = n.agg_filter === undefined ? null : asBool(bindExpr(n.agg_filter, inner), inner, 'argument of FILTER', pos);
  const call: WindowFunc = { fn, args, filter, ...def, type };
  const key = JSON.stringify([fn, args.map(exprKey), filter === null ? null : exprKey(filter), def.partitionBy.map(exprKey),
    def.orderBy.map((k) => [exprKey(k.expr), k.desc, k.nullsFirst]), frameKey(def.frame)]);
  let index = wins.keys.get(key);
  if (index === undefined) {
    index = wins.calls.length;
    wins.calls.push(call);
    wins.keys.set(key, index);
  }
  return { kind: 'column', index: WIN_BASE + index, type, name };
}

const frameKey = (f: WindowFrame): string => JSON.stringify(f, (k, v) => (k === 'offset' ? exprKey(v as Expr) : v));

/** OVER (…) or OVER name, with inheritance from a named window (`OVER (w ORDER BY …)`). */
function resolveWindowDef(over: Ast, named: ReadonlyMap<string, Ast>, env: ExprEnv, pos: number | undefined):
  { partitionBy: Expr[]; orderBy: SortKey[]; frame: WindowFrame } {
  let def: Ast = over;
  // `OVER w` arrives as { name: 'w' } with nothing else; `OVER (w …)` as { refname: 'w', … }.
  const ref: string | undefined = over.refname ?? (over.partitionClause === undefined && over.orderClause === undefined ? over.name : undefined);
  if (ref !== undefined) {
    const base = named.get(ref);
    if (base === undefined) throw new SqlError(SqlState.undefinedObject, `window "${ref}" does not exist`, { position: pos });
    if (over.partitionClause !== undefined) {
      throw new SqlError(SqlState.windowingError, `cannot override PARTITION BY clause of window "${ref}"`, { position: pos });
    }
    if (over.orderClause !== undefined && base.orderClause !== undefined) {
      throw new SqlError(SqlState.windowingError, `cannot override ORDER BY clause of window "${ref}"`, { position: pos });
    }
    if (over.refname !== undefined && (base.frameOptions & 0x1) !== 0) {
      throw new SqlError(SqlState.windowingError, `cannot copy window "${ref}" because it has a frame clause`, { position: pos });
    }
    def = {
      partitionClause: base.partitionClause, orderClause: over.orderClause ?? base.orderClause,
      frameOptions: over.refname !== undefined ? over.frameOptions : base.frameOptions,
      startOffset: over.refname !== undefined ? over.startOffset : base.startOffset,
      endOffset: over.refname !== undefined ? over.endOffset : base.endOffset,
    };
  }
  const keyEnv: ExprEnv = { ...env, inWindow: true, clause: 'window definitions' };
  const partitionBy = ((def.partitionClause ?? []) as Ast[]).map((p) => bindExpr(p, keyEnv));
  const orderBy: SortKey[] = ((def.orderClause ?? []) as Ast[]).map((o) => {
    const sb = o.SortBy;
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    return { expr: bindExpr(sb.node, keyEnv), desc, nullsFirst };
  });
  const opts: number = def.frameOptions ?? DEFAULT_FRAME_OPTIONS;
  const mode = opts & F.ROWS ? 'rows' : opts & F.GROUPS ? 'groups' : 'range';
  const offset = (node: Ast): Expr => {
    const e = bindExpr(node, { ...keyEnv, clause: 'window frame offsets' });
    if (mode === 'range') {
      // RANGE offsets are in the ORDER BY column's units: interval for datetimes, the column's type for numbers.
      if (orderBy.length !== 1) {
        throw new SqlError(SqlState.windowingError, 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', { position: pos });
      }
      const ot = orderBy[0]!.expr.type;
      const t = ot.id === 'date' || ot.id === 'timestamp' || ot.id === 'timestamptz' ? T.interval : ot.id === 'int2' || ot.id === 'int4' ? T.int8 : ot;
      return coerce(e, t, 'implicit', env.state.params, pos);
    }
    return coerce(e, T.int8, 'implicit', env.state.params, pos);
  };
  const start: FrameBound =
    opts & F.START_UNBOUNDED_PRECEDING ? { kind: 'unbounded_preceding' }
      : opts & F.START_CURRENT_ROW ? { kind: 'current_row' }
        : opts & F.START_OFFSET_PRECEDING ? { kind: 'preceding', offset: offset(def.startOffset) }
          : opts & F.START_OFFSET_FOLLOWING ? { kind: 'following', offset: offset(def.startOffset) }
            : { kind: 'unbounded_preceding' };
  const end: FrameBound =
    opts & F.END_UNBOUNDED_FOLLOWING ? { kind: 'unbounded_following' }
      : opts & F.END_CURRENT_ROW ? { kind: 'current_row' }
        : opts & F.END_OFFSET_PRECEDING ? { kind: 'preceding', offset: offset(def.endOffset) }
          : opts & F.END_OFFSET_FOLLOWING ? { kind: 'following', offset: offset(def.endOffset) }
            : { kind: 'current_row' };
  if (opts & F.START_UNBOUNDED_FOLLOWING) throw new SqlError(SqlState.windowingError, 'frame start cannot be UNBOUNDED FOLLOWING', { position: pos });
  if (opts & F.END_UNBOUNDED_PRECEDING) throw new SqlError(SqlState.windowingError, 'frame end cannot be UNBOUNDED PRECEDING', { position: pos });
  if (start.kind === 'current_row' && end.kind === 'preceding') throw new SqlError(SqlState.windowingError, 'frame starting from current row cannot have preceding rows', { position: pos });
  if (start.kind === 'following' && (end.kind === 'preceding' || end.kind === 'current_row')) {
    throw new SqlError(SqlState.windowingError, 'frame starting from following row cannot have preceding rows', { position: pos });
  }
  if (mode === 'groups' && orderBy.length === 0 && (start.kind === 'preceding' || start.kind === 'following' || end.kind === 'preceding' || end.kind === 'following')) {
    throw new SqlError(SqlState.windowingError, 'GROUPS mode requires an ORDER BY clause', { position: pos });
  }
  const exclude = opts & F.EXCLUDE_CURRENT_ROW ? 'current_row' : opts & F.EXCLUDE_GROUP ? 'group' : opts & F.EXCLUDE_TIES ? 'ties' : 'no_others';
  return { partitionBy, orderBy, frame: { mode, start, end, exclude } };
}

/** WINDOW clause: name → definition. */
export function windowClause(list: Ast[] | undefined): Map<string, Ast> {
  const m = new Map<string, Ast>();
  for (const w of list ?? []) {
    const def = w.WindowDef;
    if (m.has(def.name)) throw new SqlError(SqlState.windowingError, `window "${def.name}" is already defined`);
    m.set(def.name, def);
  }
  return m;
}

