/**
 * pg_cursors and pg_prepared_statements: the session's open SQL cursors (DECLARE; protocol portals are not
 * listed, as in PostgreSQL) and its named prepared statements, SQL PREPARE and protocol Parse alike.
 */
import { PgArray } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

export const pgCursors: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_cursors', oid: 12077, relkind: 'v',
  columns: columns(`name:text statement:text is_holdable:boolean is_binary:boolean is_scrollable:boolean
    creation_time:timestamp with time zone`),
  rows: (sys) => sys.source.cursors().map((c) => ({
    name: c.name, statement: c.statement, is_holdable: c.holdable, is_binary: c.binary, is_scrollable: c.scrollable,
    creation_time: c.creationTime,
  })),
};

export const pgPreparedStatements: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_prepared_statements', oid: 12095, relkind: 'v',
  columns: columns(`name:text statement:text prepare_time:timestamp with time zone parameter_types:regtype[]
    from_sql:boolean generic_plans:bigint custom_plans:bigint`),
  rows: (sys) => sys.source.preparedStatements().map((p) => ({
    name: p.name, statement: p.statement, prepare_time: p.prepareTime, parameter_types: PgArray.of(p.parameterTypes),
    from_sql: p.fromSql, generic_plans: 0n, custom_plans: 0n,
  })),
};
