/**
 * Table properties (Delta metaData.configuration), set the PostgreSQL way — `CREATE TABLE … WITH (k = v)`,
 * `ALTER TABLE … SET (k = v)` / `RESET (k)`, where `delta.enableChangeDataFeed` parses as a namespaced
 * storage parameter — or Databricks' way, `TBLPROPERTIES ('k' = 'v')` and `SET` / `UNSET TBLPROPERTIES`,
 * which sql/tbl-properties.ts rewrites into the former before parsing.
 *
 * Properties outside the `delta.` namespace are the user's and stored as given. `delta.` properties change
 * how a table must be written or kept, so only those Basin honours are accepted (their values checked, as
 * Delta does); a Delta property Basin does not implement is refused (0A000) rather than stored and silently
 * ignored, and a name Delta does not know is an error (22023), as in Databricks. CHECK constraints
 * (`delta.constraints.*`) are set with ADD and DROP CONSTRAINT.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import type { Ast } from '../../../sql/index.ts';
import { parseByteSize, parseDuration } from '../../../storage/index.ts';
import type { StatementContext } from '../statement-context.ts';

type Check = (value: string) => string | undefined;

const bool: Check = (v) => (/^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() : undefined);
const positiveInt: Check = (v) => (/^\s*\+?\d+\s*$/.test(v) && Number(v) > 0 && Number.isSafeInteger(Number(v)) ? String(Number(v)) : undefined);
const duration: Check = (v) => (parseDuration(v) !== undefined ? v.trim() : undefined);
const byteSize: Check = (v) => (parseByteSize(v) !== undefined ? v.trim() : undefined);

/** The Delta properties Basin honours, by canonical name, with what their values may be. */
const SUPPORTED: Readonly<Record<string, { readonly check: Check; readonly expected: string }>> = {
  'delta.appendOnly': { check: bool, expected: 'true or false' },
  'delta.enableChangeDataFeed': { check: bool, expected: 'true or false' },
  'delta.checkpointInterval': { check: positiveInt, expected: 'a positive integer' },
  'delta.logRetentionDuration': { check: duration, expected: "an interval such as 'interval 30 days'" },
  'delta.deletedFileRetentionDuration': { check: duration, expected: "an interval such as 'interval 7 days'" },
  'delta.targetFileSize': { check: byteSize, expected: "a size in bytes such as '134217728' or '128mb'" },
  'delta.enableExpiredLogCleanup': { check: bool, expected: 'true or false' },
  // Name mode only; turning it off again is refused when committed (Transaction.setProperties).
  'delta.columnMapping.mode': { check: (v) => (/^(name|none)$/i.test(v.trim()) ? v.trim().toLowerCase() : undefined), expected: "'name' (or 'none' on a table that does not map columns yet)" },
};

/** Delta properties that Basin knows but does not implement (changing them would change how to write the table). */
const UNSUPPORTED = [
  'delta.columnMapping.maxColumnId', 'delta.minReaderVersion', 'delta.minWriterVersion',
  'delta.enableDeletionVectors', 'delta.enableRowTracking', 'delta.enableTypeWidening', 'delta.enableInCommitTimestamps',
  'delta.inCommitTimestampEnablementVersion', 'delta.inCommitTimestampEnablementTimestamp', 'delta.checkpointPolicy',
  'delta.enableIcebergCompatV1', 'delta.enableIcebergCompatV2', 'delta.universalFormat.enabledFormats',
  'delta.checkpoint.writeStatsAsJson', 'delta.checkpoint.writeStatsAsStruct', 'delta.isolationLevel',
  'delta.dataSkippingNumIndexedCols', 'delta.dataSkippingStatsColumns', 'delta.randomizeFilePrefixes',
  'delta.randomPrefixLength', 'delta.setTransactionRetentionDuration', 'delta.compatibility.symlinkFormatManifest.enabled',
  'delta.autoOptimize.autoCompact', 'delta.autoOptimize.optimizeWrite', 'delta.tuneFileSizesForRewrites',
  'delta.enableVariantShredding', 'delta.parquet.compression.codec', 'delta.parquet.format.version',
];

const canonical = new Map([...Object.keys(SUPPORTED), ...UNSUPPORTED].map((k) => [k.toLowerCase(), k]));

/** A storage parameter's name: `ns.name` (unquoted, folded to lower case) or a quoted `"a.b"` as written. */
function nameOf(d: Ast): string {
  return d.defnamespace === undefined ? String(d.defname) : `${d.defnamespace}.${d.defname}`;
}

/** A storage parameter's value as text; a bare name (`WITH (k)`) means true, as in PostgreSQL. */
function valueOf(d: Ast): string {
  const a = d.arg;
  if (a === undefined) return 'true';
  if (a.String !== undefined) return String(a.String.sval ?? '');
  if (a.Integer !== undefined) return String(a.Integer.ival ?? 0);
  if (a.Float !== undefined) return String(a.Float.fval);
  if (a.Boolean !== undefined) return a.Boolean.boolval === true ? 'true' : 'false';
  if (a.TypeName !== undefined) return ((a.TypeName.names ?? []) as Ast[]).map((n) => n.String?.sval ?? '').filter((s) => s !== 'pg_catalog').join('.');
  throw new SqlError(SqlState.invalidParameterValue, `invalid value for table property "${nameOf(d)}"`);
}

/** The property key a name stands for: Delta's spelling of a `delta.` name (matched case-insensitively), else as given. */
function keyOf(name: string): string {
  if (!name.toLowerCase().startsWith('delta.')) return name;
  if (name.toLowerCase().startsWith('delta.constraints.')) {
    throw new SqlError(SqlState.featureNotSupported, `table property "${name}" cannot be set directly`, {
      hint: 'Use ALTER TABLE … ADD CONSTRAINT … CHECK (…) or DROP CONSTRAINT.',
    });
  }
  if (name.toLowerCase().startsWith('delta.feature.')) {
    throw new SqlError(SqlState.featureNotSupported, `Delta table features cannot be enabled by hand ("${name}"): Basin adds the ones it implements itself`);
  }
  const key = canonical.get(name.toLowerCase());
  if (key === undefined) {
    throw new SqlError(SqlState.invalidParameterValue, `unknown Delta table property "${name}"`, {
      hint: `Basin implements ${Object.keys(SUPPORTED).join(', ')}; properties outside the delta. namespace are stored as given.`,
    });
  }
  if (!(key in SUPPORTED)) throw new SqlError(SqlState.featureNotSupported, `Delta table property "${key}" is not supported by Basin yet`);
  return key;
}

/** Checked properties from `WITH (…)` / `SET (…)` storage parameters (the rewritten TBLPROPERTIES included). */
export function propertiesFromOptions(options: readonly Ast[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options ?? []) {
    const d = o.DefElem;
    const key = keyOf(nameOf(d));
    const raw = valueOf(d);
    const rule = SUPPORTED[key];
    const value = rule === undefined ? raw : rule.check(raw);
    if (value === undefined) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid value for table property "${key}": "${raw}"`, { hint: `Expected ${rule!.expected}.` });
    }
    out[key] = value;
  }
  return out;
}

/** ALTER TABLE … SET (…) / SET TBLPROPERTIES (…): committed as a metaData change with the table's other properties kept. */
export async function setTableProperties(ctx: StatementContext, table: TableDef, options: readonly Ast[]): Promise<void> {
  const set = propertiesFromOptions(options);
  const current = (await ctx.tx.snapshot(table.location)).properties;
  await ctx.tx.setProperties(table.location, { ...current, ...set }, {
    operation: 'SET TBLPROPERTIES', parameters: { properties: JSON.stringify(set) }, user: ctx.user,
  });
}

/** ALTER TABLE … RESET (…) / UNSET TBLPROPERTIES (…): a property not set is no error. */
export async function resetTableProperties(ctx: StatementContext, table: TableDef, options: readonly Ast[]): Promise<void> {
  const keys = options.map((o) => {
    const name = nameOf(o.DefElem);
    return name.toLowerCase().startsWith('delta.') ? keyOf(name) : name;
  });
  const current = (await ctx.tx.snapshot(table.location)).properties;
  const next = Object.fromEntries(Object.entries(current).filter(([k]) => !keys.includes(k)));
  await ctx.tx.setProperties(table.location, next, {
    operation: 'UNSET TBLPROPERTIES', parameters: { properties: JSON.stringify(keys) }, user: ctx.user,
  });
}
