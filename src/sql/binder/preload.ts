/**
 * Binding is synchronous, catalog lookups are not (they may read a table's Delta log): resolve every relation a
 * statement names, and the relations of the views it uses, before binding starts. This is also where the
 * statement pins the snapshot of each table it reads.
 */
import { collectRelationNames, viewQuery } from './bind-select.ts';
import type { BinderState } from './state.ts';
import { preloadCatalogFunctions } from './catalog-functions.ts';
import { preloadFileFunctions } from './file-functions.ts';
import { preloadSizes } from './size-functions.ts';
import type { AsOf } from '../../plan/index.ts';
import { SqlError, SqlState, T, textIn, textOptionsFrom } from '../../common/index.ts';

/** A relation key's time-travel part (`v12`, `t2026-01-01 …`) as the catalog's AsOf. */
function asOf(at: string | undefined, state: BinderState): AsOf | undefined {
  if (at === undefined) return undefined;
  if (at.startsWith('v')) return { version: Number(at.slice(1)) };
  if (at.startsWith('d')) {
    const [what, limit] = at.slice(1).split(':') as ['history' | 'detail', string];
    return { describe: what, ...(limit === '' ? {} : { limit: Number(limit) }) };
  }
  const opts = textOptionsFrom((n) => state.ctx.session.setting(n));
  const text = at.slice(1);
  try {
    return { timestamp: textIn(T.timestamptz, text, opts) as number };
  } catch (e) {
    throw e instanceof SqlError ? e : new SqlError(SqlState.invalidDatetimeFormat, `invalid timestamp "${text}" in TIMESTAMP AS OF`);
  }
}

export async function preloadRelations(ast: unknown, state: BinderState): Promise<void> {
  const pending = [...collectRelationNames(ast, new Set(), state.timeTravel)];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (state.relations.has(key)) continue;
    const [schema, name, at] = key.split('\u0000') as [string, string, string | undefined];
    const rel = await state.ctx.catalog.relation(schema === '' ? undefined : schema, name, asOf(at, state));
    if (rel === undefined) continue; // a CTE name, or an error the binder reports with its position
    state.relations.set(key, rel);
    if (rel.kind === 'view') {
      for (const k of collectRelationNames(viewQuery(rel.sql))) pending.push(k);
    }
  }
  await preloadCatalogFunctions(ast, state);
  await preloadFileFunctions(ast, state);
  await preloadSizes(ast, state);
}
