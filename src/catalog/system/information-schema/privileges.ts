/**
 * information_schema.table_privileges and column_privileges. Basin has no GRANT yet: each table's and view's
 * owner holds every privilege, which is what PostgreSQL lists for an object nobody granted anything on.
 */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';
import type { ClassEntry, SystemCatalog } from '../system-catalog.ts';

const TABLE_PRIVILEGES = ['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const COLUMN_PRIVILEGES = ['INSERT', 'SELECT', 'UPDATE', 'REFERENCES'];

const userRelations = (sys: SystemCatalog) => sys.classes.filter((c): c is Extract<ClassEntry, { kind: 'r' | 'v' }> => c.kind === 'r' || c.kind === 'v');
const ownerOf = (c: Extract<ClassEntry, { kind: 'r' | 'v' }>): string => (c.kind === 'r' ? c.table.owner : c.view.owner);

export const tablePrivileges: SystemRelation = {
  schema: 'information_schema', name: 'table_privileges', oid: 13416, relkind: 'v',
  columns: columns(`grantor:sql_identifier grantee:sql_identifier table_catalog:sql_identifier table_schema:sql_identifier
    table_name:sql_identifier privilege_type:character_data is_grantable:yes_or_no with_hierarchy:yes_or_no`),
  rows: (sys) => userRelations(sys).flatMap((c) => TABLE_PRIVILEGES.map((p) => ({
    grantor: ownerOf(c), grantee: ownerOf(c), table_catalog: sys.database, table_schema: c.schema, table_name: c.name,
    privilege_type: p, is_grantable: 'YES', with_hierarchy: p === 'SELECT' ? 'YES' : 'NO',
  }))),
};

export const columnPrivileges: SystemRelation = {
  schema: 'information_schema', name: 'column_privileges', oid: 13285, relkind: 'v',
  columns: columns(`grantor:sql_identifier grantee:sql_identifier table_catalog:sql_identifier table_schema:sql_identifier
    table_name:sql_identifier column_name:sql_identifier privilege_type:character_data is_grantable:yes_or_no`),
  rows: async (sys) => (await Promise.all(userRelations(sys).map(async (c) => (await sys.classColumns(c)).flatMap((col) =>
    COLUMN_PRIVILEGES.map((p) => ({
      grantor: ownerOf(c), grantee: ownerOf(c), table_catalog: sys.database, table_schema: c.schema, table_name: c.name,
      column_name: col.name, privilege_type: p, is_grantable: 'YES',
    })))))).flat(),
};
