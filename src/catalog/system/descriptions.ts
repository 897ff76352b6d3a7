/**
 * pg_description's rows: the comments PostgreSQL 15 ships on its schemas and types (for the ones Basin has),
 * and the comments users set with COMMENT ON on schemas, tables, views and their columns.
 */
import type { SchemaDef } from '../model.ts';
import type { SystemRow } from './relation.ts';
import { NAMESPACE_OIDS } from './oids.ts';

/** classoid values: the catalog each described object lives in. */
export const PG_TYPE_OID = 1247, PG_NAMESPACE_OID = 2615;

/** PostgreSQL's own comments on built-in schemas; a COMMENT ON SCHEMA replaces or (NULL) removes them. */
const SCHEMA_COMMENTS: Readonly<Record<string, string>> = { pg_catalog: 'system catalog schema', public: 'standard public schema' };

export const schemaComment = (s: SchemaDef): string | undefined =>
  s.comment === null ? undefined : s.comment ?? (NAMESPACE_OIDS[s.name] === undefined ? undefined : SCHEMA_COMMENTS[s.name]);

/** PostgreSQL 15's comments on its built-in types, by type name. */
export const TYPE_COMMENTS: Readonly<Record<string, string>> = {
  bool: "boolean, 'true'/'false'",
  bpchar: 'char(length), blank-padded string, fixed storage length',
  bytea: 'variable-length string, binary values escaped',
  char: 'single character',
  date: 'date',
  float4: 'single-precision floating point number, 4-byte storage',
  float8: 'double-precision floating point number, 8-byte storage',
  int2: '-32 thousand to 32 thousand, 2-byte storage',
  int4: '-2 billion to 2 billion integer, 4-byte storage',
  int8: '~18 digit integer, 8-byte storage',
  interval: '@ <number> <units>, time interval',
  json: 'JSON stored as text',
  jsonb: 'Binary JSON',
  name: '63-byte type for storing system identifiers',
  numeric: 'numeric(precision, decimal), arbitrary precision number',
  oid: 'object identifier(oid), maximum 4 billion',
  record: 'pseudo-type representing any composite type',
  text: 'variable-length string, no limit specified',
  time: 'time of day',
  timestamp: 'date and time',
  timestamptz: 'date and time with time zone',
  unknown: 'pseudo-type representing an undetermined type',
  uuid: 'UUID datatype',
  varchar: 'varchar(length), non-blank-padded string, variable storage length',
  void: 'pseudo-type for the result of a function with no real result',
  anyarray: 'pseudo-type representing a polymorphic array type',
  anyelement: 'pseudo-type representing a polymorphic base type',
};

export type DescriptionRow = SystemRow & { objoid: number; classoid: number; objsubid: number; description: string };
