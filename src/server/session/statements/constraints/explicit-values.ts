/**
 * Which columns a statement may give values to: a generated column only ever takes DEFAULT, and an identity
 * column GENERATED ALWAYS takes an explicit value only with OVERRIDING SYSTEM VALUE (PostgreSQL's 428C9
 * errors). MERGE's binder can call these with its own target lists.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import type { Ast } from '../../../../sql/index.ts';
import type { TableRules } from './table-rules.ts';

export type Overriding = 'system' | 'user' | undefined;

export const overridingOf = (n: Ast): Overriding =>
  n.override === 'OVERRIDING_SYSTEM_VALUE' ? 'system' : n.override === 'OVERRIDING_USER_VALUE' ? 'user' : undefined;

function generatedDetail(table: TableDef, rules: TableRules, i: number): string | undefined {
  const name = table.columns[i]!.name;
  if (rules.generated.has(i)) return `Column "${name}" is a generated column.`;
  const id = rules.identity.get(i);
  if (id !== undefined && !id.allowExplicitInsert) return `Column "${name}" is an identity column defined as GENERATED ALWAYS.`;
  return undefined;
}

/**
 * INSERT: `given(i)` tells whether column i was given a value other than DEFAULT in some row. Throws for a
 * generated column, or an ALWAYS identity column without OVERRIDING SYSTEM VALUE.
 */
export function checkInsertValues(table: TableDef, rules: TableRules, given: (column: number) => boolean, overriding: Overriding): void {
  table.columns.forEach((c, i) => {
    if (!given(i)) return;
    const detail = generatedDetail(table, rules, i);
    if (detail === undefined) return;
    const identity = rules.identity.has(i);
    if (identity && overriding !== undefined) return;
    throw new SqlError(SqlState.generatedAlways, `cannot insert a non-DEFAULT value into column "${c.name}"`, {
      detail, ...(identity ? { hint: 'Use OVERRIDING SYSTEM VALUE to override.' } : {}),
    });
  });
}

/** UPDATE SET (and ON CONFLICT DO UPDATE SET): generated and ALWAYS identity columns take DEFAULT only. */
export function checkUpdateValues(table: TableDef, rules: TableRules, given: (column: number) => boolean): void {
  table.columns.forEach((c, i) => {
    if (!given(i)) return;
    const detail = generatedDetail(table, rules, i);
    if (detail !== undefined) throw new SqlError(SqlState.generatedAlways, `column "${c.name}" can only be updated to DEFAULT`, { detail });
  });
}

/** Columns a SET list assigns something other than DEFAULT, by table column index. */
export function assignedValues(table: TableDef, targetList: readonly Ast[] | undefined): Set<number> {
  const out = new Set<number>();
  for (const t of targetList ?? []) {
    const rt = t.ResTarget;
    if (rt?.val?.SetToDefault !== undefined) continue;
    const i = table.columns.findIndex((c) => c.name === rt?.name);
    if (i >= 0) out.add(i);
  }
  return out;
}

/**
 * INSERT: the table columns given a value other than DEFAULT, from the bound column mapping (`sourceColumn`:
 * the source column filling each table column, or -1) and the statement's VALUES lists, where an item may be
 * DEFAULT.
 */
export function insertedValues(n: Ast, sourceColumn: readonly number[]): Set<number> {
  const sel = n.selectStmt?.SelectStmt;
  const values = sel?.valuesLists !== undefined && sel.op === 'SETOP_NONE' && sel.sortClause === undefined && sel.limitCount === undefined
    ? (sel.valuesLists as Ast[]).map((l) => (l.List?.items ?? []) as Ast[]) : undefined;
  const out = new Set<number>();
  sourceColumn.forEach((s, i) => {
    if (s < 0) return;
    if (values === undefined || values.some((row) => row[s]?.SetToDefault === undefined)) out.add(i);
  });
  return out;
}
