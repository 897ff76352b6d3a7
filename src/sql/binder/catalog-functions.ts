/**
 * Functions in FROM that the catalog answers itself (CatalogReader.tableFunction, e.g. table_changes): their
 * result columns depend on their arguments' values, so they are resolved, rows included, together with the
 * relations before binding (binding is synchronous), and then bound as a set-returning function over those
 * rows, aliases and WITH ORDINALITY included. Calls inside the views a statement uses are resolved too.
 */
import type { ResolvedTableFunction, SetReturningOverload, SrfCall } from '../../plan/index.ts';
import { bindExpr, strings, type Ast, type ExprEnv } from './bind-expr.ts';
import { viewQuery } from './bind-select.ts';
import { Scope } from './scope.ts';
import type { BinderState } from './state.ts';

/** Resolved calls by the statement's relation map (shared with its views' states), then by query text and location. */
const resolved = new WeakMap<BinderState['relations'], Map<string, SrfCall>>();

const keyOf = (sql: string, location: number | undefined): string => `${location ?? -1}\u0000${sql}`;

/** The FuncCalls of every RangeFunction in a parse tree. */
function rangeFunctionCalls(node: unknown, out: Ast[] = []): Ast[] {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) rangeFunctionCalls(x, out);
    return out;
  }
  const o = node as Record<string, unknown>;
  const rf = o.RangeFunction as Ast | undefined;
  if (rf !== undefined) {
    for (const f of (rf.functions ?? []) as Ast[]) {
      const fc = f.List?.items?.[0]?.FuncCall;
      if (fc !== undefined) out.push(fc);
    }
  }
  for (const k of Object.keys(o)) rangeFunctionCalls(o[k], out);
  return out;
}

function srfCall(name: string, r: ResolvedTableFunction): SrfCall {
  const overload: SetReturningOverload = {
    args: [], columns: () => r.columns, strict: false, volatility: 'stable', rows: () => r.rows,
  };
  return { name, overload, args: [], columns: r.columns };
}

/** Resolve the catalog's functions that a statement (and the views it uses) calls in FROM. */
export async function preloadCatalogFunctions(ast: unknown, state: BinderState): Promise<void> {
  const catalog = state.ctx.catalog;
  if (catalog.tableFunction === undefined) return;
  const trees: [BinderState, unknown][] = [[state, ast]];
  for (const rel of state.relations.values()) if (rel.kind === 'view') trees.push([state.forView(rel.sql), viewQuery(rel.sql)]);
  let calls = resolved.get(state.relations);
  for (const [st, tree] of trees) {
    for (const fc of rangeFunctionCalls(tree)) {
      const parts = strings(fc.funcname);
      if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) continue;
      const key = keyOf(st.sql, fc.location);
      if (calls?.has(key) === true) continue;
      const name = parts[parts.length - 1]!.toLowerCase();
      const env: ExprEnv = { scope: new Scope([], undefined), state: st, aggs: undefined, clause: 'functions in FROM' };
      const r = await catalog.tableFunction(name, () => ((fc.args ?? []) as Ast[]).map((a) => bindExpr(a, env)));
      if (r === undefined) continue;
      if (calls === undefined) resolved.set(state.relations, calls = new Map());
      calls.set(key, srfCall(name, r));
    }
  }
}

/** The resolved call for a FuncCall in FROM, if the catalog answered it. */
export function catalogFunctionCall(state: BinderState, fc: Ast): SrfCall | undefined {
  return resolved.get(state.relations)?.get(keyOf(state.sql, fc.location));
}
