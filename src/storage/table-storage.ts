/**
 * TableStorage over Delta tables: the log in delta/, data files written and read by parquet/, bytes through
 * an object store chosen by the location's scheme. Data files are named like Spark's
 * (`part-00000-<uuid>-c000.zstd.parquet`) at the table root; tables are unpartitioned.
 */
import { randomUUID } from 'node:crypto';
import * as nodePath from 'node:path';
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import { sameType } from '../common/index.ts';
import { slice, type Batch, type Vector } from '../common/index.ts';
import { ColumnCache } from './column-cache.ts';
import type { ColumnSchema, CommitOperation, DataFile, ScanRequest, TableSnapshot, TableStorage } from './contract.ts';
import { ENGINE_INFO, type Action, type MetadataAction } from './delta/actions.ts';
import { DeltaLog } from './delta/delta-log.ts';
import { parsePartitionValue } from './delta/partition-value.ts';
import { checkWritable, isAppendOnly, protocolFor, protocolUpgrade } from './delta/protocol.ts';
import { DeltaSnapshot, type DeltaDataFile } from './delta/snapshot.ts';
import { encodeStats, fileStatsOf } from './delta/stats-json.ts';
import { objectStoreFor, type ObjectStore } from './object-store/index.ts';
import { readParquet, type ParquetReadColumn } from './parquet/reader.ts';
import { ParquetWriter } from './parquet/writer.ts';
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
  /** Byte budget of the decoded column cache (default 512 MiB). */
  readonly cacheBytes?: number;
}

type Change = Parameters<TableStorage['commit']>[2];

export class DeltaTableStorage implements TableStorage {
  private readonly logs = new Map<string, DeltaLog>();
  private readonly options: DeltaTableStorageOptions;
  private readonly cache: ColumnCache;

  constructor(options: DeltaTableStorageOptions = {}) {
    this.options = options;
    this.cache = new ColumnCache(options.cacheBytes ?? 512 * 1024 * 1024);
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

  async createTable(location: string, schema: readonly ColumnSchema[], properties: Readonly<Record<string, string>>,
    op: CommitOperation): Promise<TableSnapshot> {
    checkColumnNames(schema);
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
      { protocol: protocolFor(schema) },
      { metaData },
    ];
    const snap = await this.log(location).tryCommit(undefined, actions);
    if (snap === undefined) {
      throw new SqlError(SqlState.duplicateTable, `a Delta table already exists at "${location}"`);
    }
    return snap;
  }

  async snapshot(location: string, version?: number): Promise<TableSnapshot> {
    const log = this.log(location);
    return version === undefined ? log.latest() : log.at(version);
  }

  versionAt(location: string, timestampMs: number): Promise<number> {
    return this.log(location).versionAt(timestampMs);
  }

  async writeFiles(location: string, schema: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<DataFile[]> {
    const store = this.log(location).store;
    const maxRows = this.options.maxRowsPerFile ?? 1 << 20;
    const maxBytes = this.options.maxBytesPerFile ?? 256 << 20;
    const files: DataFile[] = [];
    let writer: ParquetWriter | undefined;
    const flush = async (): Promise<void> => {
      if (writer === undefined || writer.numRecords === 0) return;
      const w = writer;
      writer = undefined;
      const out = w.finish();
      const path = `part-${String(files.length).padStart(5, '0')}-${randomUUID()}-c000.zstd.parquet`;
      await store.put(path, out.bytes);
      const stats = fileStatsOf(out.numRecords, schema, out.stats);
      const file: DeltaDataFile = {
        path, size: out.bytes.length, modificationTime: Date.now(), stats, partitionValues: {},
        statsJson: encodeStats(stats, schema),
      };
      files.push(file);
    };
    for await (const batch of batches) {
      writer ??= new ParquetWriter(schema, { ...(this.options.rowGroupRows === undefined ? {} : { rowGroupRows: this.options.rowGroupRows }) });
      writer.write(batch);
      if (writer.numRecords >= maxRows || writer.bufferedBytes >= maxBytes) await flush();
    }
    await flush();
    return files;
  }

  async commit(location: string, readVersion: number, change: Change, op: CommitOperation): Promise<TableSnapshot> {
    const log = this.log(location);
    const latest = await log.latest();
    if (latest.version > readVersion) throw conflict(location, readVersion + 1);
    const base = latest.version === readVersion ? latest : await log.at(readVersion);
    checkWritable(base.protocol, base.metadata, base.fields);

    const removes = change.remove ?? [];
    const adds = change.add ?? [];
    if (removes.length > 0 && isAppendOnly(base.metadata)) {
      throw new SqlError(SqlState.featureNotSupported,
        'this table is configured to only allow appends (delta.appendOnly); rows cannot be updated or deleted');
    }
    const removed = new Set(removes);
    const now = Date.now();
    const actions: Action[] = [];
    const schemaChanged = change.schema !== undefined;
    actions.push({
      commitInfo: commitInfo(op, now, {
        readVersion, isBlindAppend: removes.length === 0 && !schemaChanged,
      }),
    });
    let columns = base.schema;
    if (change.schema !== undefined || change.properties !== undefined) {
      if (change.schema !== undefined) {
        checkColumnNames(change.schema);
        checkSchemaEvolution(base, change.schema, removed);
        columns = change.schema;
        const upgrade = protocolUpgrade(base.protocol, change.schema);
        if (upgrade !== undefined) actions.push({ protocol: upgrade });
      }
      const metaData: MetadataAction = {
        ...base.metadata,
        ...(change.schema === undefined ? {} : { schemaString: schemaToSchemaString(change.schema) }),
        ...(change.properties === undefined ? {} : { configuration: { ...change.properties } }),
      };
      checkWritable(base.protocol, metaData, parseSchemaString(metaData.schemaString).fields);
      actions.push({ metaData });
    }
    for (const f of adds) {
      actions.push({
        add: {
          path: f.path,
          partitionValues: (f as Partial<DeltaDataFile>).partitionValues ?? {},
          size: f.size,
          modificationTime: f.modificationTime,
          dataChange: true,
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
          path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true,
          partitionValues: f.partitionValues, size: f.size,
        },
      });
    }
    return log.commit(base, actions);
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
        partitionColumns.has(c.name) ? { name: c.name, type: c.type, missingValue: parsePartitionValue(pv[c.name], c.type) }
          : { name: c.name, type: c.type });
      const cache = this.cache;
      const keys = columns.map((c) => ColumnCache.key(location, file.path, c.name, c.type));
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
}

export function createTableStorage(options?: DeltaTableStorageOptions): TableStorage {
  return new DeltaTableStorage(options);
}

function commitInfo(op: CommitOperation, timestamp: number, extra: { readVersion?: number; isBlindAppend: boolean }) {
  return {
    timestamp,
    ...(op.user === undefined ? {} : { userName: op.user }),
    operation: op.operation,
    operationParameters: { ...op.parameters },
    ...(extra.readVersion === undefined ? {} : { readVersion: extra.readVersion }),
    isolationLevel: 'Serializable',
    isBlindAppend: extra.isBlindAppend,
    engineInfo: ENGINE_INFO,
    txnId: randomUUID(),
  };
}

function conflict(location: string, version: number): SqlError {
  return new SqlError(SqlState.serializationFailure, 'could not serialize access due to concurrent update', {
    detail: `Version ${version} of the Delta table at "${location}" was committed by another writer.`,
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
function checkSchemaEvolution(base: DeltaSnapshot, schema: readonly ColumnSchema[], removed: ReadonlySet<string>): void {
  const rewritesAll = base.files.every((f) => removed.has(f.path));
  if (rewritesAll) return;
  const next = new Map(schema.map((c) => [c.name, c]));
  for (const c of base.schema) {
    const n = next.get(c.name);
    if (n === undefined) {
      throw new SqlError(SqlState.featureNotSupported,
        `cannot drop or rename column "${c.name}" without rewriting the table (Delta column mapping is not supported yet)`);
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
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logPath)) {
    throw new SqlError(SqlState.featureNotSupported, `Delta data files outside the table root are not supported yet: "${logPath}"`);
  }
  let key: string;
  try {
    key = decodeURIComponent(logPath);
  } catch {
    key = logPath;
  }
  const blob = (await store.openBlob?.(key)) ?? await store.get(key).then((b) => (b === undefined ? undefined : new Blob([b])));
  if (blob === undefined) {
    throw new SqlError(SqlState.dataCorrupted, `data file "${logPath}" of the Delta table at "${store.root}" is missing`);
  }
  return blob;
}
