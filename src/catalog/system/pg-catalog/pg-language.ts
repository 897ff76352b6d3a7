/** pg_language: the languages of Basin's functions, all built in ("internal"), plus c and sql as PostgreSQL lists them. */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

const language = (oid: number, lanname: string, trusted: boolean) => ({
  oid, lanname, lanowner: 10, lanispl: false, lanpltrusted: trusted, lanplcallfoid: 0, laninline: 0, lanvalidator: 0,
});

export const pgLanguage: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_language', oid: 2612, relkind: 'r',
  columns: columns(`oid:oid lanname:name lanowner:oid lanispl:boolean lanpltrusted:boolean lanplcallfoid:oid laninline:oid
    lanvalidator:oid lanacl:aclitem[]`),
  rows: () => [language(12, 'internal', false), language(13, 'c', false), language(14, 'sql', true)],
};
