/**
 * pg_constraint: each table's primary key (backed by its `_pkey` index), UNIQUE constraints (backed by their
 * index), CHECK and FOREIGN KEY constraints. NOT NULL is a column property (pg_attribute.attnotnull), as in
 * PostgreSQL 15; UNIQUE indexes made by CREATE UNIQUE INDEX are indexes only, as there.
 */
import { PgArray } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';
import type { TableDef } from '../../model.ts';

const COLUMNS = columns(`oid:oid conname:name connamespace:oid contype:"char" condeferrable:boolean condeferred:boolean
  convalidated:boolean conrelid:oid contypid:oid conindid:oid conparentid:oid confrelid:oid confupdtype:"char"
  confdeltype:"char" confmatchtype:"char" conislocal:boolean coninhcount:integer connoinherit:boolean conkey:smallint[]
  confkey:smallint[] conpfeqop:oid[] conppeqop:oid[] conffeqop:oid[] confdelsetcols:smallint[] conexclop:oid[] conbin:pg_node_tree`);

const attnums = (table: TableDef, names: readonly string[]): PgArray =>
  PgArray.of(names.map((n) => table.columns.findIndex((c) => c.name === n) + 1));

export const pgConstraint: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_constraint', oid: 2606, relkind: 'r', columns: COLUMNS,
  rows: (sys) => sys.constraints.map((con) => ({
    oid: con.oid, conname: con.name, connamespace: sys.namespaceOid(con.schema) ?? 0, contype: con.type,
    condeferrable: false, condeferred: false, convalidated: true, conrelid: con.table.oid, contypid: 0,
    conindid: con.indexOid ?? 0, conparentid: 0, confrelid: con.ref?.table.oid ?? 0, confupdtype: con.ref?.onUpdate ?? ' ',
    confdeltype: con.ref?.onDelete ?? ' ', confmatchtype: con.ref?.match ?? ' ',
    conislocal: true, coninhcount: 0, connoinherit: con.type !== 'c',
    conkey: con.type === 'c' ? null : attnums(con.table, con.columns),
    confkey: con.ref === undefined ? null : attnums(con.ref.table, con.ref.columns),
    conbin: con.expr ?? null,
  })),
};
