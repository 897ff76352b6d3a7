import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinLocation, locationScheme } from './location.ts';

test('joinLocation joins paths as paths and URLs as URLs', () => {
  assert.equal(joinLocation('/data', 'databases', 'db', 'public', 't'), '/data/databases/db/public/t');
  assert.equal(joinLocation('/data/', '_system', 'catalog'), '/data/_system/catalog');
  // path.join would collapse the "//" of the URL into "s3:/bucket", a relative local path
  assert.equal(joinLocation('s3://bucket/lake', 'databases', 'db'), 's3://bucket/lake/databases/db');
  assert.equal(joinLocation('s3://bucket/lake/', '_system/catalog'), 's3://bucket/lake/_system/catalog');
  assert.equal(joinLocation('s3://bucket', 't'), 's3://bucket/t');
  assert.equal(joinLocation('s3://bucket/a', 'x y', 'é'), 's3://bucket/a/x y/é');
});

test('locationScheme', () => {
  assert.equal(locationScheme('/data'), undefined);
  assert.equal(locationScheme('S3://b/x'), 's3');
  assert.equal(locationScheme('file:///tmp/x'), 'file');
  assert.equal(locationScheme('C:\\data'), undefined);
});
