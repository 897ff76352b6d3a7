/**
 * System relations (`pg_class`, `information_schema.tables`, …) in FROM: the catalog resolved them with their
 * rows (CatalogReader.relation), so they are planned as a function scan over those rows, the same node as the
 * catalog's table functions. Their columns carry the relation's OID and attribute numbers, as a table's do, so
 * clients that describe a result can find where a column came from.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { LogicalPlan, PlanColumn, SrfCall, SystemRelationRef } from '../../plan/index.ts';

export function systemRelationPlan(rel: SystemRelationRef): LogicalPlan {
  const call: SrfCall = {
    name: rel.name,
    overload: { args: [], columns: () => rel.columns, strict: false, volatility: 'stable', rows: () => rel.rows },
    args: [],
    columns: rel.columns,
  };
  const schema: PlanColumn[] = rel.columns.map((c, i) => ({ name: c.name, type: c.type, tableOid: rel.oid, attr: i + 1 }));
  return { kind: 'table_function', functions: [call], ordinality: false, schema };
}

/** INSERT/UPDATE/DELETE/MERGE on a system relation: PostgreSQL refuses writes to its catalogs the same way. */
export function systemRelationWriteError(rel: SystemRelationRef, position: number | undefined): SqlError {
  return new SqlError(SqlState.insufficientPrivilege, `permission denied: "${rel.name}" is a system catalog`, { position });
}
