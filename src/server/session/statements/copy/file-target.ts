/**
 * Where COPY … TO 'file' writes: a local file (an absolute path or a file:// URL) written as it goes, with
 * PostgreSQL's open errors; any other URL (s3://…) is collected and stored as one object at the end, since
 * an object store writes whole objects. PostgreSQL refuses relative paths here (its COPY FROM takes them
 * relative to the data directory, but COPY TO does not), and so does Basin.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlError, SqlState } from '../../../../common/index.ts';
import { locationScheme, objectStoreFor } from '../../../../storage/index.ts';

/** Where COPY TO's rows go: STDOUT (the wire's CopyOutStream) or a file. */
export interface CopyTarget {
  data(data: string | Uint8Array): void;
  room(): Promise<void>;
  done(): void | Promise<void>;
  /** The COPY failed: release what was opened (a partly written local file stays, as in PostgreSQL). */
  abort(): Promise<void>;
}

/** Bytes gathered before one write to the file. */
const WRITE_AT = 1 << 20;

function openError(location: string, err: NodeJS.ErrnoException): SqlError {
  switch (err.code) {
    case 'ENOENT': return new SqlError(SqlState.undefinedFile, `could not open file "${location}" for writing: No such file or directory`);
    case 'EACCES': case 'EPERM':
      return new SqlError(SqlState.insufficientPrivilege, `could not open file "${location}" for writing: Permission denied`);
    case 'EISDIR': return new SqlError(SqlState.wrongObjectType, `"${location}" is a directory`);
    default: return new SqlError(SqlState.ioError, `could not write to file "${location}": ${err.message}`);
  }
}

export async function openFileTarget(location: string): Promise<CopyTarget> {
  const scheme = locationScheme(location);
  if (scheme === undefined && !nodePath.isAbsolute(location)) {
    throw new SqlError(SqlState.invalidName, 'relative path not allowed for COPY to file');
  }
  if (scheme === undefined || scheme === 'file') return localTarget(location, scheme === 'file' ? fileURLToPath(location) : location);
  return objectTarget(location);
}

async function localTarget(location: string, path: string): Promise<CopyTarget> {
  const stream: WriteStream = createWriteStream(path);
  let failure: SqlError | undefined;
  stream.on('error', (e) => { failure ??= openError(location, e); });
  await new Promise<void>((resolve) => {
    stream.once('open', () => resolve());
    stream.once('error', () => resolve());
  });
  if (failure !== undefined) throw failure;
  let pending: (string | Uint8Array)[] = [];
  let pendingBytes = 0;
  const write = (): void => {
    if (pending.length === 0) return;
    stream.write(Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
    pending = [];
    pendingBytes = 0;
  };
  const check = (): void => { if (failure !== undefined) throw failure; };
  return {
    data(d) {
      pending.push(d);
      pendingBytes += d.length;
      if (pendingBytes >= WRITE_AT) write();
    },
    async room() {
      check();
      if (stream.writableNeedDrain) await new Promise<void>((resolve) => stream.once('drain', resolve));
      check();
    },
    async done() {
      write();
      await new Promise<void>((resolve) => stream.end(resolve));
      check();
    },
    async abort() {
      stream.destroy();
    },
  };
}

function objectTarget(location: string): CopyTarget {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)(\/.*)?$/.exec(location);
  const path = m?.[2] ?? '';
  const slash = path.lastIndexOf('/');
  if (m === null || slash < 0 || slash === path.length - 1) {
    throw new SqlError(SqlState.invalidParameterValue, `"${location}" does not name a file`);
  }
  const store = objectStoreFor(m[1]! + path.slice(0, slash));
  const name = path.slice(slash + 1);
  const parts: Buffer[] = [];
  return {
    data(d) { parts.push(typeof d === 'string' ? Buffer.from(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength)); },
    async room() {},
    async done() { await store.put(name, Buffer.concat(parts)); },
    async abort() {},
  };
}
