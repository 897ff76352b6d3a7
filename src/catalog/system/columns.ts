/**
 * Column lists of system relations, written as PostgreSQL 15's `\d` shows them (`relname:name relkind:"char"`),
 * so each file reads like the catalog it emulates. Types Basin lacks map to the closest it has: aclitem[] and
 * pg_node_tree read as text (they are NULL or names), xid
 * as bigint, and information_schema's domains as their base types.
 */
import { SqlError, SqlState, T, sqlType, vectorOf, type PgArray, type SqlType } from '../../common/index.ts';
import type { SrfColumn } from '../../plan/index.ts';

const TYPE_NAMES: Readonly<Record<string, SqlType>> = {
  oid: T.oid, name: T.name, text: T.text, boolean: T.bool, smallint: T.int2, integer: T.int4, bigint: T.int8,
  real: T.float4, '"char"': sqlType('char'), 'timestamp with time zone': T.timestamptz,
  'text[]': sqlType('_text'), 'oid[]': sqlType('_oid'), 'smallint[]': sqlType('_int2'), '"char"[]': sqlType('_char'),
  'aclitem[]': sqlType('_text'), pg_node_tree: T.text, regproc: sqlType('regproc'), regtype: sqlType('regtype'), 'regtype[]': sqlType('_regtype'), anyarray: T.text, inet: T.text,
  int2vector: sqlType('int2vector'), oidvector: sqlType('oidvector'), xid: T.int8,
  sql_identifier: T.name, character_data: T.varchar, yes_or_no: sqlType('varchar', 3 + 4), cardinal_number: T.int4,
  time_stamp: T.timestamptz,
};

/** `name:type name:type …` (a type may contain spaces: the next `word:` starts the next column). */
export function columns(spec: string): SrfColumn[] {
  const out: SrfColumn[] = [];
  for (const m of spec.trim().matchAll(/(\w+):(.+?)(?=\s+\w+:|\s*$)/g)) {
    const type = TYPE_NAMES[m[2]!];
    if (type === undefined) throw new SqlError(SqlState.internalError, `system column type ${m[2]} is not mapped`);
    out.push({ name: m[1]!, type });
  }
  return out;
}

/** An int2vector or oidvector value: its subscripts start at 0 (`indkey[0]` is the first key column), unlike arrays'. */
export const vector = (items: readonly number[]): PgArray => vectorOf(items);
