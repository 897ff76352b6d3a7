import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState, localToUtc } from '../../../common/index.ts';
import { mapStrict1, mapStrict2 } from '../kernel-helpers.ts';
import { parseDatetime } from './parse-datetime.ts';
import { parseTemplate } from './template.ts';

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

/** to_timestamp(text, template): the fields read as local time in the session zone, or at the TZH:TZM given. */
function fromText(input: string, fmt: string, zone: string): number {
  const p = parseDatetime(input, parseTemplate(fmt));
  const local = p.days * 86_400_000_000 + p.micros;
  if (p.days < MIN_SEC / 86400 || p.days >= MAX_SEC / 86400) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  return p.tzOffset === undefined ? localToUtc(local, zone) : local - p.tzOffset * 1_000_000;
}

export const toTimestamp: ScalarFunction = {
  name: 'to_timestamp',
  overloads: [
    { args: ['float8'], returns: 'timestamptz', kernel: mapStrict1('timestamptz', fromEpoch) },
    {
      args: ['text', 'text'], returns: 'timestamptz', volatility: 'stable',
      kernel: mapStrict2('timestamptz', (input: string, fmt: string, ctx) => fromText(input, fmt, ctx.timeZone)),
    },
  ],
};
