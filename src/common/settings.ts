/**
 * Every knob, one row each. SET/SHOW/RESET, pg_settings, the config file, BASIN_* environment variables and
 * CLI flags all read this table, so adding a setting means adding one row here.
 *
 * `scope`: 'server' settings are fixed at start-up (CLI, env); 'session' settings can be changed with SET.
 * `report`: sent to the client in a ParameterStatus message at start-up and whenever SET changes it.
 */
export interface SettingDef {
  readonly name: string;
  readonly scope: 'server' | 'session';
  readonly default: string;
  readonly description: string;
  readonly report?: boolean;
  /** Normalise and validate a value given by a user; throw SqlError 22023 when invalid. */
  readonly check?: (value: string) => string;
  /** The values an enum setting takes (pg_settings.vartype 'enum', enumvals: what psql completes after SET … TO). */
  readonly enumValues?: readonly string[];
  readonly unit?: string;
  /**
   * A transaction characteristic: its value is set for the current transaction only (BEGIN's options, SET
   * TRANSACTION), and otherwise is that of this session setting, which new transactions start from.
   */
  readonly transactionDefault?: string;
  readonly env?: string;
  readonly flag?: string;
}

import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';
import { DEFAULT_TEXT_OPTIONS, textIn } from './type-io.ts';
import { sqlType } from './types.ts';

const bool = (name: string) => (v: string): string => {
  const s = v.trim().toLowerCase();
  if (['on', 'true', 'yes', '1', 't', 'y'].includes(s)) return 'on';
  if (['off', 'false', 'no', '0', 'f', 'n'].includes(s)) return 'off';
  throw new SqlError(SqlState.invalidParameterValue, `parameter "${name}" requires a Boolean value`);
};
const int = (name: string, min: number, max: number) => (v: string): string => {
  const n = Number(v.trim());
  if (!Number.isInteger(n)) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`);
  }
  if (n < min || n > max) {
    throw new SqlError(SqlState.invalidParameterValue,
      `${n} is outside the valid range for parameter "${name}" (${min} .. ${max})`);
  }
  return String(n);
};

/** The message levels of client_min_messages, least severe first (`info` is accepted but not listed, as in PostgreSQL). */
export const CLIENT_MESSAGE_LEVELS = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'] as const;
const clientMessageLevel = (v: string): string => {
  const s = v.trim().toLowerCase();
  if (s === 'debug') return 'debug2';
  if (s === 'info' || (CLIENT_MESSAGE_LEVELS as readonly string[]).includes(s)) return s;
  throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "client_min_messages": "${v}"`,
    { hint: `Available values: ${CLIENT_MESSAGE_LEVELS.join(', ')}.` });
};

/**
 * A check for a quantity written as PostgreSQL takes it: a number and an optional unit of `units` (each given
 * as its factor to `base`, the unit of a bare number), rounded to whole base units and kept within [min, max].
 */
const quantity = (base: string, units: Record<string, number>, pattern: RegExp) => (name: string, min: number, max: number) => (v: string): string => {
  const m = pattern.exec(v);
  const factor = m === null ? undefined : m[2] === '' ? 1 : units[m[2]!];
  if (m === null || factor === undefined) {
    const names = Object.keys(units).map((u) => `"${u}"`);
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`,
      m === null ? {} : { hint: `Valid units for this parameter are ${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}.` });
  }
  const n = Math.round(Number(m[1]) * factor);
  if (n < min || n > max) {
    throw new SqlError(SqlState.invalidParameterValue, `${n} ${base} is outside the valid range for parameter "${name}" (${min} .. ${max})`);
  }
  return String(n);
};

/** A time in milliseconds: `100`, `100ms`, `2s`, `1min`, `1h`, `1d`. */
const durationMs = quantity('ms', { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }, /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i);

/** A memory size in kB: `4096` (kB), `64kB`, `4MB`, `1GB`, `1TB`. */
const memoryKb = quantity('kB', { B: 1 / 1024, kB: 1, MB: 1024, GB: 1024 ** 2, TB: 1024 ** 3 }, /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/);

/**
 * How SHOW writes a setting, as PostgreSQL does: times in milliseconds and sizes in kB in the largest unit
 * that divides them.
 */
export function showSetting(def: SettingDef | undefined, value: string): string {
  if (!/^\d+$/.test(value) || value === '0') return value;
  const n = Number(value);
  if (def?.unit === 'kB') {
    for (const [unit, size] of [['TB', 1024 ** 3], ['GB', 1024 ** 2], ['MB', 1024]] as const) {
      if (n % size === 0) return `${n / size}${unit}`;
    }
    return `${n}kB`;
  }
  if (def?.unit !== 'ms') return value;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]] as const) {
    if (n % size === 0) return `${n / size}${unit}`;
  }
  return `${n}ms`;
}

/**
 * work_mem's default, in whole MB: an eighth of the machine's memory, but at most a quarter of V8's heap limit,
 * since strings and other JS values an operator holds live in that heap (PostgreSQL's 4MB suits an OLTP
 * server, not a warehouse).
 */
/** column_cache_size's default: a sixth of the machine's memory (the workers' half as much again), in whole MB. */
const DEFAULT_COLUMN_CACHE_KB = Math.floor(totalmem() / 6 / 2 ** 20) * 1024;
/** memory_limit's default: half the machine's memory, in whole MB. */
const DEFAULT_MEMORY_LIMIT_KB = Math.floor(totalmem() / 2 / 2 ** 20) * 1024;
const DEFAULT_WORK_MEM_KB = Math.max(1, Math.floor(Math.min(totalmem() / 8, getHeapStatistics().heap_size_limit / 4) / 2 ** 20)) * 1024;

export const BASIN_VERSION = '0.1.0';
export const SERVER_VERSION = `15.0 (Basin ${BASIN_VERSION})`;

export const SETTINGS: readonly SettingDef[] = [
  { name: 'port', scope: 'server', default: '5433', description: 'TCP port to listen on.', env: 'BASIN_PORT', flag: 'port', check: int('port', 0, 65535) },
  { name: 'listen_addresses', scope: 'server', default: '127.0.0.1', description: 'Address to listen on.', env: 'BASIN_HOST', flag: 'host' },
  { name: 'data_directory', scope: 'server', default: '', description: 'Where tables and the catalog live: a directory or s3://bucket/prefix (default: .basin-data in the working directory).', env: 'BASIN_DATA_DIR', flag: 'data-dir' },
  { name: 'superuser_password', scope: 'server', default: '', description: 'Password of the superuser; when empty only loopback connections are accepted, trusted.', env: 'BASIN_PASSWORD', flag: 'password' },
  { name: 'superuser_name', scope: 'server', default: 'basin', description: 'Name of the superuser created on a fresh data directory.', env: 'BASIN_USER', flag: 'user' },
  { name: 'max_message_size', scope: 'server', default: '1073741824', description: 'Largest frontend message accepted, in bytes.', unit: 'B', check: int('max_message_size', 1024, 1073741824) },
  { name: 'log_level', scope: 'server', default: 'info', description: 'Server log verbosity (error, warn, info, debug).', env: 'BASIN_LOG_LEVEL', flag: 'log-level' },
  { name: 'threads', scope: 'session', default: String(availableParallelism()), description: 'Threads a query may use: parallel operators split their work over this thread and threads - 1 workers (1: no parallelism). Defaults to the core count.', check: int('threads', 1, 256) },
  { name: 'parallel_min_rows', scope: 'session', default: '100000', description: 'Fewest rows a table scan must have for the operator over it to run in parallel.', check: int('parallel_min_rows', 0, 2147483647) },
  { name: 'work_mem', scope: 'session', default: String(DEFAULT_WORK_MEM_KB), description: 'Memory a sort may hold before it writes sorted runs to temporary files and merges them.', unit: 'kB', check: memoryKb('work_mem', 64, 2147483647) },
  { name: 'memory_limit', scope: 'server', default: String(DEFAULT_MEMORY_LIMIT_KB), description: 'Memory the sorts, hash aggregations and hash joins of all sessions may hold together; beyond it they spill as beyond work_mem (default: half the machine\'s memory).', unit: 'kB', env: 'BASIN_MEMORY_LIMIT', flag: 'memory-limit', check: memoryKb('memory_limit', 1024, 2 ** 40) },
  { name: 'column_cache_size', scope: 'server', default: String(DEFAULT_COLUMN_CACHE_KB), description: 'Memory for decoded Parquet column chunks kept between queries (the session\'s thread\'s; the execution workers\' share half as much again) (default: a sixth of the machine\'s memory).', unit: 'kB', env: 'BASIN_COLUMN_CACHE_SIZE', flag: 'column-cache-size', check: memoryKb('column_cache_size', 0, 2 ** 40) },
  { name: 'temp_directory', scope: 'server', default: '', description: 'Directory for the temporary files of operators that exceed work_mem (default: tmp in a local data directory, else the system\'s temporary directory).', env: 'BASIN_TEMP_DIR', flag: 'temp-dir' },
  { name: 'batch_size', scope: 'session', default: '131072', description: 'Rows per column batch in execution (by default a Parquet row group of Basin\'s files, which scans then hand on whole).', check: int('batch_size', 64, 1048576) },
  { name: 'server_version', scope: 'session', default: SERVER_VERSION, description: 'Server version.', report: true, check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "server_version" cannot be changed'); } },
  { name: 'server_version_num', scope: 'session', default: '150000', description: 'Server version as a number.', check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "server_version_num" cannot be changed'); } },
  { name: 'max_index_keys', scope: 'session', default: '32', description: 'Shows the maximum number of index keys.', check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "max_index_keys" cannot be changed'); } },
  { name: 'server_encoding', scope: 'session', default: 'UTF8', description: 'Server character set encoding.', report: true, check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "server_encoding" cannot be changed'); } },
  { name: 'client_encoding', scope: 'session', default: 'UTF8', description: 'Client character set encoding.', report: true, check: (v) => {
    const s = v.trim().toUpperCase().replace(/[-_]/g, '');
    if (s === 'UTF8' || s === 'UNICODE') return 'UTF8';
    if (s === 'SQLASCII') return 'SQL_ASCII';
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "client_encoding": "${v}"`);
  } },
  { name: 'DateStyle', scope: 'session', default: 'ISO, MDY', description: 'Display format for dates.', report: true, check: (v) => {
    const s = v.toUpperCase();
    if (!/ISO/.test(s) && !/^\s*(MDY|DMY|YMD)?\s*$/.test(s)) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "DateStyle": "${v}"`, { detail: 'Only the ISO output style is supported.' });
    }
    const order = /DMY|EURO/.test(s) ? 'DMY' : /YMD/.test(s) ? 'YMD' : 'MDY';
    return `ISO, ${order}`;
  } },
  { name: 'IntervalStyle', scope: 'session', default: 'postgres', description: 'Display format for intervals.', report: true, check: (v) => {
    if (v.trim().toLowerCase() !== 'postgres') throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "IntervalStyle": "${v}"`);
    return 'postgres';
  } },
  { name: 'TimeZone', scope: 'session', default: 'UTC', description: 'Time zone for displaying and interpreting time stamps.', report: true, env: 'BASIN_TIMEZONE' },
  { name: 'integer_datetimes', scope: 'session', default: 'on', description: 'Datetimes are integer based.', report: true, check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "integer_datetimes" cannot be changed'); } },
  { name: 'standard_conforming_strings', scope: 'session', default: 'on', description: "Causes '...' strings to treat backslashes literally.", report: true, check: (v) => {
    if (bool('standard_conforming_strings')(v) !== 'on') throw new SqlError(SqlState.featureNotSupported, 'standard_conforming_strings cannot be turned off in Basin');
    return 'on';
  } },
  { name: 'application_name', scope: 'session', default: '', description: 'Application name reported in statistics and logs.', report: true },
  { name: 'is_superuser', scope: 'session', default: 'off', description: 'Whether the current user is a superuser.', report: true, check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "is_superuser" cannot be changed'); } },
  { name: 'session_authorization', scope: 'session', default: '', description: 'The session user name.', report: true },
  { name: 'search_path', scope: 'session', default: '"$user", public', description: 'Schema search order for names that are not schema-qualified.' },
  { name: 'extra_float_digits', scope: 'session', default: '1', description: 'Number of digits displayed for floating-point values.', check: int('extra_float_digits', -15, 3) },
  { name: 'client_min_messages', scope: 'session', default: 'notice', description: 'Message levels that are sent to the client.', check: clientMessageLevel, enumValues: CLIENT_MESSAGE_LEVELS },
  { name: 'statement_timeout', scope: 'session', default: '0', description: 'Maximum allowed duration of any statement, in milliseconds (0 = none).', unit: 'ms', check: durationMs('statement_timeout', 0, 2147483647) },
  { name: 'lock_timeout', scope: 'session', default: '0', description: 'Maximum allowed duration of any wait for a lock (advisory locks: Basin takes no others), in milliseconds (0 = none).', unit: 'ms', check: durationMs('lock_timeout', 0, 2147483647) },
  { name: 'idle_in_transaction_session_timeout', scope: 'session', default: '0', description: 'Sets the maximum allowed idle time between queries, when in a transaction (0 = none): the session is then terminated.', unit: 'ms', check: durationMs('idle_in_transaction_session_timeout', 0, 2147483647) },
  { name: 'transaction_isolation', scope: 'session', default: 'repeatable read', description: 'Isolation level of the current transaction: Basin runs every transaction with snapshot isolation (PostgreSQL\'s REPEATABLE READ), its commits checked with Delta\'s WriteSerializable rules.' },
  { name: 'default_transaction_isolation', scope: 'session', default: 'repeatable read', description: 'Isolation level of new transactions (always snapshot isolation, see transaction_isolation).' },
  { name: 'transaction_read_only', scope: 'session', default: 'off', description: 'Whether the current transaction is read-only: every write in it fails with 25006.', check: bool('transaction_read_only'), transactionDefault: 'default_transaction_read_only' },
  { name: 'default_transaction_read_only', scope: 'session', default: 'off', description: 'Whether new transactions are read-only.', check: bool('default_transaction_read_only') },
  { name: 'transaction_deferrable', scope: 'session', default: 'off', description: 'Whether the current transaction is deferrable (a read-only serializable transaction that waits for a safe snapshot in PostgreSQL; Basin\'s snapshots are always safe).', check: bool('transaction_deferrable'), transactionDefault: 'default_transaction_deferrable' },
  { name: 'default_transaction_deferrable', scope: 'session', default: 'off', description: 'Whether new transactions are deferrable.', check: bool('default_transaction_deferrable') },
  { name: 'enable_optimizer', scope: 'session', default: 'on', description: 'Run the logical optimizer (off is for debugging).', check: bool('enable_optimizer') },
  { name: 'basin.read_as_of', scope: 'session', default: '', description: 'Reads every table as of this version number or timestamp unless a query says AS OF (empty: the latest version); writes are refused while set.', check: (v) => {
    const s = v.trim();
    if (s === '' || /^\d+$/.test(s)) return s;
    try {
      textIn(sqlType('timestamptz'), s, DEFAULT_TEXT_OPTIONS);
    } catch {
      throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "basin.read_as_of": "${v}"`, {
        hint: 'Use a table version number, a timestamp such as \'2026-01-01 00:00:00+00\', or an empty string for the latest version.',
      });
    }
    return s;
  } },
  { name: 'basin.vacuum_retention_check', scope: 'session', default: 'on', description: 'Refuse VACUUM … RETAIN with a retention shorter than the table\'s delta.deletedFileRetentionDuration (default 168 hours).', check: bool('basin.vacuum_retention_check') },
  { name: 'basin.optimize_target_file_size', scope: 'session', default: '134217728', description: 'OPTIMIZE compacts files smaller than this into files of about this size (the table property delta.targetFileSize overrides it).', unit: 'B', check: int('basin.optimize_target_file_size', 1024, 2 ** 40) },
  { name: 'basin.txn_app_id', scope: 'session', default: '', description: 'Application id of idempotent writes: with basin.txn_version, a transaction\'s commits carry a Delta txn action, and a table that already has this application\'s version (or a later one) skips the write.' },
  { name: 'basin.txn_version', scope: 'session', default: '', description: 'Version of the idempotent write (a non-negative integer; see basin.txn_app_id).', check: (v) => {
    const s = v.trim();
    if (s !== '' && !/^\d{1,15}$/.test(s)) throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "basin.txn_version": "${v}"`);
    return s;
  } },
  { name: 'max_identifier_length', scope: 'session', default: '63', description: 'Maximum identifier length.', check: () => { throw new SqlError(SqlState.cantChangeRuntimeParam, 'parameter "max_identifier_length" cannot be changed'); } },
];

const BY_NAME = new Map(SETTINGS.map((s) => [s.name.toLowerCase(), s]));
export const findSetting = (name: string): SettingDef | undefined => BY_NAME.get(name.toLowerCase());
