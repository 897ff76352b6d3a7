/** Calendar fields PostgreSQL derives from a timestamp (ISO week, day of week, …) on top of common/datetime. */
import { civilFromDays, daysFromCivil, fieldsFromMicros, zoneOffset, USECS_PER_DAY, type TimestampFields } from '../../../common/index.ts';

export { USECS_PER_DAY };
export type { TimestampFields };

/** PostgreSQL's date2j: Julian day number of the astronomical y-m-d. */
export const julianDay = (days: number): number => days + 2440588;

/** Day of week, 0 = Sunday. */
export const dayOfWeek = (days: number): number => (((days + 4) % 7) + 7) % 7;

export const dayOfYear = (days: number): number => days - daysFromCivil(civilFromDays(days).year, 1, 1) + 1;

/** ISO 8601 week-numbering year and week of the date. */
export function isoWeek(days: number): { isoyear: number; week: number } {
  const isoDow = dayOfWeek(days) || 7;
  const thursday = days - isoDow + 4;
  const isoyear = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(isoyear, 1, 1)) / 7) + 1;
  return { isoyear, week };
}

/** Local wall-clock µs of a timestamptz in `zone`, and the zone's offset east (seconds). */
export function toLocal(us: number, zone: string): { local: number; offset: number } {
  const offset = zoneOffset(zone, us);
  return { local: us + offset * 1_000_000, offset };
}

export const fields = (us: number): TimestampFields => fieldsFromMicros(us);
