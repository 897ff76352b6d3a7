/**
 * `table_changes('t', start [, end])` in FROM: Databricks' reader of a table's change data feed. Start and end
 * are versions (integers) or times (a string, date or timestamp, read as timestamptz in the session's time
 * zone); the range is inclusive and ends at the latest version when no end is given. The result has the
 * table's columns at the end version, then `_change_type` ('insert', 'delete', 'update_preimage',
 * 'update_postimage'), `_commit_version` and `_commit_timestamp`. The table name may be qualified
 * (`'schema.t'`); unquoted parts fold to lower case as in SQL, "double" or `back` quotes keep theirs.
 *
 * The rows are read when the statement is bound (the storage's change feed, storage/delta/change-feed.ts),
 * so a later statement of the same transaction sees the versions committed by then.
 */
import { getValue, SqlError, SqlState, T } from '../../../common/index.ts';
import { evalExpr } from '../../../exec/index.ts';
import { someExpr, type Expr, type ResolvedTableFunction, type SrfColumn } from '../../../plan/index.ts';
import { coerce } from '../../../sql/index.ts';
import type { ChangePoint } from '../../../storage/index.ts';
import type { StatementContext } from '../statement-context.ts';
import { findRelation } from './ddl.ts';

export const TABLE_CHANGES = 'table_changes';

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

/** The catalog's answer to a function call in FROM (CatalogReader.tableFunction). */
export async function resolveTableFunction(ctx: StatementContext, name: string, args: () => readonly Expr[]): Promise<ResolvedTableFunction | undefined> {
  return name === TABLE_CHANGES ? tableChanges(ctx, args()) : undefined;
}

function evaluate(e: Expr, ctx: StatementContext, what: string): unknown {
  const v = evalExpr(e, { columns: [], length: 1 }, ctx.execContext());
  const x = getValue(v, 0);
  if (x === null) throw new SqlError(SqlState.nullValueNotAllowed, `the ${what} of table_changes must not be null`);
  return x;
}

/** A version (an integer) or a time (anything that casts to timestamptz). */
function changePoint(e: Expr, ctx: StatementContext, what: string): ChangePoint {
  if (INTEGER_TYPES.has(e.type.id)) {
    const v = Number(evaluate(e, ctx, what) as number | bigint);
    if (v < 0) throw new SqlError(SqlState.invalidParameterValue, `the ${what} of table_changes must not be negative: ${v}`);
    return { version: v };
  }
  const micros = evaluate(coerce(e, T.timestamptz, 'explicit', ctx.paramTypes), ctx, what) as number;
  return { timestampMs: Math.floor(micros / 1000) };
}

/** `a.b`, `"A"."b c"`, `` `t` `` → name parts (unquoted ones folded to lower case). */
export function nameParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const q = text[i];
    if (q === '"' || q === '`') {
      let part = '';
      for (i++; ; i++) {
        if (i >= text.length) return undefined;
        if (text[i] === q) {
          if (text[i + 1] !== q) break;
          i++;
        }
        part += text[i];
      }
      i++;
      parts.push(part);
    } else {
      const m = /^[^."`\s]+/.exec(text.slice(i));
      if (m === null) return undefined;
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    if (i === text.length) return parts;
    if (text[i] !== '.') return undefined;
    i++;
  }
}

async function tableChanges(ctx: StatementContext, args: readonly Expr[]): Promise<ResolvedTableFunction> {
  if (args.length < 2 || args.length > 3) {
    throw new SqlError(SqlState.undefinedFunction, `function table_changes(${args.map((a) => a.type.id).join(', ')}) does not exist`, {
      hint: 'table_changes takes a table name, a start version or timestamp and an optional end version or timestamp.',
    });
  }
  // A prepared statement's Describe has no parameter values yet: the columns need only the table.
  const exec = ctx.execContext();
  const describing = exec.params.length === 0 && args.some((a) => someExpr(a, (x) => x.kind === 'param'));
  if (describing && someExpr(args[0]!, (x) => x.kind === 'param')) {
    throw new SqlError(SqlState.featureNotSupported, 'the table name of table_changes must be a constant, not a parameter');
  }
  const text = String(evaluate(coerce(args[0]!, T.text, 'explicit', ctx.paramTypes), ctx, 'table name'));
  const parts = nameParts(text.trim());
  if (parts === undefined || parts.length > 3 || (parts.length === 3 && parts[0] !== ctx.database)) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid table name "${text}" in table_changes`);
  }
  const rel = findRelation(ctx, parts.slice(-2));
  if (rel === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${text}" does not exist`);
  if (rel.kind !== 'table') throw new SqlError(SqlState.wrongObjectType, `"${text}" is not a table`);
  const columnsOf = (schema: readonly { name: string; type: SrfColumn['type'] }[]): SrfColumn[] => [
    ...schema.map((c) => ({ name: c.name, type: c.type })),
    { name: '_change_type', type: T.text }, { name: '_commit_version', type: T.int8 }, { name: '_commit_timestamp', type: T.timestamptz },
  ];
  if (describing) return { columns: columnsOf((await ctx.services.storage.snapshot(rel.location)).schema), rows: [] };
  const start = changePoint(args[1]!, ctx, 'start');
  const end = args[2] === undefined ? undefined : changePoint(args[2], ctx, 'end');
  const feed = await ctx.services.storage.changes(rel.location, { start, ...(end === undefined ? {} : { end }), batchSize: exec.batchSize });
  const columns = columnsOf(feed.schema);
  const rows: unknown[][] = [];
  for await (const b of feed.batches) {
    exec.checkCancel();
    for (let i = 0; i < b.length; i++) rows.push(b.columns.map((v) => getValue(v, i)));
  }
  return { columns, rows };
}
