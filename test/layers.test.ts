/**
 * The layer rules of STYLE.md, checked over every import in src/: a layer imports only the layers below it,
 * and only through their index.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

const MAY_IMPORT: Record<string, readonly string[]> = {
  common: [],
  wire: ['common'],
  kernels: ['common'],
  plan: ['common'],
  sql: ['plan', 'common'],
  functions: ['kernels', 'plan', 'common'],
  storage: ['kernels', 'common'],
  exec: ['plan', 'kernels', 'storage', 'common'],
  catalog: ['storage', 'kernels', 'plan', 'common'],
  server: ['common', 'wire', 'kernels', 'plan', 'sql', 'functions', 'storage', 'exec', 'catalog'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (name.endsWith('.ts')) yield p;
  }
}

test('every import follows the layer rules', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = path.relative(SRC, file).split(path.sep)[0]!;
    const allowed = MAY_IMPORT[layer];
    if (allowed === undefined) {
      violations.push(`${path.relative(SRC, file)}: folder "${layer}" is not in the layer table`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      const rel = path.relative(SRC, target).split(path.sep);
      const targetLayer = rel[0]!;
      if (targetLayer === layer) continue;
      const where = `${path.relative(SRC, file)} imports ${m[1]}`;
      if (!allowed.includes(targetLayer)) violations.push(`${where}: ${layer}/ may not import ${targetLayer}/`);
      else if (rel.length !== 2 || rel[1] !== 'index.ts') violations.push(`${where}: import ${targetLayer}/index.ts, the layer's face`);
    }
  }
  assert.deepEqual(violations, []);
});
