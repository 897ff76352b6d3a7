/**
 * `npm run bench -- pgbench [--scale 10] [--time 20] [--clients 8] [--jobs 2]`: PostgreSQL's own client
 * benchmark against Basin and, when PostgreSQL 15 is installed, against a PostgreSQL started for the run:
 * `pgbench -i -s SCALE` (timed: COPY of the accounts, then keys), then the read-only point lookups of
 * `pgbench -S -c CLIENTS -j JOBS -T TIME`, engine after engine. Prints each engine's load time and TPS and
 * Basin's ratio to PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { startBasinForBench, startPostgresForBench, type Engine } from './engines.ts';

interface Options { scale: number; time: number; clients: number; jobs: number }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { scale: 10, time: 20, clients: 8, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const v = Number(argv[i + 1]);
    if (argv[i] === '--scale') o.scale = v;
    else if (argv[i] === '--time') o.time = v;
    else if (argv[i] === '--clients') o.clients = v;
    else if (argv[i] === '--jobs') o.jobs = v;
    else throw new Error(`unknown option ${argv[i]} (pgbench takes --scale N --time S --clients C --jobs J)`);
    i++;
  }
  if (![o.scale, o.time, o.clients, o.jobs].every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error('--scale, --time, --clients and --jobs must be positive integers');
  }
  return o;
}

function pgbench(e: Engine, args: readonly string[]): Promise<string> {
  const conn = ['-h', e.host, '-p', String(e.port), '-U', e.user];
  return new Promise((resolve, reject) => {
    execFile('pgbench', [...conn, ...args, e.database], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`pgbench ${args.join(' ')} on ${e.name} failed: ${stderr || err.message}`));
      else resolve(`${stdout}\n${stderr}`);
    });
  });
}

interface Result { readonly load: number; readonly tps: number }

async function measure(e: Engine, o: Options): Promise<Result> {
  const t0 = performance.now();
  await pgbench(e, ['-i', '-s', String(o.scale), '-q']);
  const load = (performance.now() - t0) / 1000;
  const out = await pgbench(e, ['-S', '-c', String(o.clients), '-j', String(o.jobs), '-T', String(o.time)]);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (m === null) throw new Error(`no TPS in pgbench's output on ${e.name}:\n${out}`);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  if (failed !== null && failed[1] !== '0') throw new Error(`${failed[1]} failed transactions on ${e.name}:\n${out}`);
  return { load, tps: Number(m[1]) };
}

export async function runPgbench(argv: readonly string[]): Promise<void> {
  const o = parseArgs(argv);
  const engines: Engine[] = [await startBasinForBench()];
  const pg = await startPostgresForBench();
  if (pg !== undefined) engines.push(pg);
  else console.log('PostgreSQL 15 not found under /usr/lib/postgresql/15/bin: measuring Basin only');
  try {
    const results = new Map<string, Result>();
    for (const e of engines) results.set(e.name, await measure(e, o));
    console.log(`pgbench -i -s ${o.scale}, then -S -c ${o.clients} -j ${o.jobs} -T ${o.time}:`);
    const basin = results.get('basin')!;
    for (const e of engines) {
      const r = results.get(e.name)!;
      const ratio = e.name === 'basin' ? '' : `   basin/${e.name}: load ${(basin.load / r.load).toFixed(2)}x time, ${(basin.tps / r.tps).toFixed(3)}x TPS`;
      console.log(`  ${e.name.padEnd(10)} load ${r.load.toFixed(1)} s   ${r.tps.toFixed(1)} TPS${ratio}`);
    }
  } finally {
    for (const e of engines) await e.stop();
  }
}
