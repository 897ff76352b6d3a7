/**
 * Starts a throwaway PostgreSQL 15 for the differential test: Debian's `postgresql-15` binaries, a fresh
 * cluster in a temporary directory (trust auth, C locale, UTC, fsync off), listening on 127.0.0.1 and a free
 * port, with its socket in that directory so it never meets a packaged cluster on 5432. PostgreSQL refuses to
 * run as root, so under root (CI) the cluster is owned by and run as the `postgres` system user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../free-port.ts';

export const PG_BIN = process.env.BASIN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresHandle {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** `pg_ctl stop -m fast`, then remove the directory. */
  stop(): Promise<void>;
}

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  for (const b of ['initdb', 'postgres', 'pg_ctl']) {
    if (!existsSync(path.join(PG_BIN, b))) return `${path.join(PG_BIN, b)} not found (install Debian's postgresql-15)`;
  }
  return undefined;
}

const asRoot = process.getuid?.() === 0;

/** argv that runs `bin` as the cluster's owner: itself, or through `runuser -u postgres` under root. */
function asOwner(bin: string, args: string[]): [string, string[]] {
  const full = path.join(PG_BIN, bin);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
}

function run(bin: string, args: string[]): void {
  const [cmd, argv] = asOwner(bin, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
}

function ownerIds(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const live = new Set<{ dataDir: string; dir: string }>();
process.on('exit', () => {
  // A test that died before stop(): an immediate shutdown, so no postmaster outlives the test process.
  for (const c of live) {
    const [cmd, argv] = asOwner('pg_ctl', ['stop', '-D', c.dataDir, '-m', 'immediate', '-w', '-t', '10']);
    spawnSync(cmd, argv, { stdio: 'ignore', timeout: 15_000 });
    rmSync(c.dir, { recursive: true, force: true });
  }
});

export async function startPostgres(): Promise<PostgresHandle> {
  const missing = postgresUnavailable();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(tmpdir(), 'basin-pg-'));
  const dataDir = path.join(dir, 'data');
  const cluster = { dir, dataDir };
  live.add(cluster);
  try {
    if (asRoot) {
      const { uid, gid } = ownerIds();
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync']);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        await launch(dataDir, dir, port);
        return {
          host: '127.0.0.1',
          port,
          user: 'postgres',
          database: 'postgres',
          stop: async () => {
            run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60']);
            live.delete(cluster);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        lastError = e; // most likely the port was taken between freePort() and bind: try another
      }
    }
    throw lastError;
  } catch (e) {
    live.delete(cluster);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Spawn the postmaster in the foreground of a child and wait until it accepts a connection. */
async function launch(dataDir: string, socketDir: string, port: number): Promise<void> {
  const [cmd, argv] = asOwner('postgres', [
    '-D', dataDir, '-p', String(port), '-k', socketDir,
    '-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'TimeZone=UTC', '-c', 'max_connections=20',
  ]);
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // The postmaster stays our child until pg_ctl stops it; do not let its pipes keep the event loop alive.
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`postgres exited during startup:\n${output}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`postgres did not accept connections within 60 s:\n${output}`);
}
