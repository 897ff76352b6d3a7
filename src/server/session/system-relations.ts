/**
 * The server's side of the system relations (the session makes one SystemCatalog per statement over its
 * catalog view): what the catalog layer cannot do itself, finding a view's column types, which means binding
 * the view's query, and a table's size, which means reading its snapshot.
 */
import { T, type ColumnSchema } from '../../common/index.ts';
import type { TableDef, ViewDef } from '../../catalog/index.ts';
import type { Transaction } from './transaction.ts';
import type { BindContext, CatalogReader } from '../../plan/index.ts';
import { BinderState, bindQuery, preloadRelations, viewQuery } from '../../sql/index.ts';

/** Schemas whose relations are the catalog's own, computed rather than stored. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema']);

/**
 * A view's output columns: its query bound with a reader whose system relations have no rows (only their
 * column types matter, and computing pg_class while describing a view over pg_class would never end). A view
 * that no longer binds (a table it reads was dropped) keeps its column names, typed text.
 */
export async function bindViewColumns(view: ViewDef, ctx: BindContext, columnsOnly: CatalogReader): Promise<readonly ColumnSchema[]> {
  try {
    const state = new BinderState({ ...ctx, catalog: columnsOnly }, view.sql, [], false);
    const ast = viewQuery(view.sql);
    await preloadRelations(ast, state);
    const plan = bindQuery(ast, state, undefined).plan;
    return plan.schema.map((c, i) => ({ name: view.columnNames[i] ?? c.name, type: c.type.id === 'unknown' ? T.text : c.type, nullable: true }));
  } catch {
    return view.columnNames.map((name) => ({ name, type: T.text, nullable: true }));
  }
}

/** A table's data files in the snapshot the transaction reads; 0 when its Delta table cannot be read. */
export async function tableSize(tx: Transaction, table: TableDef): Promise<number> {
  try {
    return (await tx.snapshot(table.location)).files.reduce((n, f) => n + f.size, 0);
  } catch {
    return 0;
  }
}

