/**
 * information_schema.routines and parameters: the built-in functions (pg_proc), each overload a routine whose
 * specific_name is `<name>_<oid>` as in PostgreSQL.
 */
import { sqlType, typeByOid } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import { PSEUDO_TYPES, type Procedure } from '../procedures.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import type { SystemCatalog } from '../system-catalog.ts';
import { typeColumns } from './data-type.ts';

function typeOf(oid: number, database: string): Record<string, unknown> {
  const info = typeByOid(oid);
  if (info !== undefined) return typeColumns(sqlType(info.id), database);
  const pseudo = PSEUDO_TYPES.find((p) => p.oid === oid);
  return { data_type: pseudo?.display ?? 'record', udt_catalog: database, udt_schema: 'pg_catalog', udt_name: pseudo?.name ?? 'record' };
}

const specific = (sys: SystemCatalog, p: Procedure): SystemRow => ({
  specific_catalog: sys.database, specific_schema: 'pg_catalog', specific_name: `${p.name}_${p.oid}`,
});

/** The data type descriptor columns routines and parameters share (SQL standard, part 11). */
const DATA_TYPE_DESCRIPTOR = `character_maximum_length:cardinal_number character_octet_length:cardinal_number
  character_set_catalog:sql_identifier character_set_schema:sql_identifier character_set_name:sql_identifier
  collation_catalog:sql_identifier collation_schema:sql_identifier collation_name:sql_identifier
  numeric_precision:cardinal_number numeric_precision_radix:cardinal_number numeric_scale:cardinal_number
  datetime_precision:cardinal_number interval_type:character_data interval_precision:cardinal_number`;

export const routines: SystemRelation = {
  schema: 'information_schema', name: 'routines', oid: 13377, relkind: 'v',
  columns: columns(`specific_catalog:sql_identifier specific_schema:sql_identifier specific_name:sql_identifier
    routine_catalog:sql_identifier routine_schema:sql_identifier routine_name:sql_identifier routine_type:character_data
    module_catalog:sql_identifier module_schema:sql_identifier module_name:sql_identifier udt_catalog:sql_identifier
    udt_schema:sql_identifier udt_name:sql_identifier data_type:character_data ${DATA_TYPE_DESCRIPTOR}
    type_udt_catalog:sql_identifier type_udt_schema:sql_identifier
    type_udt_name:sql_identifier scope_catalog:sql_identifier scope_schema:sql_identifier scope_name:sql_identifier
    maximum_cardinality:cardinal_number dtd_identifier:sql_identifier routine_body:character_data
    routine_definition:character_data external_name:character_data external_language:character_data
    parameter_style:character_data is_deterministic:yes_or_no sql_data_access:character_data is_null_call:yes_or_no
    sql_path:character_data schema_level_routine:yes_or_no max_dynamic_result_sets:cardinal_number
    is_user_defined_cast:yes_or_no is_implicitly_invocable:yes_or_no security_type:character_data`),
  rows: (sys) => sys.procedures().map((p) => {
    const t = typeOf(p.resultType, sys.database);
    return {
      ...specific(sys, p), routine_catalog: sys.database, routine_schema: 'pg_catalog', routine_name: p.name,
      routine_type: 'FUNCTION', ...t, udt_catalog: null, udt_schema: null, udt_name: null,
      type_udt_catalog: t.udt_catalog, type_udt_schema: t.udt_schema, type_udt_name: t.udt_name, dtd_identifier: '0',
      routine_body: 'EXTERNAL', routine_definition: p.name, external_name: p.name, external_language: 'INTERNAL',
      parameter_style: 'GENERAL', is_deterministic: p.volatility === 'i' ? 'YES' : 'NO', sql_data_access: 'MODIFIES',
      is_null_call: p.strict ? 'YES' : 'NO', schema_level_routine: 'YES', max_dynamic_result_sets: 0,
      is_user_defined_cast: 'NO', is_implicitly_invocable: 'NO', security_type: 'INVOKER',
    };
  }),
};

export const parameters: SystemRelation = {
  schema: 'information_schema', name: 'parameters', oid: 13334, relkind: 'v',
  columns: columns(`specific_catalog:sql_identifier specific_schema:sql_identifier specific_name:sql_identifier
    ordinal_position:cardinal_number parameter_mode:character_data is_result:yes_or_no as_locator:yes_or_no
    parameter_name:sql_identifier data_type:character_data ${DATA_TYPE_DESCRIPTOR}
    udt_catalog:sql_identifier udt_schema:sql_identifier udt_name:sql_identifier
    scope_catalog:sql_identifier scope_schema:sql_identifier scope_name:sql_identifier maximum_cardinality:cardinal_number
    dtd_identifier:sql_identifier parameter_default:character_data`),
  rows: (sys) => sys.procedures().flatMap((p) => p.argTypes.map((oid, i) => ({
    ...specific(sys, p), ordinal_position: i + 1, parameter_mode: 'IN', is_result: 'NO', as_locator: 'NO',
    ...typeOf(oid, sys.database), dtd_identifier: String(i + 1),
  }))),
};
