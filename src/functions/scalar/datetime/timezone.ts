/**
 * timezone(zone, value), which `value AT TIME ZONE zone` calls: a timestamptz becomes the local time in that
 * zone (timestamp); a timestamp is read as local time in that zone (timestamptz). Unknown zones are 22023.
 */
import { checkTimeZone, localToUtc, zoneOffset } from '../../../common/index.ts';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';

const toLocal = (zone: string, utc: number): number => {
  if (!Number.isFinite(utc)) return utc;
  checkTimeZone(zone);
  return utc + zoneOffset(zone, utc) * 1_000_000;
};

const fromLocal = (zone: string, local: number): number => {
  if (!Number.isFinite(local)) return local;
  checkTimeZone(zone);
  return localToUtc(local, zone);
};

export const timezone: ScalarFunction = {
  name: 'timezone',
  overloads: [
    { args: ['text', 'timestamptz'], returns: 'timestamp', kernel: mapStrict2('timestamp', toLocal) },
    { args: ['text', 'timestamp'], returns: 'timestamptz', kernel: mapStrict2('timestamptz', fromLocal) },
  ],
};
