/**
 * pg_stat_user_tables: one row per user table (BI tools join it for row-count estimates). Basin keeps no
 * access statistics, so the counters read 0 and the vacuum/analyze times NULL, as for a table PostgreSQL's
 * statistics have not seen yet.
 */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

const COUNTERS = ['seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del', 'n_tup_hot_upd',
  'n_live_tup', 'n_dead_tup', 'n_mod_since_analyze', 'n_ins_since_vacuum', 'vacuum_count', 'autovacuum_count', 'analyze_count',
  'autoanalyze_count'] as const;

export const pgStatUserTables: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_stat_user_tables', oid: 12161, relkind: 'v',
  columns: columns(`relid:oid schemaname:name relname:name seq_scan:bigint seq_tup_read:bigint idx_scan:bigint idx_tup_fetch:bigint
    n_tup_ins:bigint n_tup_upd:bigint n_tup_del:bigint n_tup_hot_upd:bigint n_live_tup:bigint n_dead_tup:bigint
    n_mod_since_analyze:bigint n_ins_since_vacuum:bigint last_vacuum:timestamp with time zone
    last_autovacuum:timestamp with time zone last_analyze:timestamp with time zone last_autoanalyze:timestamp with time zone
    vacuum_count:bigint autovacuum_count:bigint analyze_count:bigint autoanalyze_count:bigint`),
  rows: (sys) => sys.classes.flatMap((c) => {
    if (c.kind !== 'r') return [];
    const row: Record<string, unknown> = { relid: c.oid, schemaname: c.schema, relname: c.name };
    for (const k of COUNTERS) row[k] = 0n;
    // A table that has never been scanned has NULL idx_scan/idx_tup_fetch only when it has no index.
    if (!sys.indexes.some((i) => i.table.oid === c.oid)) row.idx_scan = row.idx_tup_fetch = null;
    return [row];
  }),
};
