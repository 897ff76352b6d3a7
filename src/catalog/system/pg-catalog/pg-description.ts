/** pg_description: comments on objects (see descriptions.ts). */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

export const pgDescription: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_description', oid: 2609, relkind: 'r',
  columns: columns('objoid:oid classoid:oid objsubid:integer description:text'),
  rows: (sys) => sys.descriptions(),
};
