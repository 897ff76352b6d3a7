/**
 * Which Delta protocol Basin writes, and whether it may read or write a table's protocol. Basin only claims
 * what it implements: the legacy writer versions 2 and 3 (appendOnly, invariants, CHECK constraints), and
 * table features for timestampNtz, column mapping (name mode), generated columns, identity columns and the
 * change data feed. A table is created at (1,2) unless its columns or properties need more, and then at (3,7)
 * listing only the features it uses. Existing tables grow minimally: a legacy table stays legacy while a
 * version Basin fully implements covers it.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { COLUMN_MAPPING_MODE } from '../schema/column-mapping.ts';
import { sqlTypeToDelta } from '../schema/delta-type.ts';
import type { DeltaStructField } from '../schema/schema-string.ts';
import type { MetadataAction, ProtocolAction } from './actions.ts';

/** Reader features whose rules Basin follows when reading (vacuumProtocolCheck asks nothing of readers). */
const READER_FEATURES = new Set(['timestampNtz', 'vacuumProtocolCheck', 'columnMapping']);
/** Writer features whose rules Basin follows when committing. */
const WRITER_FEATURES = new Set([
  'timestampNtz', 'appendOnly', 'invariants', 'checkConstraints', 'generatedColumns', 'identityColumns', 'columnMapping',
  'changeDataFeed',
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
  if ((configuration['delta.enableChangeDataFeed'] ?? '').toLowerCase() === 'true') used.add('changeDataFeed');
  if ((configuration[COLUMN_MAPPING_MODE] ?? 'none') !== 'none') used.add('columnMapping');
  return used;
}

/** Whether protocol `p` supports writer feature `f` (and reader feature timestampNtz where needed). */
function supports(p: ProtocolAction, f: string): boolean {
  if (f === 'columnMapping' && !(p.minReaderVersion === 2 || (p.readerFeatures?.includes(f) ?? false))) return false;
  if (f === 'timestampNtz') return p.minReaderVersion >= 3 && (p.readerFeatures?.includes(f) ?? false) && (p.writerFeatures?.includes(f) ?? false);
  if (p.minWriterVersion >= 7) return p.writerFeatures?.includes(f) ?? false;
  const v = legacyWriterVersion(f);
  return v !== undefined && p.minWriterVersion >= v;
}

const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

/** Features that readers must know too (reader and writer features). */
const READER_SIDE = new Set(['timestampNtz', 'columnMapping']);

/** The protocol of a new table with these columns (their metadata included) and properties. */
export function protocolFor(columns: readonly ColumnSchema[], configuration: Readonly<Record<string, string>> = {}): ProtocolAction {
  const used = [...featuresUsed(columns, configuration)];
  const legacy = Math.max(2, ...used.map((f) => legacyWriterVersion(f) ?? Infinity));
  if (legacy === 2) return LEGACY_PROTOCOL;
  // Anything more: table features, listing just the features the table uses (no legacy version's extras).
  return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: sorted(used.filter((f) => READER_SIDE.has(f))), writerFeatures: sorted(used) };
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
  if (current.minWriterVersion < 7) {
    const legacy = Math.max(current.minWriterVersion, ...missing.map((f) => legacyWriterVersion(f) ?? Infinity));
    if (legacy <= 3) return { minReaderVersion: current.minReaderVersion, minWriterVersion: legacy };
  }
  const writer = sorted([
    ...(current.minWriterVersion >= 7 ? current.writerFeatures ?? [] : impliedWriterFeatures(current.minWriterVersion)),
    ...missing,
  ]);
  const readerSide = [...used].filter((f) => READER_SIDE.has(f));
  const needsReaderFeature = readerSide.length > 0 || current.minReaderVersion >= 2;
  if (!needsReaderFeature) return { minReaderVersion: current.minReaderVersion, minWriterVersion: 7, writerFeatures: writer };
  // Reader version 2 implies column mapping; table features must then name it.
  const implied = current.minReaderVersion >= 3 ? current.readerFeatures ?? [] : current.minReaderVersion === 2 ? ['columnMapping'] : [];
  const reader = sorted([...implied, ...readerSide]);
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
  }
  // Name mode is implemented (physical names in files and stats); id mode would match Parquet field ids.
  if (p.minReaderVersion >= 2 && md?.configuration[COLUMN_MAPPING_MODE] === 'id') throw unsupported('columnMapping (id mode)');
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
    if (p.minWriterVersion >= 5 && conf[COLUMN_MAPPING_MODE] === 'id') throw unsupported('columnMapping (id mode)');
  }
}

export const isAppendOnly = (md: MetadataAction): boolean => md.configuration['delta.appendOnly'] === 'true';
