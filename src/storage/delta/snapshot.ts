/**
 * A table at one version, and the log replay that builds it (PROTOCOL.md "Action Reconciliation"): the
 * latest protocol and metaData win; for each path the last add or remove wins. A replay can start from an
 * earlier snapshot (incremental refresh) or, later, from a checkpoint's actions.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ColumnSchema, DataFile, TableSnapshot } from '../contract.ts';
import { parseSchemaString, type DeltaStructField } from '../schema/schema-string.ts';
import type { AddAction, MetadataAction, ProtocolAction, RemoveAction, TxnAction } from './actions.ts';
import { checkReadable } from './protocol.ts';
import { decodeStats } from './stats-json.ts';
import { physicalName } from '../schema/column-mapping.ts';

/** A data file as the log describes it; `partitionValues` matters for tables written by other engines. */
export interface DeltaDataFile extends DataFile {
  readonly partitionValues: Readonly<Record<string, string | null>>;
  /** The `stats` string as written in the log (kept verbatim for checkpoints and re-commits). */
  readonly statsJson?: string;
}

export class DeltaSnapshot implements TableSnapshot {
  readonly version: number;
  readonly schema: readonly ColumnSchema[];
  readonly files: readonly DeltaDataFile[];
  readonly properties: Readonly<Record<string, string>>;
  readonly partitionColumns: readonly string[];
  /** commitInfo.timestamp of this version (or the log file's mtime when absent), ms since the epoch. */
  readonly timestamp: number;
  readonly protocol: ProtocolAction;
  readonly metadata: MetadataAction;
  readonly fields: readonly DeltaStructField[];
  readonly fileMap: ReadonlyMap<string, DeltaDataFile>;
  /** Removed files (tombstones), kept for checkpoints so that VACUUM elsewhere honours their retention. */
  readonly tombstones: ReadonlyMap<string, RemoveAction>;
  /** The latest `txn` action of each application id (idempotent writes). */
  readonly txns: ReadonlyMap<string, TxnAction>;

  constructor(s: {
    version: number; timestamp: number; protocol: ProtocolAction; metadata: MetadataAction;
    fields: readonly DeltaStructField[]; columns: readonly ColumnSchema[]; fileMap: ReadonlyMap<string, DeltaDataFile>;
    tombstones: ReadonlyMap<string, RemoveAction>; txns: ReadonlyMap<string, TxnAction>;
  }) {
    this.version = s.version;
    this.timestamp = s.timestamp;
    this.protocol = s.protocol;
    this.metadata = s.metadata;
    this.fields = s.fields;
    this.schema = s.columns;
    this.fileMap = s.fileMap;
    this.tombstones = s.tombstones;
    this.txns = s.txns;
    this.files = [...s.fileMap.values()];
    this.properties = s.metadata.configuration;
    this.partitionColumns = s.metadata.partitionColumns;
  }
}

export function dataFileOfAdd(add: AddAction, columns: readonly ColumnSchema[]): DeltaDataFile {
  return {
    path: add.path,
    size: add.size,
    modificationTime: add.modificationTime,
    stats: decodeStats(add.stats, columns),
    partitionValues: add.partitionValues ?? {},
    ...(typeof add.stats === 'string' ? { statsJson: add.stats } : {}),
  };
}

/** Mutable replay state: apply commits in version order, then `snapshot()`. */
export class LogReplay {
  private protocol: ProtocolAction | undefined;
  private metadata: MetadataAction | undefined;
  private fields: readonly DeltaStructField[] = [];
  private columns: readonly ColumnSchema[] = [];
  private readonly fileMap: Map<string, DeltaDataFile>;
  private readonly tombstones: Map<string, RemoveAction>;
  private readonly txns: Map<string, TxnAction>;
  private version = -1;
  private timestamp = 0;

  constructor(from?: DeltaSnapshot) {
    this.fileMap = new Map(from?.fileMap);
    this.tombstones = new Map(from?.tombstones);
    this.txns = new Map(from?.txns);
    if (from !== undefined) {
      this.protocol = from.protocol;
      this.metadata = from.metadata;
      this.fields = from.fields;
      this.columns = from.schema;
      this.version = from.version;
      this.timestamp = from.timestamp;
    }
  }

  get currentVersion(): number { return this.version; }

  /** Apply the actions of commit `version` (which must follow the last one applied). */
  apply(version: number, actions: readonly Record<string, unknown>[], fileTime: number): void {
    if (this.version >= 0 && version !== this.version + 1) {
      throw new SqlError(SqlState.dataCorrupted, `Delta log is missing version ${this.version + 1}`);
    }
    // Table-level actions first: the adds of a commit that changes the schema use the new schema.
    let timestamp = fileTime;
    for (const a of actions) {
      if (a.protocol !== undefined) this.protocol = a.protocol as ProtocolAction;
      if (a.metaData !== undefined) {
        this.metadata = a.metaData as MetadataAction;
        const parsed = parseSchemaString(this.metadata.schemaString);
        this.fields = parsed.fields;
        const renamed = this.columns.length > 0 && (parsed.columns.length !== this.columns.length
          || parsed.columns.some((c, i) => c.name !== this.columns[i]!.name || physicalName(c) !== physicalName(this.columns[i]!)));
        this.columns = parsed.columns;
        // File stats are kept by column name: read them again under the new names (column mapping renames
        // and drops columns without touching files).
        if (renamed) {
          for (const [path, f] of this.fileMap) {
            if (f.statsJson !== undefined) this.fileMap.set(path, { ...f, stats: decodeStats(f.statsJson, this.columns) });
          }
        }
      }
      if (a.commitInfo !== undefined) {
        const t = (a.commitInfo as { timestamp?: unknown }).timestamp;
        if (typeof t === 'number') timestamp = t;
      }
    }
    if (this.protocol !== undefined) checkReadable(this.protocol, this.metadata);
    for (const a of actions) {
      if (a.add !== undefined) {
        const add = a.add as AddAction;
        this.fileMap.set(add.path, dataFileOfAdd(add, this.columns));
        this.tombstones.delete(add.path);
      } else if (a.remove !== undefined) {
        const remove = a.remove as RemoveAction;
        this.fileMap.delete(remove.path);
        this.tombstones.set(remove.path, remove);
      } else if (a.txn !== undefined) {
        const txn = a.txn as TxnAction;
        this.txns.set(txn.appId, txn);
      }
    }
    this.version = version;
    this.timestamp = timestamp;
  }

  snapshot(): DeltaSnapshot {
    if (this.protocol === undefined || this.metadata === undefined) {
      throw new SqlError(SqlState.dataCorrupted, `Delta log at version ${this.version} has no ${this.protocol === undefined ? 'protocol' : 'metaData'} action`);
    }
    return new DeltaSnapshot({
      version: this.version, timestamp: this.timestamp, protocol: this.protocol, metadata: this.metadata,
      fields: this.fields, columns: this.columns, fileMap: new Map(this.fileMap),
      tombstones: new Map(this.tombstones), txns: new Map(this.txns),
    });
  }
}
