import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

/** PostgreSQL's range for timestamps: 4714-11-24 BC .. 294277-01-01 (exclusive), in seconds since 1970. */
const MIN_SEC = -210866803200;
const MAX_SEC = 9224318016000;

/** to_timestamp(float8): Unix epoch seconds → timestamptz, rounded to the microsecond. */
function fromEpoch(s: number): number {
  if (Number.isNaN(s)) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp cannot be NaN');
  if (!Number.isFinite(s)) return s;
  if (s < MIN_SEC || s >= MAX_SEC) throw new SqlError(SqlState.datetimeFieldOverflow, `timestamp out of range: "${s}"`);
  return Math.round(s * 1_000_000);
}

export const toTimestamp: ScalarFunction = {
  name: 'to_timestamp',
  overloads: [{ args: ['float8'], returns: 'timestamptz', kernel: mapStrict1('timestamptz', fromEpoch) }],
};
