/**
 * Wire benchmark: how fast a large result streams to a client. Runs `SELECT x, x * 2 FROM
 * generate_series(1, N)` on Basin and, when PostgreSQL 15 is installed, on a PostgreSQL started for the run
 * — alternating engines, several timed runs after a warm-up — and prints medians, rows/s and Basin's ratio,
 * and PostgreSQL's rate for the same rows as `COPY (…) TO STDOUT` text, the rate the SELECT is held to.
 * The client is a raw protocol reader that only counts DataRows, so the client is never the bottleneck.
 */
import { connect } from 'node:net';
import { startBasinForBench, startPostgresForBench, type Engine } from './engines.ts';

interface Options { rows: number; runs: number }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { rows: 10_000_000, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rows') o.rows = Number(argv[++i]);
    else if (argv[i] === '--runs') o.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (stream takes --rows N --runs K)`);
  }
  return o;
}

/** Run one simple query over a raw connection; resolves with the number of DataRows and seconds taken. */
function streamQuery(e: Engine, sql: string): Promise<{ rows: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const sock = connect(e.port, e.host);
    const body = Buffer.from(`user\0${e.user}\0database\0${e.database}\0\0`);
    const start = Buffer.alloc(8);
    start.writeInt32BE(8 + body.length, 0);
    start.writeInt32BE(196608, 4);
    let pending: Buffer = Buffer.alloc(0);
    let rows = 0, ready = 0, t0 = 0;
    sock.on('connect', () => sock.write(Buffer.concat([start, body])));
    sock.on('error', reject);
    sock.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let off = 0;
      while (pending.length - off >= 5) {
        const len = pending.readInt32BE(off + 1);
        if (pending.length - off < 1 + len) break;
        const type = pending[off];
        if (type === 0x44 || type === 0x64) rows++; // 'D' DataRow, 'd' CopyData (a row of COPY TO STDOUT text)
        else if (type === 0x45) { reject(new Error(pending.toString('utf8', off + 5, off + 1 + len))); sock.destroy(); return; }
        else if (type === 0x5a) { // 'Z'
          ready++;
          if (ready === 1) {
            const q = Buffer.from(`${sql}\0`);
            const head = Buffer.alloc(5);
            head.write('Q', 0);
            head.writeInt32BE(4 + q.length, 1);
            t0 = performance.now();
            sock.write(Buffer.concat([head, q]));
          } else {
            const seconds = (performance.now() - t0) / 1000;
            sock.end();
            resolve({ rows, seconds });
          }
        }
        off += 1 + len;
      }
      pending = pending.subarray(off);
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runStream(argv: readonly string[]): Promise<void> {
  const o = parseArgs(argv);
  const sql = `SELECT x, x * 2 AS y FROM generate_series(1, ${o.rows}) AS g(x)`;
  const engines: Engine[] = [await startBasinForBench()];
  const pg = await startPostgresForBench();
  if (pg !== undefined) engines.push(pg);
  else console.log('PostgreSQL 15 not found under /usr/lib/postgresql/15/bin: measuring Basin only');
  try {
    const times = new Map<string, number[]>(engines.map((e) => [e.name, []]));
    for (const e of engines) {
      const warm = await streamQuery(e, sql); // warm-up
      if (warm.rows !== o.rows) throw new Error(`${e.name} returned ${warm.rows} rows, expected ${o.rows}`);
    }
    for (let r = 0; r < o.runs; r++) {
      for (const e of r % 2 === 0 ? engines : [...engines].reverse()) {
        const { rows, seconds } = await streamQuery(e, sql);
        if (rows !== o.rows) throw new Error(`${e.name} returned ${rows} rows, expected ${o.rows}`);
        times.get(e.name)!.push(seconds);
      }
    }
    const copyTimes: number[] = [];
    if (pg !== undefined) {
      const copy = `COPY (${sql}) TO STDOUT`;
      await streamQuery(pg, copy); // warm-up
      for (let r = 0; r < o.runs; r++) {
        const { rows, seconds } = await streamQuery(pg, copy);
        if (rows !== o.rows) throw new Error(`postgres COPY sent ${rows} rows, expected ${o.rows}`);
        copyTimes.push(seconds);
      }
    }
    console.log(`stream ${o.rows.toLocaleString('en')} rows (2 columns), ${o.runs} runs, medians:`);
    const basin = median(times.get('basin')!);
    const line = (name: string, m: number, ratio: string): void =>
      console.log(`  ${name.padEnd(14)} ${m.toFixed(3)} s   ${Math.round(o.rows / m).toLocaleString('en')} rows/s${ratio}`);
    for (const e of engines) {
      const m = median(times.get(e.name)!);
      line(e.name, m, e.name === 'basin' ? '' : `   basin/${e.name} = ${(basin / m).toFixed(2)}x time`);
    }
    if (copyTimes.length > 0) {
      const m = median(copyTimes);
      line('postgres COPY', m, `   basin SELECT/postgres COPY = ${(basin / m).toFixed(2)}x time`);
    }
  } finally {
    for (const e of engines) await e.stop();
  }
}
