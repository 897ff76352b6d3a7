/**
 * Which Delta protocol Basin writes, and whether it may read or write a table's protocol. Basin only claims
 * what it implements: the legacy writer versions 2 and 3 (appendOnly, invariants, CHECK constraints), and
 * table features (writer version 7) for timestampNtz (reader and writer), generated columns and identity
 * columns. A table is created at (1,2) unless its columns or properties need more: (1,3) for CHECK
 * constraints alone, (1,7) listing the writer features it uses, (3,7) when it also needs timestampNtz.
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
const WRITER_FEATURES = new Set([
  'timestampNtz', 'appendOnly', 'invariants', 'checkConstraints', 'generatedColumns', 'identityColumns',
]);

/** The features each legacy writer version implies (PROTOCOL.md "Writer Version Requirements"). */
const LEGACY_WRITER_FEATURES: readonly (readonly string[])[] = [
  [], [], ['appendOnly', 'invariants'], ['checkConstraints'], ['changeDataFeed', 'generatedColumns'], ['columnMapping'],
  ['identityColumns'],
];

/** The lowest legacy writer version that implies a writer feature, or undefined (table features only). */
function legacyWriterVersion(feature: string): number | undefined {
  const v = LEGACY_WRITER_FEATURES.findIndex((fs) => fs.includes(feature));
  return v < 0 ? undefined : v;
}

/** Writer features implied by a legacy writer version. */
function impliedWriterFeatures(writerVersion: number): string[] {
  return LEGACY_WRITER_FEATURES.slice(0, writerVersion + 1).flat();
}

export const LEGACY_PROTOCOL: ProtocolAction = Object.freeze({ minReaderVersion: 1, minWriterVersion: 2 });

/** Configuration keys of CHECK constraints (`delta.constraints.<name>`; Spark matches the prefix case-insensitively). */
export const CONSTRAINT_PREFIX = 'delta.constraints.';
export const isConstraintKey = (key: string): boolean => key.toLowerCase().startsWith(CONSTRAINT_PREFIX);

/** Column metadata keys of the column rules Basin enforces (PROTOCOL.md "Generated Columns", "Identity Columns", "Column Invariants"). */
export const GENERATION_EXPRESSION = 'delta.generationExpression';
export const IDENTITY_START = 'delta.identity.start';
export const IDENTITY_STEP = 'delta.identity.step';
export const IDENTITY_HIGH_WATER_MARK = 'delta.identity.highWaterMark';
export const IDENTITY_ALLOW_EXPLICIT_INSERT = 'delta.identity.allowExplicitInsert';
export const INVARIANTS = 'delta.invariants';

type ColumnMetadata = Readonly<Record<string, unknown>> | undefined;

/**
 * The writer features (and whether timestampNtz) that a table with these columns and properties uses: the
 * ones its protocol must support before such metadata may be committed.
 */
function featuresUsed(columns: readonly { readonly type?: ColumnSchema['type']; readonly metadata?: ColumnMetadata }[],
  configuration: Readonly<Record<string, string>>): Set<string> {
  const used = new Set<string>();
  for (const c of columns) {
    if (c.type !== undefined && sqlTypeToDelta(c.type).type === 'timestamp_ntz') used.add('timestampNtz');
    const md = c.metadata ?? {};
    if (GENERATION_EXPRESSION in md) used.add('generatedColumns');
    if (IDENTITY_START in md) used.add('identityColumns');
    if (INVARIANTS in md) used.add('invariants');
  }
  if (Object.keys(configuration).some(isConstraintKey)) used.add('checkConstraints');
  if (configuration['delta.appendOnly'] === 'true') used.add('appendOnly');
  return used;
}

/** Whether protocol `p` supports writer feature `f` (and reader feature timestampNtz where needed). */
function supports(p: ProtocolAction, f: string): boolean {
  if (f === 'timestampNtz') return p.minReaderVersion >= 3 && (p.readerFeatures?.includes(f) ?? false) && (p.writerFeatures?.includes(f) ?? false);
  if (p.minWriterVersion >= 7) return p.writerFeatures?.includes(f) ?? false;
  const v = legacyWriterVersion(f);
  return v !== undefined && p.minWriterVersion >= v;
}

const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

/** The protocol of a new table with these columns (their metadata included) and properties. */
export function protocolFor(columns: readonly ColumnSchema[], configuration: Readonly<Record<string, string>> = {}): ProtocolAction {
  const used = [...featuresUsed(columns, configuration)];
  const legacy = Math.max(2, ...used.map((f) => legacyWriterVersion(f) ?? Infinity));
  if (legacy <= 3) return legacy === 2 ? LEGACY_PROTOCOL : { minReaderVersion: 1, minWriterVersion: legacy };
  // A new table lists just the features it uses.
  if (!used.includes('timestampNtz')) return { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: sorted(used) };
  return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: sorted(used) };
}

/**
 * The protocol a table must move to before it can hold `columns` (with their metadata) and `configuration`,
 * or undefined if `current` suffices. Protocols only grow: a legacy table stays legacy while one of the
 * versions Basin fully implements (up to 3) covers it; otherwise it moves to table features, listing the
 * features its old writer version implied.
 */
export function protocolUpgrade(current: ProtocolAction, columns: readonly ColumnSchema[],
  configuration: Readonly<Record<string, string>> = {}): ProtocolAction | undefined {
  const used = featuresUsed(columns, configuration);
  const missing = [...used].filter((f) => !supports(current, f));
  if (missing.length === 0) return undefined;
  if (current.minReaderVersion === 2) {
    throw new SqlError(SqlState.featureNotSupported, 'Delta column mapping is not supported yet');
  }
  if (current.minWriterVersion < 7) {
    const legacy = Math.max(current.minWriterVersion, ...missing.map((f) => legacyWriterVersion(f) ?? Infinity));
    if (legacy <= 3) return { minReaderVersion: current.minReaderVersion, minWriterVersion: legacy };
  }
  const writer = sorted([
    ...(current.minWriterVersion >= 7 ? current.writerFeatures ?? [] : impliedWriterFeatures(current.minWriterVersion)),
    ...missing,
  ]);
  const needsReaderFeature = used.has('timestampNtz') || current.minReaderVersion >= 3;
  if (!needsReaderFeature) return { minReaderVersion: current.minReaderVersion, minWriterVersion: 7, writerFeatures: writer };
  const reader = sorted([...(current.minReaderVersion >= 3 ? current.readerFeatures ?? [] : []), ...(used.has('timestampNtz') ? ['timestampNtz'] : [])]);
  return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: reader, writerFeatures: writer };
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

/**
 * Throw 0A000 unless Basin can write this table (every enabled writer feature honoured). The column rules in
 * `_fields` (invariants, generation expressions, identity) need no check here: the statement layer enforces
 * them on every write.
 */
export function checkWritable(p: ProtocolAction, md: MetadataAction, _fields?: readonly DeltaStructField[]): void {
  checkReadable(p, md);
  if (p.minWriterVersion > 7) throw unsupported(`writer version ${p.minWriterVersion}`);
  if (p.minWriterVersion === 7) {
    for (const f of p.writerFeatures ?? []) if (!WRITER_FEATURES.has(f)) throw unsupported(f);
  } else {
    // Legacy writer versions imply features; refuse only those a table actually uses.
    const conf = md.configuration;
    if (p.minWriterVersion >= 4 && conf['delta.enableChangeDataFeed'] === 'true') throw unsupported('changeDataFeed');
    if (p.minWriterVersion >= 5 && (conf['delta.columnMapping.mode'] ?? 'none') !== 'none') throw unsupported('columnMapping');
  }
}

export const isAppendOnly = (md: MetadataAction): boolean => md.configuration['delta.appendOnly'] === 'true';
