/**
 * Stream a Parquet file as Basin Batches: only the requested columns are read (the async ParquetFile honours
 * the projection; the sync readParquet reads every column), in batches of `batchSize` rows that never span
 * row groups. A requested column the file lacks (added by ALTER TABLE later) comes back all NULL.
 */
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import type { SqlType } from '../../common/index.ts';
import { constantVector, type Batch, type Vector } from '../../common/index.ts';
import { arrowToVector } from './from-arrow.ts';

export interface ParquetReadColumn {
  readonly name: string;
  readonly type: SqlType;
  /** Value for every row when the file lacks the column (a Delta partition value); NULL when undefined. */
  readonly missingValue?: unknown;
}

export interface ParquetReadOptions {
  readonly columns: readonly ParquetReadColumn[];
  readonly batchSize: number;
  /** Row groups to read (all when omitted), e.g. one morsel. */
  readonly rowGroups?: readonly number[];
}

/** Column names of a Parquet file's Arrow schema. */
function fileColumnNames(file: pw.ParquetFile): Set<string> {
  const ipc = file.schema().intoIPCStream();
  return new Set(arrow.tableFromIPC(ipc).schema.fields.map((f) => f.name));
}

/** Row counts of the row groups to read, for scans that need no column data (count(*), only new columns). */
function rowGroupSizes(file: pw.ParquetFile, rowGroups: readonly number[] | undefined): number[] {
  const md = file.metadata();
  try {
    const all = md.numRowGroups();
    const out: number[] = [];
    for (const i of rowGroups ?? Array.from({ length: all }, (_, k) => k)) {
      const rg = md.rowGroup(i);
      out.push(rg.numRows());
      rg.free();
    }
    return out;
  } finally {
    md.free();
  }
}

export async function* readParquet(blob: Blob, options: ParquetReadOptions): AsyncGenerator<Batch> {
  const file = await pw.ParquetFile.fromFile(blob);
  try {
    const present = fileColumnNames(file);
    const wanted = [...new Set(options.columns.map((c) => c.name).filter((n) => present.has(n)))];
    const missing = (c: ParquetReadColumn, n: number): Vector => constantVector(c.type, c.missingValue ?? null, n);
    if (wanted.length === 0) {
      for (const rows of rowGroupSizes(file, options.rowGroups)) {
        for (let start = 0; start < rows; start += options.batchSize) {
          const n = Math.min(options.batchSize, rows - start);
          yield { columns: options.columns.map((c) => missing(c, n)), length: n };
        }
      }
      return;
    }
    const stream = await file.stream({
      columns: wanted,
      batchSize: options.batchSize,
      ...(options.rowGroups === undefined ? {} : { rowGroups: [...options.rowGroups] }),
    }) as ReadableStream<pw.RecordBatch>;
    const reader = stream.getReader();
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        const table = arrow.tableFromIPC(next.value.intoIPCStream()); // consumes the WASM batch
        for (const rb of table.batches) {
          const n = rb.numRows;
          const columns = options.columns.map((c) => {
            const child = rb.getChild(c.name);
            return child === null ? missing(c, n) : arrowToVector(child.data[0]!, c.type);
          });
          yield { columns, length: n };
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } finally {
    file.free();
  }
}
