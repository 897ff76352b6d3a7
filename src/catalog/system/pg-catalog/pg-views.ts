/** pg_tables, pg_views, pg_indexes and pg_matviews (Basin has no materialized views): views over pg_class. */
import { columns } from '../columns.ts';
import { empty, type SystemRelation } from '../relation.ts';

export const pgTables: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_tables', oid: 12033, relkind: 'v',
  columns: columns(`schemaname:name tablename:name tableowner:name tablespace:name hasindexes:boolean hasrules:boolean
    hastriggers:boolean rowsecurity:boolean`),
  rows: (sys) => sys.classes.flatMap((c) => {
    if (c.kind === 'r') {
      return [{ schemaname: c.schema, tablename: c.name, tableowner: c.table.owner, hasindexes: sys.indexes.some((i) => i.table.oid === c.oid),
        hasrules: false, hastriggers: false, rowsecurity: false }];
    }
    if (c.kind === 's' && c.system.relkind === 'r') {
      return [{ schemaname: c.schema, tablename: c.name, tableowner: sys.roleName(10) ?? sys.user, hasindexes: false,
        hasrules: false, hastriggers: false, rowsecurity: false }];
    }
    return [];
  }),
};

export const pgViews: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_views', oid: 12028, relkind: 'v',
  columns: columns('schemaname:name viewname:name viewowner:name definition:text'),
  rows: (sys) => sys.classes.flatMap((c) => {
    if (c.kind === 'v') return [{ schemaname: c.schema, viewname: c.name, viewowner: c.view.owner, definition: sys.viewDef(c.oid) }];
    if (c.kind === 's' && c.system.relkind === 'v') return [{ schemaname: c.schema, viewname: c.name, viewowner: sys.roleName(10) ?? sys.user }];
    return [];
  }),
};

export const pgIndexes: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_indexes', oid: 12043, relkind: 'v',
  columns: columns('schemaname:name tablename:name indexname:name tablespace:name indexdef:text'),
  rows: (sys) => sys.indexes.map((ix) => ({ schemaname: ix.schema, tablename: ix.table.name, indexname: ix.name, indexdef: sys.indexDef(ix.oid, 0) })),
};

export const pgMatviews = empty('pg_catalog', 'pg_matviews', 12038, 'v', columns(`schemaname:name matviewname:name matviewowner:name
  tablespace:name hasindexes:boolean ispopulated:boolean definition:text`));
