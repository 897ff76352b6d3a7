/**
 * External tables: `CREATE TABLE t LOCATION 'path-or-url'` attaches a Delta table that already exists there
 * (written by Spark, Databricks, delta-rs, …): its columns, generated and identity columns and CHECK
 * constraints come from its log, no data is copied. `CREATE TABLE t (columns …) LOCATION '…'` adopts the
 * Delta table found there if its schema is the one given, or creates a new Delta table at that location.
 * Either way the catalog entry is marked external, and DROP TABLE leaves the files alone.
 */
import * as nodePath from 'node:path';
import { SqlError, SqlState, type ColumnSchema, type TableSnapshot } from '../../../common/index.ts';
import type { CheckDef, TableColumn, TableDef } from '../../../catalog/index.ts';
import { fromDeltaExpressionText, type Ast, type CreateTableLocationStmt } from '../../../sql/index.ts';
import {
  CONSTRAINT_PREFIX, GENERATION_EXPRESSION, IDENTITY_ALLOW_EXPLICIT_INSERT, IDENTITY_START, IDENTITY_STEP, isConstraintKey,
  locationInUse, locationScheme, objectStoreFor, sqlTypeToDelta,
} from '../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { createTable, newRelationName } from './create-table.ts';

/**
 * A LOCATION as the table's location: a URL, or an absolute path (normalised). Not inside the data directory:
 * managed tables live there, and dropping one deletes its directory.
 */
function tableUrl(url: string, dataDir: string): string {
  let at: string;
  if (locationScheme(url) !== undefined) at = url.replace(/\/+$/, '');
  else if (!nodePath.isAbsolute(url)) throw new SqlError(SqlState.invalidParameterValue, `LOCATION must be an absolute path or a URL: "${url}"`);
  else at = nodePath.resolve(url);
  const root = locationScheme(dataDir) === undefined ? nodePath.resolve(dataDir) : dataDir.replace(/\/+$/, '');
  if (at === root || at.startsWith(`${root}/`)) {
    throw new SqlError(SqlState.invalidParameterValue, `LOCATION "${url}" is inside Basin's data directory, where managed tables live`);
  }
  return at;
}

/** Whether a Delta log is at the location. */
async function hasDeltaLog(url: string): Promise<boolean> {
  return (await objectStoreFor(url).list('_delta_log/', undefined, 1)).length > 0;
}

async function snapshotAt(ctx: StatementContext, url: string): Promise<TableSnapshot> {
  if (!await hasDeltaLog(url)) {
    if (!await locationInUse(url)) throw new SqlError(SqlState.undefinedFile, `LOCATION "${url}" does not exist`);
    throw new SqlError(SqlState.undefinedTable, `no Delta table at "${url}"`, {
      detail: 'The location has no _delta_log directory.',
      hint: 'CREATE TABLE … LOCATION attaches a Delta table; read plain Parquet files with read_parquet(…).',
    });
  }
  return ctx.services.storage.snapshot(url);
}

export async function createTableAtLocation(stmt: Ast, ctx: StatementContext): Promise<Outcome> {
  const { create, kind, location } = stmt as CreateTableLocationStmt;
  if (kind === 'CreateTableAsStmt') {
    throw new SqlError(SqlState.featureNotSupported, 'CREATE TABLE … LOCATION … AS query is not supported yet',
      { hint: 'Create the table with LOCATION first, then INSERT INTO it.' });
  }
  const n = create as Ast;
  const url = tableUrl(location.url, ctx.services.dataDir);
  if (location.columns) return createTable(n, ctx, url);
  if (n.options !== undefined && n.options.length > 0) {
    throw new SqlError(SqlState.featureNotSupported, 'TBLPROPERTIES cannot be set when attaching an existing Delta table',
      { hint: 'Use ALTER TABLE … SET TBLPROPERTIES after attaching it.' });
  }
  const target = newRelationName(n.relation, ctx, n.if_not_exists === true);
  if (target === 'exists') return commandOutcome('CREATE TABLE');
  const snap = await snapshotAt(ctx, url);
  const columns = snap.schema.map(catalogColumn);
  const checks: CheckDef[] = Object.entries(snap.properties).filter(([k]) => isConstraintKey(k))
    .map(([k, text]) => ({ name: k.slice(CONSTRAINT_PREFIX.length), expr: fromDeltaExpressionText(text) }));
  const def: TableDef = {
    kind: 'table', oid: ctx.services.catalog.allocOid(), database: ctx.database, schema: target.schema, name: target.name, columns,
    location: url, primaryKey: [], ...(checks.length > 0 ? { checks } : {}), external: true, owner: ctx.user,
  };
  ctx.view.put(def);
  return commandOutcome('CREATE TABLE');
}

/** A column of an existing Delta table as the catalog keeps it (its rules stay in the log, which writes enforce). */
function catalogColumn(c: ColumnSchema): TableColumn {
  const md = c.metadata ?? {};
  const gen = md[GENERATION_EXPRESSION];
  const explicit = md[IDENTITY_ALLOW_EXPLICIT_INSERT];
  return {
    name: c.name, type: c.type, nullable: c.nullable, defaultExpr: null,
    ...(c.metadata === undefined ? {} : { metadata: c.metadata }),
    ...(typeof gen === 'string' ? { generated: fromDeltaExpressionText(gen) } : {}),
    ...(IDENTITY_START in md ? {
      identity: { always: !(explicit === true || explicit === 'true'), start: String(md[IDENTITY_START]), step: String(md[IDENTITY_STEP] ?? 1) },
    } : {}),
  };
}

/** How a column reads in a schema mismatch message. */
const describe = (c: ColumnSchema): string => {
  const md = c.metadata ?? {};
  const rules = [GENERATION_EXPRESSION in md ? 'generated' : '', IDENTITY_START in md ? 'identity' : ''].filter((x) => x !== '');
  return `${c.name} ${sqlTypeToDelta(c.type).type}${c.nullable ? '' : ' not null'}${rules.length > 0 ? ` (${rules.join(', ')})` : ''}`;
};

/**
 * CREATE TABLE t (columns …) LOCATION '…': true when a Delta table is there and has these columns (it is
 * adopted as it is); false when the location is empty or missing (the caller creates the table there).
 * 42P16 when the schemas differ, 55000 when the location holds files but no Delta table.
 */
export async function adoptDeltaTable(ctx: StatementContext, url: string, given: readonly ColumnSchema[],
  properties: Readonly<Record<string, string>>): Promise<boolean> {
  if (!await hasDeltaLog(url)) {
    if (await locationInUse(url)) {
      throw new SqlError(SqlState.objectNotInPrerequisiteState, `cannot create a Delta table at "${url}": the location is not empty and not a Delta table`);
    }
    return false;
  }
  const snap = await ctx.services.storage.snapshot(url);
  const have = snap.schema.map(describe), want = given.map(describe);
  const same = have.length === want.length && have.every((h, i) => h.toLowerCase() === want[i]!.toLowerCase());
  if (!same) {
    throw new SqlError(SqlState.invalidTableDefinition, `the columns given do not match the Delta table at "${url}"`, {
      detail: `Given: ${want.join(', ')}.\nThe Delta table has: ${have.join(', ')}.`,
      hint: 'Leave out the column list to attach the table with its own columns.',
    });
  }
  if (Object.keys(properties).length > 0) {
    throw new SqlError(SqlState.featureNotSupported, 'CHECK constraints and TBLPROPERTIES cannot be added when attaching an existing Delta table',
      { hint: 'Attach it first, then use ALTER TABLE.' });
  }
  return true;
}
