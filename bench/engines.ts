/**
 * The engines a benchmark compares, started fresh for the run: Basin from this checkout, and PostgreSQL 15
 * from Debian's binaries when they are installed (run as the `postgres` user when we are root, since
 * PostgreSQL refuses to run as root).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { startServer } from '../test/server-process.ts';
import { freePort } from '../test/free-port.ts';

export interface Engine {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  stop(): Promise<void>;
}

export async function startBasinForBench(): Promise<Engine> {
  const s = await startServer();
  return { name: 'basin', host: s.host, port: s.port, user: 'basin', database: 'basin', stop: () => s.stop() };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function startPostgresForBench(): Promise<Engine | undefined> {
  if (!existsSync(path.join(PG_BIN, 'postgres'))) return undefined;
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'basin-bench-pg-'));
  const asPg = (cmd: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const [c1, a1] = asPg(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  execFileSync(c1, a1, { stdio: 'ignore' });
  const port = await freePort();
  const [c2, a2] = asPg(path.join(PG_BIN, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
  const child = spawn(c2, a2, { stdio: ['ignore', 'ignore', 'pipe'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      execFileSync(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    name: 'postgres', host: '127.0.0.1', port, user: 'postgres', database: 'postgres',
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
