/**
 * A Blob whose bytes stay remote: `slice` is free and only `arrayBuffer`/`bytes`/`text`/`stream` read, each
 * with one ranged request for exactly the bytes asked for. parquet-wasm's ParquetFile.fromFile reads a file
 * through `size`, `slice` and `arrayBuffer`, so a Parquet scan fetches the footer and the projected column
 * chunks, never the whole object.
 */
import { ReadableStream } from 'node:stream/web';

/** Read `length` bytes at `offset` of the underlying object (exactly that many, or fail). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Bytes per read when the blob is consumed as a stream. */
const STREAM_CHUNK = 8 << 20;

export class RangeBlob implements Blob {
  readonly type: string;

  constructor(private readonly read: RangeReader, private readonly start: number, readonly size: number, type = '') {
    this.type = type;
  }

  slice(start?: number, end?: number, contentType?: string): Blob {
    const from = clamp(start ?? 0, this.size);
    const to = Math.max(from, clamp(end ?? this.size, this.size));
    return new RangeBlob(this.read, this.start + from, to - from, contentType ?? '');
  }

  async bytes(): Promise<Uint8Array> {
    if (this.size === 0) return new Uint8Array(0);
    const b = await this.read(this.start, this.size);
    if (b.length !== this.size) {
      throw new Error(`short read: ${b.length} of ${this.size} bytes at offset ${this.start}`);
    }
    return b;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.bytes();
    if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) return b.buffer;
    return b.slice().buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  stream(): ReadableStream<Uint8Array> {
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (offset >= this.size) {
          controller.close();
          return;
        }
        const n = Math.min(STREAM_CHUNK, this.size - offset);
        const chunk = await (this.slice(offset, offset + n) as RangeBlob).bytes();
        offset += n;
        controller.enqueue(chunk);
      },
    });
  }
}

/** Blob.slice's index rule: negative counts from the end; the result is clamped to [0, size]. */
function clamp(i: number, size: number): number {
  const n = Math.trunc(i);
  return n < 0 ? Math.max(0, size + n) : Math.min(n, size);
}
