/**
 * The catalog: every database, schema, table, view and role, held in memory and stored as a Delta table
 * (`<data>/_system/catalog`) with one row — one small Parquet file — per object. A change commits atomically
 * as one Delta commit that adds the new versions of objects and removes the old ones, so the catalog is
 * versioned and crash-safe like any other table.
 *
 * Sessions see the committed catalog through a CatalogView, which overlays the changes of their open
 * transaction; `commit` publishes those changes.
 */
import { SqlError, SqlState, T, vectorFromValues, type Batch, type ColumnSchema, type DataFile } from '../common/index.ts';
import { joinLocation, type TableChange, type TableStorage } from '../storage/index.ts';
import { FIRST_USER_OID, type CatalogObject, type DatabaseDef, type IndexDef, type RelationDef, type RoleDef, type SchemaDef } from './model.ts';

const CATALOG_SCHEMA: readonly ColumnSchema[] = [
  { name: 'oid', type: T.int8, nullable: false },
  { name: 'kind', type: T.text, nullable: false },
  { name: 'name', type: T.text, nullable: false },
  { name: 'definition', type: T.text, nullable: false },
];

/** Schemas every database has. pg_catalog and information_schema are virtual (later issues fill them). */
export const BUILTIN_SCHEMAS = ['public', 'pg_catalog', 'information_schema'];

/** Pending changes of one transaction: oid → new object, or null for dropped. */
export type CatalogChanges = Map<number, CatalogObject | null>;

export class Catalog {
  private readonly objects = new Map<number, CatalogObject>();
  /** oid → the catalog data file holding its current row. */
  private readonly files = new Map<number, string>();
  private version = -1;
  private nextOid = FIRST_USER_OID;
  private lock: Promise<void> = Promise.resolve();

  private constructor(private readonly storage: TableStorage, readonly dataDir: string, private readonly location: string) {}

  /** Open the catalog of a data directory, creating it (superuser, databases basin and postgres) when new. */
  static async open(storage: TableStorage, dataDir: string, superuser: RoleDef['name'], scramVerifier: string | null): Promise<Catalog> {
    const location = joinLocation(dataDir, '_system', 'catalog');
    const cat = new Catalog(storage, dataDir, location);
    let snap;
    try {
      snap = await storage.snapshot(location);
    } catch (e) {
      if (!(e instanceof SqlError && e.code === SqlState.undefinedTable)) throw e;
    }
    if (snap === undefined) {
      snap = await storage.createTable(location, CATALOG_SCHEMA, {}, { operation: 'CREATE TABLE', parameters: { description: 'Basin system catalog' } });
      cat.version = snap.version;
      const changes: CatalogChanges = new Map();
      const role: RoleDef = { kind: 'role', oid: 10, name: superuser, superuser: true, scramVerifier };
      changes.set(role.oid, role);
      for (const db of ['postgres', 'basin']) {
        const d: DatabaseDef = { kind: 'database', oid: cat.allocOid(), name: db, owner: superuser };
        changes.set(d.oid, d);
        for (const s of BUILTIN_SCHEMAS) {
          const sd: SchemaDef = { kind: 'schema', oid: cat.allocOid(), database: db, name: s, owner: superuser };
          changes.set(sd.oid, sd);
        }
      }
      await cat.commit(changes, 'CREATE CATALOG');
      return cat;
    }
    cat.version = snap.version;
    for await (const batch of storage.scan(location, { snapshot: snap, columns: [0, 1, 2, 3], batchSize: 4096 })) {
      for (let i = 0; i < batch.length; i++) {
        const obj = JSON.parse((batch.columns[3]!.values as string[])[i]!) as CatalogObject;
        cat.objects.set(obj.oid, obj);
      }
    }
    // Map objects to the files holding them (one row per file).
    for (const f of snap.files) {
      const oid = Number(f.stats?.minValues.oid);
      if (Number.isFinite(oid)) cat.files.set(oid, f.path);
    }
    for (const oid of cat.objects.keys()) cat.nextOid = Math.max(cat.nextOid, oid + 1);
    return cat;
  }

  /**
   * Two sessions may each create an object of the same name, each unaware of the other until commit: the
   * second commit is refused, as PostgreSQL's unique index on names refuses the second insert.
   */
  private checkNamesFree(changes: CatalogChanges): void {
    const taken = new Map<string, number>();
    for (const o of this.objects.values()) if (!changes.has(o.oid)) taken.set(nameKey(o), o.oid);
    for (const o of changes.values()) {
      if (o === null) continue;
      const other = taken.get(nameKey(o));
      if (other === undefined || other === o.oid) continue;
      const [code, what] = o.kind === 'database' ? [SqlState.duplicateDatabase, 'database']
        : o.kind === 'schema' ? [SqlState.duplicateSchema, 'schema']
          : o.kind === 'role' ? [SqlState.duplicateObject, 'role'] : [SqlState.duplicateTable, 'relation'];
      throw new SqlError(code, `${what} "${o.name}" already exists`, {
        detail: 'Another session created it after this transaction started.',
      });
    }
  }

  allocOid(): number {
    return this.nextOid++;
  }

  get(oid: number): CatalogObject | undefined {
    return this.objects.get(oid);
  }

  all(): IterableIterator<CatalogObject> {
    return this.objects.values();
  }

  /** The superuser role with the given name (roles beyond the superuser come with governance). */
  role(name: string): RoleDef | undefined {
    for (const o of this.objects.values()) if (o.kind === 'role' && o.name === name) return o;
    return undefined;
  }

  /**
   * Publish a transaction's catalog changes as one commit, together with the transaction's table changes
   * (`tables`: all or none, see TableStorage.commitTransaction). Serialized across sessions; name conflicts
   * with objects committed meanwhile are re-checked by the caller's validate function.
   */
  async commit(changes: CatalogChanges, operation: string, validate?: (cat: Catalog) => void,
    tables: readonly TableChange[] = []): Promise<void> {
    if (changes.size === 0) {
      await this.storage.commitTransaction(tables);
      return;
    }
    const run = this.lock.then(async () => {
      validate?.(this);
      this.checkNamesFree(changes);
      const rows: Batch[] = [];
      const puts: CatalogObject[] = [];
      for (const obj of changes.values()) if (obj !== null) puts.push(obj);
      // One file per object, so later changes replace exactly that object's file.
      for (const obj of puts) {
        rows.push({
          length: 1,
          columns: [
            vectorFromValues(T.int8, [BigInt(obj.oid)]),
            vectorFromValues(T.text, [obj.kind]),
            vectorFromValues(T.text, ['name' in obj ? obj.name : '']),
            vectorFromValues(T.text, [JSON.stringify(obj)]),
          ],
        });
      }
      const added: DataFile[] = [];
      for (const b of rows) added.push(...await this.storage.writeFiles(this.location, CATALOG_SCHEMA, [b]));
      const remove: string[] = [];
      for (const oid of changes.keys()) {
        const f = this.files.get(oid);
        if (f !== undefined) remove.push(f);
      }
      const snaps = await this.storage.commitTransaction([...tables, {
        location: this.location, readVersion: this.version, add: added, remove,
        operation: { operation, parameters: { objects: String(changes.size) } },
      }]);
      this.version = snaps[snaps.length - 1]!.version;
      for (const [oid, obj] of changes) {
        if (obj === null) { this.objects.delete(oid); this.files.delete(oid); }
        else this.objects.set(oid, obj);
      }
      puts.forEach((obj, i) => this.files.set(obj.oid, added[i]!.path));
    });
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** The namespace key of an object's name (tables, views and indexes share one per schema, as in pg_class). */
function nameKey(o: CatalogObject): string {
  switch (o.kind) {
    case 'database': return `database/${o.name}`;
    case 'role': return `role/${o.name}`;
    case 'schema': return `schema/${o.database}/${o.name}`;
    case 'table': case 'view': case 'index': return `relation/${o.database}/${o.schema}/${o.name}`;
  }
}

/** A session's view of the catalog: the committed objects overlaid with its open transaction's changes. */
export class CatalogView {
  constructor(readonly catalog: Catalog, readonly pending: CatalogChanges = new Map()) {}

  private *objects(): Iterable<CatalogObject> {
    for (const o of this.catalog.all()) {
      if (!this.pending.has(o.oid)) yield o;
    }
    for (const o of this.pending.values()) if (o !== null) yield o;
  }

  database(name: string): DatabaseDef | undefined {
    for (const o of this.objects()) if (o.kind === 'database' && o.name === name) return o;
    return undefined;
  }

  databases(): DatabaseDef[] {
    return [...this.objects()].filter((o): o is DatabaseDef => o.kind === 'database');
  }

  schema(db: string, name: string): SchemaDef | undefined {
    for (const o of this.objects()) if (o.kind === 'schema' && o.database === db && o.name === name) return o;
    return undefined;
  }

  schemas(db: string): SchemaDef[] {
    return [...this.objects()].filter((o): o is SchemaDef => o.kind === 'schema' && o.database === db);
  }

  relation(db: string, schema: string, name: string): RelationDef | undefined {
    for (const o of this.objects()) {
      if ((o.kind === 'table' || o.kind === 'view') && o.database === db && o.schema === schema && o.name === name) return o;
    }
    return undefined;
  }

  relations(db: string, schema?: string): RelationDef[] {
    return [...this.objects()].filter((o): o is RelationDef =>
      (o.kind === 'table' || o.kind === 'view') && o.database === db && (schema === undefined || o.schema === schema));
  }

  /** Indexes of a schema (all schemas when undefined), or of one table. */
  indexes(db: string, schema?: string, tableOid?: number): IndexDef[] {
    return [...this.objects()].filter((o): o is IndexDef => o.kind === 'index' && o.database === db
      && (schema === undefined || o.schema === schema) && (tableOid === undefined || o.tableOid === tableOid));
  }

  /** Tables, views and indexes share one namespace per schema, as in pg_class. */
  nameTaken(db: string, schema: string, name: string): boolean {
    return this.relation(db, schema, name) !== undefined || this.indexes(db, schema).some((i) => i.name === name);
  }

  put(obj: CatalogObject): void {
    this.pending.set(obj.oid, obj);
  }

  drop(oid: number): void {
    this.pending.set(oid, null);
  }

  role(name: string): RoleDef | undefined {
    for (const o of this.objects()) if (o.kind === 'role' && o.name === name) return o;
    return undefined;
  }

  roles(): RoleDef[] {
    return [...this.objects()].filter((o): o is RoleDef => o.kind === 'role');
  }
}
