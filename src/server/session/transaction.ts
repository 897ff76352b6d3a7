/**
 * A transaction: the table snapshots it reads, the data files it wrote (not yet committed), and its catalog
 * changes. Nothing becomes visible to other sessions until commit; rollback leaves no trace (files written by
 * an aborted transaction are never referenced by the log and are removed here or by VACUUM).
 *
 * Snapshot isolation: the first read of a table pins its version for the rest of the transaction (a
 * statement, or a BEGIN … COMMIT block), taken at one read point so that a multi-table commit of another
 * session is seen in all of its tables or in none. The files each scan reads are recorded: at commit the
 * storage checks them against what other writers committed meanwhile (Delta's WriteSerializable rules).
 */
import { SqlError, SqlState, type ColumnSchema, type DataFile, type TableSnapshot } from '../../common/index.ts';
import type { Catalog, CatalogChanges } from '../../catalog/index.ts';
import { COLUMN_ID, columnMappingMode, mapColumns, PHYSICAL_NAME, type CommitOperation, type ScanRequest, type TableChange, type TableStorage } from '../../storage/index.ts';

interface TableWrite {
  readonly location: string;
  readonly base: TableSnapshot;
  readonly added: DataFile[];
  readonly removed: Set<string>;
  schema: readonly ColumnSchema[] | undefined;
  /** New table properties (all of them): CHECK constraints are `delta.constraints.*` properties. */
  properties: Readonly<Record<string, string>> | undefined;
  operation: CommitOperation;
  /** Change data files (`_change_data/`) of the statements so far: the commit's `cdc` actions. */
  readonly changeData: DataFile[];
}

/** What a transaction has written to one table so far (see statements/change-data.ts). */
export interface PendingWrite {
  readonly base: TableSnapshot;
  /** Data files added (and not removed again) by the transaction. */
  readonly added: readonly DataFile[];
  /** Files of `base` removed. */
  readonly removed: readonly string[];
  readonly changeData: readonly DataFile[];
}

/** What a savepoint restores: the transaction's writes and catalog changes as they were when it was set. */
export interface SavedState {
  readonly writes: ReadonlyMap<string, TableWrite>;
  readonly catalogChanges: CatalogChanges;
  readonly created: number;
  readonly discarded: number;
  readonly dropped: number;
}

/**
 * A check made at commit when other transactions committed to the table after this one read it: `winners` are
 * the files they added (and did not remove again), `added` the files this transaction adds. Throws to fail the
 * commit.
 */
export type CommitCheck = (latest: TableSnapshot, winners: readonly DataFile[], added: readonly DataFile[]) => Promise<void>;

const copyWrite = (w: TableWrite): TableWrite => ({ ...w, added: [...w.added], removed: new Set(w.removed), changeData: [...w.changeData] });

export class Transaction {
  readonly catalogChanges: CatalogChanges = new Map();
  private readonly writes = new Map<string, TableWrite>();
  /** Versions read, by location. */
  private readonly pinned = new Map<string, TableSnapshot>();
  /** Files of the pinned versions that scans read, by location. */
  private readonly reads = new Map<string, Set<string>>();
  private readPoint: number | undefined;
  /** The storage as this transaction's statements use it: scans record what they read. */
  readonly storage: TableStorage;
  /** Table directories created in this transaction: deleted again on rollback. */
  private readonly created: string[] = [];
  /** Files written to external tables that the transaction then dropped: never committed, deleted at the end. */
  private readonly discarded: { location: string; paths: string[] }[] = [];
  /** Table directories of tables dropped in this transaction: deleted after commit. */
  private readonly dropped: string[] = [];
  /** Snapshots read, pinned for the transaction's duration (repeatable within a statement at least). */
  readonly startMicros = Date.now() * 1000;
  failed = false;
  /** Work that must succeed for the commit to happen (WITH HOLD cursors reading their rest): run first. */
  private readonly commitHooks: (() => Promise<void>)[] = [];
  /** Told once the transaction has committed (true) or rolled back (false): cursors that end with it. */
  private readonly endHooks: ((committed: boolean) => void)[] = [];
  /** Checks of what the transaction adds to a table against what others committed since it read it (commitCheck). */
  private readonly commitChecks = new Map<string, CommitCheck>();
  /**
   * SAVEPOINTs set in this transaction block, the newest last; with whether the transaction was read-only then,
   * and what ROLLBACK TO puts back of the session (its settings).
   */
  readonly savepoints: { readonly name: string; readonly state: SavedState; readonly readOnly?: boolean; readonly restoreSession?: () => void }[] = [];

  /**
   * `explicit`: a BEGIN … COMMIT block. Otherwise the transaction is implicit: one statement, or (`multi`) the
   * statements of one multi-statement simple Query, which PostgreSQL runs as a single implicit block.
   */
  constructor(public explicit: boolean, private readonly committed: TableStorage, private readonly catalog: Catalog, readonly multi = false) {
    const scan = (location: string, req: ScanRequest) => {
      this.noteRead(location, req);
      return committed.scan(location, req);
    };
    this.storage = new Proxy(committed, {
      get(target, prop) {
        if (prop === 'scan') return scan;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  /** The snapshot this transaction sees of a table: the pinned one plus its own uncommitted changes. */
  async snapshot(location: string): Promise<TableSnapshot> {
    const w = this.writes.get(location);
    if (w === undefined) return this.pin(location);
    const files = w.base.files.filter((f) => !w.removed.has(f.path)).concat(w.added);
    return { ...w.base, files, schema: w.schema ?? w.base.schema, properties: w.properties ?? w.base.properties };
  }

  private async pin(location: string): Promise<TableSnapshot> {
    let s = this.pinned.get(location);
    if (s === undefined) {
      this.readPoint ??= this.committed.readPoint();
      s = await this.committed.snapshot(location, undefined, this.readPoint);
      // Two statements of the transaction may race to pin: the first one wins.
      s = this.pinned.get(location) ?? s;
      this.pinned.set(location, s);
    }
    return s;
  }

  /** Record the committed files a scan of the pinned version reads (not time travel, not own files). */
  private noteRead(location: string, req: ScanRequest): void {
    const base = this.pinned.get(location);
    if (base === undefined || req.snapshot.version !== base.version) return;
    let set = this.reads.get(location);
    if (set === undefined) this.reads.set(location, set = new Set());
    const own = new Set(this.writes.get(location)?.added.map((a) => a.path));
    for (const f of req.files ?? req.snapshot.files) if (!own.has(f.path)) set.add(f.path);
  }

  /**
   * Record that a statement read the table although it scanned none of its files (stats ruled them all out):
   * its result still depends on the table's rows, so concurrent changes are checked at commit.
   */
  async noteTableRead(location: string): Promise<void> {
    await this.pin(location);
    if (!this.reads.has(location)) this.reads.set(location, new Set());
  }

  /** Run `check` at commit if others committed to the table meanwhile (the latest one set for a table counts). */
  checkAtCommit(location: string, check: CommitCheck): void {
    this.commitChecks.set(location, check);
  }

  /** Name the commit of a table (operation and parameters in its commitInfo). */
  async setOperation(location: string, op: CommitOperation): Promise<void> {
    (await this.write(location)).operation = op;
  }

  private async write(location: string): Promise<TableWrite> {
    let w = this.writes.get(location);
    if (w === undefined) {
      const base = await this.pin(location);
      w = {
        location, base, added: [], removed: new Set(), schema: undefined, properties: undefined, operation: { operation: 'WRITE' },
        changeData: [],
      };
      this.writes.set(location, w);
    }
    return w;
  }

  async append(location: string, files: readonly DataFile[], op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    w.added.push(...files);
    if (w.operation.operation === 'WRITE') w.operation = op;
  }

  /** Add change data files (written with writeFiles' `changeData` option), committed as `cdc` actions. */
  async appendChangeData(location: string, files: readonly DataFile[]): Promise<void> {
    (await this.write(location)).changeData.push(...files);
  }

  /** The transaction's writes to a table so far, or undefined when it wrote none. */
  pendingWrite(location: string): PendingWrite | undefined {
    const w = this.writes.get(location);
    return w === undefined ? undefined : { base: w.base, added: [...w.added], removed: [...w.removed], changeData: [...w.changeData] };
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

  /** A new schema; under column mapping, new columns get their physical names and ids here. */
  async setSchema(location: string, schema: readonly ColumnSchema[], op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    const properties = w.properties ?? w.base.properties;
    // A column given without its physical name is the current column of that name, if there is one.
    const current = w.schema ?? w.base.schema;
    const known = schema.map((c) => {
      if (c.metadata?.[PHYSICAL_NAME] !== undefined) return c;
      const md = current.find((k) => k.name === c.name)?.metadata;
      return md?.[PHYSICAL_NAME] === undefined ? c : { ...c, metadata: { ...md, ...c.metadata, [PHYSICAL_NAME]: md[PHYSICAL_NAME], [COLUMN_ID]: md[COLUMN_ID] } };
    });
    const mapped = mapColumns(known, properties, true);
    w.schema = mapped.schema;
    if (mapped.properties !== properties) w.properties = mapped.properties;
    w.operation = op;
  }

  /** New table properties; turning column mapping on gives the current columns their physical names. */
  async setProperties(location: string, properties: Readonly<Record<string, string>>, op: CommitOperation): Promise<void> {
    const w = await this.write(location);
    const before = columnMappingMode(w.properties ?? w.base.properties), after = columnMappingMode(properties);
    if (before !== after) {
      if (before !== 'none' || after !== 'name') {
        throw new SqlError(SqlState.featureNotSupported, `cannot change delta.columnMapping.mode from '${before}' to '${after}'`, {
          hint: before === 'none' ? 'Basin supports column mapping in name mode.' : 'Column mapping cannot be turned off again.',
        });
      }
      const mapped = mapColumns(w.schema ?? w.base.schema, properties, false);
      w.schema = mapped.schema;
      properties = mapped.properties;
    }
    w.properties = properties;
    w.operation = op;
  }

  tableCreated(location: string): void {
    this.created.push(location);
  }

  tableDropped(location: string): void {
    this.dropped.push(location);
    this.writes.delete(location);
  }

  /**
   * DROP of an external table: the table is forgotten, its files stay as they were before the transaction,
   * so this transaction's writes to it are discarded (their files deleted at commit or rollback).
   */
  tableForgotten(location: string): void {
    const w = this.writes.get(location);
    if (w === undefined) return;
    this.discarded.push({ location, paths: [...w.added, ...w.changeData].map((f) => f.path) });
    this.writes.delete(location);
  }

  get hasWrites(): boolean {
    return this.writes.size > 0 || this.catalogChanges.size > 0;
  }

  /**
   * Commit every table written and the catalog changes, all or none (the storage checks what other writers
   * committed meanwhile and fails with 40001 on a conflict). With `txn`, each table's commit is an idempotent
   * write of that application version (skipped where the table already has it).
   */
  async commit(txn?: TableChange['txn']): Promise<void> {
    for (const hook of this.commitHooks.splice(0)) await hook();
    const changes: TableChange[] = [];
    for (const w of this.writes.values()) {
      if (w.added.length === 0 && w.removed.size === 0 && w.schema === undefined && w.properties === undefined) continue;
      const read = this.reads.get(w.location);
      const check = this.commitChecks.get(w.location);
      const validate = check === undefined || w.added.length === 0 ? undefined : async (latest: TableSnapshot) => {
        const known = new Set(w.base.files.map((f) => f.path));
        await check(latest, latest.files.filter((f) => !known.has(f.path)), w.added);
      };
      changes.push({
        location: w.location, readVersion: w.base.version, add: w.added, remove: [...w.removed],
        ...(w.schema !== undefined ? { schema: w.schema } : {}), ...(w.properties !== undefined ? { properties: w.properties } : {}),
        ...(read !== undefined ? { read: [...read] } : {}), ...(w.changeData.length > 0 ? { cdc: w.changeData } : {}),
        ...(txn !== undefined ? { txn } : {}), ...(validate !== undefined ? { validate } : {}), operation: w.operation,
      });
    }
    if (this.catalogChanges.size > 0) await this.catalog.commit(this.catalogChanges, 'DDL', undefined, changes);
    else await this.committed.commitTransaction(changes);
    for (const loc of this.dropped) await this.committed.dropTable(loc);
    for (const d of this.discarded) await this.committed.deleteFiles(d.location, d.paths);
    this.ended(true);
  }

  beforeCommit(hook: () => Promise<void>): void {
    this.commitHooks.push(hook);
  }

  onEnd(hook: (committed: boolean) => void): void {
    this.endHooks.push(hook);
  }

  private ended(committed: boolean): void {
    this.commitHooks.length = 0;
    for (const hook of this.endHooks.splice(0)) hook(committed);
  }

  /** The state a savepoint returns to (the reads and pinned versions stay: they only add conflict checks). */
  save(): SavedState {
    return {
      writes: new Map([...this.writes].map(([k, w]) => [k, copyWrite(w)])), catalogChanges: new Map(this.catalogChanges),
      created: this.created.length, discarded: this.discarded.length, dropped: this.dropped.length,
    };
  }

  /**
   * ROLLBACK TO SAVEPOINT: back to `saved`, which stays usable for a later rollback to it. Files written since
   * are deleted, tables created since are dropped, and a failed transaction is usable again.
   */
  async rollbackTo(saved: SavedState): Promise<void> {
    const kept = new Set<string>();
    for (const w of saved.writes.values()) for (const f of [...w.added, ...w.changeData]) kept.add(`${w.location}\u0000${f.path}`);
    for (const d of this.discarded.slice(0, saved.discarded)) for (const p of d.paths) kept.add(`${d.location}\u0000${p}`);
    const written = [...this.writes.values()].map((w) => ({ location: w.location, paths: [...w.added, ...w.changeData].map((f) => f.path) }));
    for (const d of [...written, ...this.discarded.slice(saved.discarded)]) {
      const gone = d.paths.filter((p) => !kept.has(`${d.location}\u0000${p}`));
      if (gone.length > 0) await this.committed.deleteFiles(d.location, gone);
    }
    for (const loc of this.created.splice(saved.created)) await this.committed.dropTable(loc);
    this.discarded.splice(saved.discarded);
    this.dropped.splice(saved.dropped);
    this.writes.clear();
    for (const [k, w] of saved.writes) this.writes.set(k, copyWrite(w));
    this.catalogChanges.clear();
    for (const [k, v] of saved.catalogChanges) this.catalogChanges.set(k, v);
    this.failed = false;
  }

  async rollback(): Promise<void> {
    for (const w of this.writes.values()) {
      await this.committed.deleteFiles(w.location, [...w.added, ...w.changeData].map((f) => f.path));
    }
    for (const d of this.discarded) await this.committed.deleteFiles(d.location, d.paths);
    for (const loc of this.created) await this.committed.dropTable(loc);
    this.writes.clear();
    this.ended(false);
  }
}
