/**
 * The size functions (pg_table_size, pg_database_size, …) answer from the tables' snapshots, which only the
 * storage can read, asynchronously: a statement that calls one (or uses a view that does) has the catalog load
 * every table's size before binding (CatalogReader.prepareSizes).
 */
import { strings, type Ast } from './bind-expr.ts';
import { viewQuery } from './bind-select.ts';
import type { BinderState } from './state.ts';

const SIZE_FUNCTIONS = new Set([
  'pg_table_size', 'pg_relation_size', 'pg_total_relation_size', 'pg_indexes_size', 'pg_database_size',
]);

function callsSizeFunction(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(callsSizeFunction);
  const o = node as Record<string, unknown>;
  const fc = o.FuncCall as Ast | undefined;
  if (fc !== undefined && SIZE_FUNCTIONS.has(strings(fc.funcname).pop()?.toLowerCase() ?? '')) return true;
  return Object.values(o).some(callsSizeFunction);
}

export async function preloadSizes(ast: unknown, state: BinderState): Promise<void> {
  const prepare = state.ctx.catalog.prepareSizes;
  if (prepare === undefined) return;
  const views = [...state.relations.values()].flatMap((r) => (r.kind === 'view' ? [viewQuery(r.sql)] : []));
  if (callsSizeFunction(ast) || views.some(callsSizeFunction)) await prepare.call(state.ctx.catalog);
}
