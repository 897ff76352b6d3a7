/**
 * COPY table [(columns)] TO STDOUT | 'file' and COPY (query) TO STDOUT | 'file' [WITH] (options): the rows of
 * the table (read as `SELECT columns FROM table` would, so row filters and column masks apply) or of the
 * query (a SELECT, or INSERT/UPDATE/DELETE … RETURNING), in PostgreSQL's text, CSV or binary format
 * (row-format.ts). To STDOUT they stream as CopyData with the socket's backpressure; to a file see
 * file-target.ts. The tag is `COPY n`.
 */
import { SqlError, SqlState, type Batch, type SqlType } from '../../../../common/index.ts';
import { strings, type Ast } from '../../../../sql/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../../statement-context.ts';
import { runInsert } from '../insert.ts';
import { runQuery } from '../query.ts';
import { runModify } from '../update-delete.ts';
import { copyColumns, copyTable } from './copy-columns.ts';
import { parseCopyOptions } from './copy-options.ts';
import { openFileTarget, type CopyTarget } from './file-target.ts';
import { RowFormatter } from './row-format.ts';

/** Rows written between waits for the client (or file) to take them. */
const ROOM_EVERY = 4096;

interface Source {
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
  readonly rows: AsyncIterable<Batch>;
  /** FORCE_QUOTE column names → output column index, with the errors PostgreSQL gives for each kind of source. */
  forceQuoteIndex(name: string): number;
}

/** COPY pg_class TO …: a system relation is copied as the query over it that names the same columns. */
async function systemSource(n: Ast, ctx: StatementContext): Promise<Source | undefined> {
  const rel = await ctx.bindContext.catalog.relation(n.relation.schemaname, n.relation.relname);
  if (rel?.kind !== 'system') return undefined;
  const names = strings(n.attlist);
  const targets = names.length === 0 ? [{ ResTarget: { val: { ColumnRef: { fields: [{ A_Star: {} }] } } } }]
    : names.map((c) => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: c } }] } } } }));
  return querySource({ SelectStmt: { targetList: targets, fromClause: [{ RangeVar: n.relation }], limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } }, ctx);
}

/** `SELECT columns FROM table`, as an AST, so that the table is read with everything a query applies. */
async function tableSource(n: Ast, ctx: StatementContext): Promise<Source> {
  const system = await systemSource(n, ctx);
  if (system !== undefined) return system;
  const table = copyTable(ctx, n.relation, false);
  const copied = copyColumns(table, strings(n.attlist));
  const columns = copied.map((i) => table.columns[i]!);
  const select: Ast = {
    SelectStmt: {
      targetList: columns.map((c) => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: c.name } }] } } } })),
      fromClause: [{ RangeVar: n.relation }],
      limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE',
    },
  };
  const out = await runQuery(select, ctx);
  return {
    names: columns.map((c) => c.name),
    types: (out.fields ?? []).map((f) => f.type),
    rows: out.rows!,
    forceQuoteIndex(name) {
      const i = table.columns.findIndex((c) => c.name === name);
      if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
      const k = copied.indexOf(i);
      if (k < 0) throw new SqlError(SqlState.invalidColumnReference, `FORCE_QUOTE column "${name}" not referenced by COPY`);
      return k;
    },
  };
}

async function querySource(query: Ast, ctx: StatementContext): Promise<Source> {
  const [kind, node] = Object.entries(query)[0] as [string, Ast];
  let out: Outcome;
  if (kind === 'SelectStmt') out = await runQuery(query, ctx);
  else if (kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt') {
    if (((node.returningClause?.exprs ?? node.returningList ?? []) as Ast[]).length === 0) {
      throw new SqlError(SqlState.featureNotSupported, 'COPY query must have a RETURNING clause');
    }
    out = kind === 'InsertStmt' ? await runInsert(node, ctx) : await runModify(kind === 'UpdateStmt' ? 'update' : 'delete', node, ctx);
  } else {
    throw new SqlError(SqlState.featureNotSupported, `COPY (${kind.replace(/Stmt$/, '').toUpperCase()} …) TO is not supported`);
  }
  const fields = out.fields ?? [];
  const names = fields.map((f) => f.name);
  return {
    names,
    types: fields.map((f) => f.type),
    rows: out.rows ?? (async function* () {})(),
    forceQuoteIndex(name) {
      const k = names.indexOf(name);
      if (k < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" does not exist`);
      return k;
    },
  };
}

export async function runCopyTo(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const pos = (loc: number | undefined): number | undefined => (loc === undefined ? undefined : loc + 1);
  const options = parseCopyOptions((n.options ?? []) as Ast[], false, pos);
  if (options.format === 'parquet') {
    throw new SqlError(SqlState.featureNotSupported, 'COPY TO does not support FORMAT parquet', {
      hint: 'CREATE TABLE … LOCATION writes a Delta table of Parquet files.',
    });
  }
  const source = n.query !== undefined ? await querySource(n.query, ctx) : await tableSource(n, ctx);
  const forced = source.names.map(() => options.forceQuote === '*');
  if (options.forceQuote !== '*') for (const name of options.forceQuote) forced[source.forceQuoteIndex(name)] = true;
  const exec = ctx.execContext();
  const format = new RowFormatter(options, source.names, source.types, forced, exec.textOptions);
  const target: CopyTarget = n.filename === undefined
    ? { ...ctx.sink.copyOut({ binary: options.format === 'binary', columns: source.names.length }), abort: async () => {} }
    : await openFileTarget(n.filename as string);
  let count = 0;
  try {
    const header = format.header();
    if (header !== null) target.data(header);
    for await (const batch of source.rows) {
      exec.checkCancel();
      let sinceRoom = 0;
      for (const row of format.rows(batch)) {
        target.data(row);
        if (++sinceRoom === ROOM_EVERY) {
          sinceRoom = 0;
          await target.room();
        }
      }
      count += batch.length;
      await target.room();
    }
    const trailer = format.trailer();
    if (trailer !== null) target.data(trailer);
    await target.done();
  } catch (e) {
    await target.abort();
    throw e;
  }
  return commandOutcome(`COPY ${count}`);
}
