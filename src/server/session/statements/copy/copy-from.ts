/**
 * COPY table [(columns)] FROM 'file' | STDIN [WITH] (options) [WHERE condition]: PostgreSQL's COPY FROM in
 * text, CSV and binary format, plus Basin's FORMAT parquet from a file (columns matched by name). The rows go
 * through writeRows like INSERT's: columns not listed take their defaults (identity and generated columns
 * included), and NOT NULL and CHECK constraints hold. The tag is `COPY n`.
 *
 * The input is read in chunks (a file's, or the client's CopyData messages) and its rows are written in groups
 * of data files as they fill, within the statement's transaction: a COPY of any size holds one group in
 * memory, and an error anywhere commits nothing.
 *
 * A file is named by an absolute path or URL (s3://…, file://…) and read through the object store; a
 * relative path is taken relative to the data directory, as PostgreSQL takes it relative to its own. In
 * PostgreSQL only superusers (and pg_read_server_files) may read server files; Basin's one role is a
 * superuser, so every session may.
 */
import * as nodePath from 'node:path';
import { constantVector, SqlError, SqlState, takeBatch, type Batch, type Vector } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import { evalExprs, type ExecContext } from '../../../../exec/index.ts';
import type { Expr } from '../../../../plan/index.ts';
import { asBool, bindExpr, Scope, strings, type Ast, type ExprEnv } from '../../../../sql/index.ts';
import { joinLocation, locationScheme, openFile } from '../../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../../statement-context.ts';
import { columnDefaults, prepareDefaults, writeRows } from '../insert.ts';
import { UniqueCheck } from '../constraints/unique-check.ts';
import { binderState } from '../query.ts';
import { BinaryReader } from './binary-reader.ts';
import { copyColumns, copyTable } from './copy-columns.ts';
import { parseCopyOptions } from './copy-options.ts';
import { DelimitedReader, type CopyColumn } from './delimited-reader.ts';
import { parquetBatches } from './parquet-source.ts';

/** FORCE_NOT_NULL / FORCE_NULL columns: table columns that the COPY reads. */
function forcedColumns(table: TableDef, names: readonly string[], copied: readonly number[], option: string): Set<number> {
  const out = new Set<number>();
  for (const name of names) {
    const i = table.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
    if (!copied.includes(i)) throw new SqlError(SqlState.invalidColumnReference, `${option} column "${name}" not referenced by COPY`);
    out.add(i);
  }
  return out;
}

/** The file's location: a relative path is relative to the data directory, as PostgreSQL's is to its own. */
function fileLocation(ctx: StatementContext, filename: string): string {
  if (locationScheme(filename) !== undefined || nodePath.isAbsolute(filename)) return filename;
  return joinLocation(ctx.services.dataDir, filename);
}

const CHUNK = 1 << 20;
/** Rows per writeRows call: each group becomes its own data files, so memory stays bounded. */
const GROUP_ROWS = 1 << 18;

/** A reader of text, CSV or binary COPY data: chunks in, Batches out. */
interface ChunkReader {
  /** The end of the data was read (text's `\.`, binary's trailer). */
  readonly ended: boolean;
  push(chunk: Uint8Array): Batch[];
  finish(): Batch[];
}

/** A file's bytes in chunks, up to its end or (text and CSV) the end-of-data marker. */
async function* fileChunks(blob: Blob, stop: () => boolean): AsyncGenerator<Uint8Array> {
  for (let off = 0; off < blob.size && !stop(); off += CHUNK) {
    yield new Uint8Array(await blob.slice(off, Math.min(blob.size, off + CHUNK)).arrayBuffer());
  }
}

/**
 * Rows from chunks. Every chunk is read even after the end-of-data marker: from STDIN the COPY lasts until
 * the client's CopyDone (text ignores what follows the marker; binary refuses it, as PostgreSQL does).
 */
async function* readerBatches(chunks: AsyncIterable<Uint8Array>, reader: ChunkReader, exec: ExecContext): AsyncGenerator<Batch> {
  for await (const chunk of chunks) {
    exec.checkCancel();
    yield* reader.push(chunk);
  }
  yield* reader.finish();
}

export async function runCopyFrom(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const pos = (loc: number | undefined): number | undefined => (loc === undefined ? undefined : loc + 1);
  const table = copyTable(ctx, n.relation, true);
  const options = parseCopyOptions((n.options ?? []) as Ast[], true, pos);
  const stdin = n.filename === undefined;
  if (stdin && options.format === 'parquet') {
    throw new SqlError(SqlState.featureNotSupported, 'COPY FROM STDIN does not support FORMAT parquet', {
      hint: 'A Parquet file is read from its footer: COPY FROM a file or URL instead.',
    });
  }
  const copied = copyColumns(table, strings(n.attlist));
  const notNull = forcedColumns(table, options.forceNotNull, copied, 'FORCE_NOT_NULL');
  const forceNull = forcedColumns(table, options.forceNull, copied, 'FORCE_NULL');

  const state = binderState(ctx);
  const prepared = await prepareDefaults(ctx, table);
  const defaults = columnDefaults(table, state, prepared);
  const filter = n.whereClause === undefined ? null : bindWhere(n.whereClause, table, state);
  const exec = ctx.execContext();
  const columns: CopyColumn[] = copied.map((i) => {
    const c = table.columns[i]!;
    return { name: c.name, type: c.type, forceNotNull: notNull.has(i), forceNull: forceNull.has(i) };
  });
  const batchSize = Math.max(1024, exec.batchSize);
  let source: AsyncIterable<Batch>;
  if (options.format === 'parquet') {
    const location = fileLocation(ctx, n.filename as string);
    source = parquetBatches((await openFile(location)).blob, location, columns, exec);
  } else {
    const reader: ChunkReader = options.format === 'binary'
      ? new BinaryReader(table.name, columns, batchSize)
      : new DelimitedReader(options, table.name, columns, exec.textOptions, batchSize);
    // Text stops reading a file at its end-of-data marker; binary reads on, to refuse data after its trailer.
    const chunks = stdin
      ? ctx.sink.copyIn({ binary: options.format === 'binary', columns: columns.length })
      : fileChunks((await openFile(fileLocation(ctx, n.filename as string))).blob, () => reader.ended && options.format !== 'binary');
    source = readerBatches(chunks, reader, exec);
  }
  const count = await writeInGroups(ctx, table, fullRows(source, table, copied, defaults, filter, exec));
  return commandOutcome(`COPY ${count}`);
}

/** writeRows over groups of GROUP_ROWS rows, so no more than one group is held at a time. */
async function writeInGroups(ctx: StatementContext, table: TableDef, batches: AsyncIterable<Batch>): Promise<number> {
  const it = batches[Symbol.asyncIterator]();
  const unique = await UniqueCheck.start(ctx, table);
  let total = 0;
  let exhausted = false;
  while (!exhausted) {
    let rows = 0;
    const group = async function* (): AsyncGenerator<Batch> {
      while (rows < GROUP_ROWS) {
        const next = await it.next();
        if (next.done === true) {
          exhausted = true;
          return;
        }
        rows += next.value.length;
        yield next.value;
      }
    };
    total += await writeRows(ctx, table, group(), 'WRITE', undefined, unique);
  }
  await unique?.finish();
  return total;
}

/** WHERE over the table's columns (the row as it will be stored, defaults included). */
function bindWhere(where: Ast, table: TableDef, state: ReturnType<typeof binderState>): Expr {
  const columns = table.columns.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: table.oid, attr: i + 1 }));
  const env: ExprEnv = {
    scope: new Scope([{ alias: table.name, schemaName: table.schema, columns }], undefined), state, aggs: undefined,
    clause: 'COPY FROM WHERE conditions',
  };
  const loc = (Object.values(where)[0] as { location?: number } | undefined)?.location;
  return asBool(bindExpr(where, env), env, 'argument of WHERE', state.pos(loc));
}

/** The COPY's columns completed to full table rows with defaults, and filtered by WHERE. */
async function* fullRows(source: AsyncIterable<Batch>, table: TableDef, copied: readonly number[],
  defaults: ReturnType<typeof columnDefaults>, filter: Expr | null, exec: ExecContext): AsyncGenerator<Batch> {
  const at = new Map(copied.map((ti, k) => [ti, k]));
  const defaultExprs = table.columns.map((_, i) => (at.has(i) ? null : defaults(i)));
  for await (const b of source) {
    if (b.length === 0) continue;
    const cols: Vector[] = [];
    for (const [i, c] of table.columns.entries()) {
      const k = at.get(i);
      const d = defaultExprs[i];
      cols.push(k !== undefined ? b.columns[k]! : d === null || d === undefined ? constantVector(c.type, null, b.length) : (await evalExprs([d], b, exec))[0]!);
    }
    const full: Batch = { columns: cols, length: b.length };
    if (filter === null) { yield full; continue; }
    const [mask] = await evalExprs([filter], full, exec);
    const keep: number[] = [];
    for (let r = 0; r < full.length; r++) if (mask!.values[r] === 1 && (mask!.nulls === null || mask!.nulls[r] === 0)) keep.push(r);
    if (keep.length === full.length) yield full;
    else if (keep.length > 0) yield takeBatch(full, keep);
  }
}
