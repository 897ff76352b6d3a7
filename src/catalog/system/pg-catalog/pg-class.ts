/**
 * pg_class: every relation — tables ('r'), views ('v'), indexes ('i', including each primary key's) and the
 * system relations themselves (as PostgreSQL lists its catalogs: tables and views in pg_catalog and
 * information_schema). Sizes are unknown to the catalog (reltuples -1, "never analyzed"); Basin has no
 * rules, triggers, row security, partitions or TOAST.
 */
import { columns } from '../columns.ts';
import { BTREE_AM, HEAP_AM, NAMESPACE_OIDS } from '../oids.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import type { ClassEntry, SystemCatalog } from '../system-catalog.ts';

const COLUMNS = columns(`oid:oid relname:name relnamespace:oid reltype:oid reloftype:oid relowner:oid relam:oid relfilenode:oid
  reltablespace:oid relpages:integer reltuples:real relallvisible:integer reltoastrelid:oid relhasindex:boolean relisshared:boolean
  relpersistence:"char" relkind:"char" relnatts:smallint relchecks:smallint relhasrules:boolean relhastriggers:boolean
  relhassubclass:boolean relrowsecurity:boolean relforcerowsecurity:boolean relispopulated:boolean relreplident:"char"
  relispartition:boolean relrewrite:oid relfrozenxid:xid relminmxid:xid relacl:aclitem[] reloptions:text[] relpartbound:pg_node_tree`);

async function classRow(sys: SystemCatalog, c: ClassEntry): Promise<SystemRow> {
  const nsp = NAMESPACE_OIDS[c.schema] ?? sys.namespaceOid(c.schema) ?? 0;
  // A view's column count is recorded with it: listing relations need not bind every view's query.
  const natts = c.kind === 'v' ? c.view.columnNames.length : (await sys.classColumns(c)).length;
  const owner = c.kind === 'r' ? c.table.owner : c.kind === 'v' ? c.view.owner : c.kind === 'i' ? c.index.table.owner : undefined;
  const kind = c.kind === 's' ? c.system.relkind : c.kind;
  return {
    oid: c.oid, relname: c.name, relnamespace: nsp, reltype: 0, reloftype: 0, relowner: owner === undefined ? 10 : sys.roleOidOf(owner),
    relam: kind === 'r' ? HEAP_AM : kind === 'i' ? BTREE_AM : 0, relfilenode: kind === 'v' ? 0 : c.oid, reltablespace: 0,
    relpages: 0, reltuples: -1, relallvisible: 0, reltoastrelid: 0,
    relhasindex: c.kind === 'r' && sys.indexes.some((i) => i.table.oid === c.oid), relisshared: false,
    relpersistence: 'p', relkind: kind, relnatts: natts,
    relchecks: c.kind === 'r' ? (c.table.checks ?? []).length : 0,
    relhasrules: false, relhastriggers: false, relhassubclass: false, relrowsecurity: false, relforcerowsecurity: false,
    relispopulated: true, relreplident: c.kind === 'r' ? 'd' : 'n', relispartition: false, relrewrite: 0,
    relfrozenxid: 0n, relminmxid: 0n,
  };
}

export const pgClass: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_class', oid: 1259, relkind: 'r', columns: COLUMNS,
  rows: (sys) => Promise.all(sys.classes.map((c) => classRow(sys, c))),
};
