/**
 * Behaviour tests: every sql-tests/**\/*.slt file runs over the wire against one spawned Basin (or
 * BASIN_TEST_TARGET), each on a fresh database. If the server cannot create databases, each file gets a
 * fresh server of its own instead.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IsolationUnavailable, runFile } from './slt/run-file.ts';
import { formatFailures, type FileResult } from './slt/runner.ts';
import { startTarget, type Target } from './target.ts';
import { writeSqlFixtures } from './fixtures/sql-fixtures.ts';

const root = fileURLToPath(new URL('../sql-tests/', import.meta.url));

function sltFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sltFiles(path.join(dir, e.name)) : e.name.endsWith('.slt') ? [path.join(dir, e.name)] : []))
    .sort();
}

let target: Target | undefined;
before(async () => {
  // The files that sql-tests/files/*.slt read by absolute path.
  writeSqlFixtures();
  target = await startTarget();
});
after(async () => {
  await target?.stop();
});

for (const file of sltFiles(root)) {
  const name = path.relative(path.dirname(root), file);
  test(name, { timeout: 300_000 }, async () => {
    assert.ok(target, 'server did not start');
    let result: FileResult;
    try {
      result = await runFile(file, target, { displayName: name });
    } catch (e) {
      if (!(e instanceof IsolationUnavailable) || target.external) throw e;
      const own = await startTarget();
      try {
        result = await runFile(file, own, { displayName: name, isolation: 'none' });
      } finally {
        await own.stop();
      }
    }
    assert.ok(result.passed + result.failures.length > 0, `${name}: no record ran`);
    if (result.failures.length > 0) {
      assert.fail(`${result.failures.length} of ${result.failures.length + result.passed} records failed\n\n${formatFailures(result)}`);
    }
  });
}
