/**
 * The composition root: opens storage and the catalog of a data directory, builds the function registry and
 * the parser, and serves the wire protocol with an Engine that authenticates and opens Sessions.
 */
import { AdvisoryLockTable } from './advisory-locks.ts';
import { mkdir } from 'node:fs/promises';
import { SqlError, SqlState } from '../common/index.ts';
import { Catalog } from '../catalog/index.ts';
import { createFunctionRegistry, threadSafeFunctionNames } from '../functions/index.ts';
import { WorkerPool } from './parallel/worker-pool.ts';
import { loadParser } from '../sql/index.ts';
import { MemoryPool } from '../exec/index.ts';
import { createTableStorage, joinLocation, locationScheme, TempSpace } from '../storage/index.ts';
import { makeScramVerifier, startWireServer, type AuthMethod, type Engine, type EngineSession, type PreparedStatements, type StartupInfo, type WireServer } from '../wire/index.ts';
import type { ServerConfig } from './config.ts';
import { Session } from './session/session.ts';
import { NotificationHub } from './session/notifications.ts';
import type { ServerServices } from './session/statement-context.ts';

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

type Level = 'error' | 'warn' | 'info' | 'debug';
const LEVELS: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export async function startBasin(config: ServerConfig): Promise<RunningServer> {
  const log = (level: Level, message: string) => {
    if (LEVELS[level] <= LEVELS[config.logLevel]) console.error(`${new Date().toISOString()} ${level.toUpperCase()} ${message}`);
  };
  // An object store root (s3://…) needs no directory: its keys are made as objects are written.
  if (locationScheme(config.dataDir) === undefined) await mkdir(config.dataDir, { recursive: true });
  await loadParser();
  const storage = createTableStorage({ intentsLocation: joinLocation(config.dataDir, '_system'), cacheBytes: config.columnCacheBytes });
  const settled = await storage.recover();
  if (settled > 0) log('info', `settled ${settled} multi-table commit(s) interrupted by a crash`);
  const verifier = config.password === '' ? null : makeScramVerifier(config.password);
  const catalog = await Catalog.open(storage, config.dataDir, config.superuser, verifier);
  const sessions = new Map<number, Session>();
  const functions = createFunctionRegistry();
  const workers = new WorkerPool(functions, threadSafeFunctionNames(), config.columnCacheBytes / 2);
  const tempSpace = new TempSpace(config.tempDir);
  tempSpace.removeStale();
  const services: ServerServices = {
    storage, catalog, functions, workers, tempSpace, memory: new MemoryPool(config.memoryLimit), serverSettings: config.settings, dataDir: config.dataDir, advisoryLocks: new AdvisoryLockTable(),
    notifications: new NotificationHub(),
    sessionsIn: (db) => [...sessions.values()].filter((s) => s.database === db).length,
    activity: () => [...sessions.values()].map((s) => s.activity()),
    terminateSessionsIn: async (db, except) => {
      for (const [pid, s] of sessions) if (s.database === db && pid !== except) sessions.delete(pid);
    },
    log,
  };

  const engine: Engine = {
    async authMethod(startup: StartupInfo): Promise<AuthMethod> {
      const role = catalog.role(startup.user);
      if (role === undefined) {
        return { kind: 'reject', error: new SqlError(SqlState.invalidAuthorizationSpecification, `role "${startup.user}" does not exist`, { severity: 'FATAL' }) };
      }
      if (!catalog.all() || ![...catalog.all()].some((o) => o.kind === 'database' && o.name === startup.database)) {
        return { kind: 'reject', error: new SqlError(SqlState.invalidCatalogName, `database "${startup.database}" does not exist`, { severity: 'FATAL' }) };
      }
      // The password configured now wins over the verifier stored when the data directory was created.
      const scram = verifier ?? role.scramVerifier;
      if (scram !== null && config.password !== '') return { kind: 'scram-sha-256', verifier: scram };
      if (!startup.loopback) {
        return {
          kind: 'reject',
          error: new SqlError(SqlState.invalidAuthorizationSpecification,
            `no password is set: only loopback connections are accepted (connection from ${startup.remoteAddress})`, { severity: 'FATAL' }),
        };
      }
      return { kind: 'trust' };
    },
    async openSession(startup: StartupInfo, backendPid: number, statements: PreparedStatements): Promise<EngineSession> {
      const s = new Session(services, startup, backendPid, statements, () => sessions.delete(backendPid));
      sessions.set(backendPid, s);
      return s;
    },
    logInternal(err: unknown, context: string): void {
      log('error', `internal error in ${context}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    },
  };

  const wire: WireServer = await startWireServer({
    host: config.host, port: config.port, engine, maxMessageSize: config.maxMessageSize,
    log: (level, msg) => log(level, msg),
  });
  log('info', `data directory ${config.dataDir}`);
  return { port: wire.port, host: config.host, close: async () => { await wire.close(); await workers.close(); tempSpace.removeAll(); } };
}
