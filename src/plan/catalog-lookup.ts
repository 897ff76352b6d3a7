/**
 * What catalog functions read while a statement runs (`pg_get_indexdef(oid)`, `pg_table_is_visible(oid)`,
 * `'t'::regclass`, …): names and definitions by OID and OIDs by name, as the session sees the catalog when the
 * statement started (its own uncommitted DDL included). Implemented by the catalog layer; functions reach it
 * through SessionInfo.catalog, so they never import the catalog itself.
 *
 * Lookups return undefined for an OID or name that names nothing: the function decides whether that is NULL
 * (PostgreSQL's pg_get_* functions) or an error (regclass input).
 */
export interface CatalogLookup {
  /** A relation (table, view, index, system relation) by a possibly qualified, possibly quoted name. */
  relationOid(name: string): number | undefined;
  /** regclass output: the relation's name, schema-qualified when the search path would not find it. */
  relationName(oid: number): string | undefined;
  /** Is the relation found by its bare name through the search path (pg_table_is_visible)? */
  relationVisible(oid: number): boolean | undefined;
  namespaceOid(name: string): number | undefined;
  namespaceName(oid: number): string | undefined;
  roleOid(name: string): number | undefined;
  databaseOid(name: string): number | undefined;
  databaseName(oid: number): string | undefined;
  roleName(oid: number): string | undefined;
  /** A function by a possibly qualified name (regproc input: it must name exactly one function). */
  procOids(name: string): readonly number[];
  procName(oid: number): string | undefined;
  functionVisible(oid: number): boolean | undefined;
  /** pg_get_function_result / pg_get_function_arguments. */
  functionResult(oid: number): string | undefined;
  functionArguments(oid: number): string | undefined;
  /** pg_get_indexdef: the CREATE INDEX statement, or with `column` ≥ 1 that key column's name. */
  indexDef(oid: number, column: number): string | undefined;
  /** pg_get_constraintdef: `PRIMARY KEY (id)`, `CHECK (…)` (pretty: without the extra parentheses). */
  constraintDef(oid: number, pretty: boolean): string | undefined;
  /**
   * pg_get_serial_sequence: the schema-qualified name of the sequence behind a table's serial or identity
   * column, null for other columns. Errors (SqlError) for an unknown table or column.
   */
  serialSequence(table: string, column: string): string | null;
  /** obj_description / col_description: an object's comment; `catalog` ('pg_class', …) undefined means any. */
  description(objoid: number, catalog: string | undefined, objsubid: number): string | undefined;
  /** pg_get_viewdef: the view's query text. */
  viewDef(oid: number): string | undefined;
  /**
   * Bytes a relation's data files take (0 for views and indexes, which have none), or a database's tables;
   * undefined for an OID that names nothing, or when the statement did not load sizes (CatalogReader.prepareSizes).
   */
  relationSize(oid: number): number | undefined;
  databaseSize(oid: number): number | undefined;
}
