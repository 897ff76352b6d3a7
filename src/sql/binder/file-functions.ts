/**
 * `read_parquet('path-or-url')` in FROM (also a glob, a directory, or `ARRAY[…]` of them): plain Parquet files
 * read in place as a table. Their columns come from the files, so the call is resolved before binding
 * (CatalogReader.readFiles: its arguments are constants, evaluated by the server), and bound as a scan of
 * the files: projection, filters and the column cache work as for a Delta table's data files.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { LogicalPlan, PlanColumn, TableRef } from '../../plan/index.ts';
import { bindExpr, strings, type Ast, type ExprEnv } from './bind-expr.ts';
import { relationScope, renameColumns, viewQuery, type FromItem } from './bind-select.ts';
import { Scope } from './scope.ts';
import type { BinderState } from './state.ts';

export const READ_PARQUET = 'read_parquet';

/** Resolved calls by the statement's relation map (shared with its views' states), then by query text and location. */
const resolved = new WeakMap<BinderState['relations'], Map<string, TableRef>>();

const keyOf = (sql: string, location: number | undefined): string => `${location ?? -1}\u0000${sql}`;

/** The file function a FuncCall names, if it is one. */
function fileFunction(fc: Ast): string | undefined {
  const parts = strings(fc.funcname);
  const name = parts[parts.length - 1]?.toLowerCase();
  if (name !== READ_PARQUET || parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) return undefined;
  return name;
}

/** The FuncCalls of file functions in every RangeFunction of a parse tree. */
function fileCalls(node: unknown, out: Ast[] = []): Ast[] {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) fileCalls(x, out);
    return out;
  }
  const o = node as Record<string, unknown>;
  const rf = o.RangeFunction as Ast | undefined;
  for (const f of (rf?.functions ?? []) as Ast[]) {
    const fc = f.List?.items?.[0]?.FuncCall;
    if (fc !== undefined && fileFunction(fc) !== undefined) out.push(fc);
  }
  for (const k of Object.keys(o)) fileCalls(o[k], out);
  return out;
}

/** Resolve the file functions that a statement (and the views it uses) calls in FROM. */
export async function preloadFileFunctions(ast: unknown, state: BinderState): Promise<void> {
  const trees: [BinderState, unknown][] = [[state, ast]];
  for (const rel of state.relations.values()) if (rel.kind === 'view') trees.push([state.forView(rel.sql), viewQuery(rel.sql)]);
  for (const [st, tree] of trees) {
    for (const fc of fileCalls(tree)) {
      const key = keyOf(st.sql, fc.location);
      let calls = resolved.get(state.relations);
      if (calls?.has(key) === true) continue;
      const readFiles = state.ctx.catalog.readFiles;
      if (readFiles === undefined) {
        throw new SqlError(SqlState.featureNotSupported, 'read_parquet is not available here', { position: st.pos(fc.location) });
      }
      if (fc.agg_star === true || fc.agg_distinct === true || fc.agg_order !== undefined || fc.over !== undefined || fc.agg_filter !== undefined) {
        throw new SqlError(SqlState.wrongObjectType, 'read_parquet is not an aggregate or window function', { position: st.pos(fc.location) });
      }
      const env: ExprEnv = { scope: new Scope([], undefined), state: st, aggs: undefined, clause: 'functions in FROM' };
      let table: TableRef;
      try {
        table = await readFiles.call(state.ctx.catalog, 'parquet', () => ((fc.args ?? []) as Ast[]).map((a) => bindExpr(a, env)));
      } catch (e) {
        throw e instanceof SqlError ? e.at(st.pos(fc.location)) : e;
      }
      if (calls === undefined) resolved.set(state.relations, calls = new Map());
      calls.set(key, table);
    }
  }
}

/** A RangeFunction that is a file function, bound as a scan of its files; undefined for any other function. */
export function bindFileFunction(n: Ast, state: BinderState, parent: Scope | undefined, pos: number | undefined): FromItem | undefined {
  const calls: Ast[] = ((n.functions ?? []) as Ast[]).map((f) => f.List?.items?.[0]?.FuncCall).filter((f: Ast | undefined) => f !== undefined);
  const files = calls.filter((fc) => fileFunction(fc) !== undefined);
  if (files.length === 0) return undefined;
  if (calls.length > 1 || n.ordinality === true) {
    throw new SqlError(SqlState.featureNotSupported, 'read_parquet cannot be combined with other functions in ROWS FROM or WITH ORDINALITY', { position: pos });
  }
  const fc = files[0]!;
  const table = resolved.get(state.relations)?.get(keyOf(state.sql, fc.location));
  if (table === undefined) throw new SqlError(SqlState.internalError, 'read_parquet was not resolved before binding', { position: pos });
  const schema: PlanColumn[] = table.columns.map((c) => ({ name: c.name, type: c.type, tableOid: 0, attr: 0 }));
  const plan: LogicalPlan = { kind: 'scan', table, columns: table.columns.map((_, i) => i), filters: [], schema };
  const alias: string = n.alias?.aliasname ?? READ_PARQUET;
  const names = renameColumns(strings(n.alias?.colnames), schema.map((c) => c.name), alias, pos);
  return { plan, scope: relationScope(alias, undefined, plan, names, parent) };
}
