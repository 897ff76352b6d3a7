/**
 * S3 connection settings from the usual AWS environment variables, and one S3Client per endpoint, region and
 * bucket, reused by every store on that bucket. `@aws-sdk/client-s3` is imported on first use only, so a
 * server on a local data directory never loads it.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

export type S3Sdk = typeof import('@aws-sdk/client-s3');

export interface S3Settings {
  /** AWS_REGION, else AWS_DEFAULT_REGION; undefined lets the SDK resolve it (shared config profile). */
  readonly region: string | undefined;
  /** AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL: an S3-compatible server (radosgw, MinIO, R2, …). */
  readonly endpoint: string | undefined;
}

export interface S3Connection {
  readonly sdk: S3Sdk;
  readonly client: S3Client;
}

/**
 * Credentials are not read here: the SDK's default chain takes AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN first, then AWS_PROFILE and ~/.aws, web identity, container and instance roles.
 */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION),
    endpoint: nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL),
  };
}

let sdk: Promise<S3Sdk> | undefined;
const connections = new Map<string, Promise<S3Connection>>();

function loadSdk(): Promise<S3Sdk> {
  // The SDK warns on every process start that its releases after January 2027 need Node 22; Basin pins a
  // release that supports Node 20 (package.json), so the warning tells operators nothing they can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return sdk ??= import('@aws-sdk/client-s3');
}

export function s3Connection(bucket: string, settings: S3Settings): Promise<S3Connection> {
  const key = JSON.stringify([settings.endpoint ?? null, settings.region ?? null, bucket]);
  let conn = connections.get(key);
  if (conn === undefined) {
    conn = loadSdk().then((m) => ({ sdk: m, client: new m.S3Client(clientConfig(settings)) }));
    conn.catch(() => connections.delete(key));
    connections.set(key, conn);
  }
  return conn;
}

function clientConfig(s: S3Settings): S3ClientConfig {
  const custom = s.endpoint !== undefined;
  return {
    // An S3-compatible server ignores the region but the SDK needs one to sign; AWS itself redirects a
    // request sent to the wrong region, which the SDK then follows.
    ...(s.region !== undefined ? { region: s.region } : custom ? { region: 'us-east-1' } : {}),
    followRegionRedirects: true,
    ...(custom ? {
      endpoint: s.endpoint,
      // Custom endpoints rarely have wildcard DNS for virtual-hosted buckets (radosgw on 127.0.0.1 does not).
      forcePathStyle: true,
      // Servers other than AWS often reject the SDK's newer default checksum headers; send them only where
      // the operation requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    } : {}),
  };
}
