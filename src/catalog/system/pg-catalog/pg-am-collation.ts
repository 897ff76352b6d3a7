/** pg_am and pg_collation: the access methods and collations Basin's objects refer to, under PostgreSQL's OIDs. */
import { columns } from '../columns.ts';
import { BTREE_AM, C_COLLATION, DEFAULT_COLLATION, HEAP_AM, NAMESPACE_OIDS, POSIX_COLLATION } from '../oids.ts';
import type { SystemRelation } from '../relation.ts';

export const pgAm: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_am', oid: 2601, relkind: 'r',
  columns: columns('oid:oid amname:name amhandler:regproc amtype:"char"'),
  rows: () => [
    { oid: HEAP_AM, amname: 'heap', amhandler: 3 /* heap_tableam_handler */, amtype: 't' },
    { oid: BTREE_AM, amname: 'btree', amhandler: 330 /* bthandler */, amtype: 'i' },
  ],
};

const collation = (oid: number, name: string, collate: string | null) => ({
  oid, collname: name, collnamespace: NAMESPACE_OIDS.pg_catalog, collowner: 10, collprovider: oid === DEFAULT_COLLATION ? 'd' : 'c',
  collisdeterministic: true, collencoding: -1, collcollate: collate, collctype: collate,
});

export const pgCollation: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_collation', oid: 3456, relkind: 'r',
  columns: columns(`oid:oid collname:name collnamespace:oid collowner:oid collprovider:"char" collisdeterministic:boolean
    collencoding:integer collcollate:text collctype:text colliculocale:text collversion:text`),
  rows: () => [collation(DEFAULT_COLLATION, 'default', null), collation(C_COLLATION, 'C', 'C'), collation(POSIX_COLLATION, 'POSIX', 'POSIX')],
};

export const pgTablespace: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_tablespace', oid: 1213, relkind: 'r',
  columns: columns('oid:oid spcname:name spcowner:oid spcacl:aclitem[] spcoptions:text[]'),
  rows: () => [{ oid: 1663, spcname: 'pg_default', spcowner: 10 }, { oid: 1664, spcname: 'pg_global', spcowner: 10 }],
};
