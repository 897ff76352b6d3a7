/**
 * Text encodings of SQL values that Delta has no type for (stored in `string` columns, see delta-type.ts).
 *
 * interval: ISO 8601 duration as PostgreSQL prints it with IntervalStyle 'iso_8601', every field carrying
 * its own sign: months as `Y`/`M`, days as `D`, microseconds as `H`/`M`/`S` with up to 6 fractional digits,
 * e.g. `P1Y2M-3DT4H5M6.5S`, zero = `PT0S`. Months, days and micros stay apart, so it round-trips exactly,
 * and Spark/DuckDB users can still read it.
 */
import { Decimal } from '../../common/index.ts';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import { DEFAULT_TEXT_OPTIONS, isArrayType, textIn, textOut, type Interval, type SqlType } from '../../common/index.ts';

const US_PER_HOUR = 3_600_000_000;
const US_PER_MINUTE = 60_000_000;

export function encodeInterval(v: Interval): string {
  let out = 'P';
  const years = Math.trunc(v.months / 12), months = v.months % 12;
  if (years !== 0) out += `${years}Y`;
  if (months !== 0) out += `${months}M`;
  if (v.days !== 0) out += `${v.days}D`;
  if (v.micros !== 0) {
    out += 'T';
    const hours = Math.trunc(v.micros / US_PER_HOUR);
    let rest = v.micros - hours * US_PER_HOUR;
    const minutes = Math.trunc(rest / US_PER_MINUTE);
    rest -= minutes * US_PER_MINUTE;
    if (hours !== 0) out += `${hours}H`;
    if (minutes !== 0) out += `${minutes}M`;
    if (rest !== 0) {
      const abs = Math.abs(rest);
      const frac = String(abs % 1_000_000).padStart(6, '0').replace(/0+$/, '');
      out += `${rest < 0 ? '-' : ''}${Math.trunc(abs / 1_000_000)}${frac === '' ? '' : '.' + frac}S`;
    }
  }
  return out === 'P' ? 'PT0S' : out;
}

const ISO_INTERVAL = /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?)(\d+)(?:\.(\d{1,6}))?S)?)?$/;

export function decodeInterval(s: string): Interval {
  const m = ISO_INTERVAL.exec(s);
  if (m === null) throw new SqlError(SqlState.dataCorrupted, `invalid stored interval "${s}"`);
  const n = (x: string | undefined): number => (x === undefined ? 0 : Number(x));
  const secMicros = n(m[7]) * 1_000_000 + (m[8] === undefined ? 0 : Number(m[8].padEnd(6, '0')));
  return {
    months: n(m[1]) * 12 + n(m[2]),
    days: n(m[3]),
    micros: n(m[4]) * US_PER_HOUR + n(m[5]) * US_PER_MINUTE + (m[6] === '-' ? -secMicros : secMicros),
  };
}

/** numeric without a Delta decimal type: PostgreSQL's text form (keeps the display scale, NaN, ±Infinity). */
export const encodeNumericText = (d: Decimal): string => d.toString();
export const decodeNumericText = (s: string): Decimal => Decimal.parse(s);

/**
 * The text encoder/decoder of an 'encoded' storage column: numeric and interval as above, arrays in
 * PostgreSQL's array text form (with UTC as the zone for timestamptz elements, so it round-trips exactly).
 */
export function storedTextCodec(type: SqlType): { encode: (x: unknown) => string; decode: (s: string) => unknown } {
  if (type.id === 'interval') return { encode: (x) => encodeInterval(x as Interval), decode: decodeInterval };
  if (type.id === 'numeric') return { encode: (x) => encodeNumericText(x as Decimal), decode: decodeNumericText };
  if (isArrayType(type)) {
    return { encode: (x) => textOut(type, x, DEFAULT_TEXT_OPTIONS), decode: (s) => textIn(type, s, DEFAULT_TEXT_OPTIONS) };
  }
  throw new SqlError(SqlState.internalError, `type ${type.id} has no stored text encoding`);
}
