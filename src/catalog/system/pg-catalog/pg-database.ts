/**
 * pg_database: every database. Basin stores text as UTF-8 and compares it by code point, which is what
 * PostgreSQL's "C" collation does; there are no templates and no per-database ACLs.
 */
import { columns } from '../columns.ts';
import { UTF8_ENCODING } from '../oids.ts';
import type { SystemRelation } from '../relation.ts';

const COLUMNS = columns(`oid:oid datname:name datdba:oid encoding:integer datlocprovider:"char" datistemplate:boolean
  datallowconn:boolean datconnlimit:integer datfrozenxid:xid datminmxid:xid dattablespace:oid datcollate:text datctype:text
  daticulocale:text datcollversion:text datacl:aclitem[]`);

export const pgDatabase: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_database', oid: 1262, relkind: 'r', columns: COLUMNS,
  rows: (sys) => sys.source.view.databases().map((d) => ({
    oid: d.oid, datname: d.name, datdba: sys.roleOidOf(d.owner), encoding: UTF8_ENCODING, datlocprovider: 'c',
    datistemplate: false, datallowconn: true, datconnlimit: -1, datfrozenxid: 0n, datminmxid: 1n, dattablespace: 1663,
    datcollate: 'C', datctype: 'C',
  })),
};
