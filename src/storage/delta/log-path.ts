/** Names of files in `_delta_log/` (PROTOCOL.md "Delta Log Entries", "Checkpoints"). */

export const LOG_DIR = '_delta_log/';
export const LAST_CHECKPOINT = `${LOG_DIR}_last_checkpoint`;

const pad20 = (version: number): string => String(version).padStart(20, '0');
export const commitPath = (version: number): string => `${LOG_DIR}${pad20(version)}.json`;
export const checkpointPath = (version: number, part?: number, parts?: number): string =>
  part === undefined || parts === undefined || parts === 1 ? `${LOG_DIR}${pad20(version)}.checkpoint.parquet`
    : `${LOG_DIR}${pad20(version)}.checkpoint.${String(part).padStart(10, '0')}.${String(parts).padStart(10, '0')}.parquet`;

export type LogFile =
  | { readonly kind: 'commit'; readonly version: number }
  | { readonly kind: 'checkpoint'; readonly version: number; readonly part?: number; readonly parts?: number };

/** Classify a key under `_delta_log/`; undefined for anything else (.crc, temp files, compacted logs...). */
export function parseLogPath(key: string): LogFile | undefined {
  const name = key.startsWith(LOG_DIR) ? key.slice(LOG_DIR.length) : key;
  let m = /^(\d{20})\.json$/.exec(name);
  if (m !== null) return { kind: 'commit', version: Number(m[1]) };
  // Classic and multi-part checkpoints; V2 (UUID-named) checkpoints need the v2Checkpoint feature.
  m = /^(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10}))?\.parquet$/.exec(name);
  if (m !== null) {
    return m[2] === undefined ? { kind: 'checkpoint', version: Number(m[1]) }
      : { kind: 'checkpoint', version: Number(m[1]), part: Number(m[2]), parts: Number(m[3]) };
  }
  return undefined;
}
