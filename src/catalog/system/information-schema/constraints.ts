/**
 * information_schema's constraint views: table_constraints (primary keys, UNIQUE and CHECK constraints, and as in
 * PostgreSQL 15 one CHECK per NOT NULL column, named `<schema oid>_<table oid>_<attnum>_not_null`),
 * key_column_usage (primary key, UNIQUE and foreign key columns), constraint_column_usage (the columns a
 * key constrains: a primary key's or UNIQUE constraint's own, a foreign key's referenced ones),
 * check_constraints, and referential_constraints.
 */
import { columns } from '../columns.ts';
import { empty, type SystemRelation, type SystemRow } from '../relation.ts';
import type { SystemCatalog } from '../system-catalog.ts';

interface Con { schema: string; table: string; name: string; type: string; check?: string }

function allConstraints(sys: SystemCatalog): Con[] {
  const out: Con[] = [];
  for (const c of sys.constraints) {
    const type = c.type === 'p' ? 'PRIMARY KEY' : c.type === 'u' ? 'UNIQUE' : c.type === 'f' ? 'FOREIGN KEY' : 'CHECK';
    out.push({ schema: c.schema, table: c.table.name, name: c.name, type, ...(c.expr === undefined ? {} : { check: `((${c.expr}))` }) });
  }
  for (const c of sys.classes) {
    if (c.kind !== 'r') continue;
    const nsp = sys.namespaceOid(c.schema) ?? 0;
    c.table.columns.forEach((col, i) => {
      if (!col.nullable) out.push({ schema: c.schema, table: c.name, name: `${nsp}_${c.oid}_${i + 1}_not_null`, type: 'CHECK', check: `${col.name} IS NOT NULL` });
    });
  }
  return out;
}

export const tableConstraints: SystemRelation = {
  schema: 'information_schema', name: 'table_constraints', oid: 13411, relkind: 'v',
  columns: columns(`constraint_catalog:sql_identifier constraint_schema:sql_identifier constraint_name:sql_identifier
    table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier constraint_type:character_data
    is_deferrable:yes_or_no initially_deferred:yes_or_no enforced:yes_or_no nulls_distinct:yes_or_no`),
  rows: (sys) => allConstraints(sys).map((c) => ({
    constraint_catalog: sys.database, constraint_schema: c.schema, constraint_name: c.name, table_catalog: sys.database,
    table_schema: c.schema, table_name: c.table, constraint_type: c.type, is_deferrable: 'NO', initially_deferred: 'NO',
    enforced: 'YES', nulls_distinct: c.type === 'UNIQUE' ? 'YES' : null,
  })),
};

export const checkConstraints: SystemRelation = {
  schema: 'information_schema', name: 'check_constraints', oid: 13260, relkind: 'v',
  columns: columns(`constraint_catalog:sql_identifier constraint_schema:sql_identifier constraint_name:sql_identifier
    check_clause:character_data`),
  rows: (sys) => allConstraints(sys).filter((c) => c.check !== undefined).map((c) => ({
    constraint_catalog: sys.database, constraint_schema: c.schema, constraint_name: c.name, check_clause: c.check,
  })),
};

function keyColumns(sys: SystemCatalog): SystemRow[] {
  return sys.constraints.filter((c) => c.type !== 'c').flatMap((c) => c.columns.map((col, i) => ({
    constraint_catalog: sys.database, constraint_schema: c.schema, constraint_name: c.name, table_catalog: sys.database,
    table_schema: c.schema, table_name: c.table.name, column_name: col, ordinal_position: i + 1,
    // A foreign key column's place in the referenced key (the same as its own here: keys are matched in order).
    position_in_unique_constraint: c.type === 'f' ? i + 1 : null,
  })));
}

/** The columns each key constrains: a primary key's own, a foreign key's referenced ones (PostgreSQL's view). */
function constrainedColumns(sys: SystemCatalog): SystemRow[] {
  return sys.constraints.filter((c) => c.type !== 'c').flatMap((c) => {
    const table = c.ref?.table ?? c.table;
    return (c.ref?.columns ?? c.columns).map((col) => ({
      table_catalog: sys.database, table_schema: table.schema, table_name: table.name, column_name: col,
      constraint_catalog: sys.database, constraint_schema: c.schema, constraint_name: c.name,
    }));
  });
}

export const keyColumnUsage: SystemRelation = {
  schema: 'information_schema', name: 'key_column_usage', oid: 13329, relkind: 'v',
  columns: columns(`constraint_catalog:sql_identifier constraint_schema:sql_identifier constraint_name:sql_identifier
    table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier column_name:sql_identifier
    ordinal_position:cardinal_number position_in_unique_constraint:cardinal_number`),
  rows: keyColumns,
};

export const constraintColumnUsage: SystemRelation = {
  schema: 'information_schema', name: 'constraint_column_usage', oid: 13300, relkind: 'v',
  columns: columns(`table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier column_name:sql_identifier
    constraint_catalog:sql_identifier constraint_schema:sql_identifier constraint_name:sql_identifier`),
  rows: constrainedColumns,
};

const RULES: Readonly<Record<string, string>> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const MATCH: Readonly<Record<string, string>> = { s: 'NONE', f: 'FULL', p: 'PARTIAL' };

export const referentialConstraints: SystemRelation = {
  schema: 'information_schema', name: 'referential_constraints', oid: 13339, relkind: 'v',
  columns: columns(`constraint_catalog:sql_identifier constraint_schema:sql_identifier constraint_name:sql_identifier
    unique_constraint_catalog:sql_identifier unique_constraint_schema:sql_identifier unique_constraint_name:sql_identifier
    match_option:character_data update_rule:character_data delete_rule:character_data`),
  rows: (sys) => sys.constraints.flatMap((c) => {
    if (c.ref === undefined) return [];
    const key = sys.constraints.find((k) => (k.type === 'p' || k.type === 'u') && k.indexOid === c.indexOid && c.indexOid !== 0);
    return [{
      constraint_catalog: sys.database, constraint_schema: c.schema, constraint_name: c.name,
      unique_constraint_catalog: key === undefined ? null : sys.database, unique_constraint_schema: key?.schema ?? null,
      unique_constraint_name: key?.name ?? null, match_option: MATCH[c.ref.match] ?? 'NONE',
      update_rule: RULES[c.ref.onUpdate] ?? 'NO ACTION', delete_rule: RULES[c.ref.onDelete] ?? 'NO ACTION',
    }];
  }),
};

export const sequences = empty('information_schema', 'sequences', 13386, 'v', columns(`sequence_catalog:sql_identifier
  sequence_schema:sql_identifier sequence_name:sql_identifier data_type:character_data numeric_precision:cardinal_number
  numeric_precision_radix:cardinal_number numeric_scale:cardinal_number start_value:character_data minimum_value:character_data
  maximum_value:character_data increment:character_data cycle_option:yes_or_no`));
