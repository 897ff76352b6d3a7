#!/usr/bin/env node
// `npm test`: Node 20's test runner does not expand globs, so find src/**/*.test.ts and test/**/*.test.ts
// here and run them one file at a time (several files spawn servers) under tsx, reporting in TAP so the
// run ends with the runner's `# pass N` / `# fail N` lines. Arguments, if any, replace the file list. The
// servers tests spawn run the bundle `npm start` runs: built here first, named by BASIN_SERVER_BUNDLE.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function find(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))].sort();
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, BASIN_SERVER_BUNDLE: 'dist/main.js' } },
);
process.exit(r.status ?? 1);
