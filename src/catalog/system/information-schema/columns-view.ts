/** information_schema.columns: every column of every table and view (system relations included). */
import type { TableColumn } from '../../model.ts';
import { columns } from '../columns.ts';
import { defaultText } from '../default-text.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import type { ClassEntry, SystemCatalog } from '../system-catalog.ts';
import { typeColumns } from './data-type.ts';

const COLUMNS = columns(`table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
  column_name:sql_identifier ordinal_position:cardinal_number column_default:character_data is_nullable:yes_or_no
  data_type:character_data character_maximum_length:cardinal_number character_octet_length:cardinal_number
  numeric_precision:cardinal_number numeric_precision_radix:cardinal_number numeric_scale:cardinal_number
  datetime_precision:cardinal_number interval_type:character_data interval_precision:cardinal_number
  character_set_catalog:sql_identifier character_set_schema:sql_identifier character_set_name:sql_identifier
  collation_catalog:sql_identifier collation_schema:sql_identifier collation_name:sql_identifier domain_catalog:sql_identifier
  domain_schema:sql_identifier domain_name:sql_identifier udt_catalog:sql_identifier udt_schema:sql_identifier
  udt_name:sql_identifier scope_catalog:sql_identifier scope_schema:sql_identifier scope_name:sql_identifier
  maximum_cardinality:cardinal_number dtd_identifier:sql_identifier is_self_referencing:yes_or_no is_identity:yes_or_no
  identity_generation:character_data identity_start:character_data identity_increment:character_data
  identity_maximum:character_data identity_minimum:character_data identity_cycle:yes_or_no is_generated:character_data
  generation_expression:character_data is_updatable:yes_or_no`);

const IDENTITY_MAX: Readonly<Record<string, string>> = { int2: '32767', int4: '2147483647', int8: '9223372036854775807' };

function identityColumns(col: TableColumn | undefined): SystemRow {
  const id = col?.identity;
  if (col === undefined || id === undefined) return { is_identity: 'NO', identity_cycle: 'NO' };
  return {
    is_identity: 'YES', identity_generation: id.always ? 'ALWAYS' : 'BY DEFAULT', identity_start: id.start,
    identity_increment: id.step, identity_maximum: IDENTITY_MAX[col.type.id] ?? null, identity_minimum: '1', identity_cycle: 'NO',
  };
}

async function relationColumns(sys: SystemCatalog, c: ClassEntry): Promise<SystemRow[]> {
  if (c.kind === 'i') return [];
  const cols = await sys.classColumns(c);
  return cols.map((col, i) => {
    const tableCol = c.kind === 'r' ? c.table.columns[i] : undefined;
    return {
      table_catalog: sys.database, table_schema: c.schema, table_name: c.name, column_name: col.name, ordinal_position: i + 1,
      column_default: tableCol === undefined || tableCol.generated !== undefined ? null : defaultText(tableCol.defaultExpr, col.type),
      is_nullable: c.kind === 'r' && !col.nullable ? 'NO' : 'YES', ...typeColumns(col.type, sys.database),
      dtd_identifier: String(i + 1), is_self_referencing: 'NO', ...identityColumns(tableCol),
      is_generated: tableCol?.generated === undefined ? 'NEVER' : 'ALWAYS', generation_expression: tableCol?.generated ?? null,
      is_updatable: c.kind === 'r' ? 'YES' : 'NO',
    };
  });
}

export const columnsView: SystemRelation = {
  schema: 'information_schema', name: 'columns', oid: 13295, relkind: 'v', columns: COLUMNS,
  rows: async (sys) => (await Promise.all(sys.classes.map((c) => relationColumns(sys, c)))).flat(),
};
