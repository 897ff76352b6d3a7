import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SqlError } from '../../common/index.ts';
import { openFile, resolveFiles } from './file-set.ts';

const root = mkdtempSync(path.join(tmpdir(), 'basin-file-set-'));
for (const f of ['a.parquet', 'b.parquet', 'c.txt', 'sub/d.parquet', 'sub/deeper/e.parquet', '_delta_log/x.parquet', 'sub/.hidden.parquet']) {
  mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
  writeFileSync(path.join(root, f), f);
}
const names = async (...locations: string[]) => {
  const set = await resolveFiles(locations, '.parquet');
  return { location: set.location, files: set.files.map((f) => f.path) };
};

test('a file, a glob, a directory, a list: keys relative to their common directory', async () => {
  assert.deepEqual(await names(path.join(root, 'a.parquet')), { location: root, files: ['a.parquet'] });
  assert.deepEqual((await names(path.join(root, '*.parquet'))).files, ['a.parquet', 'b.parquet']);
  assert.deepEqual((await names(path.join(root, '[ab].parquet'))).files, ['a.parquet', 'b.parquet']);
  assert.deepEqual((await names(path.join(root, '**/*.parquet'))).files.sort(),
    ['_delta_log/x.parquet', 'a.parquet', 'b.parquet', 'sub/.hidden.parquet', 'sub/d.parquet', 'sub/deeper/e.parquet']);
  assert.deepEqual((await names(path.join(root, 'sub', '*', '?.parquet'))).files, ['deeper/e.parquet']);
  // A directory: its files with the suffix, below it too, without _… and .… entries.
  assert.deepEqual((await names(root)).files.sort(), ['a.parquet', 'b.parquet', 'sub/d.parquet', 'sub/deeper/e.parquet']);
  assert.deepEqual(await names(path.join(root, 'sub', 'd.parquet'), path.join(root, 'a.parquet')), { location: root, files: ['sub/d.parquet', 'a.parquet'] });
});

test('missing files, empty globs, relative paths and directories are errors with the path', async () => {
  const code = async (p: Promise<unknown>, c: string, m: RegExp) =>
    assert.rejects(p, (e: unknown) => e instanceof SqlError && e.code === c && m.test(e.message));
  await code(names(path.join(root, 'none.parquet')), '58P01', /could not open file ".*none\.parquet" for reading: No such file or directory/);
  await code(names(path.join(root, 'z*.parquet')), '58P01', /no files match/);
  await code(names(path.join(root, 'sub', 'deeper', 'nothing')), '58P01', /could not open file/);
  await code(names('a.parquet'), '22023', /relative path not allowed: "a.parquet"/);
  await code(openFile(path.join(root, 'sub')), '42809', /is a directory$/);
  assert.equal(await (await openFile(path.join(root, 'c.txt'))).blob.text(), 'c.txt');
});
