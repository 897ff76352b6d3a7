/**
 * Binding is synchronous, catalog lookups are not (they may read a table's Delta log): resolve every relation a
 * statement names, and the relations of the views it uses, before binding starts. This is also where the
 * statement pins the snapshot of each table it reads.
 */
import { collectRelationNames, viewQuery } from './bind-select.ts';
import type { BinderState } from './state.ts';

export async function preloadRelations(ast: unknown, state: BinderState): Promise<void> {
  const pending = [...collectRelationNames(ast)];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (state.relations.has(key)) continue;
    const [schema, name] = key.split('\u0000') as [string, string];
    const rel = await state.ctx.catalog.relation(schema === '' ? undefined : schema, name);
    if (rel === undefined) continue; // a CTE name, or an error the binder reports with its position
    state.relations.set(key, rel);
    if (rel.kind === 'view') {
      for (const k of collectRelationNames(viewQuery(rel.sql))) pending.push(k);
    }
  }
}
