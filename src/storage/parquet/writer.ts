/**
 * Basin Batches → one zstd Parquet file. Batches become Arrow RecordBatches as they arrive (stats are
 * gathered then); `finish()` hands the Arrow IPC stream to parquet-wasm, which writes the file. Every WASM
 * object is consumed or freed here: WASM memory never shrinks, so nothing may be left to the GC.
 */
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import type { Batch } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { arrowSchemaOf } from './arrow-schema.ts';
import { ColumnStats } from './column-stats.ts';
import { batchToArrow } from './to-arrow.ts';
import { encodeParquetAsync } from './encode-pool.ts';

export interface ParquetWriterOptions {
  /** Rows per row group: a row group is the unit of parallel scanning. */
  readonly rowGroupRows?: number;
}

export interface WrittenParquet {
  readonly bytes: Uint8Array;
  readonly numRecords: number;
  /** Per column, in schema order. */
  readonly stats: readonly ColumnStats[];
}

export const DEFAULT_ROW_GROUP_ROWS = 131_072;

export class ParquetWriter {
  readonly columns: readonly ColumnSchema[];
  private readonly schema: arrow.Schema;
  private readonly batches: arrow.RecordBatch[] = [];
  private readonly stats: ColumnStats[];
  private rows = 0;
  private readonly options: ParquetWriterOptions;

  constructor(columns: readonly ColumnSchema[], options: ParquetWriterOptions = {}) {
    this.columns = columns;
    this.schema = arrowSchemaOf(columns);
    this.stats = columns.map((c) => new ColumnStats(c.type));
    this.options = options;
  }

  get numRecords(): number { return this.rows; }

  /** Rough size of the data buffered so far (Arrow bytes), to decide when to roll to a new file. */
  get bufferedBytes(): number {
    let n = 0;
    for (const b of this.batches) for (const d of b.data.children) n += d.byteLength;
    return n;
  }

  write(batch: Batch): void {
    if (batch.length === 0) return;
    for (let i = 0; i < this.columns.length; i++) this.stats[i]!.add(batch.columns[i]!);
    this.batches.push(batchToArrow(batch, this.columns, this.schema));
    this.rows += batch.length;
  }

  finish(): WrittenParquet {
    const plain = this.plainColumns();
    const bytes = encodeParquet(this.takeIpc(), this.rowGroupRows, plain);
    return { bytes, numRecords: this.rows, stats: this.stats };
  }

  /** finish() with the encoding on a worker thread (see encode-pool.ts), so the caller can go on meanwhile. */
  async finishAsync(): Promise<WrittenParquet> {
    const plain = this.plainColumns();
    const bytes = await encodeParquetAsync(this.takeIpc(), this.rowGroupRows, plain);
    return { bytes, numRecords: this.rows, stats: this.stats };
  }

  /**
   * Columns with more distinct values than the statistics count (keys, prices, comments): dictionary
   * encoding would fill its page and give up on them, so they are written plain (zstd still compresses).
   */
  private plainColumns(): string[] {
    return this.columns.filter((_, i) => this.stats[i]!.manyDistinct).map((c) => c.name);
  }

  private get rowGroupRows(): number {
    return this.options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  }

  private takeIpc(): Uint8Array {
    const ipc = arrow.tableToIPC(new arrow.Table(this.schema, this.batches), 'stream');
    this.batches.length = 0;
    return ipc;
  }
}

/** Arrow IPC stream → zstd Parquet bytes; the `plain` columns without dictionary encoding. */
export function encodeParquet(ipc: Uint8Array, rowGroupRows: number, plain: readonly string[] = []): Uint8Array {
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    .setMaxRowGroupSize(rowGroupRows);
  for (const name of plain) builder = builder.setColumnDictionaryEnabled(name, false);
  let props: pw.WriterProperties | undefined = builder.build();
  let table: pw.Table | undefined;
  try {
    table = pw.Table.fromIPCStream(ipc);
    const t = table, p = props;
    table = undefined; props = undefined; // writeParquet consumes both, even when it throws
    return pw.writeParquet(t, p);
  } finally {
    table?.free();
    props?.free();
  }
}
