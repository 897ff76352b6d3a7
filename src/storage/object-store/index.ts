import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlError, SqlState } from '../../common/index.ts';
import { LocalObjectStore } from './local.ts';
import type { ObjectStore } from './object-store.ts';

export type { ByteRange, ObjectMeta, ObjectStore } from './object-store.ts';
export { LocalObjectStore } from './local.ts';

/**
 * The object store for a location: a local path or file:// URL → LocalObjectStore rooted there; s3:// is
 * recognised but not available yet. The scheme decides; one case per backend.
 */
export function objectStoreFor(location: string): ObjectStore {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//.exec(location)?.[1]?.toLowerCase();
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
      throw new SqlError(SqlState.featureNotSupported, 'S3 storage is not available yet');
    default:
      throw new SqlError(SqlState.featureNotSupported, `storage scheme "${scheme}" is not supported`);
  }
}
