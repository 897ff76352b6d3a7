/**
 * has_table_privilege, has_any_column_privilege, has_schema_privilege, has_database_privilege: every Basin role is a superuser (GRANT
 * comes with governance), so a privilege is held whenever the object exists and the privilege is one the
 * object type has. A missing object or an unknown privilege is an error, as in PostgreSQL.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { ArgType, EvalContext, ScalarFunction } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

type Kind = 'table' | 'any_column' | 'schema' | 'database';

const PRIVILEGES: Readonly<Record<Kind, readonly string[]>> = {
  table: ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'],
  any_column: ['select', 'insert', 'update', 'references'],
  schema: ['usage', 'create'],
  database: ['create', 'connect', 'temporary', 'temp'],
};

function checkPrivileges(kind: Kind, text: string): void {
  for (const raw of text.split(',')) {
    const p = raw.trim().toLowerCase().replace(/\s+with\s+grant\s+option$/, '');
    if (!PRIVILEGES[kind].includes(p)) throw new SqlError(SqlState.invalidParameterValue, `unrecognized privilege type: "${raw.trim()}"`);
  }
}

function checkRole(name: string, ctx: EvalContext): void {
  if (catalogOf(ctx).roleOid(name) === undefined) throw new SqlError(SqlState.undefinedObject, `role "${name}" does not exist`);
}

function objectExists(kind: Kind, obj: unknown, ctx: EvalContext): boolean | null {
  const c = catalogOf(ctx);
  if (typeof obj === 'number') {
    const found = kind === 'table' || kind === 'any_column' ? c.relationName(obj) : kind === 'schema' ? c.namespaceName(obj) : c.databaseName(obj);
    return found === undefined ? null : true; // an OID that names nothing: NULL
  }
  const name = obj as string;
  if (kind === 'table' || kind === 'any_column') {
    if (c.relationOid(name) === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`);
  } else if (kind === 'schema') {
    if (c.namespaceOid(name) === undefined) throw new SqlError(SqlState.invalidSchemaName, `schema "${name}" does not exist`);
  } else if (c.databaseOid(name) === undefined) {
    throw new SqlError(SqlState.invalidCatalogName, `database "${name}" does not exist`);
  }
  return true;
}

function hasPrivilege(kind: Kind): ScalarFunction {
  const object: ArgType[] = ['text', 'oid'];
  const overloads = object.flatMap((o) => [
    { args: [o, 'text'] as ArgType[], withUser: false },
    { args: ['name', o, 'text'] as ArgType[], withUser: true },
  ]).map(({ args, withUser }) => ({
    args, returns: 'bool' as const, volatility: 'stable' as const,
    kernel: mapStrictN('bool', (row, ctx) => {
      if (withUser) checkRole(row[0] as string, ctx);
      const [obj, priv] = withUser ? [row[1], row[2]] : [row[0], row[1]];
      checkPrivileges(kind, priv as string);
      return objectExists(kind, obj, ctx);
    }),
  }));
  return { name: `has_${kind}_privilege`, overloads };
}

export const hasTablePrivilege = hasPrivilege('table');
export const hasAnyColumnPrivilege = hasPrivilege('any_column');
export const hasSchemaPrivilege = hasPrivilege('schema');
export const hasDatabasePrivilege = hasPrivilege('database');
