/**
 * Spill files: where an operator puts what does not fit in `work_mem`. A TempSpace is the server's
 * directory for them (one per server process, so two servers never share one); a SpillFile is one
 * operator's file of batches, appended in order and read back by index. Files are deleted when the
 * operator is done with them, and the directory when the server stops; a directory left by a process that
 * died (kill -9) is removed by the next server that starts on the same base directory.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { takeBatch, type Batch, type SqlType } from '../../common/index.ts';
import { decodeBatch, encodeBatch } from './batch-codec.ts';

const PREFIX = 'spill-';

export class TempSpace {
  private made = false;
  private serial = 0;
  /** Bytes written to spill files since the server started. */
  bytesWritten = 0;
  filesCreated = 0;
  readonly dir: string;

  /** `base`: the directory that holds this process's own (made on first use). */
  constructor(readonly base: string) {
    this.dir = path.join(base, `${PREFIX}${process.pid}`);
  }

  /** Remove what processes that are no longer running left under `base`. */
  removeStale(): void {
    let names: string[];
    try {
      names = readdirSync(this.base);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(PREFIX)) continue;
      const pid = Number(name.slice(PREFIX.length));
      if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
      rmSync(path.join(this.base, name), { recursive: true, force: true });
    }
  }

  /** A new, empty spill file; `label` names the operator in the file name. */
  async create(label: string): Promise<SpillFile> {
    if (!this.made) {
      mkdirSync(this.dir, { recursive: true });
      this.made = true;
    }
    const file = path.join(this.dir, `${label}-${++this.serial}.tmp`);
    const handle = await open(file, 'w+');
    this.filesCreated++;
    return new SpillFile(file, handle, this);
  }

  /** Remove this process's directory (at shutdown). */
  removeAll(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.made = false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One operator's file of batches. */
export class SpillFile {
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  /** Each batch's column types (not written: scaled numerics and the like are the reader's to know). */
  private readonly types: SqlType[][] = [];
  private end = 0;
  private closed = false;

  constructor(readonly path: string, private readonly handle: FileHandle, private readonly space: TempSpace) {}

  /** How many batches the file holds. */
  get count(): number {
    return this.offsets.length;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.end;
  }

  /** Append a batch; its index is the number of batches before it. */
  async append(b: Batch): Promise<void> {
    const chunks = encodeBatch(b);
    let length = 0;
    for (const c of chunks) length += c.byteLength;
    await this.handle.writev(chunks, this.end);
    this.offsets.push(this.end);
    this.lengths.push(length);
    this.types.push(b.columns.map((c) => c.type));
    this.end += length;
    this.space.bytesWritten += length;
  }

  /** Batch `i`, its columns of the types it was written with. */
  async read(i: number): Promise<Batch> {
    const length = this.lengths[i]!;
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(bytes, done, length - done, this.offsets[i]! + done);
      if (bytesRead === 0) throw new Error(`spill file ${this.path} ends early`);
      done += bytesRead;
    }
    return decodeBatch(bytes, this.types[i]!);
  }

  /** Every batch, in order. */
  async *batches(): AsyncGenerator<Batch> {
    for (let i = 0; i < this.count; i++) yield await this.read(i);
  }

  /** Close and delete the file (again is a no-op). */
  async remove(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}

/** Append row i of `b` to `files[where[i]]` (a hash partitioning), batch by batch. */
export async function appendPartitioned(files: readonly SpillFile[], b: Batch, where: Uint8Array): Promise<void> {
  const rows: number[][] = files.map(() => []);
  for (let i = 0; i < b.length; i++) rows[where[i]!]!.push(i);
  for (let p = 0; p < files.length; p++) {
    if (rows[p]!.length === 0) continue;
    await files[p]!.append(rows[p]!.length === b.length ? b : takeBatch(b, rows[p]!));
  }
}
