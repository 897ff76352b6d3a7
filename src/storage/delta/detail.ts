/**
 * DESCRIBE DETAIL of a Delta table: what its latest snapshot says about it (metadata, protocol, size).
 * `tableFeatures` lists the features of a table-features protocol (3,7), or for a legacy protocol the
 * features its versions imply (PROTOCOL.md "Table Features for New and Existing Tables"), as Databricks does.
 */
import type { TableDetail } from '../contract.ts';
import type { ProtocolAction } from './actions.ts';
import type { DeltaSnapshot } from './snapshot.ts';

/** Features implied by legacy writer versions 2..6 (each version adds to the ones below it). */
const LEGACY_WRITER_FEATURES: readonly (readonly string[])[] = [
  [], [], ['appendOnly', 'invariants'], ['checkConstraints'], ['changeDataFeed', 'generatedColumns'], ['columnMapping'], ['identityColumns'],
];

export function tableFeatures(p: ProtocolAction): string[] {
  const out = new Set<string>();
  if (p.minReaderVersion >= 3) for (const f of p.readerFeatures ?? []) out.add(f);
  else if (p.minReaderVersion === 2) out.add('columnMapping');
  if (p.minWriterVersion >= 7) for (const f of p.writerFeatures ?? []) out.add(f);
  else for (let v = 0; v <= Math.min(p.minWriterVersion, 6); v++) for (const f of LEGACY_WRITER_FEATURES[v]!) out.add(f);
  return [...out].sort();
}

export function tableDetail(snap: DeltaSnapshot): TableDetail {
  const md = snap.metadata;
  return {
    id: md.id,
    name: md.name ?? null,
    description: md.description ?? null,
    createdAt: typeof md.createdTime === 'number' ? md.createdTime : null,
    lastModified: snap.timestamp,
    partitionColumns: [...md.partitionColumns],
    numFiles: snap.files.length,
    sizeInBytes: snap.files.reduce((s, f) => s + f.size, 0),
    properties: { ...md.configuration },
    minReaderVersion: snap.protocol.minReaderVersion,
    minWriterVersion: snap.protocol.minWriterVersion,
    tableFeatures: tableFeatures(snap.protocol),
    version: snap.version,
  };
}
