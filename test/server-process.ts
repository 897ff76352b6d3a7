/**
 * Spawns a Basin server for tests: `node dist/main.js --port 0 --data-dir DIR` when `BASIN_SERVER_BUNDLE`
 * names the bundle `npm start` runs (`npm test` builds it first and sets it), otherwise the sources under tsx
 * (`node --import tsx src/server/main.ts …`, for a single test file run by hand); waits for
 * its one ready line (`Basin listening on HOST:PORT`) and hands back where it listens. The data directory is
 * a fresh temporary one unless given, and survives stop()/kill9() so a test can restart on it; temporary
 * directories this module made are removed when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface StartOptions {
  readonly password?: string;
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  /** How long to wait for the ready line (default 30 s). */
  readonly readyTimeoutMs?: number;
}

export interface ServerHandle {
  /** Current port and host; both change on restart() (the server picks a free port each time). */
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** SIGTERM, then wait for the process to exit (it must exit 0). */
  stop(): Promise<void>;
  /** SIGKILL, no chance to flush: what a crash looks like to the data directory. */
  kill9(): Promise<void>;
  /** stop(), then start again on the same data directory. */
  restart(): Promise<void>;
  /** The server process's id (to observe it from outside, e.g. its memory). */
  readonly pid: number | undefined;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
function serverArgs(): string[] {
  const bundle = process.env.BASIN_SERVER_BUNDLE;
  return bundle !== undefined && bundle !== '' ? [path.resolve(repoRoot, bundle)] : ['--import', 'tsx', path.join(repoRoot, 'src', 'server', 'main.ts')];
}
const READY = /^Basin listening on (\S+):(\d+)\s*$/;

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  let dataDir = opts.dataDir;
  if (dataDir === undefined) {
    dataDir = mkdtempSync(path.join(tmpdir(), 'basin-test-'));
    tempDirs.add(dataDir);
  }
  const server = new SpawnedServer(dataDir, opts);
  await server.launch();
  return server;
}

class SpawnedServer implements ServerHandle {
  port = 0;
  host = '127.0.0.1';
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  get pid(): number | undefined {
    return this.child?.pid;
  }

  constructor(
    readonly dataDir: string,
    private readonly opts: StartOptions,
  ) {}

  async launch(): Promise<void> {
    const args = [...serverArgs(), '--port', '0', '--host', '127.0.0.1', '--data-dir', this.dataDir];
    if (this.opts.password !== undefined) args.push('--password', this.opts.password);
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }));

    // Keep the last output for diagnostics, and keep draining the pipes so the server never blocks.
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stderr!.on('data', keep);

    const timeoutMs = this.opts.readyTimeoutMs ?? 30_000;
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      let ready = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Basin did not print its ready line within ${timeoutMs} ms; output:\n${output}`));
      }, timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (ready) return;
        buffered += chunk.toString();
        for (const line of buffered.split('\n').slice(0, -1)) {
          const m = READY.exec(line);
          if (m) {
            ready = true;
            clearTimeout(timer);
            this.host = m[1]!;
            this.port = Number(m[2]);
            resolve();
            return;
          }
        }
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`could not spawn Basin: ${e.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`Basin exited before it was ready (code ${code}, signal ${signal}); output:\n${output}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`Basin exited with ${code === null ? 'a signal' : `code ${code}`} after SIGTERM`);
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }
}

/** A node-postgres client connected to `server` as the superuser `basin` (database `basin` unless given). */
export async function connectClient(server: Pick<ServerHandle, 'host' | 'port'>, database = 'basin'): Promise<pg.Client> {
  const client = new pg.Client({ host: server.host, port: server.port, user: 'basin', database });
  await client.connect();
  return client;
}
