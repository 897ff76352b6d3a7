/**
 * Which Delta protocol Basin writes, and whether it may read or write a table's protocol. Basin only claims
 * what it implements: legacy (1,2) tables (appendOnly honoured, invariants refused), and table features
 * (3,7) with timestampNtz, needed for `timestamp without time zone` columns.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { sqlTypeToDelta } from '../schema/delta-type.ts';
import type { DeltaStructField } from '../schema/schema-string.ts';
import type { MetadataAction, ProtocolAction } from './actions.ts';

/** Reader features whose rules Basin follows when reading (vacuumProtocolCheck asks nothing of readers). */
const READER_FEATURES = new Set(['timestampNtz', 'vacuumProtocolCheck']);
/** Writer features whose rules Basin follows when committing. */
const WRITER_FEATURES = new Set(['timestampNtz', 'appendOnly', 'invariants']);

export const LEGACY_PROTOCOL: ProtocolAction = Object.freeze({ minReaderVersion: 1, minWriterVersion: 2 });

const needsTimestampNtz = (columns: readonly ColumnSchema[]): boolean =>
  columns.some((c) => sqlTypeToDelta(c.type).type === 'timestamp_ntz');

/** The protocol of a new table with these columns. */
export function protocolFor(columns: readonly ColumnSchema[]): ProtocolAction {
  if (!needsTimestampNtz(columns)) return LEGACY_PROTOCOL;
  return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['timestampNtz'] };
}

/** The protocol a table must move to before it can hold `columns`, or undefined if `current` suffices. */
export function protocolUpgrade(current: ProtocolAction, columns: readonly ColumnSchema[]): ProtocolAction | undefined {
  if (!needsTimestampNtz(columns)) return undefined;
  if (current.readerFeatures?.includes('timestampNtz') && current.writerFeatures?.includes('timestampNtz')) return undefined;
  const reader = new Set(current.minReaderVersion >= 3 ? current.readerFeatures ?? [] : []);
  // Moving a legacy table to table features lists the features its writer version implied.
  const writer = new Set(current.minWriterVersion >= 7 ? current.writerFeatures ?? []
    : current.minWriterVersion >= 2 ? ['appendOnly', 'invariants'] : ['appendOnly']);
  if (current.minReaderVersion === 2) {
    throw new SqlError(SqlState.featureNotSupported, 'Delta column mapping is not supported yet');
  }
  reader.add('timestampNtz');
  writer.add('timestampNtz');
  return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [...reader], writerFeatures: [...writer] };
}

function unsupported(what: string): SqlError {
  return new SqlError(SqlState.featureNotSupported, `Delta table feature "${what}" is not supported by Basin yet`);
}

/** Throw 0A000 naming the first reader feature of the table that Basin does not implement. */
export function checkReadable(p: ProtocolAction, md: MetadataAction | undefined): void {
  if (p.minReaderVersion > 3) throw unsupported(`reader version ${p.minReaderVersion}`);
  if (p.minReaderVersion === 3) {
    for (const f of p.readerFeatures ?? []) if (!READER_FEATURES.has(f)) throw unsupported(f);
  } else if (p.minReaderVersion === 2) {
    const mode = md?.configuration['delta.columnMapping.mode'];
    if (mode !== undefined && mode !== 'none') throw unsupported('columnMapping');
  }
}

/** Throw 0A000 unless Basin can write this table (every enabled writer feature honoured). */
export function checkWritable(p: ProtocolAction, md: MetadataAction, fields: readonly DeltaStructField[]): void {
  checkReadable(p, md);
  if (p.minWriterVersion > 7) throw unsupported(`writer version ${p.minWriterVersion}`);
  if (p.minWriterVersion === 7) {
    for (const f of p.writerFeatures ?? []) if (!WRITER_FEATURES.has(f)) throw unsupported(f);
  } else {
    // Legacy writer versions imply features; refuse only those a table actually uses.
    const conf = md.configuration;
    if (p.minWriterVersion >= 3 && Object.keys(conf).some((k) => k.startsWith('delta.constraints.'))) throw unsupported('checkConstraints');
    if (p.minWriterVersion >= 4 && conf['delta.enableChangeDataFeed'] === 'true') throw unsupported('changeDataFeed');
    if (p.minWriterVersion >= 4 && fields.some((f) => 'delta.generationExpression' in f.metadata)) throw unsupported('generatedColumns');
    if (p.minWriterVersion >= 5 && (conf['delta.columnMapping.mode'] ?? 'none') !== 'none') throw unsupported('columnMapping');
    if (p.minWriterVersion >= 6 && fields.some((f) => 'delta.identity.start' in f.metadata)) throw unsupported('identityColumns');
  }
  if (fields.some((f) => 'delta.invariants' in f.metadata)) throw unsupported('invariants');
}

export const isAppendOnly = (md: MetadataAction): boolean => md.configuration['delta.appendOnly'] === 'true';
