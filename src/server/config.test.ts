import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readConfig, UsageError } from './config.ts';

test('the data directory: a path made absolute, a file:// URL as its path, an s3:// URL kept', () => {
  assert.equal(readConfig(['--data-dir', 'rel/dir'], {}).dataDir, path.resolve('rel/dir'));
  assert.equal(readConfig(['--data-dir', 'file:///tmp/basin'], {}).dataDir, '/tmp/basin');
  assert.equal(readConfig(['--data-dir', 's3://bucket/lake/'], {}).dataDir, 's3://bucket/lake');
  assert.equal(readConfig([], { BASIN_DATA_DIR: 's3://bucket' }).dataDir, 's3://bucket');
  assert.throws(() => readConfig(['--data-dir', 's3://'], {}), UsageError);
  assert.throws(() => readConfig(['--data-dir', 'gs://bucket/x'], {}), /invalid data directory "gs:\/\/bucket\/x"/);
});
