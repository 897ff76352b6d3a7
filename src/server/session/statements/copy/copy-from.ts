/**
 * COPY table [(columns)] FROM 'file' [WITH] (options) [WHERE condition]: PostgreSQL's COPY FROM a server-side
 * file in text or CSV format, plus Basin's FORMAT parquet (columns matched by name). The rows go through
 * writeRows like INSERT's: columns not listed take their defaults (identity and generated columns included),
 * and NOT NULL and CHECK constraints hold. The tag is `COPY n`.
 *
 * The file is named by an absolute path or URL (s3://…, file://…) and read through the object store; a
 * relative path is taken relative to the data directory, as PostgreSQL takes it relative to its own. In
 * PostgreSQL only superusers (and pg_read_server_files) may read server files; Basin's one role is a
 * superuser, so every session may.
 *
 * COPY FROM STDIN and COPY TO are answered with 0A000 for now; STDIN will feed DelimitedReader the same way.
 */
import * as nodePath from 'node:path';
import { constantVector, SqlError, SqlState, takeBatch, type Batch, type Vector } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import { evalExprs, type ExecContext } from '../../../../exec/index.ts';
import type { Expr } from '../../../../plan/index.ts';
import { asBool, bindExpr, Scope, strings, type Ast, type ExprEnv } from '../../../../sql/index.ts';
import { joinLocation, locationScheme, openFile } from '../../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../../statement-context.ts';
import { findRelation } from '../ddl.ts';
import { columnDefaults, prepareDefaults, writeRows } from '../insert.ts';
import { binderState } from '../query.ts';
import { parseCopyOptions } from './copy-options.ts';
import { DelimitedReader, type CopyColumn } from './delimited-reader.ts';
import { parquetBatches } from './parquet-source.ts';

/** What COPY forms Basin does not run (yet), each with its own message. */
function refuseForm(n: Ast): void {
  if (n.is_from !== true) {
    const to = n.is_program === true ? 'PROGRAM' : n.filename === undefined ? 'STDOUT' : 'a file';
    throw new SqlError(SqlState.featureNotSupported, `COPY TO ${to} is not supported yet`);
  }
  if (n.is_program === true) {
    throw new SqlError(SqlState.featureNotSupported, 'COPY FROM PROGRAM is not supported', {
      hint: 'Basin does not run programs on the server; COPY FROM a file or URL instead.',
    });
  }
  if (n.filename === undefined) throw new SqlError(SqlState.featureNotSupported, 'COPY FROM STDIN is not supported yet');
}

/** The COPY's columns by table index: the list given, or every column but the generated ones (PostgreSQL's CopyGetAttnums). */
function copyColumns(table: TableDef, names: readonly string[]): number[] {
  if (names.length === 0) return table.columns.flatMap((c, i) => (c.generated === undefined ? [i] : []));
  const out: number[] = [];
  for (const name of names) {
    const i = table.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
    if (table.columns[i]!.generated !== undefined) {
      throw new SqlError(SqlState.invalidColumnReference, `column "${name}" is a generated column`, { detail: 'Generated columns cannot be used in COPY.' });
    }
    if (out.includes(i)) throw new SqlError(SqlState.duplicateColumn, `column "${name}" specified more than once`);
    out.push(i);
  }
  return out;
}

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

/** Text and CSV rows from a file, read in chunks. */
async function* delimitedBatches(blob: Blob, reader: DelimitedReader, exec: ExecContext): AsyncGenerator<Batch> {
  for (let off = 0; off < blob.size && !reader.ended; off += CHUNK) {
    exec.checkCancel();
    const chunk = new Uint8Array(await blob.slice(off, Math.min(blob.size, off + CHUNK)).arrayBuffer());
    yield* reader.push(chunk);
  }
  yield* reader.finish();
}

export async function runCopy(n: Ast, ctx: StatementContext): Promise<Outcome> {
  refuseForm(n);
  const rv = n.relation;
  const pos = (loc: number | undefined): number | undefined => (loc === undefined ? undefined : loc + 1);
  const rel = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
  if (rel === undefined) {
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.schemaname === undefined ? rv.relname : `${rv.schemaname}.${rv.relname}`}" does not exist`);
  }
  if (rel.kind === 'view') {
    throw new SqlError(SqlState.wrongObjectType, `cannot copy to view "${rel.name}"`, {
      hint: 'To enable copying to a view, provide an INSTEAD OF INSERT trigger.',
    });
  }
  const table = rel;
  const options = parseCopyOptions((n.options ?? []) as Ast[], true, pos);
  if (options.format === 'binary') throw new SqlError(SqlState.featureNotSupported, 'COPY FORMAT binary is not supported yet');
  const copied = copyColumns(table, strings(n.attlist));
  const notNull = forcedColumns(table, options.forceNotNull, copied, 'FORCE_NOT_NULL');
  const forceNull = forcedColumns(table, options.forceNull, copied, 'FORCE_NULL');

  const state = binderState(ctx);
  const prepared = await prepareDefaults(ctx, table);
  const defaults = columnDefaults(table, state, prepared);
  const filter = n.whereClause === undefined ? null : bindWhere(n.whereClause, table, state);
  const exec = ctx.execContext();
  const location = fileLocation(ctx, n.filename as string);
  const { blob } = await openFile(location);

  const columns: CopyColumn[] = copied.map((i) => {
    const c = table.columns[i]!;
    return { name: c.name, type: c.type, forceNotNull: notNull.has(i), forceNull: forceNull.has(i) };
  });
  const source = options.format === 'parquet'
    ? parquetBatches(blob, location, columns, exec)
    : delimitedBatches(blob, new DelimitedReader(options, table.name, columns, exec.textOptions, Math.max(1024, exec.batchSize)), exec);
  const count = await writeRows(ctx, table, fullRows(source, table, copied, defaults, filter, exec), 'WRITE');
  return commandOutcome(`COPY ${count}`);
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
