/**
 * Where behaviour and client tests connect. By default a Basin spawned for the test file; with
 * `BASIN_TEST_TARGET=postgres://user[:pw]@host:port/db` an already-running server instead (a real PostgreSQL
 * 15 is how the expected behaviour was verified). Tests that need a Basin process of their own (restart,
 * crash, SCRAM with `--password`) check `external` and skip.
 */
import { startServer, type ServerHandle, type StartOptions } from './server-process.ts';

export interface Target {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  /** True when BASIN_TEST_TARGET points at a server these tests did not start. */
  readonly external: boolean;
  /** The spawned server, when not external. */
  readonly server: ServerHandle | undefined;
  stop(): Promise<void>;
}

export const externalTarget: string | undefined = process.env.BASIN_TEST_TARGET || undefined;

export async function startTarget(opts: StartOptions = {}): Promise<Target> {
  if (externalTarget !== undefined) {
    const url = new URL(externalTarget);
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      password: url.password ? decodeURIComponent(url.password) : undefined,
      database: url.pathname.replace(/^\//, '') || 'postgres',
      external: true,
      server: undefined,
      stop: async () => {},
    };
  }
  const server = await startServer(opts);
  return {
    get host() {
      return server.host;
    },
    get port() {
      return server.port;
    },
    user: 'basin',
    password: opts.password,
    database: 'basin',
    external: false,
    server,
    stop: () => server.stop(),
  };
}
