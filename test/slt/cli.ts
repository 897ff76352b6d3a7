/**
 * Command line for the .slt runner, against any PostgreSQL-protocol server:
 *
 *   node --import tsx test/slt/cli.ts [--host H] [--port P] [--user U] [--password PW] [--database D]
 *        [--engine basin] [--complete] [--timeout SEC] [--isolation database|none] FILES|DIRS…
 *
 * `--complete` rewrites each file's expected results (and error SQLSTATEs / counts) from the server's
 * answers; review the diff before committing. The last line is `N passed, N failed, N skipped`.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFile } from './run-file.ts';
import { formatFailures } from './runner.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    host: { type: 'string', short: 'h', default: process.env.PGHOST ?? '127.0.0.1' },
    port: { type: 'string', short: 'p', default: process.env.PGPORT ?? '5433' },
    user: { type: 'string', short: 'U', default: process.env.PGUSER ?? 'basin' },
    password: { type: 'string', short: 'W', default: process.env.PGPASSWORD },
    database: { type: 'string', short: 'd', default: process.env.PGDATABASE ?? 'postgres' },
    engine: { type: 'string', default: 'basin' },
    complete: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '30' },
    isolation: { type: 'string', default: 'database' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || positionals.length === 0) {
  console.log('usage: node --import tsx test/slt/cli.ts [--host H] [--port P] [--user U] [--password PW] ' +
    '[--database D] [--engine basin] [--complete] [--timeout SEC] [--isolation database|none] FILES|DIRS…');
  process.exit(values.help ? 0 : 2);
}

async function collect(p: string): Promise<string[]> {
  const s = await stat(p);
  if (!s.isDirectory()) return [p];
  const entries = await readdir(p, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => e.isDirectory() || e.name.endsWith('.slt'))
      .map((e) => collect(path.join(p, e.name))),
  );
  return nested.flat().sort();
}

const files = (await Promise.all(positionals.map(collect))).flat();
const conn = {
  host: values.host!,
  port: Number(values.port),
  user: values.user!,
  password: values.password,
  database: values.database!,
};
const isolation = values.isolation === 'none' ? 'none' : 'database';
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const started = Date.now();
  const r = await runFile(file, conn, {
    engine: values.engine!,
    complete: values.complete!,
    timeoutMs: Number(values.timeout) * 1000,
    isolation,
  });
  passed += r.passed;
  failed += r.failures.length;
  skipped += r.skipped;
  const secs = ((Date.now() - started) / 1000).toFixed(2);
  console.log(`${r.failures.length ? 'FAIL' : 'PASS'} ${file}: ${r.passed} passed, ${r.failures.length} failed, ${r.skipped} skipped (${secs}s)`);
  if (r.failures.length) console.log(formatFailures(r) + '\n');
  if (values.complete && r.completed !== undefined) await writeFile(file, r.completed);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
