/**
 * ALTER TABLE ADD/DROP/RENAME COLUMN and ALTER TABLE/VIEW RENAME TO.
 *
 * Data files name their columns, so until Delta column mapping lands (lakehouse issue) DROP and RENAME COLUMN
 * rewrite the table's files, and ADD COLUMN with a default rewrites them to fill the default in; a plain ADD
 * COLUMN only changes the schema (old files read the new column as NULL).
 */
import { SqlError, SqlState, type Batch, type ColumnSchema } from '../../../common/index.ts';
import type { TableColumn, TableDef } from '../../../catalog/index.ts';
import { evalExpr } from '../../../exec/index.ts';
import { BinderState, bindExpr, coerce, resolveTypeName, Scope, type Ast } from '../../../sql/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { findRelation } from './ddl.ts';

function lookupTable(ctx: StatementContext, rv: Ast, missingOk: boolean, kind: 'table' | 'view' | 'any' = 'table') {
  const rel = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
  if (rel === undefined) {
    if (missingOk) {
      ctx.sink.notice(new SqlError(SqlState.successfulCompletion, `relation "${rv.relname}" does not exist, skipping`, { severity: 'NOTICE' }));
      return undefined;
    }
    throw new SqlError(SqlState.undefinedTable, `relation "${rv.relname}" does not exist`);
  }
  if (kind !== 'any' && rel.kind !== kind) throw new SqlError(SqlState.wrongObjectType, `"${rv.relname}" is not a ${kind}`);
  return rel;
}

const toSchema = (cols: readonly TableColumn[]): ColumnSchema[] => cols.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable }));

/** Read every row of the table (as the transaction sees it), transform each batch, and replace the files. */
async function rewrite(ctx: StatementContext, table: TableDef, columns: TableColumn[], f: (b: Batch) => Batch, op: string): Promise<void> {
  const snap = await ctx.tx.snapshot(table.location);
  const out: Batch[] = [];
  const all = snap.schema.map((_, i) => i);
  for await (const b of ctx.services.storage.scan(table.location, { snapshot: snap, columns: all, batchSize: 65536 })) out.push(f(b));
  const schema = toSchema(columns);
  await ctx.tx.removeFiles(table.location, 'all', { operation: op, user: ctx.user });
  await ctx.tx.setSchema(table.location, schema, { operation: op, user: ctx.user });
  if (out.some((b) => b.length > 0)) {
    const files = await ctx.services.storage.writeFiles(table.location, schema, out.filter((b) => b.length > 0));
    await ctx.tx.append(table.location, files, { operation: op, user: ctx.user });
  }
}

export async function alterTable(n: Ast, ctx: StatementContext): Promise<Outcome> {
  if (n.objtype !== undefined && n.objtype !== 'OBJECT_TABLE') {
    throw new SqlError(SqlState.featureNotSupported, `ALTER ${String(n.objtype).replace('OBJECT_', '')} is not supported`);
  }
  const rel = lookupTable(ctx, n.relation, n.missing_ok === true);
  if (rel === undefined) return commandOutcome('ALTER TABLE');
  let table = rel as TableDef;
  for (const c of (n.cmds ?? []) as Ast[]) {
    const cmd = c.AlterTableCmd;
    switch (cmd.subtype as string) {
      case 'AT_AddColumn': table = await addColumn(ctx, table, cmd.def.ColumnDef, cmd.missing_ok === true); break;
      case 'AT_DropColumn': table = await dropColumn(ctx, table, cmd.name, cmd.missing_ok === true); break;
      default: throw new SqlError(SqlState.featureNotSupported, `ALTER TABLE ${String(cmd.subtype).replace('AT_', '')} is not supported yet`);
    }
  }
  ctx.view.put(table);
  return commandOutcome('ALTER TABLE');
}

async function addColumn(ctx: StatementContext, table: TableDef, cd: Ast, ifNotExists: boolean): Promise<TableDef> {
  const name: string = cd.colname;
  if (table.columns.some((c) => c.name === name)) {
    if (ifNotExists) {
      ctx.sink.notice(new SqlError(SqlState.duplicateColumn, `column "${name}" of relation "${table.name}" already exists, skipping`, { severity: 'NOTICE' }));
      return table;
    }
    throw new SqlError(SqlState.duplicateColumn, `column "${name}" of relation "${table.name}" already exists`);
  }
  const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
  const type = resolveTypeName(cd.typeName, state);
  let nullable = true;
  let defaultExpr: unknown = null;
  for (const c of (cd.constraints ?? []) as Ast[]) {
    const con = c.Constraint;
    if (con.contype === 'CONSTR_NOTNULL') nullable = false;
    else if (con.contype === 'CONSTR_DEFAULT') defaultExpr = con.raw_expr;
    else if (con.contype === 'CONSTR_PRIMARY') throw new SqlError(SqlState.featureNotSupported, 'ADD COLUMN … PRIMARY KEY is not supported yet');
  }
  const column: TableColumn = { name, type, nullable, defaultExpr };
  const columns = [...table.columns, column];
  const snap = await ctx.tx.snapshot(table.location);
  const rows = snap.files.reduce((s, f) => s + (f.stats?.numRecords ?? 1), 0);
  if (defaultExpr !== null && rows > 0) {
    const expr = coerce(bindExpr(defaultExpr, { scope: new Scope([], undefined), state, aggs: undefined, clause: 'DEFAULT expressions' }), type, 'assignment', []);
    const exec = ctx.execContext();
    await rewrite(ctx, table, columns, (b) => ({ columns: [...b.columns, evalExpr(expr, { columns: [], length: b.length }, exec)], length: b.length }), 'ADD COLUMNS');
  } else {
    if (!nullable && rows > 0) {
      throw new SqlError(SqlState.notNullViolation, `column "${name}" of relation "${table.name}" contains null values`);
    }
    await ctx.tx.setSchema(table.location, toSchema(columns), { operation: 'ADD COLUMNS', user: ctx.user });
  }
  return { ...table, columns };
}

async function dropColumn(ctx: StatementContext, table: TableDef, name: string, missingOk: boolean): Promise<TableDef> {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i < 0) {
    if (missingOk) {
      ctx.sink.notice(new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist, skipping`, { severity: 'NOTICE' }));
      return table;
    }
    throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
  }
  if (table.columns.length === 1) {
    // PostgreSQL allows zero-column tables; Delta does not: keep the rule simple and explicit.
    throw new SqlError(SqlState.featureNotSupported, `cannot drop the only column of table "${table.name}"`);
  }
  const columns = table.columns.filter((_, j) => j !== i);
  await rewrite(ctx, table, columns, (b) => ({ columns: b.columns.filter((_, j) => j !== i), length: b.length }), 'DROP COLUMNS');
  return { ...table, columns, primaryKey: table.primaryKey.filter((k) => k !== name) };
}

/** ALTER TABLE … RENAME [COLUMN] … TO …, ALTER VIEW … RENAME TO …. */
export async function renameObject(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const type: string = n.renameType;
  if (type === 'OBJECT_TABLE' || type === 'OBJECT_VIEW') {
    const rel = lookupTable(ctx, n.relation, n.missing_ok === true, type === 'OBJECT_VIEW' ? 'view' : 'table');
    if (rel === undefined) return commandOutcome(type === 'OBJECT_VIEW' ? 'ALTER VIEW' : 'ALTER TABLE');
    if (ctx.view.relation(ctx.database, rel.schema, n.newname) !== undefined) {
      throw new SqlError(SqlState.duplicateTable, `relation "${n.newname}" already exists`);
    }
    ctx.view.put({ ...rel, name: n.newname });
    return commandOutcome(type === 'OBJECT_VIEW' ? 'ALTER VIEW' : 'ALTER TABLE');
  }
  if (type === 'OBJECT_COLUMN') {
    const rel = lookupTable(ctx, n.relation, n.missing_ok === true);
    if (rel === undefined) return commandOutcome('ALTER TABLE');
    const table = rel as TableDef;
    const i = table.columns.findIndex((c) => c.name === n.subname);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${n.subname}" does not exist`);
    if (table.columns.some((c) => c.name === n.newname)) {
      throw new SqlError(SqlState.duplicateColumn, `column "${n.newname}" of relation "${table.name}" already exists`);
    }
    const columns = table.columns.map((c, j) => (j === i ? { ...c, name: n.newname as string } : c));
    await rewrite(ctx, table, columns, (b) => b, 'RENAME COLUMN');
    ctx.view.put({ ...table, columns, primaryKey: table.primaryKey.map((k) => (k === n.subname ? n.newname : k)) });
    return commandOutcome('ALTER TABLE');
  }
  if (type === 'OBJECT_SCHEMA') {
    const s = ctx.view.schema(ctx.database, n.subname);
    if (s === undefined) throw new SqlError(SqlState.invalidSchemaName, `schema "${n.subname}" does not exist`);
    if (ctx.view.schema(ctx.database, n.newname) !== undefined) throw new SqlError(SqlState.duplicateSchema, `schema "${n.newname}" already exists`);
    ctx.view.put({ ...s, name: n.newname });
    for (const r of ctx.view.relations(ctx.database, n.subname)) ctx.view.put({ ...r, schema: n.newname });
    return commandOutcome('ALTER SCHEMA');
  }
  throw new SqlError(SqlState.featureNotSupported, `ALTER … RENAME of ${type.replace('OBJECT_', '').toLowerCase()} is not supported`);
}
