import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlError, SqlState } from '../../common/index.ts';
import { LocalObjectStore } from './local.ts';
import { locationScheme } from './location.ts';
import type { ObjectStore } from './object-store.ts';
import { parseS3Location, S3ObjectStore } from './s3.ts';

export type { ByteRange, ObjectMeta, ObjectStore } from './object-store.ts';
export { LocalObjectStore } from './local.ts';
export { S3ObjectStore, parseS3Location, type S3Location, type S3ObjectStoreOptions } from './s3.ts';
export { s3SettingsFromEnv, type S3Settings } from './s3-client.ts';
export { joinLocation, locationScheme } from './location.ts';

/**
 * The object store for a location: a local path or file:// URL → LocalObjectStore rooted there; s3:// (or
 * s3a://) → S3ObjectStore on that bucket and prefix, configured from the AWS environment variables. The
 * scheme decides; one case per backend.
 */
export function objectStoreFor(location: string): ObjectStore {
  const scheme = locationScheme(location);
  switch (scheme) {
    case undefined:
      if (!nodePath.isAbsolute(location)) {
        throw new SqlError(SqlState.invalidParameterValue, `table location must be an absolute path: "${location}"`);
      }
      return new LocalObjectStore(location);
    case 'file':
      return new LocalObjectStore(fileURLToPath(location));
    case 's3':
    case 's3a':
      return new S3ObjectStore(parseS3Location(location));
    default:
      throw new SqlError(SqlState.featureNotSupported, `storage scheme "${scheme}" is not supported`);
  }
}

/** Whether anything is stored at or below a location (a directory that exists, or any object under the prefix). */
export async function locationInUse(location: string): Promise<boolean> {
  if (locationScheme(location) === undefined) return existsSync(location);
  return (await objectStoreFor(location).list('', undefined, 1)).length > 0;
}
