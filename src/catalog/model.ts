/**
 * The catalog's objects: databases contain schemas, schemas contain tables and views. Every object has a
 * stable OID (clients cache them) and is stored as one row of the system catalog table.
 */
import type { ColumnSchema } from '../common/index.ts';

export interface TableColumn extends ColumnSchema {
  /**
   * DEFAULT expression as its parse tree (libpg-query JSON), bound anew on each INSERT; null for none.
   * Stored as a tree because the parser offers no deparse, and re-parsing a text slice would need its end.
   */
  readonly defaultExpr: unknown;
  /**
   * GENERATED ALWAYS AS (expr) STORED: the expression's SQL text as written, computed anew on every write.
   * The Delta log holds it too (column metadata `delta.generationExpression`); writes enforce the log's copy.
   */
  readonly generated?: string;
  /** GENERATED … AS IDENTITY; the values handed out so far are tracked in the Delta log's high-water mark. */
  readonly identity?: IdentityDef;
  /** COMMENT ON COLUMN (pg_description, col_description). */
  readonly comment?: string;
}

export interface IdentityDef {
  /** GENERATED ALWAYS (explicit values need OVERRIDING SYSTEM VALUE), else BY DEFAULT. */
  readonly always: boolean;
  /** START WITH and INCREMENT BY, as decimal text (int8 range; JSON has no bigint). */
  readonly start: string;
  readonly step: string;
}

/** A CHECK constraint: its name and the expression's SQL text as written. */
export interface CheckDef {
  readonly name: string;
  readonly expr: string;
}

/**
 * A FOREIGN KEY, recorded for catalog queries (pg_constraint, information_schema): BI tools and ORMs read
 * tables' relationships from it. Not enforced. The referenced table is kept by OID (it may be renamed), its
 * columns by name, as this table's are.
 */
export interface ForeignKeyDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: number;
  readonly refColumns: readonly string[];
  /** pg_constraint's codes: confupdtype/confdeltype 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default. */
  readonly onUpdate: string;
  readonly onDelete: string;
  /** confmatchtype: 's' simple, 'f' full, 'p' partial. */
  readonly match: string;
}

export interface TableDef {
  readonly kind: 'table';
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableColumn[];
  /** Absolute location of the Delta table (a local directory for now). */
  readonly location: string;
  /** Column names of the PRIMARY KEY (enforced on every write, see unique-keys.ts). */
  readonly primaryKey: readonly string[];
  /**
   * The PRIMARY KEY constraint's name, kept when the table is renamed; absent in entries written before it was
   * kept, which go by `<table>_pkey` (primaryKeyName()).
   */
  readonly primaryKeyName?: string;
  /**
   * CHECK constraints, kept for catalog queries. The Delta log holds them too (`delta.constraints.<name>`
   * properties, where other engines see them); writes enforce the log's copy. Absent in entries written
   * before constraints existed.
   */
  readonly checks?: readonly CheckDef[];
  /** FOREIGN KEY constraints (absent when there are none). */
  readonly foreignKeys?: readonly ForeignKeyDef[];
  /** COMMENT ON TABLE. */
  readonly comment?: string;
  /**
   * CREATE TABLE … LOCATION: the Delta table at `location` belongs to the user (another engine may have
   * written it), so DROP TABLE removes only this entry and never the files. Absent for managed tables.
   */
  readonly external?: boolean;
  readonly owner: string;
}

export interface ViewDef {
  readonly kind: 'view';
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** The full CREATE VIEW statement text; its query is bound anew wherever the view is used. */
  readonly sql: string;
  readonly columnNames: readonly string[];
  readonly owner: string;
  /** COMMENT ON VIEW, and COMMENT ON COLUMN of its columns by name. */
  readonly comment?: string;
  readonly columnComments?: Readonly<Record<string, string>>;
}

/**
 * An index, recorded for clients and catalog queries. Basin scans tables column-wise with file pruning, so an
 * index does not change how a query runs (yet); a UNIQUE one is enforced on every write (unique-keys.ts).
 */
export interface IndexDef {
  readonly kind: 'index';
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly tableOid: number;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** CREATE INDEX … WHERE: a partial index (a partial unique index is not enforced). */
  readonly partial?: boolean;
  /** Made by a UNIQUE constraint (of CREATE TABLE), which pg_constraint lists under the index's name. */
  readonly constraint?: boolean;
  /** The CREATE INDEX statement text (pg_get_indexdef). */
  readonly sql: string;
}

export interface SchemaDef {
  readonly kind: 'schema';
  readonly oid: number;
  readonly database: string;
  readonly name: string;
  readonly owner: string;
  /** COMMENT ON SCHEMA; null once a built-in schema's own comment is removed (undefined keeps it). */
  readonly comment?: string | null;
}

export interface DatabaseDef {
  readonly kind: 'database';
  readonly oid: number;
  readonly name: string;
  readonly owner: string;
}

export interface RoleDef {
  readonly kind: 'role';
  readonly oid: number;
  readonly name: string;
  readonly superuser: boolean;
  /** SCRAM-SHA-256 verifier, never the password; null when the role has no password. */
  readonly scramVerifier: string | null;
}

export type CatalogObject = DatabaseDef | SchemaDef | TableDef | ViewDef | IndexDef | RoleDef;
export type RelationDef = TableDef | ViewDef;

/** First OID for user objects, as in PostgreSQL (FirstNormalObjectId). */
export const FIRST_USER_OID = 16384;

/** The name of a table's PRIMARY KEY constraint (and of its index). */
export const primaryKeyName = (t: TableDef): string => t.primaryKeyName ?? `${t.name}_pkey`.slice(0, 63);
