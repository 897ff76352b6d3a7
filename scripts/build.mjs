#!/usr/bin/env node
// `npm run build` (and before `npm start`): bundle the server and its two worker entry points into dist/ as
// plain JavaScript. Under tsx every function is wrapped to keep its name, which costs a point lookup about
// a fifth of its time; the bundle runs as written. Packages stay external (libpg-query and parquet-wasm load
// their WebAssembly from node_modules). The workers sit beside main.mjs, where the pools look for them.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(root, process.argv[2] ?? 'dist');
const entries = {
  main: 'src/server/main.ts',
  'encode-worker': 'src/storage/parquet/encode-worker.ts',
  worker: 'src/server/parallel/worker.ts',
};
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: out,
  outExtension: { '.js': '.js' },
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
