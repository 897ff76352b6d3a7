/**
 * A transaction: the table snapshots it reads, the data files it wrote (not yet committed), and its catalog
 * changes. Nothing becomes visible to other sessions until commit; rollback leaves no trace (files written by
 * an aborted transaction are never referenced by the log and are removed here or by VACUUM).
 */
import { SqlError, SqlState, type ColumnSchema, type DataFile, type TableSnapshot } from '../../common/index.ts';
import type { Catalog, CatalogChanges } from '../../catalog/index.ts';
import type { CommitOperation, TableStorage } from '../../storage/index.ts';
import { rm } from 'node:fs/promises';

interface TableWrite {
  readonly location: string;
  readonly base: TableSnapshot;
  readonly added: DataFile[];
  readonly removed: Set<string>;
  schema: readonly ColumnSchema[] | undefined;
  operation: CommitOperation;
}

export class Transaction {
  readonly catalogChanges: CatalogChanges = new Map();
  private readonly writes = new Map<string, TableWrite>();
  /** Table directories created in this transaction: deleted again on rollback. */
  private readonly created: string[] = [];
  /** Table directories of tables dropped in this transaction: deleted after commit. */
  private readonly dropped: string[] = [];
  /** Snapshots read, pinned for the transaction's duration (repeatable within a statement at least). */
  readonly startMicros = Date.now() * 1000;
  failed = false;

  /**
   * `explicit`: a BEGIN … COMMIT block. Otherwise the transaction is implicit: one statement, or (`multi`) the
   * statements of one multi-statement simple Query, which PostgreSQL runs as a single implicit block.
   */
  constructor(public explicit: boolean, private readonly storage: TableStorage, private readonly catalog: Catalog, readonly multi = false) {}

  /** The snapshot this transaction sees of a table: the committed one plus its own uncommitted changes. */
  async snapshot(location: string): Promise<TableSnapshot> {
    const w = this.writes.get(location);
    if (w === undefined) return this.storage.snapshot(location);
    const files = w.base.files.filter((f) => !w.removed.has(f.path)).concat(w.added);
    return { ...w.base, files, schema: w.schema ?? w.base.schema };
  }

  private async write(location: string): Promise<TableWrite> {
    let w = this.writes.get(location);
    if (w === undefined) {
      const base = await this.storage.snapshot(location);
      w = { location, base, added: [], removed: new Set(), schema: undefined, operation: { operation: 'WRITE' } };
      this.writes.set(location, w);
    }
    return w;
  }

  async append(location: string, files: readonly DataFile[], op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    w.added.push(...files);
    if (w.operation.operation === 'WRITE') w.operation = op;
  }

  /** Remove every current file (TRUNCATE) or the given ones. */
  async removeFiles(location: string, paths: readonly string[] | 'all', op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    const current = (await this.snapshot(location)).files.map((f) => f.path);
    const gone = new Set(paths === 'all' ? current : paths);
    for (const p of gone) {
      const i = w.added.findIndex((f) => f.path === p);
      if (i >= 0) w.added.splice(i, 1);
      else w.removed.add(p);
    }
    w.operation = op;
  }

  async setSchema(location: string, schema: readonly ColumnSchema[], op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    w.schema = schema;
    w.operation = op;
  }

  tableCreated(location: string): void {
    this.created.push(location);
  }

  tableDropped(location: string): void {
    this.dropped.push(location);
    this.writes.delete(location);
  }

  get hasWrites(): boolean {
    return this.writes.size > 0 || this.catalogChanges.size > 0;
  }

  /**
   * Commit every table (blind appends are rebased onto concurrent commits; anything else that lost a race
   * fails with 40001), then the catalog. Tables are committed one by one: a crash between two table commits
   * can leave the first committed (multi-table atomic commit comes with the lakehouse issue).
   */
  async commit(validateCatalog?: (c: Catalog) => void): Promise<void> {
    for (const w of this.writes.values()) {
      if (w.added.length === 0 && w.removed.size === 0 && w.schema === undefined) continue;
      const blindAppend = w.removed.size === 0 && w.schema === undefined;
      let readVersion = w.base.version;
      for (let attempt = 0; ; attempt++) {
        try {
          await this.storage.commit(w.location, readVersion, {
            add: w.added, remove: [...w.removed], ...(w.schema !== undefined ? { schema: w.schema } : {}),
          }, w.operation);
          break;
        } catch (e) {
          if (!(e instanceof SqlError && e.code === SqlState.serializationFailure) || !blindAppend || attempt > 50) throw e;
          readVersion = (await this.storage.snapshot(w.location)).version;
        }
      }
    }
    if (this.catalogChanges.size > 0) await this.catalog.commit(this.catalogChanges, 'DDL', validateCatalog);
    for (const loc of this.dropped) await rm(loc, { recursive: true, force: true });
  }

  async rollback(): Promise<void> {
    for (const w of this.writes.values()) {
      for (const f of w.added) await rm(`${w.location}/${f.path}`, { force: true });
    }
    for (const loc of this.created) await rm(loc, { recursive: true, force: true });
    this.writes.clear();
  }
}
