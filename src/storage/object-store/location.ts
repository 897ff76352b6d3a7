/**
 * Locations name where a table or a data root lives: an absolute local path, or a URL (`s3://bucket/prefix`,
 * `file:///dir`). Code that derives one location from another goes through here, so a data root on S3 yields
 * S3 table locations and a local one yields local paths.
 */
import * as nodePath from 'node:path';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//;

/** The lower-cased URL scheme of a location, or undefined for a plain path. */
export function locationScheme(location: string): string | undefined {
  return SCHEME.exec(location)?.[1]?.toLowerCase();
}

/**
 * `location` with child names appended: `path.join` for a plain path, '/'-joined for a URL (whose text is
 * kept as written apart from trailing slashes, since an object key is not a file path to normalise).
 */
export function joinLocation(location: string, ...names: readonly string[]): string {
  if (locationScheme(location) === undefined) return nodePath.join(location, ...names);
  const parts = names.flatMap((n) => n.split('/')).filter((n) => n !== '');
  return [location.replace(/\/+$/, ''), ...parts].join('/');
}
