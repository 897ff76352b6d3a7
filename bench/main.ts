/**
 * `npm run bench -- <benchmark> [options]`: benchmarks that compare Basin with the engines users would
 * otherwise pick, in the same run, reported as ratios. Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runPgbench } from './pgbench.ts';
import { runStream } from './stream.ts';
import { runTpchGen } from './tpch/gen-command.ts';
import { runTpch } from './tpch/run-command.ts';
import { runUniqueKeys } from './unique-keys.ts';

const BENCHMARKS: Record<string, (argv: readonly string[]) => Promise<void>> = {
  pgbench: runPgbench,
  stream: runStream,
  tpch: runTpch,
  'tpch-gen': runTpchGen,
  'unique-keys': runUniqueKeys,
};

// Basin runs as `npm start` runs it: the bundle, built now from this checkout.
const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
process.env.BASIN_SERVER_BUNDLE = 'dist/main.js';

const [name, ...rest] = process.argv.slice(2);
const run = name === undefined ? undefined : BENCHMARKS[name];
if (run === undefined) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]`);
  process.exit(2);
}
await run(rest);
