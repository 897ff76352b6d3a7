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

test('memory_limit and temp_directory: sizes in PostgreSQL units, spill files beside a local data directory', () => {
  const c = readConfig(['--memory-limit', '2GB', '--data-dir', '/tmp/basin-x'], {});
  assert.equal(c.memoryLimit, 2 * 2 ** 30);
  assert.equal(c.tempDir, '/tmp/basin-x/tmp');
  assert.equal(readConfig([], { BASIN_MEMORY_LIMIT: '512MB' }).memoryLimit, 512 * 2 ** 20);
  assert.equal(readConfig(['--temp-dir', 'scratch'], {}).tempDir, path.resolve('scratch'));
  assert.notEqual(readConfig(['--data-dir', 's3://bucket/lake'], {}).tempDir.startsWith('s3:'), true);
  assert.throws(() => readConfig(['--memory-limit', 'lots'], {}), UsageError);
  assert.throws(() => readConfig(['--memory-limit', '10kB'], {}), /outside the valid range/);
});

test('the settings SHOW reports for the server are those it started with, never the password', () => {
  const c = readConfig(['--memory-limit', '2GB', '--password', 'secret'], {});
  assert.equal(c.settings.get('memory_limit'), String(2 * 2 ** 20));
  assert.equal(c.settings.has('superuser_password'), false);
  assert.equal(c.password, 'secret');
});
