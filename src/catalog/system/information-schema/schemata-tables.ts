/** information_schema.schemata, tables and views: the database's schemas and relations (system ones included, as a superuser sees them). */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

export const schemata: SystemRelation = {
  schema: 'information_schema', name: 'schemata', oid: 13382, relkind: 'v',
  columns: columns(`catalog_name:sql_identifier schema_name:sql_identifier schema_owner:sql_identifier
    default_character_set_catalog:sql_identifier default_character_set_schema:sql_identifier
    default_character_set_name:sql_identifier sql_path:character_data`),
  rows: (sys) => sys.schemas.map((s) => ({ catalog_name: sys.database, schema_name: s.name, schema_owner: s.owner })),
};

export const tables: SystemRelation = {
  schema: 'information_schema', name: 'tables', oid: 13425, relkind: 'v',
  columns: columns(`table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier table_type:character_data
    self_referencing_column_name:sql_identifier reference_generation:character_data user_defined_type_catalog:sql_identifier
    user_defined_type_schema:sql_identifier user_defined_type_name:sql_identifier is_insertable_into:yes_or_no is_typed:yes_or_no
    commit_action:character_data`),
  rows: (sys) => sys.classes.flatMap((c) => {
    if (c.kind === 'i') return [];
    const isTable = c.kind === 'r' || (c.kind === 's' && c.system.relkind === 'r');
    return [{
      table_catalog: sys.database, table_schema: c.schema, table_name: c.name, table_type: isTable ? 'BASE TABLE' : 'VIEW',
      is_insertable_into: c.kind === 'r' ? 'YES' : 'NO', is_typed: 'NO',
    }];
  }),
};

export const views: SystemRelation = {
  schema: 'information_schema', name: 'views', oid: 13483, relkind: 'v',
  columns: columns(`table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
    view_definition:character_data check_option:character_data is_updatable:yes_or_no is_insertable_into:yes_or_no
    is_trigger_updatable:yes_or_no is_trigger_deletable:yes_or_no is_trigger_insertable_into:yes_or_no`),
  rows: (sys) => sys.classes.flatMap((c) => (c.kind !== 'v' && !(c.kind === 's' && c.system.relkind === 'v')) ? [] : [{
    table_catalog: sys.database, table_schema: c.schema, table_name: c.name, view_definition: c.kind === 'v' ? sys.viewDef(c.oid) : null,
    check_option: 'NONE', is_updatable: 'NO', is_insertable_into: 'NO', is_trigger_updatable: 'NO', is_trigger_deletable: 'NO',
    is_trigger_insertable_into: 'NO',
  }]),
};
