/**
 * Plain Parquet files as a table: the columns of the first file's schema (arrow-sql-type.ts) and a snapshot
 * listing every file, which TableStorage.scan reads like a Delta table's data files (projection, row groups,
 * a file lacking a column reads it as NULL). Nothing is cached across statements: the files are listed and
 * the schema read anew each time, since plain files may change.
 */
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { SqlError, SqlState, type ColumnSchema, type DataFile, type TableSnapshot } from '../../common/index.ts';
import { openFile, resolveFiles } from './file-set.ts';
import { sqlTypeOfArrowField } from './arrow-sql-type.ts';

export interface ParquetFileSet {
  /** The files' common directory (the store root their paths are relative to). */
  readonly location: string;
  readonly columns: readonly ColumnSchema[];
  readonly snapshot: TableSnapshot;
}

/** Open a Parquet file: 22P04 when its bytes are not Parquet. */
export async function openParquet(blob: Blob, name: string): Promise<pw.ParquetFile> {
  try {
    return await pw.ParquetFile.fromFile(blob);
  } catch (e) {
    throw new SqlError(SqlState.badCopyFileFormat, `file "${name}" is not a Parquet file`, {
      detail: e instanceof Error ? e.message : String(e),
    });
  }
}

/** The columns of a Parquet file as SQL columns (0A000 for a type Basin cannot read, 42701 for a repeated name). */
export async function parquetColumns(blob: Blob, name: string): Promise<ColumnSchema[]> {
  const file = await openParquet(blob, name);
  let schema: arrow.Schema;
  try {
    schema = arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
  } finally {
    file.free();
  }
  const seen = new Set<string>();
  return schema.fields.map((f) => {
    if (seen.has(f.name)) throw new SqlError(SqlState.duplicateColumn, `column "${f.name}" appears twice in Parquet file "${name}"`);
    seen.add(f.name);
    return { name: f.name, type: sqlTypeOfArrowField(f, name), nullable: f.nullable };
  });
}

/** Keys become Delta-style relative paths, which the scan URL-decodes. */
const encodePath = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

/** The files that `locations` name (files, globs, directories of `*.parquet`), with the first one's columns. */
export async function parquetFileSet(locations: readonly string[]): Promise<ParquetFileSet> {
  const set = await resolveFiles(locations, '.parquet');
  const first = set.files[0]!;
  const firstName = `${set.location.replace(/\/+$/, '')}/${first.path}`;
  const { blob } = await openFile(firstName);
  const columns = await parquetColumns(blob, firstName);
  const files: DataFile[] = set.files.map((f) => ({ path: encodePath(f.path), size: f.size, modificationTime: f.lastModified, stats: undefined }));
  return { location: set.location, columns, snapshot: { version: 0, schema: columns, files, properties: {} } };
}
