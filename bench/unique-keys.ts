/**
 * What enforcing a PRIMARY KEY costs on writes: a table of N rows (even ids) loaded by INSERT … SELECT, then
 * 1,000 single-row INSERTs of keys inside its range (odd ids: each statement must look for its key among the
 * existing ones) and 1,000 past its end (file stats rule every file out), then COPY FROM STDIN of N rows into an
 * empty table with a key. The same on a table without a key gives the baseline. Against a Basin started for the
 * run, or the server given by --host/--port/--user/--database.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startBasinForBench, type Engine } from './engines.ts';

interface Options { rows: number; singles: number; host?: string; port?: number; user: string; database: string }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { rows: 1_000_000, singles: 1000, user: 'basin', database: 'basin' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i];
    switch (argv[i - 1]) {
      case '--rows': o.rows = Number(v); break;
      case '--singles': o.singles = Number(v); break;
      case '--host': o.host = v; break;
      case '--port': o.port = Number(v); break;
      case '--user': o.user = v!; break;
      case '--database': o.database = v!; break;
      default: throw new Error(`unknown option ${argv[i - 1]} (unique-keys takes --rows N --singles K [--host H --port P --user U --database D])`);
    }
  }
  return o;
}

async function timed(label: string, f: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await f();
  console.log(`${label.padEnd(58)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

function* copyLines(rows: number): Generator<string> {
  const chunk = 10_000;
  for (let start = 1; start <= rows; start += chunk) {
    let s = '';
    for (let i = start; i < Math.min(rows + 1, start + chunk); i++) s += `${i}\tv${i}\n`;
    yield s;
  }
}

export async function runUniqueKeys(argv: readonly string[]): Promise<void> {
  const o = parseArgs(argv);
  const engine: Engine | undefined = o.port === undefined ? await startBasinForBench() : undefined;
  const c = new pg.Client({
    host: engine?.host ?? o.host ?? '127.0.0.1', port: engine?.port ?? o.port, user: engine?.user ?? o.user, database: engine?.database ?? o.database,
  });
  await c.connect();
  try {
    for (const keyed of [false, true]) {
      const what = keyed ? 'with PRIMARY KEY' : 'without key';
      const key = keyed ? ' PRIMARY KEY' : '';
      await c.query('DROP TABLE IF EXISTS bench_uk, bench_uk_copy');
      await c.query(`CREATE TABLE bench_uk (id int${key}, v text)`);
      await timed(`INSERT … SELECT ${o.rows} rows, ${what}`, () => c.query(`INSERT INTO bench_uk SELECT g * 2, 'v' || g FROM generate_series(1, ${o.rows}) g`));
      let seed = 42;
      const odd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return 2 * (seed % o.rows) + 1; };
      const used = new Set<number>();
      await timed(`${o.singles} single-row INSERTs inside the key range, ${what}`, async () => {
        for (let i = 0; i < o.singles; i++) {
          let k = odd();
          while (used.has(k)) k = odd();
          used.add(k);
          await c.query('INSERT INTO bench_uk VALUES ($1, $2)', [k, 'x']);
        }
      });
      await timed(`${o.singles} single-row INSERTs past the end, ${what}`, async () => {
        for (let i = 1; i <= o.singles; i++) await c.query('INSERT INTO bench_uk VALUES ($1, $2)', [2 * o.rows + 2 * i, 'y']);
      });
      await c.query(`CREATE TABLE bench_uk_copy (id int${key}, v text)`);
      await timed(`COPY FROM STDIN ${o.rows} rows into an empty table, ${what}`, () =>
        pipeline(Readable.from(copyLines(o.rows)), c.query(copyFrom('COPY bench_uk_copy FROM STDIN'))));
    }
    await c.query('DROP TABLE IF EXISTS bench_uk, bench_uk_copy');
  } finally {
    await c.end();
    await engine?.stop();
  }
}
