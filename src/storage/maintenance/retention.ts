/**
 * Durations and sizes in Delta table properties: `delta.deletedFileRetentionDuration` (default one week),
 * `delta.logRetentionDuration` (default 30 days) are written the way Spark writes calendar intervals,
 * `interval 7 days`, `interval 1 week 12 hours`; `delta.targetFileSize` is bytes with an optional unit
 * (`134217728`, `128mb`). A value that does not read keeps the default, as Delta does for unknown values.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  microsecond: 1e-3, millisecond: 1, second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7, week: 6.048e8,
};

export const DEFAULT_DELETED_FILE_RETENTION_MS = 7 * 86_400_000;
export const DEFAULT_LOG_RETENTION_MS = 30 * 86_400_000;

/** `interval 7 days` (the `interval` word optional, several `n unit` pairs allowed) in ms, or undefined. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const body = text.trim().toLowerCase().replace(/^interval\s+/, '');
  if (body === '') return undefined;
  let ms = 0;
  const re = /\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?(?=\s|$)/gy;
  let end = 0;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    const unit = UNIT_MS[m[2]!];
    if (unit === undefined) return undefined;
    ms += Number(m[1]) * unit;
    end = re.lastIndex;
  }
  return end === body.length ? ms : undefined;
}

/** How long removed data files stay (VACUUM keeps them for time travel and concurrent readers). */
export const deletedFileRetentionMs = (properties: Readonly<Record<string, string>>): number =>
  parseDuration(properties['delta.deletedFileRetentionDuration']) ?? DEFAULT_DELETED_FILE_RETENTION_MS;

/** How long log entries stay (the time-travel horizon). */
export const logRetentionMs = (properties: Readonly<Record<string, string>>): number =>
  parseDuration(properties['delta.logRetentionDuration']) ?? DEFAULT_LOG_RETENTION_MS;

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1 << 20, mb: 1 << 20, g: 1 << 30, gb: 1 << 30 };

/** `134217728`, `128mb`, `1 GB` in bytes, or undefined. */
export function parseByteSize(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text ?? '');
  if (m === null) return undefined;
  const unit = SIZE_UNITS[m[2]!.toLowerCase()];
  const n = unit === undefined ? NaN : Math.floor(Number(m[1]) * unit);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
