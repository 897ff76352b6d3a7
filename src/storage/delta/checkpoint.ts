/**
 * Delta checkpoints (PROTOCOL.md "Checkpoints"): the reconciled state of a version as one Parquet file,
 * `_delta_log/%020d.checkpoint.parquet`, plus `_delta_log/_last_checkpoint` pointing at it. Basin writes
 * classic single-file checkpoints (protocol, metaData, add with stats as JSON, unexpired remove tombstones)
 * and reads classic and multi-part ones. Rows are few (one per file), so they go through arrow-js objects.
 */
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { DEFAULT_ROW_GROUP_ROWS, encodeParquet } from '../parquet/writer.ts';
import { checkpointPath, LAST_CHECKPOINT } from './log-path.ts';
import type { DeltaSnapshot } from './snapshot.ts';

const str = (): arrow.DataType => new arrow.Utf8();
const i64 = (): arrow.DataType => new arrow.Int64();
const field = (name: string, type: arrow.DataType, nullable = true): arrow.Field => new arrow.Field(name, type, nullable);
const mapOfStrings = (): arrow.DataType =>
  new arrow.Map_(field('key_value', new arrow.Struct([field('key', str(), false), field('value', str())]), false));
const listOfStrings = (): arrow.DataType => new arrow.List(field('element', str()));

/** The checkpoint schema Spark writes (the columns Basin fills). */
const CHECKPOINT_TYPES: Record<string, arrow.Struct> = {
  txn: new arrow.Struct([field('appId', str()), field('version', i64()), field('lastUpdated', i64())]),
  add: new arrow.Struct([
    field('path', str()), field('partitionValues', mapOfStrings()), field('size', i64()), field('modificationTime', i64()),
    field('dataChange', new arrow.Bool()), field('tags', mapOfStrings()), field('stats', str()),
  ]),
  remove: new arrow.Struct([
    field('path', str()), field('deletionTimestamp', i64()), field('dataChange', new arrow.Bool()),
    field('extendedFileMetadata', new arrow.Bool()), field('partitionValues', mapOfStrings()), field('size', i64()),
  ]),
  metaData: new arrow.Struct([
    field('id', str()), field('name', str()), field('description', str()),
    field('format', new arrow.Struct([field('provider', str()), field('options', mapOfStrings())])),
    field('schemaString', str()), field('partitionColumns', listOfStrings()), field('configuration', mapOfStrings()),
    field('createdTime', i64()),
  ]),
  protocol: new arrow.Struct([
    field('minReaderVersion', new arrow.Int32()), field('minWriterVersion', new arrow.Int32()),
    field('readerFeatures', listOfStrings()), field('writerFeatures', listOfStrings()),
  ]),
};

const toMap = (o: Readonly<Record<string, string | null>> | undefined | null): Map<string, string | null> | null =>
  o === undefined || o === null ? null : new Map(Object.entries(o));
const big = (n: number | undefined | null): bigint | null => (typeof n === 'number' ? BigInt(Math.trunc(n)) : null);

/** How long removed files stay in checkpoints (delta.deletedFileRetentionDuration, default 1 week). */
function tombstoneRetentionMs(conf: Readonly<Record<string, string>>): number {
  const m = /^interval\s+(\d+)\s+(second|minute|hour|day|week)s?$/i.exec(conf['delta.deletedFileRetentionDuration'] ?? '');
  if (m === null) return 7 * 86_400_000;
  const unit = { second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7, week: 6.048e8 }[m[2]!.toLowerCase() as 'day'];
  return Number(m[1]) * unit;
}

/** Write the checkpoint of `snap` and point `_last_checkpoint` at it. */
export async function writeCheckpoint(store: ObjectStore, snap: DeltaSnapshot, now = Date.now()): Promise<void> {
  const rows: Record<string, unknown[]> = { txn: [], add: [], remove: [], metaData: [], protocol: [] };
  const push = (column: string, value: unknown): void => {
    for (const k of Object.keys(rows)) rows[k]!.push(k === column ? value : null);
  };
  const p = snap.protocol;
  push('protocol', {
    minReaderVersion: p.minReaderVersion, minWriterVersion: p.minWriterVersion,
    readerFeatures: p.readerFeatures ?? null, writerFeatures: p.writerFeatures ?? null,
  });
  const md = snap.metadata;
  push('metaData', {
    id: md.id, name: md.name ?? null, description: md.description ?? null,
    format: { provider: md.format.provider, options: toMap(md.format.options) ?? new Map() },
    schemaString: md.schemaString, partitionColumns: [...md.partitionColumns], configuration: toMap(md.configuration),
    createdTime: big(md.createdTime),
  });
  for (const t of snap.txns.values()) {
    push('txn', { appId: t.appId, version: big(t.version), lastUpdated: big(t.lastUpdated) });
  }
  let adds = 0;
  for (const f of snap.files) {
    push('add', {
      path: f.path, partitionValues: toMap(f.partitionValues), size: big(f.size), modificationTime: big(f.modificationTime),
      dataChange: false, tags: null, stats: f.statsJson ?? null,
    });
    adds++;
  }
  const expired = now - tombstoneRetentionMs(md.configuration);
  for (const r of snap.tombstones.values()) {
    if ((r.deletionTimestamp ?? 0) < expired) continue;
    push('remove', {
      path: r.path, deletionTimestamp: big(r.deletionTimestamp), dataChange: false,
      extendedFileMetadata: r.extendedFileMetadata ?? null, partitionValues: toMap(r.partitionValues), size: big(r.size),
    });
  }
  const columns: Record<string, arrow.Vector> = {};
  for (const [k, type] of Object.entries(CHECKPOINT_TYPES)) columns[k] = arrow.vectorFromArray(rows[k]!, type);
  const ipc = arrow.tableToIPC(new arrow.Table(columns), 'stream');
  const bytes = encodeParquet(ipc, DEFAULT_ROW_GROUP_ROWS);
  await store.put(checkpointPath(snap.version), bytes);
  const size = rows.add!.length;
  await store.put(LAST_CHECKPOINT, new TextEncoder().encode(JSON.stringify({
    version: snap.version, size, sizeInBytes: bytes.length, numOfAddFiles: adds,
  })));
}

/** An arrow-js value as plain JSON-like data: int64 → number, maps → objects, lists → arrays. */
function plain(x: unknown): unknown {
  if (x === null || x === undefined) return x ?? null;
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof arrow.Vector) return Array.from(x as Iterable<unknown>, plain);
  if (x instanceof arrow.MapRow) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of x as Iterable<[string, unknown]>) o[k] = plain(v);
    return o;
  }
  if (typeof x === 'object' && !(x instanceof Uint8Array) && typeof (x as { toJSON?: unknown }).toJSON === 'function') {
    const j = (x as { toJSON(): Record<string, unknown> }).toJSON();
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(j)) o[k] = plain(j[k]);
    return o;
  }
  return x;
}

/** The actions of a checkpoint (all its parts), in the shape of commit-file actions. */
export async function readCheckpoint(store: ObjectStore, version: number, parts: number): Promise<Record<string, unknown>[]> {
  const actions: Record<string, unknown>[] = [];
  for (let part = 1; part <= parts; part++) {
    const path = checkpointPath(version, part, parts);
    const blob = (await store.openBlob?.(path)) ?? await store.get(path).then((b) => (b === undefined ? undefined : new Blob([b])));
    if (blob === undefined) throw new SqlError(SqlState.dataCorrupted, `Delta checkpoint "${path}" is missing`);
    const file = await pw.ParquetFile.fromFile(blob);
    let table: arrow.Table;
    try {
      const present = new Set(arrow.tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((f) => f.name));
      const columns = ['protocol', 'metaData', 'add', 'remove', 'txn'].filter((c) => present.has(c));
      table = arrow.tableFromIPC((await file.read({ columns, batchSize: 65_536 })).intoIPCStream());
    } finally {
      file.free();
    }
    for (const name of ['protocol', 'metaData', 'add', 'remove', 'txn']) {
      const col = table.getChild(name);
      if (col === null) continue;
      for (let i = 0; i < col.length; i++) {
        const v = col.get(i);
        if (v !== null) actions.push({ [name]: plain(v) });
      }
    }
  }
  return actions;
}

/** `_last_checkpoint`, if present and readable (a hint: listing the log is the truth). */
export async function readLastCheckpoint(store: ObjectStore): Promise<{ version: number; parts?: number } | undefined> {
  const bytes = await store.get(LAST_CHECKPOINT);
  if (bytes === undefined) return undefined;
  try {
    const j = JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown; parts?: unknown };
    return typeof j.version === 'number' ? { version: j.version, ...(typeof j.parts === 'number' ? { parts: j.parts } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
