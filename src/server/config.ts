/**
 * Server configuration from the settings table: defaults, then BASIN_* environment variables, then CLI flags
 * (`--port 5433`, `--data-dir DIR`, `--password PW`, `--host H`, `--user NAME`, `--log-level L`).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS, SqlError } from '../common/index.ts';
import { locationScheme, objectStoreFor } from '../storage/index.ts';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly password: string;
  readonly superuser: string;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly maxMessageSize: number;
  /** Every server-scope setting's value but the password (what SHOW and pg_settings report for them). */
  readonly settings: ReadonlyMap<string, string>;
  /** Bytes of decoded column chunks the session thread keeps (column_cache_size); the workers share half as much. */
  readonly columnCacheBytes: number;
  /** Bytes all operators together may hold before they spill (memory_limit). */
  readonly memoryLimit: number;
  /** Where spill files go: temp_directory, else tmp/ in a local data directory, else the system's. */
  readonly tempDir: string;
}

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  const values = new Map<string, string>();
  for (const s of SETTINGS) if (s.scope === 'server') values.set(s.name, s.default);
  for (const s of SETTINGS) if (s.env !== undefined && env[s.env] !== undefined) values.set(s.name, env[s.env]!);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      throw new UsageError(usage());
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const def = m === null ? undefined : SETTINGS.find((s) => s.flag === m[1]);
    if (m === null || def === undefined) throw new UsageError(`unknown option ${arg}\n\n${usage()}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`option --${m[1]} needs a value`);
    values.set(def.name, value);
  }
  for (const s of SETTINGS) {
    if (s.scope !== 'server' || s.check === undefined) continue;
    try {
      values.set(s.name, s.check(values.get(s.name)!));
    } catch (e) {
      throw new UsageError(e instanceof SqlError ? e.message : String(e));
    }
  }
  const level = values.get('log_level')!;
  if (!['error', 'warn', 'info', 'debug'].includes(level)) throw new UsageError(`invalid log level "${level}"`);
  const dataDir = dataRoot(values.get('data_directory') || '.basin-data');
  return {
    host: values.get('listen_addresses')!,
    port: Number(values.get('port')),
    dataDir,
    password: values.get('superuser_password')!,
    superuser: values.get('superuser_name')!,
    logLevel: level as ServerConfig['logLevel'],
    maxMessageSize: Number(values.get('max_message_size')),
    settings: new Map([...values].filter(([name]) => name !== 'superuser_password')), // never shown
    memoryLimit: Number(values.get('memory_limit')) * 1024,
    columnCacheBytes: Number(values.get('column_cache_size')) * 1024,
    tempDir: tempDir(values.get('temp_directory')!, dataDir),
  };
}

function tempDir(setting: string, dataDir: string): string {
  if (setting !== '') return path.resolve(setting);
  return locationScheme(dataDir) === undefined ? path.join(dataDir, 'tmp') : tmpdir();
}

/**
 * The data root: a local directory (made absolute), a file:// URL (as its path), or an object store URL such
 * as s3://bucket/prefix, kept as written without trailing slashes (see README, "Data on S3").
 */
function dataRoot(value: string): string {
  const scheme = locationScheme(value);
  if (scheme === undefined) return path.resolve(value);
  if (scheme === 'file') return fileURLToPath(value);
  try {
    objectStoreFor(value); // checks the scheme and the URL's form; connects to nothing
  } catch (e) {
    throw new UsageError(`invalid data directory "${value}": ${e instanceof Error ? e.message : String(e)}`);
  }
  return value.replace(/\/+$/, '');
}

export class UsageError extends Error {}

export function usage(): string {
  const lines = ['Usage: npm start -- [options]', '', 'Options (each also settable by its environment variable):'];
  for (const s of SETTINGS) {
    if (s.flag === undefined) continue;
    lines.push(`  --${s.flag.padEnd(12)} ${s.description} [${s.env ?? ''}${s.default ? `, default ${s.default}` : ''}]`);
  }
  return lines.join('\n');
}
