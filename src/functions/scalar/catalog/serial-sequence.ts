/**
 * pg_get_serial_sequence(table, column): the sequence a serial or identity column owns. Basin has no
 * sequences (identity columns keep their counter in the Delta log), so the answer is NULL once the table and
 * column are found; a missing one is PostgreSQL's error. The table name is parsed as SQL (folded, quoted,
 * qualified); the column name is taken literally, as PostgreSQL does.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

export const pgGetSerialSequence: ScalarFunction = {
  name: 'pg_get_serial_sequence',
  overloads: [{
    args: ['text', 'text'], returns: 'text', volatility: 'stable',
    kernel: mapStrict2('text', (table: string, column: string, ctx): string | null => {
      const c = catalogOf(ctx);
      const oid = c.relationOid(table);
      if (oid === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${table}" does not exist`);
      if (c.relationHasColumn(oid, column) === false) {
        throw new SqlError(SqlState.undefinedColumn, `column "${column}" of relation "${c.relationName(oid) ?? table}" does not exist`);
      }
      return null;
    }),
  }],
};
