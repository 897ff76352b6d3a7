/**
 * COPY … FROM 'file.parquet' (FORMAT parquet), Basin's extension: each COPY column is read from the file's
 * column of the same name (exactly, else case-insensitively) and cast to the table's type by assignment
 * rules, as INSERT … SELECT would. Columns of the file that the COPY does not name are ignored.
 */
import { SqlError, SqlState, type Batch } from '../../../../common/index.ts';
import { evalExprs, type ExecContext } from '../../../../exec/index.ts';
import type { Expr } from '../../../../plan/index.ts';
import { coerce } from '../../../../sql/index.ts';
import { parquetColumns, readParquet } from '../../../../storage/index.ts';
import type { CopyColumn } from './delimited-reader.ts';

export async function* parquetBatches(blob: Blob, location: string, columns: readonly CopyColumn[], exec: ExecContext): AsyncGenerator<Batch> {
  const inFile = await parquetColumns(blob, location);
  const picked = columns.map((c) => {
    const f = inFile.find((x) => x.name === c.name) ?? inFile.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (f === undefined) {
      throw new SqlError(SqlState.undefinedColumn, `Parquet file "${location}" has no column "${c.name}"`, {
        detail: `Its columns are: ${inFile.map((x) => x.name).join(', ')}.`,
      });
    }
    return f;
  });
  const casts: Expr[] = picked.map((f, k) =>
    coerce({ kind: 'column', index: k, type: f.type, name: f.name }, columns[k]!.type, 'assignment', [], undefined, `column "${columns[k]!.name}"`));
  const read = picked.map((f) => ({ name: f.name, type: f.type }));
  for await (const b of readParquet(blob, { columns: read, batchSize: Math.max(1024, exec.batchSize) })) {
    exec.checkCancel();
    yield { columns: await evalExprs(casts, b, exec), length: b.length };
  }
}
