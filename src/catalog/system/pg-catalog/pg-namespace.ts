/** pg_namespace: the database's schemas, the built-in ones under PostgreSQL's OIDs. */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

export const pgNamespace: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_namespace', oid: 2615, relkind: 'r',
  columns: columns('oid:oid nspname:name nspowner:oid nspacl:aclitem[]'),
  rows: (sys) => sys.schemas.map((s) => ({ oid: sys.namespaceOidOf(s), nspname: s.name, nspowner: sys.roleOidOf(s.owner) })),
};
