/**
 * TableStorage over Delta tables: the log in delta/, data files written and read by parquet/, bytes through
 * an object store chosen by the location's scheme. Data files are named like Spark's
 * (`part-00000-<uuid>-c000.zstd.parquet`) at the table root; tables are unpartitioned.
 */
import { randomUUID } from 'node:crypto';
import * as nodePath from 'node:path';
import { totalmem } from 'node:os';
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import { numericPrecision, numericScale, sameType, scaledNumeric, type SqlType } from '../common/index.ts';
import { slice, take, type Batch, type Vector } from '../common/index.ts';
import { ColumnCache } from './column-cache.ts';
import {
  decodeIntent, encodeIntent, fromIntentTable, INTENT_DIR, intentPath, REVERT_OPERATION, toIntentTable,
  type CommitIntent, type IntentTable, type PreparedCommit,
} from './commit/intents.ts';
import { CommitVisibility, KeyedLocks } from './commit/visibility.ts';
import type {
  ColumnSchema, CommitOperation, DataFile, HistoryEntry, OptimizeRequest, OptimizeResult, RestorePlan, ScanRequest, TableChange,
  TableDetail, TableSnapshot, TableStorage, VacuumRequest, VacuumResult, WriteFilesOptions, ChangeFeed, ChangesRequest,
} from './contract.ts';
import { checkWinner, type CommitFootprint } from './delta/conflicts.ts';
import { ENGINE_INFO, type Action, type MetadataAction } from './delta/actions.ts';
import { readChanges } from './delta/change-feed.ts';
import { CHANGE_TYPE_FIELD, changeDataPath } from './delta/change-data-files.ts';
import { objectKey, openLogFile } from './delta/data-path.ts';
import { DeltaLog } from './delta/delta-log.ts';
import { tableDetail } from './delta/detail.ts';
import { readHistory } from './delta/history.ts';
import { operationMetrics } from './delta/operation-metrics.ts';
import { parsePartitionValue } from './delta/partition-value.ts';
import { checkWritable, isAppendOnly, protocolFor, protocolUpgrade } from './delta/protocol.ts';
import { DeltaSnapshot, type DeltaDataFile } from './delta/snapshot.ts';
import { encodeStats, fileStatsOf } from './delta/stats-json.ts';
import { objectStoreFor, type ObjectStore } from './object-store/index.ts';
import { readParquet, type ParquetReadColumn } from './parquet/reader.ts';
import { optimizeTable } from './maintenance/optimize.ts';
import { planRestore } from './maintenance/restore.ts';
import { vacuumTable } from './maintenance/vacuum.ts';
import { ParquetWriter } from './parquet/writer.ts';
import { writePartitioned, type PartitionDir } from './delta/partitioned-write.ts';
import { columnMappingMode, mapColumns, PHYSICAL_NAME, physicalName } from './schema/column-mapping.ts';
import { parseSchemaString, schemaToSchemaString } from './schema/schema-string.ts';

export interface DeltaTableStorageOptions {
  /** The object store of a table location (default: by URL scheme, see object-store/index.ts). */
  readonly storeFor?: (location: string) => ObjectStore;
  /** A data file is closed after this many rows. */
  readonly maxRowsPerFile?: number;
  /** ...or once this many bytes of Arrow data are buffered for it. */
  readonly maxBytesPerFile?: number;
  /** Rows per Parquet row group. */
  readonly rowGroupRows?: number;
  /** Byte budget of the decoded column cache (default an eighth of the machine's memory, at most 1.5 GiB). */
  readonly cacheBytes?: number;
  /** Where intent records of multi-table commits go (see commit/intents.ts); needed to commit several tables. */
  readonly intentsLocation?: string;
}

type Change = Parameters<TableStorage['commit']>[2];

const txnIdOf = (actions: readonly object[]): unknown =>
  (actions.find((a) => 'commitInfo' in a) as { commitInfo?: { txnId?: unknown } } | undefined)?.commitInfo?.txnId;

/** Whether the table already records the version of the idempotent write among `actions` (or a later one). */
function alreadyApplied(latest: DeltaSnapshot, actions: readonly Action[]): boolean {
  for (const a of actions) {
    if ('txn' in a && (latest.txns.get(a.txn.appId)?.version ?? -1) >= a.txn.version) return true;
  }
  return false;
}

const isBlind = (c: TableChange): boolean => (c.remove ?? []).length === 0 && c.schema === undefined && c.properties === undefined && c.read === undefined;

export class DeltaTableStorage implements TableStorage {
  private readonly logs = new Map<string, DeltaLog>();
  private readonly options: DeltaTableStorageOptions;
  private readonly cache: ColumnCache;
  /** This process's commits to a table are serialized; other processes are met by the log's put-if-absent. */
  private readonly locks = new KeyedLocks();
  private readonly visibility = new CommitVisibility();
  private intents: ObjectStore | undefined;

  constructor(options: DeltaTableStorageOptions = {}) {
    this.options = options;
    this.cache = new ColumnCache(options.cacheBytes ?? Math.min(1.5 * 2 ** 30, totalmem() / 8));
  }

  private key(location: string): string {
    return /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(location) ? location.replace(/\/+$/, '') : nodePath.resolve(location);
  }

  private log(location: string): DeltaLog {
    const key = this.key(location);
    let log = this.logs.get(key);
    if (log === undefined) {
      log = new DeltaLog((this.options.storeFor ?? objectStoreFor)(location));
      this.logs.set(key, log);
    }
    return log;
  }

  async createTable(location: string, columns: readonly ColumnSchema[], requested: Readonly<Record<string, string>>,
    op: CommitOperation): Promise<TableSnapshot> {
    checkColumnNames(columns);
    // Created in column mapping's name mode, the columns get ids and physical names (their own names).
    const { schema, properties } = mapColumns(columns, requested, false);
    const now = Date.now();
    const metaData: MetadataAction = {
      id: randomUUID(),
      format: { provider: 'parquet', options: {} },
      schemaString: schemaToSchemaString(schema),
      partitionColumns: [],
      configuration: { ...properties },
      createdTime: now,
    };
    const actions: Action[] = [
      { commitInfo: commitInfo(op, now, { isBlindAppend: true }) },
      { protocol: protocolFor(schema, properties) },
      { metaData },
    ];
    const snap = await this.log(location).tryCommit(undefined, actions);
    if (snap === undefined) {
      throw new SqlError(SqlState.duplicateTable, `a Delta table already exists at "${location}"`);
    }
    return snap;
  }

  async snapshot(location: string, version?: number, readPoint?: number): Promise<TableSnapshot> {
    const log = this.log(location);
    if (version !== undefined) return log.at(version);
    const latest = await log.latest();
    // After the read: a multi-table commit noted while it ran must count.
    const limit = readPoint === undefined ? undefined : this.visibility.limit(this.key(location), readPoint);
    return limit === undefined || latest.version <= limit ? latest : log.at(limit);
  }

  versionAt(location: string, timestampMs: number): Promise<number> {
    return this.log(location).versionAt(timestampMs);
  }

  async writeFiles(location: string, logical: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>,
    options: WriteFilesOptions = {}): Promise<DataFile[]> {
    // One look at the table decides both its partitioning and its columns' physical names.
    const latest = await this.latestIfAny(location);
    const schema = withPhysicalNames(location, latest, logical);
    const by = options.changeData === true ? [] : latest?.partitionColumns ?? [];
    if (by.length > 0) return writePartitioned(schema, batches, by, (cols, b, dir) => this.writeData(location, cols, b, options, dir));
    return this.writeData(location, schema, batches, options);
  }

  /** Write data files of columns whose physical names are resolved; `partition`: one partition's directory. */
  private async writeData(location: string, schema: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>,
    options: WriteFilesOptions, partition?: PartitionDir): Promise<DataFile[]> {
    const store = this.log(location).store;
    const changeData = options.changeData === true;
    // The files name columns by their physical names; stats are kept by logical name and written by physical.
    const fileSchema = [...schema.map((c) => ({ ...c, name: physicalName(c) })), ...(changeData ? [CHANGE_TYPE_FIELD] : [])];
    const maxRows = this.options.maxRowsPerFile ?? 1 << 20;
    const maxBytes = this.options.maxBytesPerFile ?? 256 << 20;
    // A full file is encoded on a worker while the next one fills; at most one waits for its encoding.
    const pending: Promise<DataFile>[] = [];
    let writer: ParquetWriter | undefined;
    const flush = (): void => {
      if (writer === undefined || writer.numRecords === 0) return;
      const w = writer, index = pending.length;
      writer = undefined;
      const file = w.finishAsync().then(async (out) => {
        const name = changeData ? changeDataPath(index) : `part-${String(index).padStart(5, '0')}-${randomUUID()}-c000.zstd.parquet`;
        await store.put(`${partition?.key ?? ''}${name}`, out.bytes);
        const stats = changeData ? undefined : fileStatsOf(out.numRecords, schema, out.stats);
        const written: DeltaDataFile = {
          path: `${partition?.logPath ?? ''}${name}`, size: out.bytes.length, modificationTime: Date.now(), stats,
          partitionValues: partition?.values ?? {}, ...(stats === undefined ? {} : { statsJson: encodeStats(stats, schema) }),
        };
        return written as DataFile;
      });
      file.catch(() => {}); // awaited below; not an unhandled rejection while rows are still being read
      pending.push(file);
    };
    try {
      for await (const batch of batches) {
        writer ??= new ParquetWriter(fileSchema, { ...(this.options.rowGroupRows === undefined ? {} : { rowGroupRows: this.options.rowGroupRows }) });
        writer.write(batch);
        if (writer.numRecords >= maxRows || writer.bufferedBytes >= maxBytes) {
          flush();
          if (pending.length > 1) await pending[pending.length - 2];
        }
      }
      flush();
    } catch (e) {
      await Promise.allSettled(pending);
      throw e;
    }
    return Promise.all(pending);
  }

  /** The latest snapshot, or undefined where no table exists yet. */
  private async latestIfAny(location: string): Promise<DeltaSnapshot | undefined> {
    try {
      return await this.log(location).latest();
    } catch (e) {
      if (e instanceof SqlError && e.code === SqlState.undefinedTable) return undefined;
      throw e;
    }
  }

  commit(location: string, readVersion: number, change: Change, op: CommitOperation): Promise<TableSnapshot> {
    return this.commitTransaction([{ ...change, location, readVersion, operation: op }]).then((s) => s[0]!);
  }

  readPoint(): number {
    return this.visibility.readPoint();
  }

  async commitTransaction(changes: readonly TableChange[]): Promise<TableSnapshot[]> {
    if (changes.length === 0) return [];
    const txnId = randomUUID();
    const keys = changes.map((c) => this.key(c.location));
    if (new Set(keys).size !== keys.length) throw new SqlError(SqlState.internalError, 'a transaction commits each table once');
    return this.locks.withAll(keys, async () => {
      const prepared = await Promise.all(changes.map((c) => this.prepare(c, txnId)));
      if (prepared.length === 1) return [await this.apply(prepared[0]!)];
      // Conflicts found now cost nothing to undo; only a writer in another process can still interfere
      // between here and the commits (the table locks keep this process's writers out).
      for (const p of prepared) {
        const latest = await this.log(p.footprint.location).latest();
        await this.checkWinners(p, latest.version);
        if (p.validate !== undefined && latest.version > p.footprint.readVersion) await p.validate(latest);
      }
      return this.commitMany(txnId, prepared);
    });
  }

  /** The actions of one table's change, made against its read version. */
  private async prepare(change: TableChange, txnId: string): Promise<PreparedCommit> {
    const { location, readVersion } = change;
    const log = this.log(location);
    const base = await log.at(readVersion);
    checkWritable(base.protocol, base.metadata, base.fields);

    const removes = change.remove ?? [];
    const adds = change.add ?? [];
    if (removes.length > 0 && change.dataChange !== false && isAppendOnly(base.metadata)) {
      throw new SqlError(SqlState.featureNotSupported,
        'this table is configured to only allow appends (delta.appendOnly); rows cannot be updated or deleted');
    }
    const removed = new Set(removes);
    const now = Date.now();
    const actions: Action[] = [];
    actions.push({
      commitInfo: commitInfo(change.operation, now, {
        readVersion, txnId, isBlindAppend: isBlind(change),
        metrics: operationMetrics(change.operation, adds, removes.map((p) => base.fileMap.get(p))),
      }),
    });
    let columns = base.schema;
    if (change.schema !== undefined || change.properties !== undefined) {
      if (change.schema !== undefined) {
        checkColumnNames(change.schema);
        if (change.restoresSchema !== true) checkSchemaEvolution(base, change.schema, removed, columnMappingMode(change.properties ?? base.properties) === 'name');
        columns = change.schema;
      }
      const metaData: MetadataAction = {
        ...base.metadata,
        ...(change.schema === undefined ? {} : { schemaString: schemaToSchemaString(change.schema) }),
        ...(change.properties === undefined ? {} : { configuration: { ...change.properties } }),
      };
      // The new columns (their metadata: generated, identity) and properties (CHECK constraints) may need features.
      const upgrade = protocolUpgrade(base.protocol, columns, metaData.configuration);
      if (upgrade !== undefined) actions.push({ protocol: upgrade });
      checkWritable(upgrade ?? base.protocol, metaData, parseSchemaString(metaData.schemaString).fields);
      actions.push({ metaData });
    }
    for (const f of adds) {
      actions.push({
        add: {
          path: f.path,
          partitionValues: (f as Partial<DeltaDataFile>).partitionValues ?? {},
          size: f.size,
          modificationTime: f.modificationTime,
          dataChange: change.dataChange ?? true,
          ...(f.stats === undefined ? {} : { stats: (f as Partial<DeltaDataFile>).statsJson ?? encodeStats(f.stats, columns) }),
        },
      });
    }
    for (const path of removes) {
      const f = base.fileMap.get(path);
      if (f === undefined) {
        throw new SqlError(SqlState.internalError, `cannot remove "${path}": not a file of version ${readVersion}`);
      }
      actions.push({
        remove: {
          path, deletionTimestamp: now, dataChange: change.dataChange ?? true, extendedFileMetadata: true,
          partitionValues: f.partitionValues, size: f.size,
        },
      });
    }
    for (const f of change.cdc ?? []) {
      actions.push({ cdc: { path: f.path, partitionValues: (f as Partial<DeltaDataFile>).partitionValues ?? {}, size: f.size, dataChange: false } });
    }
    if (change.txn !== undefined) actions.push({ txn: { appId: change.txn.appId, version: change.txn.version, lastUpdated: now } });
    const footprint: CommitFootprint = {
      location, readVersion, removes: removed, readsTable: change.read !== undefined || removes.length > 0,
      reads: new Set([...(change.read ?? []), ...removes]),
      changesMetadata: change.schema !== undefined || change.properties !== undefined,
      appIds: new Set(change.txn === undefined ? [] : [change.txn.appId]),
    };
    return { footprint, actions, ...(change.validate === undefined ? {} : { validate: change.validate }) };
  }

  /**
   * Check the commits after the read version, up to `upTo`, against the pending commit (40001 on conflict).
   * Returns the version that is the pending commit itself, if one is (made by whoever settled its intent).
   */
  private async checkWinners(p: PreparedCommit, upTo: number, from = p.footprint.readVersion + 1): Promise<number | undefined> {
    const log = this.log(p.footprint.location);
    const txnId = txnIdOf(p.actions);
    for (let v = from; v <= upTo; v++) {
      const actions = await log.readCommit(v);
      if (txnId !== undefined && txnIdOf(actions) === txnId) return v;
      checkWinner(p.footprint, v, actions);
    }
    return undefined;
  }

  /** Commit on top of the latest version, after checking the commits that won since the read. */
  private async apply(p: PreparedCommit, before?: (version: number) => void): Promise<DeltaSnapshot> {
    const log = this.log(p.footprint.location);
    let checked = p.footprint.readVersion;
    for (;;) {
      const latest = await log.latest();
      const own = await this.checkWinners(p, latest.version, checked + 1);
      if (own !== undefined) return log.at(own);
      if (p.validate !== undefined && latest.version > checked && latest.version > p.footprint.readVersion) await p.validate(latest);
      checked = latest.version;
      if (alreadyApplied(latest, p.actions)) return latest;
      before?.(latest.version + 1);
      const snap = await log.tryCommit(latest, p.actions);
      if (snap !== undefined) return snap;
      // Another writer took the version: check its commit too and try the next one.
    }
  }

  /**
   * Several tables, all or none: a write-ahead intent record holds every table's actions, then the tables
   * commit one by one, then the record goes. A crash in between is settled at the next start (recover):
   * the missing commits are made, or, if one can no longer be made, the ones made are reverted.
   */
  private async commitMany(txnId: string, prepared: readonly PreparedCommit[]): Promise<DeltaSnapshot[]> {
    const seq = this.visibility.begin();
    try {
      const intent: CommitIntent = { id: txnId, createdTime: Date.now(), tables: prepared.map(toIntentTable) };
      await this.intentStore().put(intentPath(txnId), encodeIntent(intent));
      return await this.settle(intent, (location, version) => this.visibility.note(seq, this.key(location), version));
    } finally {
      this.visibility.end(seq);
    }
  }

  /**
   * Bring an intent's tables to all-committed, or (when a commit conflicts) to all-reverted and throw the
   * conflict; then drop the intent record. Commits already made are found by the txnId in their commitInfo.
   * If reverting fails too, the record stays for the next start to settle.
   */
  private async settle(intent: CommitIntent, noted: (location: string, version: number) => void = () => undefined): Promise<DeltaSnapshot[]> {
    const made: { table: IntentTable; version: number }[] = [];
    const snaps: DeltaSnapshot[] = [];
    let failure: unknown;
    for (const t of intent.tables) {
      const found = await this.findCommit(t.location, t.readVersion, intent.id);
      if (found !== undefined) {
        made.push({ table: t, version: found });
        snaps.push(await this.log(t.location).at(found));
        continue;
      }
      if (failure !== undefined) continue;
      try {
        // Noted before the version becomes visible, so that no reader can see it unnoted.
        const snap = await this.apply(fromIntentTable(t), (v) => noted(t.location, v));
        made.push({ table: t, version: snap.version });
        snaps.push(snap);
      } catch (e) {
        failure = e;
      }
    }
    if (failure !== undefined) {
      for (const m of made) {
        if (await this.findCommit(m.table.location, m.version, intent.id, REVERT_OPERATION) !== undefined) continue;
        await this.apply(await this.reverting(m.table, m.version, intent.id));
      }
    }
    await this.intentStore().delete(intentPath(intent.id));
    if (failure !== undefined) throw failure;
    return snaps;
  }

  /** The version after `after` whose commitInfo carries txnId (and, if given, this operation), if any. */
  private async findCommit(location: string, after: number, txnId: string, operation?: string): Promise<number | undefined> {
    const log = this.log(location);
    const latest = await log.latest();
    for (let v = after + 1; v <= latest.version; v++) {
      const info = (await log.readCommit(v)).find((a) => a.commitInfo !== undefined)?.commitInfo as Record<string, unknown> | undefined;
      const params = info?.operationParameters as Record<string, unknown> | undefined;
      if (operation === undefined ? info?.txnId === txnId && info.operation !== REVERT_OPERATION
        : info?.operation === operation && params?.txnId === txnId) return v;
    }
    return undefined;
  }

  /** A commit undoing `t`'s commit at `version`: its added files removed, its removed files added back. */
  private async reverting(t: IntentTable, version: number, txnId: string): Promise<PreparedCommit> {
    const before = await this.log(t.location).at(t.readVersion);
    const now = Date.now();
    const actions: Action[] = [{
      commitInfo: commitInfo({ operation: REVERT_OPERATION, parameters: { txnId } }, now, { readVersion: version, isBlindAppend: false }),
    }];
    const added: string[] = [];
    for (const a of t.actions) {
      if ('metaData' in a) actions.push({ metaData: before.metadata });
      if ('add' in a) {
        added.push(a.add.path);
        actions.push({ remove: { path: a.add.path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true, partitionValues: a.add.partitionValues, size: a.add.size } });
      }
      if ('remove' in a) {
        const f = before.fileMap.get(a.remove.path);
        if (f === undefined) continue;
        actions.push({
          add: {
            path: f.path, partitionValues: f.partitionValues, size: f.size, modificationTime: f.modificationTime, dataChange: true,
            ...(f.statsJson === undefined ? {} : { stats: f.statsJson }),
          },
        });
      }
    }
    const footprint: CommitFootprint = {
      location: t.location, readVersion: version, removes: new Set(added), readsTable: false, reads: new Set(),
      changesMetadata: false, appIds: new Set(),
    };
    return { footprint, actions };
  }

  /** Settle the intents a crash left behind (at server start, before any session). */
  async recover(): Promise<number> {
    if (this.options.intentsLocation === undefined) return 0;
    const store = this.intentStore();
    let settled = 0;
    for (const o of await store.list(INTENT_DIR)) {
      const bytes = await store.get(o.path);
      if (bytes === undefined) continue;
      try {
        await this.settle(decodeIntent(bytes));
      } catch (e) {
        // Reverted: the transaction is void, as it was never acknowledged.
        if (!(e instanceof SqlError && e.code === SqlState.serializationFailure)) throw e;
      }
      settled++;
    }
    return settled;
  }

  private intentStore(): ObjectStore {
    const loc = this.options.intentsLocation;
    if (loc === undefined) throw new SqlError(SqlState.internalError, 'a commit to several tables needs the storage\'s intentsLocation');
    return this.intents ??= (this.options.storeFor ?? objectStoreFor)(loc);
  }

  async *scan(location: string, req: ScanRequest): AsyncGenerator<Batch> {
    const store = this.log(location).store;
    const snapshot = req.snapshot;
    const partitionColumns = new Set((snapshot as Partial<DeltaSnapshot>).partitionColumns ?? []);
    const wanted = req.columns.map((i) => {
      const c = snapshot.schema[i];
      if (c === undefined) throw new SqlError(SqlState.internalError, `scan of column ${i}: no such column`);
      return c;
    });
    for (const file of req.files ?? snapshot.files) {
      const pv = (file as Partial<DeltaDataFile>).partitionValues ?? {};
      const columns: ParquetReadColumn[] = wanted.map((c) =>
        partitionColumns.has(c.name) ? { name: physicalName(c), type: c.type, missingValue: parsePartitionValue(pv[physicalName(c)], c.type) }
          : { name: physicalName(c), type: req.scaledDecimals === true ? scanType(c.type) : c.type });
      const cache = this.cache;
      const keys = columns.map((c) => ColumnCache.key(location, file.path, c.name, c.type, `${file.size}:${file.modificationTime}`));
      let cached = keys.map((k) => cache.get(k));
      if (columns.length === 0 || cached.some((v) => v === undefined)) {
        // Decode the file's columns once into the cache (a batch per row group: batches never span row
        // groups); serve every scan from there.
        const blob = await openData(store, file.path);
        const parts: Batch[] = [];
        for await (const b of readParquet(blob, { columns, batchSize: 1 << 30 })) parts.push(b);
        if (columns.length === 0) {
          for (const p of parts) {
            for (let off = 0; off < p.length; off += req.batchSize) yield { columns: [], length: Math.min(req.batchSize, p.length - off) };
          }
          continue;
        }
        cached = columns.map((_, i) => {
          const v = parts.map((b) => b.columns[i]!);
          cache.set(keys[i]!, v);
          return v;
        });
      }
      const groups = cached as (readonly Vector[])[];
      const index = req.lookup === undefined ? undefined : cache.equalityIndex(keys[req.lookup.column]!);
      if (index !== undefined) {
        const hits = index.rows(req.lookup!.keys);
        for (let g = 0; g < hits.length; g++) {
          for (let off = 0; off < hits[g]!.length; off += req.batchSize) {
            const rows = hits[g]!.subarray(off, off + req.batchSize);
            yield { columns: groups.map((p) => take(p[g]!, rows)), length: rows.length };
          }
        }
        continue;
      }
      for (let g = 0; g < groups[0]!.length; g++) {
        const vectors = groups.map((p) => p[g]!);
        const rows = vectors[0]!.length;
        for (let off = 0; off < rows; off += req.batchSize) {
          const end = Math.min(rows, off + req.batchSize);
          yield off === 0 && end === rows
            ? { columns: vectors, length: rows }
            : { columns: vectors.map((v) => slice(v, off, end)), length: end - off };
        }
      }
    }
  }

  async dropTable(location: string): Promise<void> {
    this.cache.forgetLocation(location);
    const log = this.log(location);
    this.logs.delete(this.key(location));
    log.forget();
    await log.store.deletePrefix('');
  }

  async deleteFiles(location: string, paths: readonly string[]): Promise<void> {
    const store = this.log(location).store;
    for (let i = 0; i < paths.length; i += 16) await Promise.all(paths.slice(i, i + 16).map((p) => store.delete(objectKey(p))));
  }

  async changes(location: string, request: ChangesRequest): Promise<ChangeFeed> {
    return readChanges(this.log(location), request);
  }

  history(location: string, limit?: number): Promise<HistoryEntry[]> {
    return readHistory(this.log(location).store, limit);
  }

  async detail(location: string): Promise<TableDetail> {
    return tableDetail(await this.log(location).latest());
  }

  async planRestore(location: string, readVersion: number, targetVersion: number): Promise<RestorePlan> {
    const log = this.log(location);
    return planRestore(log.store, await log.at(readVersion), await log.at(targetVersion));
  }

  async optimize(location: string, request: OptimizeRequest): Promise<OptimizeResult> {
    return optimizeTable(this, location, await this.log(location).latest(), request);
  }

  async vacuum(location: string, request: VacuumRequest): Promise<VacuumResult> {
    const log = this.log(location);
    const result = await vacuumTable(log.store, await log.latest(), request);
    if (!request.dryRun) for (const path of result.files) this.cache.forgetFile(location, path);
    return result;
  }
}

export function createTableStorage(options?: DeltaTableStorageOptions): TableStorage {
  return new DeltaTableStorage(options);
}

function commitInfo(op: CommitOperation, timestamp: number,
  extra: { readVersion?: number; isBlindAppend: boolean; txnId?: string; metrics?: Readonly<Record<string, string>> }) {
  return {
    timestamp,
    ...(op.user === undefined ? {} : { userName: op.user }),
    operation: op.operation,
    operationParameters: { ...op.parameters },
    ...(extra.readVersion === undefined ? {} : { readVersion: extra.readVersion }),
    isolationLevel: 'WriteSerializable',
    isBlindAppend: extra.isBlindAppend,
    ...(extra.metrics === undefined ? {} : { operationMetrics: { ...extra.metrics } }),
    engineInfo: ENGINE_INFO,
    txnId: extra.txnId ?? randomUUID(),
  };
}

/**
 * The columns with their physical names: as given (a schema from the table's log carries them), or, for
 * columns given without (a catalog's column list), those of the table's latest version in name mode.
 */
function withPhysicalNames(location: string, latest: DeltaSnapshot | undefined, schema: readonly ColumnSchema[]): readonly ColumnSchema[] {
  if (latest === undefined || columnMappingMode(latest.properties) === 'none') return schema;
  if (schema.every((c) => c.metadata?.[PHYSICAL_NAME] !== undefined)) return schema;
  return schema.map((c) => {
    if (c.metadata?.[PHYSICAL_NAME] !== undefined) return c;
    const known = latest.schema.find((k) => k.name === c.name);
    if (known === undefined) {
      throw new SqlError(SqlState.internalError, `column "${c.name}" has no physical name in the Delta table at "${location}"`);
    }
    return { ...c, metadata: { ...c.metadata, [PHYSICAL_NAME]: physicalName(known) } };
  });
}

function checkColumnNames(schema: readonly ColumnSchema[]): void {
  const seen = new Set<string>();
  for (const c of schema) {
    // Spark resolves column names case-insensitively: two names differing only in case cannot coexist.
    const k = c.name.toLowerCase();
    if (seen.has(k)) throw new SqlError(SqlState.duplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(k);
  }
}

/**
 * Without Delta column mapping, data files are matched to the schema by column name. So a column may be
 * dropped, renamed or retyped only when every existing file is removed in the same commit (a rewrite);
 * otherwise old files would later give their values to a new column of the same name.
 */
function checkSchemaEvolution(base: DeltaSnapshot, schema: readonly ColumnSchema[], removed: ReadonlySet<string>,
  mapped: boolean): void {
  const rewritesAll = base.files.every((f) => removed.has(f.path));
  if (rewritesAll) return;
  // Files match columns by physical name: with column mapping a logical name may change or go.
  const next = new Map(schema.map((c) => [physicalName(c), c]));
  for (const c of base.schema) {
    const n = next.get(physicalName(c));
    if (n === undefined) {
      if (mapped) continue;
      throw new SqlError(SqlState.featureNotSupported,
        `cannot drop or rename column "${c.name}" without rewriting the table (the table does not use Delta column mapping)`);
    }
    if (!sameType(n.type, c.type) && !sameStorage(n, c)) {
      throw new SqlError(SqlState.featureNotSupported, `cannot change the type of column "${c.name}" without rewriting the table`);
    }
  }
}

/** varchar(10) → varchar(20) or text keeps the same Parquet data: no rewrite needed. */
function sameStorage(a: ColumnSchema, b: ColumnSchema): boolean {
  const strings = new Set(['text', 'varchar', 'bpchar']);
  return strings.has(a.type.id) && strings.has(b.type.id) && a.type.id !== 'bpchar' && b.type.id !== 'bpchar';
}

async function openData(store: ObjectStore, logPath: string): Promise<Blob> {
  const blob = await openLogFile(store, logPath);
  if (blob === undefined) {
    throw new SqlError(SqlState.dataCorrupted, `data file "${logPath}" of the Delta table at "${store.root}" is missing`);
  }
  return blob;
}

/** A numeric of precision ≤ 15 (and a scale of 0 or more) fits doubles scaled by 10^scale: read it so. */
function scanType(t: SqlType): SqlType {
  if (t.id !== 'numeric' || t.typmod < 4) return t;
  const p = numericPrecision(t.typmod), s = numericScale(t.typmod);
  return p <= 15 && s >= 0 ? scaledNumeric(t.typmod, s) : t;
}
