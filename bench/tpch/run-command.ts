/**
 * `npm run bench -- tpch [--sf 1] [--runs 3] [--engines basin,duckdb,postgres] [--queries 1,6,…]
 *   [--timeout SECONDS] [--data DIR] [--json out.json]`
 *
 * Generates the data once per scale factor (kept in DIR, by default <tmpdir>/basin-tpch/sf<N>, and reused
 * while its marker says it is complete), loads it into each engine (timed), then runs every query: one
 * warm-up per engine, whose answers are checked against DuckDB's, and `runs` timed runs that alternate the
 * engines' order. Prints the medians per query and engine with Basin's ratio to each, the load times and
 * Basin's peak memory, and writes the same as JSON. A query that fails or passes the timeout on an engine in
 * its warm-up is not timed there; the totals count only queries every engine answered.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { diffAnswers, type Rows } from './compare.ts';
import { engineUnavailable, startEngine, type EngineName, type LoadTimes, type TpchEngine } from './engines.ts';
import { generate } from './generate.ts';
import { tpchQueries, type TpchQuery } from './queries.ts';

interface Options {
  sf: number;
  runs: number;
  engines: EngineName[];
  queries: number[] | undefined;
  timeoutS: number;
  data: string | undefined;
  json: string | undefined;
}

const ALL_ENGINES: readonly EngineName[] = ['basin', 'duckdb', 'postgres'];

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { sf: 1, runs: 3, engines: [...ALL_ENGINES], queries: undefined, timeoutS: 300, data: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (v === undefined) throw new Error(`${a} needs a value`);
    i++;
    if (a === '--sf') o.sf = Number(v);
    else if (a === '--runs') o.runs = Number(v);
    else if (a === '--engines') o.engines = v.split(',').map((e) => e.trim() as EngineName);
    else if (a === '--queries') o.queries = v.split(',').map(Number);
    else if (a === '--timeout') o.timeoutS = Number(v);
    else if (a === '--data') o.data = v;
    else if (a === '--json') o.json = v;
    else throw new Error(`unknown option ${a} (tpch takes --sf --runs --engines --queries --timeout --data --json)`);
  }
  if (!(o.sf > 0) || !(o.runs >= 1) || !(o.timeoutS > 0)) throw new Error('--sf, --runs and --timeout must be positive');
  for (const e of o.engines) if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine ${e} (${ALL_ENGINES.join(', ')})`);
  if (!o.engines.includes('basin') || !o.engines.includes('duckdb')) throw new Error('--engines must include basin and duckdb (answers are checked against DuckDB)');
  return o;
}

/** The data directory for the run: reused when a previous generation finished, generated otherwise. */
function prepareData(o: Options): { dir: string; generatedS: number | null } {
  const dir = path.resolve(o.data ?? path.join(tmpdir(), 'basin-tpch', `sf${o.sf}`));
  const marker = path.join(dir, 'COMPLETE');
  const want = JSON.stringify({ sf: o.sf, trailingDelimiter: false });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) {
    console.log(`data: reusing ${dir}`);
    return { dir, generatedS: null };
  }
  rmSync(dir, { recursive: true, force: true });
  // World-readable, so a PostgreSQL running as its own user can COPY the files.
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  console.log(`data: generating SF ${o.sf} into ${dir}`);
  const t0 = performance.now();
  generate({ sf: o.sf, dir, trailingDelimiter: false });
  const generatedS = (performance.now() - t0) / 1000;
  writeFileSync(marker, want);
  console.log(`data: generated in ${generatedS.toFixed(1)} s`);
  return { dir, generatedS };
}

interface QueryResult {
  id: number;
  /** Basin's answer checked against DuckDB's: undefined = equal. */
  basinDiff?: string;
  postgresDiff?: string;
  errors: Partial<Record<EngineName, string>>;
  times: Partial<Record<EngineName, number[]>>;
  medians: Partial<Record<EngineName, number>>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed(e: TpchEngine, sql: string): Promise<{ rows: Rows; seconds: number }> {
  const t0 = performance.now();
  const rows = await e.query(sql);
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

async function runQuery(q: TpchQuery, engines: readonly TpchEngine[], runs: number): Promise<QueryResult> {
  const r: QueryResult = { id: q.id, errors: {}, times: {}, medians: {} };
  const answers = new Map<EngineName, Rows>();
  const live: TpchEngine[] = [];
  for (const e of engines) {
    try {
      answers.set(e.name, (await timed(e, q.sql)).rows);
      live.push(e);
    } catch (err) {
      r.errors[e.name] = (err as Error).message.split('\n')[0]!;
    }
  }
  const expected = answers.get('duckdb');
  if (expected !== undefined) {
    const basin = answers.get('basin');
    if (basin !== undefined) r.basinDiff = diffAnswers(expected, basin, q.orderKeys);
    const postgres = answers.get('postgres');
    if (postgres !== undefined) r.postgresDiff = diffAnswers(expected, postgres, q.orderKeys);
  }
  for (let k = 0; k < runs; k++) {
    for (const e of k % 2 === 0 ? live : [...live].reverse()) {
      if (r.errors[e.name] !== undefined) continue;
      try {
        (r.times[e.name] ??= []).push((await timed(e, q.sql)).seconds);
      } catch (err) {
        r.errors[e.name] = (err as Error).message.split('\n')[0]!;
      }
    }
  }
  for (const e of live) {
    const t = r.times[e.name];
    if (r.errors[e.name] === undefined && t !== undefined && t.length > 0) r.medians[e.name] = median(t);
  }
  return r;
}

const fmt = (s: number | undefined): string => (s === undefined ? '-' : s.toFixed(3));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`);

function printTable(results: readonly QueryResult[], names: readonly EngineName[]): void {
  const others = names.filter((n) => n !== 'basin');
  const head = ['query', ...names.map((n) => `${n} s`), ...others.map((n) => `basin/${n}`), 'answer'];
  const lines: string[][] = [head];
  for (const r of results) {
    const failed = (n: EngineName): string | undefined => (r.errors[n] === undefined ? undefined : /timeout|cancel/i.test(r.errors[n]!) ? 'timeout' : 'error');
    const status = failed('basin') ?? (r.basinDiff !== undefined ? 'DIFFERS' : r.errors.duckdb !== undefined ? '?' : 'ok');
    lines.push([`Q${r.id}`, ...names.map((n) => failed(n) ?? fmt(r.medians[n])),
      ...others.map((n) => ratio(r.medians.basin, r.medians[n])), status]);
  }
  const complete = results.filter((r) => names.every((n) => r.medians[n] !== undefined));
  const total = (n: EngineName): number => complete.reduce((s, r) => s + r.medians[n]!, 0);
  lines.push([`total (${complete.length})`, ...names.map((n) => fmt(total(n))), ...others.map((n) => ratio(total('basin'), total(n))),
    `${results.filter((r) => r.errors.basin === undefined && r.basinDiff === undefined).length}/${results.length} ok`]);
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const l of lines) console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

export async function runTpch(argv: readonly string[]): Promise<void> {
  const o = parseArgs(argv);
  const names = o.engines.filter((n) => {
    const why = engineUnavailable(n);
    if (why !== undefined) console.log(`${n}: not available (${why}), left out`);
    return why === undefined;
  });
  const startLoad = loadavg()[0]!;
  const data = prepareData(o);
  const engines: TpchEngine[] = [];
  const loads: Partial<Record<EngineName, LoadTimes>> = {};
  try {
    for (const n of names) {
      const e = await startEngine(n, o.timeoutS * 1000);
      engines.push(e);
      loads[n] = await e.load(data.dir);
      console.log(`load ${n.padEnd(8)} ${loads[n]!.total.toFixed(1)} s`);
    }
    const queries = tpchQueries(o.sf).filter((q) => o.queries === undefined || o.queries.includes(q.id));
    const results: QueryResult[] = [];
    for (const q of queries) {
      const r = await runQuery(q, engines, o.runs);
      results.push(r);
      const problems = [
        ...Object.entries(r.errors).map(([n, m]) => `${n}: ${m}`),
        ...(r.basinDiff !== undefined ? [`basin differs from duckdb: ${r.basinDiff}`] : []),
        ...(r.postgresDiff !== undefined ? [`postgres differs from duckdb: ${r.postgresDiff}`] : []),
      ];
      console.log(`Q${q.id}: ${names.map((n) => `${n} ${fmt(r.medians[n])}`).join('  ')}${problems.length > 0 ? `\n  ${problems.join('\n  ')}` : ''}`);
    }
    const basin = engines.find((e) => e.name === 'basin');
    const peak = basin?.peakRss();
    console.log(`\nTPC-H SF ${o.sf}, ${o.runs} timed runs per query after a warm-up, medians in seconds (${cpus().length} CPUs, load average ${startLoad.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end):`);
    printTable(results, names);
    console.log(`load (s): ${names.map((n) => `${n} ${loads[n]!.total.toFixed(1)}`).join(', ')}${data.generatedS !== null ? `; generation ${data.generatedS.toFixed(1)}` : ''}`);
    if (peak !== undefined) console.log(`basin peak RSS: ${(peak / 2 ** 20).toFixed(0)} MiB`);
    if (o.json !== undefined) {
      writeFileSync(o.json, `${JSON.stringify({
        benchmark: 'tpch', sf: o.sf, runs: o.runs, timeoutS: o.timeoutS, engines: names,
        machine: { cpus: cpus().length, node: process.version, loadAverageStart: startLoad, loadAverageEnd: loadavg()[0] },
        generationS: data.generatedS, load: loads, basinPeakRssBytes: peak ?? null, queries: results,
      }, null, 2)}\n`);
      console.log(`wrote ${o.json}`);
    }
  } finally {
    for (const e of engines) await e.close().catch((err: unknown) => console.error(`stopping ${e.name}: ${(err as Error).message}`));
  }
}
