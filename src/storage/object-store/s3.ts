/**
 * An object store over an S3 bucket and key prefix (`s3://bucket/prefix`), on `@aws-sdk/client-s3`: ranged
 * GETs, conditional PUT (`If-None-Match: *`) for put-if-absent, ListObjectsV2 paging, DeleteObjects batches
 * and multipart upload for large objects. Works with AWS and with S3-compatible servers (radosgw in tests).
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store.ts';
import { RangeBlob } from './range-blob.ts';
import { s3Connection, s3SettingsFromEnv, type S3Connection, type S3Settings } from './s3-client.ts';

export interface S3ObjectStoreOptions {
  /** Connection settings (default: from the AWS environment variables). */
  readonly settings?: S3Settings;
  /** Objects of at least this many bytes are uploaded in parts (default 64 MiB). */
  readonly multipartThreshold?: number;
  /** Part size of a multipart upload (default 16 MiB; S3 wants at least 5 MiB for all but the last). */
  readonly partSize?: number;
  /** Keys per ListObjectsV2 page (default and S3's maximum: 1,000). */
  readonly listPageSize?: number;
}

/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;
/** Parts in flight at once during a multipart upload. */
const UPLOAD_CONCURRENCY = 4;
/** Tries of a conditional PUT that S3 answers with 409 (a concurrent conditional write was in progress). */
const CONFLICT_TRIES = 5;

export interface S3Location {
  readonly bucket: string;
  /** The key prefix: '' for the bucket's root, else ending with '/'. */
  readonly prefix: string;
}

/** `s3://bucket[/prefix]` (also s3a://) → bucket and a prefix that ends with '/', so `t` never matches `t2`. */
export function parseS3Location(url: string): S3Location {
  const m = /^s3a?:\/\/([^/]*)(?:\/(.*))?$/i.exec(url);
  const bucket = m?.[1] ?? '';
  if (m === null || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid S3 location "${url}"`, {
      hint: 'Write it as s3://bucket/prefix, with a valid bucket name (3-63 lower-case letters, digits, dots, hyphens).',
    });
  }
  const path = (m[2] ?? '').split('/').filter((s) => s !== '').join('/');
  return { bucket, prefix: path === '' ? '' : path + '/' };
}

interface S3Failure {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}
const failure = (e: unknown): S3Failure => (typeof e === 'object' && e !== null ? e as S3Failure : {});
const statusOf = (e: unknown): number | undefined => failure(e).$metadata?.httpStatusCode;
/** A missing key (not a missing bucket, which is a configuration error and must surface). */
const isMissingKey = (e: unknown): boolean =>
  failure(e).name === 'NoSuchKey' || (statusOf(e) === 404 && failure(e).name !== 'NoSuchBucket');

export class S3ObjectStore implements ObjectStore {
  readonly root: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly settings: S3Settings;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly listPageSize: number;

  constructor(location: S3Location, options: S3ObjectStoreOptions = {}) {
    this.bucket = location.bucket;
    this.prefix = location.prefix;
    this.root = `s3://${this.bucket}/${this.prefix.replace(/\/$/, '')}`.replace(/\/$/, '');
    this.settings = options.settings ?? s3SettingsFromEnv();
    this.partSize = Math.max(5 << 20, options.partSize ?? 16 << 20);
    this.multipartThreshold = Math.max(this.partSize, options.multipartThreshold ?? 64 << 20);
    this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
  }

  private conn(): Promise<S3Connection> {
    return s3Connection(this.bucket, this.settings);
  }

  private key(path: string): string {
    if (path.startsWith('/') || path.split('/').some((s) => s === '..')) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid object path "${path}"`);
    }
    return this.prefix + path;
  }

  private url(path: string): string {
    return `s3://${this.bucket}/${this.prefix}${path}`;
  }

  private fail(action: string, path: string, e: unknown): SqlError {
    if (e instanceof SqlError) return e;
    const f = failure(e);
    const status = statusOf(e);
    const what = `${f.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${f.message ?? String(e)}`;
    const hint = status === 403 ? 'Check the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE) and their permissions.'
      : f.name === 'NoSuchBucket' ? `Bucket "${this.bucket}" does not exist at this endpoint (AWS_ENDPOINT_URL, AWS_REGION).`
        : undefined;
    return new SqlError(SqlState.ioError, `could not ${action} "${this.url(path)}": ${what}`, { ...(hint === undefined ? {} : { hint }), cause: e });
  }

  async get(path: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    if (range !== undefined && range.length <= 0) return (await this.head(path)) === undefined ? undefined : new Uint8Array(0);
    try {
      return await this.read(path, range);
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      // A range that starts past the end: the object exists, the bytes do not (as a local short read).
      if (statusOf(e) === 416) return new Uint8Array(0);
      throw this.fail('read', path, e);
    }
  }

  /** One GET; with `etag`, fails (412) if the object was replaced since the etag was read. */
  private async read(path: string, range: ByteRange | undefined, etag?: string): Promise<Uint8Array> {
    const { sdk, client } = await this.conn();
    const r = await client.send(new sdk.GetObjectCommand({
      Bucket: this.bucket, Key: this.key(path),
      ...(range === undefined ? {} : { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` }),
      ...(etag === undefined ? {} : { IfMatch: etag }),
    }));
    if (r.Body === undefined) return new Uint8Array(0);
    const bytes = await r.Body.transformToByteArray();
    // A server that ignores Range answers 200 with the whole object.
    if (range !== undefined && r.ContentRange === undefined && bytes.length > range.length) {
      return bytes.subarray(range.offset, range.offset + range.length);
    }
    return bytes;
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    try {
      if (bytes.length >= this.multipartThreshold) {
        await this.putMultipart(path, bytes);
        return;
      }
      const { sdk, client } = await this.conn();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.key(path), Body: bytes }));
    } catch (e) {
      throw this.fail('write', path, e);
    }
  }

  async putIfAbsent(path: string, bytes: Uint8Array): Promise<boolean> {
    const { sdk, client } = await this.conn();
    let resent = false;
    for (let tryNo = 1; ; tryNo++) {
      try {
        await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.key(path), Body: bytes, IfNoneMatch: '*' }));
        return true;
      } catch (e) {
        resent ||= (failure(e).$metadata?.attempts ?? 1) > 1;
        const status = statusOf(e);
        if (status === 412) {
          // When the SDK resent the request (a timeout, a dropped connection), the object that is there may be
          // our own first attempt whose response was lost: then this call did create it. Delta commits are
          // unique (commitInfo carries a random txnId), so equal bytes mean it is ours.
          return resent ? sameBytes(await this.get(path), bytes) : false;
        }
        // 409 ConditionalRequestConflict: another conditional write to the key was in flight and S3 asks for a
        // retry, which then meets the winner (412) or finds the key still free.
        if (status === 409) {
          if (tryNo < CONFLICT_TRIES) {
            await new Promise((r) => setTimeout(r, 20 * tryNo));
            continue;
          }
          return false;
        }
        throw this.fail('write', path, e);
      }
    }
  }

  private async putMultipart(path: string, bytes: Uint8Array): Promise<void> {
    const { sdk, client } = await this.conn();
    const Key = this.key(path);
    const { UploadId } = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket: this.bucket, Key }));
    if (UploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId');
    try {
      const count = Math.ceil(bytes.length / this.partSize);
      const etags: string[] = new Array(count);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          const i = next++;
          const body = bytes.subarray(i * this.partSize, Math.min(bytes.length, (i + 1) * this.partSize));
          const r = await client.send(new sdk.UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber: i + 1, Body: body }));
          if (r.ETag === undefined) throw new Error(`UploadPart ${i + 1} returned no ETag`);
          etags[i] = r.ETag;
        }
      };
      await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, count) }, worker));
      await client.send(new sdk.CompleteMultipartUploadCommand({
        Bucket: this.bucket, Key, UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }));
    } catch (e) {
      await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  async list(prefix: string, startAfter?: string, limit?: number): Promise<ObjectMeta[]> {
    const out: ObjectMeta[] = [];
    try {
      const { sdk, client } = await this.conn();
      let token: string | undefined;
      do {
        const want = limit === undefined ? this.listPageSize : Math.min(this.listPageSize, limit - out.length);
        const r = await client.send(new sdk.ListObjectsV2Command({
          Bucket: this.bucket, Prefix: this.key(prefix), MaxKeys: want,
          ...(token !== undefined ? { ContinuationToken: token } : startAfter !== undefined ? { StartAfter: this.key(startAfter) } : {}),
        }));
        for (const o of r.Contents ?? []) {
          if (o.Key === undefined || !o.Key.startsWith(this.prefix)) continue;
          out.push({ path: o.Key.slice(this.prefix.length), size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 });
        }
        token = r.IsTruncated === true ? r.NextContinuationToken : undefined;
      } while (token !== undefined && (limit === undefined || out.length < limit));
    } catch (e) {
      throw this.fail('list', prefix, e);
    }
    return limit === undefined ? out : out.slice(0, limit);
  }

  async delete(path: string): Promise<void> {
    try {
      const { sdk, client } = await this.conn();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
    } catch (e) {
      if (isMissingKey(e)) return;
      throw this.fail('remove', path, e);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const { sdk, client } = await this.conn();
    // List then delete page by page, so a prefix of millions of objects never sits in memory at once.
    for (;;) {
      const keys = await this.list(prefix, undefined, DELETE_BATCH);
      if (keys.length === 0) return;
      try {
        const r = await client.send(new sdk.DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.map((o) => ({ Key: this.key(o.path) })), Quiet: true },
        }));
        const err = r.Errors?.[0];
        if (err !== undefined) {
          throw Object.assign(new Error(`${err.Key}: ${err.Message ?? ''}`), { name: err.Code ?? 'DeleteObjectsError' });
        }
      } catch (e) {
        throw this.fail('remove', prefix, e);
      }
      if (keys.length < DELETE_BATCH) return;
    }
  }

  async head(path: string): Promise<ObjectMeta | undefined> {
    const h = await this.headWithEtag(path);
    return h === undefined ? undefined : h.meta;
  }

  private async headWithEtag(path: string): Promise<{ meta: ObjectMeta; etag: string | undefined } | undefined> {
    try {
      const { sdk, client } = await this.conn();
      const r = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
      return { meta: { path, size: r.ContentLength ?? 0, lastModified: r.LastModified?.getTime() ?? 0 }, etag: r.ETag };
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      throw this.fail('stat', path, e);
    }
  }

  async openBlob(path: string): Promise<Blob | undefined> {
    const h = await this.headWithEtag(path);
    if (h === undefined) return undefined;
    // Each read names the version it was opened on: an object replaced mid-read fails instead of mixing bytes.
    return new RangeBlob(async (offset, length) => {
      try {
        return await this.read(path, { offset, length }, h.etag);
      } catch (e) {
        throw this.fail('read', path, e);
      }
    }, 0, h.meta.size);
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && Buffer.compare(a, b) === 0;
}
