/** Unit names as date_part/extract/date_trunc accept them (PostgreSQL's DecodeUnits/DecodeSpecial aliases). */
import { SqlError, SqlState, formatType, type SqlType } from '../../../common/index.ts';

export type Unit =
  | 'microseconds' | 'milliseconds' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter'
  | 'year' | 'decade' | 'century' | 'millennium' | 'dow' | 'isodow' | 'doy' | 'isoyear' | 'epoch' | 'julian'
  | 'timezone' | 'timezone_hour' | 'timezone_minute';

const ALIASES: Record<string, Unit> = {};
const add = (u: Unit, names: string): void => { for (const n of names.split(' ')) ALIASES[n] = u; };
add('microseconds', 'microsecond microseconds us usec usecs useconds microsecon');
add('milliseconds', 'millisecond milliseconds ms msec msecs mseconds millisecon');
add('second', 's sec secs second seconds');
add('minute', 'm min mins minute minutes');
add('hour', 'h hr hrs hour hours');
add('day', 'd day days');
add('week', 'w week weeks');
add('month', 'mon mons month months');
add('quarter', 'qtr quarter');
add('year', 'y yr yrs year years');
add('decade', 'dec decade decades');
add('century', 'c cent century centuries');
add('millennium', 'mil mils millennia millennium');
add('dow', 'dow');
add('isodow', 'isodow');
add('doy', 'doy');
add('isoyear', 'isoyear');
add('epoch', 'epoch');
add('julian', 'j julian');
add('timezone', 'timezone');
add('timezone_hour', 'timezone_h timezone_hour');
add('timezone_minute', 'timezone_m timezone_minute');

/** The unit named by `text` (case-insensitive), or 22023 `unit "x" not recognized for type T`. */
export function parseUnit(text: string, type: SqlType): Unit {
  const u = ALIASES[text.toLowerCase()];
  if (u === undefined) {
    throw new SqlError(SqlState.invalidParameterValue, `unit "${text}" not recognized for type ${formatType(type)}`);
  }
  return u;
}

export function unsupported(text: string, type: SqlType, detail?: string): SqlError {
  return new SqlError(SqlState.featureNotSupported, `unit "${text}" not supported for type ${formatType(type)}`,
    detail === undefined ? {} : { detail });
}
