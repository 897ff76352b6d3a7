/**
 * What a table's Delta log says every write must honour, read from the snapshot the transaction sees: CHECK
 * constraints (`delta.constraints.*` properties), generation expressions, identity columns and column
 * invariants (field metadata). The log, not the catalog, is the authority: rules another engine added to a
 * table are enforced on Basin's writes just like Basin's own.
 */
import { SqlError, SqlState, type ColumnSchema, type TableSnapshot } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import {
  CONSTRAINT_PREFIX, GENERATION_EXPRESSION, IDENTITY_ALLOW_EXPLICIT_INSERT, IDENTITY_HIGH_WATER_MARK, IDENTITY_START, IDENTITY_STEP,
  INVARIANTS, isConstraintKey,
} from '../../../../storage/index.ts';

export interface IdentityRule {
  readonly start: bigint;
  readonly step: bigint;
  /** The last value handed out (PROTOCOL.md: the largest for a positive step, the smallest for a negative one). */
  readonly highWaterMark: bigint | undefined;
  /** BY DEFAULT (true) or ALWAYS (false). */
  readonly allowExplicitInsert: boolean;
}

export interface CheckRule {
  /** The name errors show: the catalog's spelling when it has one, else the property key's suffix. */
  readonly name: string;
  /** The property key (`delta.constraints.<name>`). */
  readonly key: string;
  readonly text: string;
}

export interface TableRules {
  /** By column index of the catalog entry. */
  readonly generated: ReadonlyMap<number, string>;
  readonly identity: ReadonlyMap<number, IdentityRule>;
  readonly invariants: ReadonlyMap<number, string>;
  /** In PostgreSQL's order of evaluation: by name. */
  readonly checks: readonly CheckRule[];
  /** Columns the log declares NOT NULL (besides the catalog's own). */
  readonly notNull: ReadonlySet<number>;
}

const cannotEnforce = (table: TableDef, what: string, why: string): SqlError =>
  new SqlError(SqlState.featureNotSupported, `cannot enforce ${what} of table "${table.name}"`, { detail: why });

export function bigintOf(x: unknown): bigint | undefined {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isInteger(x)) return BigInt(x);
  if (typeof x === 'string' && /^-?\d+$/.test(x.trim())) return BigInt(x.trim());
  return undefined;
}

/** The snapshot's column for catalog column `name` (same name, or the only one equal ignoring case). */
export function snapshotColumn(snap: TableSnapshot, name: string): ColumnSchema | undefined {
  return snap.schema.find((c) => c.name === name)
    ?? (snap.schema.filter((c) => c.name.toLowerCase() === name.toLowerCase()).length === 1
      ? snap.schema.find((c) => c.name.toLowerCase() === name.toLowerCase()) : undefined);
}

export function identityRuleOf(table: TableDef, column: string, md: Readonly<Record<string, unknown>>): IdentityRule | undefined {
  if (!(IDENTITY_START in md)) return undefined;
  const start = bigintOf(md[IDENTITY_START]);
  const step = bigintOf(md[IDENTITY_STEP] ?? 1);
  const hwm = md[IDENTITY_HIGH_WATER_MARK];
  const highWaterMark = hwm === undefined || hwm === null ? undefined : bigintOf(hwm);
  if (start === undefined || step === undefined || step === 0n || (hwm !== undefined && hwm !== null && highWaterMark === undefined)) {
    throw cannotEnforce(table, `identity column "${column}"`, 'its delta.identity.* metadata is not valid');
  }
  const explicit = md[IDENTITY_ALLOW_EXPLICIT_INSERT];
  return { start, step, highWaterMark, allowExplicitInsert: explicit === true || explicit === 'true' };
}

function invariantText(table: TableDef, column: string, raw: unknown): string {
  try {
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { expression?: { expression?: unknown } };
    const text = parsed.expression?.expression;
    if (typeof text === 'string') return text;
  } catch { /* reported below */ }
  throw cannotEnforce(table, `the invariant of column "${column}"`, 'its delta.invariants metadata is not valid');
}

export function tableRules(table: TableDef, snap: TableSnapshot): TableRules {
  const generated = new Map<number, string>();
  const identity = new Map<number, IdentityRule>();
  const invariants = new Map<number, string>();
  const notNull = new Set<number>();
  table.columns.forEach((c, i) => {
    const sc = snapshotColumn(snap, c.name);
    if (sc === undefined) return;
    if (!sc.nullable) notNull.add(i);
    const md = sc.metadata ?? {};
    const gen = md[GENERATION_EXPRESSION];
    if (typeof gen === 'string') generated.set(i, gen);
    const id = identityRuleOf(table, c.name, md);
    if (id !== undefined) identity.set(i, id);
    if (INVARIANTS in md) invariants.set(i, invariantText(table, c.name, md[INVARIANTS]));
  });
  const checks: CheckRule[] = [];
  for (const [key, text] of Object.entries(snap.properties)) {
    if (!isConstraintKey(key)) continue;
    const suffix = key.slice(CONSTRAINT_PREFIX.length);
    const name = table.checks?.find((k) => k.name.toLowerCase() === suffix.toLowerCase())?.name ?? suffix;
    checks.push({ name, key, text });
  }
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { generated, identity, invariants, checks, notNull };
}

/** The property key of CHECK constraint `name` (Delta lower-cases it, as Spark matches names case-insensitively). */
export const constraintKey = (name: string): string => CONSTRAINT_PREFIX + name.toLowerCase();
