/**
 * The catalog as PostgreSQL's system relations present it, for one statement: Basin's objects (databases,
 * schemas, tables, views, indexes, roles) plus what PostgreSQL would derive from them (a primary key's index
 * and constraint, CHECK constraints, column defaults) and the system relations themselves, all with OIDs.
 * Built from the session's CatalogView, so a statement sees its transaction's own DDL. It answers the
 * catalog functions (CatalogLookup) and builds the rows of system relations on demand.
 */
import { SqlError, SqlState, TYPES, type ColumnSchema } from '../../common/index.ts';
import type { CatalogLookup, FunctionResolver, SystemRelationRef } from '../../plan/index.ts';
import type { CatalogView } from '../catalog.ts';
import { primaryKeyName, type RoleDef, type SchemaDef, type TableDef, type ViewDef } from '../model.ts';
import { derivedOid, NAMESPACE_OIDS } from './oids.ts';
import { parseQualifiedName, quoteIdent } from './names.ts';
import type { SystemRelation } from './relation.ts';
import { SYSTEM_RELATIONS } from './registry.ts';
import { procedures, PSEUDO_TYPES, type Procedure } from './procedures.ts';
import { PG_NAMESPACE_OID, PG_TYPE_OID, schemaComment, TYPE_COMMENTS, type DescriptionRow } from './descriptions.ts';
import { PG_CLASS_OID } from './oids.ts';

/** What the session supplies besides the catalog view. */
export interface SystemCatalogSource {
  readonly view: CatalogView;
  readonly database: string;
  readonly user: string;
  /** The session's search path, resolved to existing schemas. */
  readonly searchPath: readonly string[];
  readonly functions: FunctionResolver;
  /** A setting's current value (SHOW). */
  setting(name: string): string;
  readonly backendPid: number;
  /** A view's output columns: binding its query is the binder's business, which this layer cannot import. */
  viewColumns(view: ViewDef): Promise<readonly ColumnSchema[]>;
  /** Bytes of a table's data files in the snapshot the statement reads. */
  tableSize(table: TableDef): Promise<number>;
  /** Every open session of the server, this one included (pg_stat_activity). */
  activity(): readonly SessionActivity[];
  /** The session's open SQL cursors (pg_cursors). */
  cursors(): readonly CursorInfo[];
  /** The advisory locks sessions of the server hold (pg_locks). */
  advisoryLocks(): readonly AdvisoryLockInfo[];
  /** The session's named prepared statements, SQL and protocol ones (pg_prepared_statements). */
  preparedStatements(): readonly PreparedStatementInfo[];
}

/** An advisory lock a session holds, as pg_locks lists it. */
export interface AdvisoryLockInfo {
  readonly database: string;
  readonly classid: number;
  readonly objid: number;
  readonly objsubid: number;
  readonly mode: 'exclusive' | 'share';
  readonly pid: number;
}

/** A row of pg_cursors; times in µs since the epoch. */
export interface CursorInfo {
  readonly name: string;
  /** The query string that declared it. */
  readonly statement: string;
  readonly holdable: boolean;
  readonly binary: boolean;
  readonly scrollable: boolean;
  readonly creationTime: number;
}

/** A row of pg_prepared_statements; times in µs since the epoch. */
export interface PreparedStatementInfo {
  readonly name: string;
  /** The query string that prepared it (PREPARE's, or Parse's text). */
  readonly statement: string;
  readonly prepareTime: number;
  /** The parameters' type OIDs. */
  readonly parameterTypes: readonly number[];
  readonly fromSql: boolean;
}

/** What pg_stat_activity shows of a session; times in µs since the epoch. */
export interface SessionActivity {
  readonly pid: number;
  readonly database: string;
  readonly user: string;
  readonly applicationName: string;
  /** 'active' while a statement runs, else 'idle' or 'idle in transaction'. */
  readonly state: string;
  /** The statement running, or the last one. */
  readonly query: string;
  readonly backendStart: number;
  readonly xactStart: number | null;
  readonly queryStart: number | null;
  readonly stateChange: number | null;
}

export interface IndexInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly table: TableDef;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
}

export interface ConstraintInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly table: TableDef;
  readonly type: 'p' | 'c' | 'u' | 'f';
  readonly columns: readonly string[];
  /** CHECK: the expression as written. */
  readonly expr?: string;
  /** PRIMARY KEY, UNIQUE: the index that backs it; FOREIGN KEY: the referenced table's key index (0 when none). */
  readonly indexOid?: number;
  /** FOREIGN KEY: what it references, and its actions and match type (pg_constraint's codes). */
  readonly ref?: {
    readonly table: TableDef; readonly columns: readonly string[]; readonly onUpdate: string; readonly onDelete: string; readonly match: string;
  };
}

/** obj_description's catalog names for the kinds of objects that have comments here. */
const CATALOG_OIDS: Readonly<Record<string, number>> = { pg_class: PG_CLASS_OID, pg_namespace: PG_NAMESPACE_OID, pg_type: PG_TYPE_OID };

const FK_ACTIONS: Readonly<Record<string, string>> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** pg_get_constraintdef of a FOREIGN KEY, in PostgreSQL's words (NO ACTION and MATCH SIMPLE, the defaults, unsaid). */
function foreignKeyDef(con: ConstraintInfo, refName: string): string {
  const ref = con.ref!;
  let out = `FOREIGN KEY (${con.columns.map(quoteIdent).join(', ')}) REFERENCES ${refName}(${ref.columns.map(quoteIdent).join(', ')})`;
  if (ref.match === 'f') out += ' MATCH FULL';
  const upd = FK_ACTIONS[ref.onUpdate], del = FK_ACTIONS[ref.onDelete];
  if (upd !== undefined) out += ` ON UPDATE ${upd}`;
  if (del !== undefined) out += ` ON DELETE ${del}`;
  return out;
}

/** One pg_class row's object. */
export type ClassEntry =
  | { readonly kind: 'r'; readonly oid: number; readonly name: string; readonly schema: string; readonly table: TableDef }
  | { readonly kind: 'v'; readonly oid: number; readonly name: string; readonly schema: string; readonly view: ViewDef }
  | { readonly kind: 'i'; readonly oid: number; readonly name: string; readonly schema: string; readonly index: IndexInfo }
  | { readonly kind: 's'; readonly oid: number; readonly name: string; readonly schema: string; readonly system: SystemRelation };

export class SystemCatalog implements CatalogLookup {
  readonly database: string;
  readonly user: string;
  readonly schemas: readonly SchemaDef[];
  readonly roles: readonly RoleDef[];
  readonly classes: readonly ClassEntry[];
  readonly indexes: readonly IndexInfo[];
  readonly constraints: readonly ConstraintInfo[];
  private readonly byOid = new Map<number, ClassEntry>();
  private readonly byName = new Map<string, ClassEntry>();
  private procs: readonly Procedure[] | undefined;
  private descriptionRows: readonly DescriptionRow[] | undefined;
  private readonly viewColumnCache = new Map<number, Promise<readonly ColumnSchema[]>>();
  /** Every table's size by OID, once prepareSizes has run. */
  private sizes: Map<number, number> | undefined;

  constructor(readonly source: SystemCatalogSource) {
    const { view, database } = source;
    this.database = database;
    this.user = source.user;
    this.schemas = view.schemas(database).sort((a, b) => this.namespaceOidOf(a) - this.namespaceOidOf(b));
    this.roles = view.roles();
    const indexes: IndexInfo[] = [];
    const constraints: ConstraintInfo[] = [];
    const classes: ClassEntry[] = [];
    for (const rel of view.relations(database)) {
      if (rel.kind === 'view') {
        classes.push({ kind: 'v', oid: rel.oid, name: rel.name, schema: rel.schema, view: rel });
        continue;
      }
      classes.push({ kind: 'r', oid: rel.oid, name: rel.name, schema: rel.schema, table: rel });
      if (rel.primaryKey.length > 0) {
        const name = primaryKeyName(rel);
        const indexOid = derivedOid('pkeyIndex', rel.oid);
        indexes.push({ oid: indexOid, name, schema: rel.schema, table: rel, columns: rel.primaryKey, unique: true, primary: true });
        constraints.push({ oid: derivedOid('pkeyConstraint', rel.oid), name, schema: rel.schema, table: rel, type: 'p', columns: rel.primaryKey, indexOid });
      }
      (rel.checks ?? []).forEach((c, i) => {
        constraints.push({ oid: derivedOid('check', rel.oid, i), name: c.name, schema: rel.schema, table: rel, type: 'c', columns: [], expr: c.expr });
      });
    }
    const tables = new Map(classes.filter((c) => c.kind === 'r').map((c) => [c.oid, c.table]));
    for (const ix of view.indexes(database)) {
      const table = tables.get(ix.tableOid);
      if (table === undefined) continue;
      indexes.push({ oid: ix.oid, name: ix.name, schema: ix.schema, table, columns: ix.columns, unique: ix.unique, primary: false });
      if (ix.constraint === true) {
        constraints.push({ oid: derivedOid('uniqueConstraint', ix.oid), name: ix.name, schema: ix.schema, table, type: 'u', columns: ix.columns, indexOid: ix.oid });
      }
    }
    for (const table of tables.values()) {
      (table.foreignKeys ?? []).forEach((fk, i) => {
        const refTable = tables.get(fk.refTable);
        if (refTable === undefined) return;
        const same = (cols: readonly string[]) => cols.length === fk.refColumns.length && cols.every((c, k) => c === fk.refColumns[k]);
        const key = indexes.find((ix) => ix.table.oid === refTable.oid && ix.unique && same(ix.columns));
        constraints.push({
          oid: derivedOid('foreignKey', table.oid, i), name: fk.name, schema: table.schema, table, type: 'f', columns: fk.columns,
          indexOid: key?.oid ?? 0,
          ref: { table: refTable, columns: fk.refColumns, onUpdate: fk.onUpdate, onDelete: fk.onDelete, match: fk.match },
        });
      });
    }
    for (const ix of indexes) classes.push({ kind: 'i', oid: ix.oid, name: ix.name, schema: ix.schema, index: ix });
    for (const s of SYSTEM_RELATIONS) classes.push({ kind: 's', oid: s.oid, name: s.name, schema: s.schema, system: s });
    this.classes = classes;
    this.indexes = indexes;
    this.constraints = constraints;
    for (const c of classes) {
      this.byOid.set(c.oid, c);
      this.byName.set(`${c.schema}\u0000${c.name}`, c);
    }
  }

  // ─── namespaces, roles, search path ───────────────────────────────────────────────────────────────────

  namespaceOidOf(s: SchemaDef): number {
    return NAMESPACE_OIDS[s.name] ?? s.oid;
  }

  namespaceOid(name: string): number | undefined {
    const s = this.schemas.find((x) => x.name === name);
    return s === undefined ? undefined : this.namespaceOidOf(s);
  }

  namespaceName(oid: number): string | undefined {
    return this.schemas.find((s) => this.namespaceOidOf(s) === oid)?.name;
  }

  /** The OID of a role by name; objects owned by a role that no longer exists show the bootstrap superuser. */
  roleOidOf(name: string): number {
    return this.roles.find((r) => r.name === name)?.oid ?? 10;
  }

  roleOid(name: string): number | undefined {
    return this.roles.find((r) => r.name === name)?.oid;
  }

  roleName(oid: number): string | undefined {
    return this.roles.find((r) => r.oid === oid)?.name;
  }

  databaseOid(name: string): number | undefined {
    return this.source.view.database(name)?.oid;
  }

  databaseName(oid: number): string | undefined {
    return this.source.view.databases().find((d) => d.oid === oid)?.name;
  }

  /** The schemas searched for unqualified names: pg_catalog first unless the path places it. */
  effectivePath(): string[] {
    const path = [...this.source.searchPath];
    return path.includes('pg_catalog') ? path : ['pg_catalog', ...path];
  }

  // ─── relations ────────────────────────────────────────────────────────────────────────────────────────

  classByOid(oid: number): ClassEntry | undefined {
    return this.byOid.get(oid);
  }

  classByName(schema: string, name: string): ClassEntry | undefined {
    return this.byName.get(`${schema}\u0000${name}`);
  }

  /** Resolve a bare name through the search path, as the binder does. */
  findClass(name: string): ClassEntry | undefined {
    for (const s of this.effectivePath()) {
      const c = this.classByName(s, name);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  relationOid(text: string): number | undefined {
    const parts = parseQualifiedName(text);
    if (parts.length > 3) throw new SqlError(SqlState.syntaxError, `improper relation name (too many dotted names): ${text}`);
    if (parts.length === 3 && parts[0] !== this.database) {
      throw new SqlError(SqlState.featureNotSupported, `cross-database references are not implemented: "${text}"`);
    }
    const name = parts[parts.length - 1]!;
    const found = parts.length === 1 ? this.findClass(name) : this.classByName(parts[parts.length - 2]!, name);
    return found?.oid;
  }

  relationVisible(oid: number): boolean | undefined {
    const c = this.byOid.get(oid);
    if (c === undefined) return undefined;
    return this.findClass(c.name) === c;
  }

  relationName(oid: number): string | undefined {
    const c = this.byOid.get(oid);
    if (c === undefined) return undefined;
    return this.findClass(c.name) === c ? quoteIdent(c.name) : `${quoteIdent(c.schema)}.${quoteIdent(c.name)}`;
  }

  /** A view's output columns (bound once per statement). */
  viewColumns(view: ViewDef): Promise<readonly ColumnSchema[]> {
    let p = this.viewColumnCache.get(view.oid);
    if (p === undefined) this.viewColumnCache.set(view.oid, p = this.source.viewColumns(view));
    return p;
  }

  /** The columns of any relation in pg_class (an index's are its key columns). */
  async classColumns(c: ClassEntry): Promise<readonly ColumnSchema[]> {
    switch (c.kind) {
      case 'r': return c.table.columns;
      case 'v': return this.viewColumns(c.view);
      case 's': return c.system.columns.map((x) => ({ name: x.name, type: x.type, nullable: true }));
      case 'i': return c.index.columns.map((n) => c.index.table.columns.find((x) => x.name === n)
        ?? { name: n, type: c.index.table.columns[0]!.type, nullable: true });
    }
  }

  indexDef(oid: number, column: number): string | undefined {
    const c = this.byOid.get(oid);
    if (c?.kind !== 'i') return undefined;
    const ix = c.index;
    if (column > 0) return ix.columns[column - 1] === undefined ? '' : quoteIdent(ix.columns[column - 1]!);
    const table = `${quoteIdent(ix.table.schema)}.${quoteIdent(ix.table.name)}`;
    return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(ix.name)} ON ${table} USING btree (${ix.columns.map(quoteIdent).join(', ')})`;
  }

  serialSequence(table: string, column: string): string | null {
    const oid = this.relationOid(table);
    const c = oid === undefined ? undefined : this.byOid.get(oid);
    if (c === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${table}" does not exist`);
    if (c.kind !== 'r') return null;
    const col = c.table.columns.find((x) => x.name === column);
    if (col === undefined) throw new SqlError(SqlState.undefinedColumn, `column "${column}" of relation "${c.name}" does not exist`);
    // Basin's serial columns are identity columns; PostgreSQL names either's sequence table_column_seq.
    return col.identity === undefined ? null : `${quoteIdent(c.schema)}.${quoteIdent(`${c.name}_${column}_seq`)}`;
  }

  constraintDef(oid: number, pretty: boolean): string | undefined {
    const con = this.constraints.find((c) => c.oid === oid);
    if (con === undefined) return undefined;
    if (con.type === 'p') return `PRIMARY KEY (${con.columns.map(quoteIdent).join(', ')})`;
    if (con.type === 'u') return `UNIQUE (${con.columns.map(quoteIdent).join(', ')})`;
    if (con.ref !== undefined) return foreignKeyDef(con, this.relationName(con.ref.table.oid) ?? quoteIdent(con.ref.table.name));
    return pretty ? `CHECK (${con.expr})` : `CHECK ((${con.expr}))`;
  }

  /** pg_description: built-in comments on schemas and types, and COMMENT ON comments. */
  descriptions(): readonly DescriptionRow[] {
    if (this.descriptionRows !== undefined) return this.descriptionRows;
    const out: DescriptionRow[] = [];
    const add = (objoid: number, classoid: number, objsubid: number, description: string | undefined) => {
      if (description !== undefined) out.push({ objoid, classoid, objsubid, description });
    };
    for (const t of Object.values(TYPES)) add(t.oid, PG_TYPE_OID, 0, TYPE_COMMENTS[t.pgName]);
    for (const p of PSEUDO_TYPES) add(p.oid, PG_TYPE_OID, 0, TYPE_COMMENTS[p.name]);
    for (const s of this.schemas) add(this.namespaceOidOf(s), PG_NAMESPACE_OID, 0, schemaComment(s));
    for (const c of this.classes) {
      if (c.kind === 'r') {
        add(c.oid, PG_CLASS_OID, 0, c.table.comment);
        c.table.columns.forEach((col, i) => add(c.oid, PG_CLASS_OID, i + 1, col.comment));
      } else if (c.kind === 'v') {
        add(c.oid, PG_CLASS_OID, 0, c.view.comment);
        c.view.columnNames.forEach((n, i) => add(c.oid, PG_CLASS_OID, i + 1, c.view.columnComments?.[n]));
      }
    }
    return this.descriptionRows = out;
  }

  /** obj_description / col_description: `catalog` names the system catalog the object is in (any, when undefined). */
  description(objoid: number, catalog: string | undefined, objsubid: number): string | undefined {
    const classoid = catalog === undefined ? undefined : CATALOG_OIDS[catalog.replace(/^pg_catalog\./, '')];
    if (catalog !== undefined && classoid === undefined) return undefined;
    return this.descriptions().find((d) => d.objoid === objoid && d.objsubid === objsubid && (classoid === undefined || d.classoid === classoid))
      ?.description;
  }

  viewDef(oid: number): string | undefined {
    const c = this.byOid.get(oid);
    if (c?.kind === 'v') return ` ${viewQueryText(c.view.sql)};`;
    return undefined;
  }

  // ─── sizes ────────────────────────────────────────────────────────────────────────────────────────────

  /** Load the size of every table of every database (the size functions read them synchronously). */
  async prepareSizes(): Promise<void> {
    if (this.sizes !== undefined) return;
    const sizes = new Map<number, number>();
    for (const d of this.source.view.databases()) {
      for (const rel of this.source.view.relations(d.name)) {
        if (rel.kind === 'table') sizes.set(rel.oid, await this.source.tableSize(rel));
      }
    }
    this.sizes = sizes;
  }

  relationSize(oid: number): number | undefined {
    if (this.sizes === undefined) return undefined;
    const size = this.sizes.get(oid);
    if (size !== undefined) return size;
    return this.byOid.has(oid) ? 0 : undefined;
  }

  databaseSize(oid: number): number | undefined {
    const name = this.databaseName(oid);
    if (name === undefined || this.sizes === undefined) return undefined;
    let total = 0;
    for (const rel of this.source.view.relations(name)) total += this.sizes.get(rel.oid) ?? 0;
    return total;
  }

  // ─── functions ────────────────────────────────────────────────────────────────────────────────────────

  procedures(): readonly Procedure[] {
    return this.procs ??= procedures(this.source.functions);
  }

  procOids(text: string): readonly number[] {
    const parts = parseQualifiedName(text);
    if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) return [];
    const name = parts[parts.length - 1]!;
    return this.procedures().filter((p) => p.name === name).map((p) => p.oid);
  }

  private proc(oid: number): Procedure | undefined {
    return this.procedures().find((p) => p.oid === oid);
  }

  procName(oid: number): string | undefined {
    return this.proc(oid)?.name;
  }

  functionVisible(oid: number): boolean | undefined {
    return this.proc(oid) === undefined ? undefined : true; // every function is in pg_catalog, always searched
  }

  functionResult(oid: number): string | undefined {
    return this.proc(oid)?.resultText;
  }

  functionArguments(oid: number): string | undefined {
    return this.proc(oid)?.argumentsText;
  }

  // ─── system relations ─────────────────────────────────────────────────────────────────────────────────

  /** A system relation by schema and name, with its rows (none with `columnsOnly`), or undefined. */
  async systemRelation(schema: string, name: string, columnsOnly = false): Promise<SystemRelationRef | undefined> {
    const c = this.classByName(schema, name);
    if (c?.kind !== 's') return undefined;
    const rel = c.system;
    const built = columnsOnly ? [] : await rel.rows(this);
    const rows = built.map((r) => rel.columns.map((col) => r[col.name] ?? null));
    return { kind: 'system', oid: rel.oid, schemaName: rel.schema, name: rel.name, columns: rel.columns, rows };
  }
}

/**
 * The query of a CREATE VIEW statement: the text after the `AS` that follows the view's name and optional
 * column list and options (outside quotes and parentheses), without a trailing semicolon.
 */
export function viewQueryText(sql: string): string {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      i = end < 0 ? sql.length : end;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[Aa]/.test(ch) && /^as\b/i.test(sql.slice(i, i + 3)) && /\s/.test(sql[i - 1] ?? '')) {
      return sql.slice(i + 2).trim().replace(/;\s*$/, '');
    }
  }
  return sql;
}
