/**
 * DESCRIBE HISTORY t [LIMIT n] and DESCRIBE DETAIL t, with Databricks' columns, as statements and as FROM
 * items (`SELECT version, operation FROM (DESCRIBE HISTORY t)`). History has one row per
 * commit still in the log, newest first; operationParameters and operationMetrics are maps of strings in
 * Delta, jsonb objects here. (Databricks' job, notebook and clusterId columns have nothing to show in Basin
 * and are left out.)
 */
import { arrayOfValues, DEFAULT_TEXT_OPTIONS, formatType, T, textIn, textOut, type SqlType } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import type { ViewRef } from '../../../plan/index.ts';
import type { DeltaDescribeStmt } from '../../../sql/index.ts';
import type { HistoryEntry, TableStorage } from '../../../storage/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { findDeltaTable, rowsOutcome } from './delta-table.ts';
import { DETAIL_COLUMNS, HISTORY_COLUMNS } from './delta-results.ts';

const text = (x: unknown): string | null => (typeof x === 'string' ? x : x === undefined || x === null ? null : String(x));
const jsonb = (x: unknown): unknown => textIn(T.jsonb, JSON.stringify(x !== null && typeof x === 'object' ? x : {}), DEFAULT_TEXT_OPTIONS);

function historyRow(e: HistoryEntry): unknown[] {
  const c = e.commitInfo ?? {};
  return [
    BigInt(e.version), e.timestamp * 1000, text(c.userId), text(c.userName), text(c.operation), jsonb(c.operationParameters),
    typeof c.readVersion === 'number' ? BigInt(c.readVersion) : null, text(c.isolationLevel),
    typeof c.isBlindAppend === 'boolean' ? c.isBlindAppend : null, jsonb(c.operationMetrics), text(c.userMetadata), text(c.engineInfo),
  ];
}

async function historyRows(storage: TableStorage, table: TableDef, limit?: number): Promise<unknown[][]> {
  return (await storage.history(table.location, limit)).map(historyRow);
}

async function detailRows(storage: TableStorage, table: TableDef): Promise<unknown[][]> {
  const d = await storage.detail(table.location);
  return [[
    'delta', d.id, `${table.database}.${table.schema}.${table.name}`, d.description, table.location,
    d.createdAt === null ? null : d.createdAt * 1000, d.lastModified * 1000, arrayOfValues(d.partitionColumns, false),
    BigInt(d.numFiles), BigInt(d.sizeInBytes), jsonb(d.properties), d.minReaderVersion, d.minWriterVersion,
    arrayOfValues(d.tableFeatures, false),
  ]];
}

export async function describeHistory(n: DeltaDescribeStmt, ctx: StatementContext): Promise<Outcome> {
  const table = findDeltaTable(ctx, n.relation);
  return rowsOutcome(HISTORY_COLUMNS, await historyRows(ctx.services.storage, table, n.limit), 'DESCRIBE');
}

export async function describeDetail(n: DeltaDescribeStmt, ctx: StatementContext): Promise<Outcome> {
  const table = findDeltaTable(ctx, n.relation);
  return rowsOutcome(DETAIL_COLUMNS, await detailRows(ctx.services.storage, table), 'DESCRIBE');
}

/** A value as an SQL literal of its type (`'…'::timestamp with time zone`, `NULL::bigint`). */
function literal(type: SqlType, value: unknown): string {
  const cast = `::${formatType(type)}`;
  if (value === null) return `NULL${cast}`;
  return `'${textOut(type, value, DEFAULT_TEXT_OPTIONS).replace(/'/g, "''")}'${cast}`;
}

/**
 * `FROM (DESCRIBE HISTORY t [LIMIT n])` and `FROM (DESCRIBE DETAIL t)`: the rows, computed now, as a view
 * over a VALUES list, so that a query can pick, filter and order them like any relation.
 */
export async function describeRelation(storage: TableStorage, table: TableDef, what: 'history' | 'detail', limit?: number): Promise<ViewRef> {
  const columns = what === 'history' ? HISTORY_COLUMNS : DETAIL_COLUMNS;
  const rows = what === 'history' ? await historyRows(storage, table, limit) : await detailRows(storage, table);
  const values = rows.map((r) => `(${columns.map((c, i) => literal(c.type, r[i] ?? null)).join(', ')})`);
  return {
    kind: 'view', oid: table.oid, schemaName: table.schema, name: table.name,
    sql: `VALUES ${values.join(', ')}`, columnNames: columns.map((c) => c.name),
  };
}
