/**
 * Reading a table's change data feed (PROTOCOL.md "Reader Requirements for AddCDCFile"): for each version in
 * the range, the rows of its `cdc` files when it has any; otherwise the rows of the files its `add` actions
 * added ('insert') and of those its `remove` actions removed ('delete'), where the action changed data
 * (OPTIMIZE's rewrites, `dataChange: false`, are no change). Every row gets `_commit_version` and
 * `_commit_timestamp` (the commitInfo timestamp, as time travel and DESCRIBE HISTORY use; the log file's
 * modification time for a commit without one).
 *
 * Change data exists only for versions at which `delta.enableChangeDataFeed` was true: a range with another
 * version is refused (22023) naming it, as Databricks does. Rows are read with the columns of the end
 * version; a column an older file lacks reads as NULL (a column dropped since is not returned).
 *
 * Range ends are versions or times (Databricks' table_changes): a start time means the first version
 * committed at or after it, an end time the last one committed at or before it. An end after the latest
 * version means the latest.
 */
import { constantVector, SqlError, SqlState, T, type Batch } from '../../common/index.ts';
import type { ChangeFeed, ChangePoint, ChangesRequest, ColumnSchema } from '../contract.ts';
import type { ObjectStore } from '../object-store/index.ts';
import { readParquet, type ParquetReadColumn } from '../parquet/reader.ts';
import { physicalName } from '../schema/column-mapping.ts';
import type { AddAction, CdcAction, MetadataAction, RemoveAction } from './actions.ts';
import { CHANGE_TYPE_COLUMN, type ChangeType } from './change-data-files.ts';
import type { DeltaLog } from './delta-log.ts';
import { readHistory } from './history.ts';
import { LOG_DIR, commitPath, parseLogPath } from './log-path.ts';
import { parsePartitionValue } from './partition-value.ts';
import { parseCommit } from './actions.ts';
import { openLogFile } from './data-path.ts';

export const ENABLE_CHANGE_DATA_FEED = 'delta.enableChangeDataFeed';

/** Whether table properties turn the change data feed on (Delta reads the value case-insensitively). */
export const changeDataFeedEnabled = (properties: Readonly<Record<string, string>>): boolean =>
  (properties[ENABLE_CHANGE_DATA_FEED] ?? '').toLowerCase() === 'true';

/** One file whose rows a version contributes, and as what. */
interface ChangeFile {
  readonly path: string;
  readonly partitionValues: Readonly<Record<string, string | null>>;
  /** undefined: a cdc file, whose rows carry their own `_change_type`. */
  readonly type: ChangeType | undefined;
}

interface VersionChanges {
  readonly version: number;
  /** µs since the epoch. */
  readonly timestamp: number;
  readonly files: readonly ChangeFile[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function badRange(message: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, message);
}

/** Commit times (ms) of the versions still in the log, ascending by version. */
async function commitTimes(store: ObjectStore): Promise<{ version: number; timestamp: number }[]> {
  return (await readHistory(store)).map((e) => ({ version: e.version, timestamp: e.timestamp })).reverse();
}

/** The version range a request names, checked against the log. */
async function resolveRange(log: DeltaLog, req: ChangesRequest, latest: number): Promise<{ start: number; end: number } | undefined> {
  const times = 'timestampMs' in req.start || (req.end !== undefined && 'timestampMs' in req.end) ? await commitTimes(log.store) : [];
  const last = times[times.length - 1];
  const startOf = (p: ChangePoint): number => {
    if ('version' in p) {
      if (!Number.isSafeInteger(p.version) || p.version < 0) throw badRange(`invalid start version ${p.version}: versions are integers from 0`);
      if (p.version > latest) {
        throw badRange(`start version ${p.version} is after the latest version of the table (${latest})`);
      }
      return p.version;
    }
    const found = times.find((t) => t.timestamp >= p.timestampMs);
    if (found === undefined) {
      throw badRange(`start timestamp ${iso(p.timestampMs)} is after the latest version of the table (${latest}, committed at ${iso(last?.timestamp ?? 0)})`);
    }
    return found.version;
  };
  const endOf = (p: ChangePoint): number => {
    if ('version' in p) {
      if (!Number.isSafeInteger(p.version) || p.version < 0) throw badRange(`invalid end version ${p.version}: versions are integers from 0`);
      return Math.min(p.version, latest);
    }
    let found: number | undefined;
    for (const t of times) if (t.timestamp <= p.timestampMs) found = t.version;
    if (found === undefined) {
      throw badRange(`end timestamp ${iso(p.timestampMs)} is before the earliest available version of the table (${times[0]?.version ?? 0}, committed at ${iso(times[0]?.timestamp ?? 0)})`);
    }
    return found;
  };
  const start = startOf(req.start);
  const end = req.end === undefined ? latest : endOf(req.end);
  if (end >= start) return { start, end };
  // Two times with no commit between them name no version: no changes. Versions the wrong way round are an error.
  if ('version' in req.start && (req.end === undefined || 'version' in req.end)) {
    throw badRange(`end version ${end} is before start version ${start}`);
  }
  return undefined;
}

/** The files each version contributes, after checking that every version recorded change data. */
async function versionChanges(log: DeltaLog, start: number, end: number): Promise<VersionChanges[]> {
  let configuration = (await log.at(start)).properties;
  let mtimes: Map<number, number> | undefined;
  const out: VersionChanges[] = [];
  for (let v = start; v <= end; v++) {
    const body = await log.store.get(commitPath(v));
    if (body === undefined) {
      throw badRange(`version ${v} of the table is no longer in its log (log retention): change data from it cannot be read`);
    }
    const actions = parseCommit(body, v);
    let timestamp: number | undefined;
    const cdc: ChangeFile[] = [];
    const derived: ChangeFile[] = [];
    for (const a of actions) {
      if (a.metaData !== undefined) configuration = (a.metaData as MetadataAction).configuration ?? {};
      if (a.commitInfo !== undefined) {
        const ts = (a.commitInfo as { timestamp?: unknown }).timestamp;
        if (typeof ts === 'number') timestamp = ts;
      }
      if (a.cdc !== undefined) {
        const c = a.cdc as CdcAction;
        cdc.push({ path: c.path, partitionValues: c.partitionValues ?? {}, type: undefined });
      }
      if (a.add !== undefined && (a.add as AddAction).dataChange !== false) {
        const f = a.add as AddAction;
        derived.push({ path: f.path, partitionValues: f.partitionValues ?? {}, type: 'insert' });
      }
      if (a.remove !== undefined && (a.remove as RemoveAction).dataChange !== false) {
        const f = a.remove as RemoveAction;
        derived.push({ path: f.path, partitionValues: f.partitionValues ?? {}, type: 'delete' });
      }
    }
    if (!changeDataFeedEnabled(configuration)) {
      throw new SqlError(SqlState.invalidParameterValue,
        `change data was not recorded for version ${v} of the table (range ${start} to ${end}): ${ENABLE_CHANGE_DATA_FEED} was not true at that version`,
        { hint: `DESCRIBE HISTORY shows when it was turned on; ALTER TABLE … SET (${ENABLE_CHANGE_DATA_FEED} = true) records changes from then on.` });
    }
    if (timestamp === undefined) {
      mtimes ??= new Map((await log.store.list(LOG_DIR)).flatMap((o) => {
        const f = parseLogPath(o.path);
        return f?.kind === 'commit' ? [[f.version, o.lastModified] as const] : [];
      }));
      timestamp = mtimes.get(v) ?? 0;
    }
    out.push({ version: v, timestamp: timestamp * 1000, files: cdc.length > 0 ? cdc : derived });
  }
  return out;
}

async function openFile(store: ObjectStore, logPath: string, version: number): Promise<Blob> {
  const blob = await openLogFile(store, logPath);
  if (blob === undefined) {
    throw new SqlError(SqlState.objectNotInPrerequisiteState,
      `the file "${logPath}" holding the changes of version ${version} is gone (removed by VACUUM?)`);
  }
  return blob;
}

async function* changeBatches(store: ObjectStore, schema: readonly ColumnSchema[], partitionColumns: ReadonlySet<string>,
  versions: readonly VersionChanges[], batchSize: number): AsyncGenerator<Batch> {
  for (const v of versions) {
    for (const f of v.files) {
      const columns: ParquetReadColumn[] = schema.map((c) => (partitionColumns.has(c.name)
        ? { name: physicalName(c), type: c.type, missingValue: parsePartitionValue(f.partitionValues[physicalName(c)], c.type) }
        : { name: physicalName(c), type: c.type }));
      if (f.type === undefined) columns.push({ name: CHANGE_TYPE_COLUMN, type: T.text });
      for await (const b of readParquet(await openFile(store, f.path, v.version), { columns, batchSize })) {
        if (b.length === 0) continue;
        const type = f.type === undefined ? b.columns[schema.length]! : constantVector(T.text, f.type, b.length);
        yield {
          columns: [
            ...b.columns.slice(0, schema.length), type,
            constantVector(T.int8, BigInt(v.version), b.length), constantVector(T.timestamptz, v.timestamp, b.length),
          ],
          length: b.length,
        };
      }
    }
  }
}

/** The change data feed of `log`'s table for a range of versions (see the file comment). */
export async function readChanges(log: DeltaLog, req: ChangesRequest): Promise<ChangeFeed> {
  const latest = await log.latest();
  const range = await resolveRange(log, req, latest.version);
  const end = range?.end ?? latest.version;
  const endSnapshot = await log.at(end);
  const versions = range === undefined ? [] : await versionChanges(log, range.start, range.end);
  const schema = endSnapshot.schema;
  return {
    startVersion: range?.start ?? end,
    endVersion: end,
    schema,
    batches: changeBatches(log.store, schema, new Set(endSnapshot.partitionColumns), versions, Math.max(1, req.batchSize)),
  };
}
