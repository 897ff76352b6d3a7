/**
 * ALTER TABLE ADD/DROP/RENAME COLUMN, ADD/DROP CONSTRAINT and ALTER TABLE/VIEW RENAME TO.
 *
 * DROP and RENAME COLUMN change only the schema: the first one turns on Delta column mapping (name mode), so
 * that data files keep the columns' physical names while their logical names change or go. ADD COLUMN with a
 * default (or a generated or identity column) rewrites the files to fill the values in; a plain ADD COLUMN
 * only changes the schema (old files read the new column as NULL).
 * Schema changes keep each column's Delta metadata (generation expression, identity, invariants).
 */
import {
  constantVector, SqlError, SqlState, vectorFromValues, type Batch, type ColumnSchema, type TableSnapshot, type Vector,
} from '../../../common/index.ts';
import type { CheckDef, ForeignKeyDef, TableColumn, TableDef } from '../../../catalog/index.ts';
import { evalExpr, evalExprs } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import {
  BinderState, bindExpr, coerce, fromDeltaExpressionText, parseExpressionText, renameColumnInExpression, Scope, strings, quoteIdentifier,
  toDeltaExpressionText, type Ast,
} from '../../../sql/index.ts';
import { COLUMN_MAPPING_MODE, columnMappingMode, GENERATION_EXPRESSION, IDENTITY_HIGH_WATER_MARK } from '../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { referencedColumns, resolveCaseInsensitively } from './constraints/bind-rule.ts';
import {
  columnDefinition, constraintNamesIn, deltaColumn, nameChecks, pendingCheck, validateGenerated,
} from './constraints/definitions.ts';
import { identityLimits } from './constraints/identity.ts';
import { pendingForeignKey, resolveForeignKeys, SELF_REFERENCE } from './constraints/foreign-keys.ts';
import { constraintKey, snapshotColumn, tableRules } from './constraints/table-rules.ts';
import { checkBuildable } from './constraints/unique-check.ts';
import { findRelation } from './ddl.ts';
import { resetTableProperties, setTableProperties } from './table-properties.ts';

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

/**
 * Turn on Delta column mapping (name mode) for the table unless it has it: its columns keep their current
 * names as physical names, and can then be renamed or dropped without touching a data file.
 */
async function useColumnMapping(ctx: StatementContext, table: TableDef, op: string): Promise<void> {
  const snap = await ctx.tx.snapshot(table.location);
  if (columnMappingMode(snap.properties) === 'name') return;
  await ctx.tx.setProperties(table.location, { ...snap.properties, [COLUMN_MAPPING_MODE]: 'name' }, { operation: op, user: ctx.user });
}

/** The table's columns as the Delta schema: the catalog's names and types, the log's metadata per column. */
function deltaSchema(snap: TableSnapshot, columns: readonly TableColumn[]): ColumnSchema[] {
  return columns.map((c) => {
    const md = snapshotColumn(snap, c.name)?.metadata;
    return { name: c.name, type: c.type, nullable: c.nullable, ...(md === undefined ? {} : { metadata: md }) };
  });
}

/**
 * Read every row of the table (as the transaction sees it), transform each batch, check it, and replace the
 * files. `schema` gives the new Delta schema once every batch went through `f` (an identity column's
 * high-water mark is known only then).
 */
async function rewrite(ctx: StatementContext, table: TableDef, schema: () => ColumnSchema[], f: (b: Batch) => Batch, op: string,
  check?: (b: Batch) => Promise<void>): Promise<void> {
  const snap = await ctx.tx.snapshot(table.location);
  const out: Batch[] = [];
  const all = snap.schema.map((_, i) => i);
  for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: all, batchSize: 65536 })) {
    const next = f(b);
    await check?.(next);
    if (next.length > 0) out.push(next);
  }
  const columns = schema();
  await ctx.tx.removeFiles(table.location, 'all', { operation: op, user: ctx.user });
  await ctx.tx.setSchema(table.location, columns, { operation: op, user: ctx.user });
  if (out.length > 0) {
    // The schema as set: under column mapping it has the new columns' physical names.
    const files = await ctx.services.storage.writeFiles(table.location, (await ctx.tx.snapshot(table.location)).schema, out);
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
      case 'AT_DropColumn': table = await dropColumn(ctx, table, cmd.name, cmd.missing_ok === true, cmd.behavior === 'DROP_CASCADE'); break;
      case 'AT_AddConstraint': table = await addConstraint(ctx, table, cmd.def.Constraint); break;
      case 'AT_DropConstraint': table = await dropConstraint(ctx, table, cmd.name, cmd.missing_ok === true); break;
      case 'AT_SetRelOptions': await setTableProperties(ctx, table, cmd.def?.List?.items ?? []); break;
      case 'AT_ResetRelOptions': await resetTableProperties(ctx, table, cmd.def?.List?.items ?? []); break;
      default: throw new SqlError(SqlState.featureNotSupported, `ALTER TABLE ${String(cmd.subtype).replace('AT_', '')} is not supported yet`);
    }
  }
  ctx.view.put(table);
  return commandOutcome('ALTER TABLE');
}

/** Throw 23514 unless every row of `b` satisfies each new check (PostgreSQL validates before adding). */
async function validateChecks(ctx: StatementContext, table: TableDef, checks: readonly { def: CheckDef; expr: Expr }[], b: Batch): Promise<void> {
  if (checks.length === 0 || b.length === 0) return;
  const results = await evalExprs(checks.map((c) => c.expr), b, ctx.execContext());
  checks.forEach((c, k) => {
    const v = results[k]!;
    for (let i = 0; i < v.length; i++) {
      if ((v.nulls === null || v.nulls[i] === 0) && v.values[i] === 0) {
        throw new SqlError(SqlState.checkViolation, `check constraint "${c.def.name}" of relation "${table.name}" is violated by some row`);
      }
    }
  });
}

/** The table's CHECK properties with `add` added and `drop` (property keys) removed. */
function withChecks(snap: TableSnapshot, add: readonly CheckDef[], drop: readonly string[] = []): Record<string, string> {
  const props: Record<string, string> = { ...snap.properties };
  for (const k of drop) delete props[k];
  for (const c of add) props[constraintKey(c.name)] = toDeltaExpressionText(c.expr);
  return props;
}

/** Names of the table's CHECK constraints: the catalog's, and those only the log has (another engine's). */
function checkNames(table: TableDef, snap: TableSnapshot): string[] {
  return tableRules(table, snap).checks.map((c) => c.name);
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
  const d = columnDefinition(ctx, cd, table.name);
  if (d.primaryKey) throw new SqlError(SqlState.featureNotSupported, 'ADD COLUMN … PRIMARY KEY is not supported yet');
  const column = d.column;
  const columns = [...table.columns, column];
  const next: TableDef = { ...table, columns };
  const generated = validateGenerated(ctx, next, [d]).get(columns.length - 1);
  const snap = await ctx.tx.snapshot(table.location);
  const checks = nameChecks(ctx, next, d.checks, checkNames(table, snap), constraintNamesIn(ctx, table.schema), false);
  const rows = snap.files.reduce((s, f) => s + (f.stats?.numRecords ?? 1), 0);
  const exec = ctx.execContext();
  const op = { operation: 'ADD COLUMNS', user: ctx.user };
  let added = deltaColumn(column);
  const schema = () => [...deltaSchema(snap, table.columns), added];

  // Values for the rows already there: the generation expression, the next identity values, or the default.
  let fill: ((b: Batch) => Vector) | undefined;
  if (generated !== undefined) {
    fill = (b) => evalExpr(generated, b, exec);
  } else if (column.identity !== undefined) {
    const step = BigInt(column.identity.step);
    let value = BigInt(column.identity.start);
    const [min, max] = identityLimits(column.type.id)!;
    fill = (b) => {
      const values: unknown[] = [];
      for (let i = 0; i < b.length; i++, value += step) {
        if (value < min || value > max) {
          throw new SqlError(SqlState.sequenceGeneratorLimitExceeded,
            `nextval: reached ${step > 0n ? 'maximum' : 'minimum'} value of sequence "${table.name}_${name}_seq" (${step > 0n ? max : min})`);
        }
        values.push(column.type.id === 'int8' ? value : Number(value));
      }
      if (b.length > 0) added = { ...added, metadata: { ...added.metadata, [IDENTITY_HIGH_WATER_MARK]: Number(value - step) } };
      return vectorFromValues(column.type, values);
    };
  } else if (column.defaultExpr !== null) {
    const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
    const expr = coerce(bindExpr(column.defaultExpr, { scope: new Scope([], undefined), state, aggs: undefined, clause: 'DEFAULT expressions' }),
      column.type, 'assignment', []);
    fill = (b) => evalExpr(expr, { columns: [], length: b.length }, exec);
  }
  fill ??= (b) => constantVector(column.type, null, b.length);
  const check = async (b: Batch): Promise<void> => {
    if (!column.nullable && (b.columns[columns.length - 1]!.nulls?.includes(1) ?? false)) {
      throw new SqlError(SqlState.notNullViolation, `column "${name}" of relation "${table.name}" contains null values`);
    }
    await validateChecks(ctx, next, checks, b);
  };
  const plainNull = generated === undefined && column.identity === undefined && column.defaultExpr === null;
  if (rows > 0 && !plainNull) {
    await rewrite(ctx, table, schema, (b) => ({ columns: [...b.columns, fill!(b)], length: b.length }), 'ADD COLUMNS', check);
  } else {
    if (rows > 0 && (!column.nullable || checks.length > 0)) {
      // Every existing row reads NULL in the new column: it must pass NOT NULL and the new checks as such.
      for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: snap.schema.map((_, i) => i), batchSize: 65536 })) {
        await check({ columns: [...b.columns, fill(b)], length: b.length });
      }
    }
    await ctx.tx.setSchema(table.location, schema(), op);
  }
  if (checks.length > 0) await ctx.tx.setProperties(table.location, withChecks(await ctx.tx.snapshot(table.location), checks.map((c) => c.def)), op);
  return { ...next, ...(checks.length > 0 ? { checks: [...(table.checks ?? []), ...checks.map((c) => c.def)] } : {}) };
}

/** ALTER TABLE … ADD [CONSTRAINT name] CHECK (…): existing rows are validated first (Delta and PostgreSQL alike). */
async function addConstraint(ctx: StatementContext, table: TableDef, con: Ast): Promise<TableDef> {
  if (con.contype === 'CONSTR_PRIMARY') return addPrimaryKey(ctx, table, strings(con.keys), con.conname);
  if (con.contype === 'CONSTR_UNIQUE') return addUnique(ctx, table, con);
  if (con.contype === 'CONSTR_FOREIGN') {
    // Recorded for the catalogs, like CREATE TABLE's; existing rows are not checked (keys are not enforced).
    const taken = constraintNamesIn(ctx, table.schema);
    for (const c of table.checks ?? []) taken.add(c.name);
    const [fk] = resolveForeignKeys(ctx, table, [pendingForeignKey(con)], taken);
    return { ...table, foreignKeys: [...(table.foreignKeys ?? []), { ...fk!, refTable: fk!.refTable === SELF_REFERENCE ? table.oid : fk!.refTable }] };
  }
  if (con.contype !== 'CONSTR_CHECK') {
    throw new SqlError(SqlState.featureNotSupported, `ALTER TABLE ADD CONSTRAINT ${String(con.contype).replace('CONSTR_', '')} is not supported yet`);
  }
  const snap = await ctx.tx.snapshot(table.location);
  const checks = nameChecks(ctx, table, [pendingCheck(ctx, con)], checkNames(table, snap), constraintNamesIn(ctx, table.schema), false);
  for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: snap.schema.map((_, i) => i), batchSize: 65536 })) {
    await validateChecks(ctx, table, checks, b);
  }
  const c = checks[0]!.def;
  await ctx.tx.setProperties(table.location, withChecks(snap, [c]), {
    operation: 'ADD CONSTRAINT', parameters: { name: c.name, expr: toDeltaExpressionText(c.expr) }, user: ctx.user,
  });
  return { ...table, checks: [...(table.checks ?? []), c] };
}

/**
 * ALTER TABLE … ADD [CONSTRAINT name] UNIQUE (columns): recorded as the unique index PostgreSQL would build for
 * it (named `table_columns_key` unless named), which pg_constraint lists and ON CONFLICT sees; the rows the
 * table holds must be unique already (23505), and every later write keeps them so.
 */
async function addUnique(ctx: StatementContext, table: TableDef, con: Ast): Promise<TableDef> {
  const keys = strings(con.keys);
  for (const k of keys) {
    if (!table.columns.some((c) => c.name === k)) throw new SqlError(SqlState.undefinedColumn, `column "${k}" named in key does not exist`);
  }
  const base = (con.conname as string | undefined) ?? `${table.name}_${keys.join('_')}_key`.slice(0, 63);
  let name = base;
  if (con.conname !== undefined && ctx.view.nameTaken(ctx.database, table.schema, name)) {
    throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`);
  }
  for (let i = 1; ctx.view.nameTaken(ctx.database, table.schema, name); i++) name = `${base}${i}`;
  await checkBuildable(ctx, table, { name, columns: keys.map((k) => table.columns.findIndex((c) => c.name === k)) });
  const quoted = quoteIdentifier;
  ctx.view.put({
    kind: 'index', oid: ctx.services.catalog.allocOid(), database: ctx.database, schema: table.schema, name, tableOid: table.oid,
    columns: keys, unique: true, constraint: true,
    sql: `CREATE UNIQUE INDEX ${quoted(name)} ON ${quoted(table.schema)}.${quoted(table.name)} USING btree (${keys.map(quoted).join(', ')})`,
  });
  return table;
}

/**
 * ALTER TABLE … ADD [CONSTRAINT name] PRIMARY KEY (columns): what CREATE TABLE's PRIMARY KEY records (the key,
 * for the catalog, and NOT NULL on its columns, checked against the existing rows first, then uniqueness).
 */
async function addPrimaryKey(ctx: StatementContext, table: TableDef, keys: readonly string[], named?: string): Promise<TableDef> {
  const name = named ?? `${table.name}_pkey`.slice(0, 63);
  if (table.primaryKey.length > 0) {
    throw new SqlError(SqlState.invalidTableDefinition, `multiple primary keys for table "${table.name}" are not allowed`);
  }
  const snap = await ctx.tx.snapshot(table.location);
  const scanned = keys.map((k) => {
    if (!table.columns.some((c) => c.name === k)) throw new SqlError(SqlState.undefinedColumn, `column "${k}" of relation "${table.name}" does not exist`);
    return snap.schema.findIndex((c) => c.name === k);
  });
  for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: scanned, batchSize: 65536 })) {
    b.columns.forEach((v, k) => {
      if (v.nulls !== null && v.nulls.includes(1)) {
        throw new SqlError(SqlState.notNullViolation, `column "${keys[k]}" of relation "${table.name}" contains null values`);
      }
    });
  }
  await checkBuildable(ctx, table, { name, columns: keys.map((k) => table.columns.findIndex((c) => c.name === k)) });
  const columns = table.columns.map((c) => (keys.includes(c.name) ? { ...c, nullable: false } : c));
  await ctx.tx.setSchema(table.location, deltaSchema(snap, columns), { operation: 'ADD CONSTRAINT', parameters: { name }, user: ctx.user });
  return { ...table, columns, primaryKey: [...keys], primaryKeyName: name };
}

async function dropConstraint(ctx: StatementContext, table: TableDef, name: string, missingOk: boolean): Promise<TableDef> {
  if ((table.foreignKeys ?? []).some((fk) => fk.name === name)) return withoutForeignKeys(table, (fk) => fk.name === name);
  const snap = await ctx.tx.snapshot(table.location);
  const found = tableRules(table, snap).checks.find((c) => c.name === name) ?? tableRules(table, snap).checks.find((c) => c.key === constraintKey(name));
  if (found === undefined) {
    const message = `constraint "${name}" of relation "${table.name}" does not exist`;
    if (missingOk) {
      ctx.sink.notice(new SqlError(SqlState.successfulCompletion, `${message}, skipping`, { severity: 'NOTICE' }));
      return table;
    }
    throw new SqlError(SqlState.undefinedObject, message);
  }
  await ctx.tx.setProperties(table.location, withChecks(snap, [], [found.key]), {
    operation: 'DROP CONSTRAINT', parameters: { name: found.name, expr: found.text }, user: ctx.user,
  });
  return { ...table, checks: (table.checks ?? []).filter((c) => c.name !== found.name) };
}

/** The table without the foreign keys `drop` picks. */
function withoutForeignKeys(table: TableDef, drop: (fk: ForeignKeyDef) => boolean): TableDef {
  const { foreignKeys, ...rest } = table;
  const kept = (foreignKeys ?? []).filter((fk) => !drop(fk));
  return kept.length > 0 ? { ...rest, foreignKeys: kept } : rest;
}

/** Columns (by index) that a rule's expression text refers to. */
function columnsOf(table: TableDef, text: string): Set<number> {
  const ast = parseExpressionText(text);
  resolveCaseInsensitively(ast, table.columns);
  const names = referencedColumns(ast);
  return new Set(table.columns.flatMap((c, i) => (names.has(c.name) ? [i] : [])));
}

/**
 * DROP COLUMN: CHECK constraints that read the column go with it (as in PostgreSQL); generated columns that
 * read it are an error unless CASCADE drops them too.
 */
async function dropColumn(ctx: StatementContext, table: TableDef, name: string, missingOk: boolean, cascade: boolean): Promise<TableDef> {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i < 0) {
    if (missingOk) {
      ctx.sink.notice(new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist, skipping`, { severity: 'NOTICE' }));
      return table;
    }
    throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`);
  }
  const op = 'DROP COLUMNS';
  await useColumnMapping(ctx, table, op);
  const snap = await ctx.tx.snapshot(table.location);
  const rules = tableRules(table, snap);
  const dependents = [...rules.generated].filter(([g, text]) => g !== i && columnsOf(table, text).has(i)).map(([g]) => g);
  if (dependents.length > 0 && !cascade) {
    throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop column ${name} of table ${table.name} because other objects depend on it`, {
      detail: dependents.map((g) => `column ${table.columns[g]!.name} of table ${table.name} depends on column ${name} of table ${table.name}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  for (const g of dependents) {
    ctx.sink.notice(new SqlError(SqlState.successfulCompletion, `drop cascades to column ${table.columns[g]!.name} of table ${table.name}`, { severity: 'NOTICE' }));
  }
  const gone = new Set([i, ...dependents]);
  if (gone.size === table.columns.length) {
    // PostgreSQL allows zero-column tables; Delta does not: keep the rule simple and explicit.
    throw new SqlError(SqlState.featureNotSupported, `cannot drop the only column of table "${table.name}"`);
  }
  const droppedChecks = rules.checks.filter((c) => [...columnsOf(table, c.text)].some((k) => gone.has(k)));
  const columns = table.columns.filter((_, j) => !gone.has(j));
  await ctx.tx.setSchema(table.location, deltaSchema(snap, columns), { operation: op, user: ctx.user });
  if (droppedChecks.length > 0) {
    await ctx.tx.setProperties(table.location, withChecks(snap, [], droppedChecks.map((c) => c.key)), { operation: op, user: ctx.user });
  }
  const droppedNames = new Set(droppedChecks.map((c) => c.name));
  const names = new Set(columns.map((c) => c.name));
  return {
    ...withoutForeignKeys(table, (fk) => fk.columns.some((c) => !names.has(c))), columns, primaryKey: table.primaryKey.filter((k) => names.has(k)),
    ...(table.checks === undefined ? {} : { checks: table.checks.filter((c) => !droppedNames.has(c.name)) }),
  };
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
    const from: string = n.subname, to: string = n.newname;
    const i = table.columns.findIndex((c) => c.name === from);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${from}" does not exist`);
    if (table.columns.some((c) => c.name === to)) {
      throw new SqlError(SqlState.duplicateColumn, `column "${to}" of relation "${table.name}" already exists`);
    }
    const op = 'RENAME COLUMN';
    await useColumnMapping(ctx, table, op);
    const snap = await ctx.tx.snapshot(table.location);
    const rules = tableRules(table, snap);
    // Expressions that read the column follow the new name (PostgreSQL keeps them bound to the column).
    const rename = (text: string) => renameColumnInExpression(text, from, to);
    const columns = table.columns.map((c, j) => {
      const renamed = j === i ? { ...c, name: to } : c;
      return c.generated === undefined ? renamed : { ...renamed, generated: rename(c.generated) };
    });
    const schema = deltaSchema(snap, table.columns).map((c, j) => {
      const gen = rules.generated.get(j);
      const metadata = gen === undefined ? c.metadata : { ...c.metadata, [GENERATION_EXPRESSION]: toDeltaExpressionText(rename(fromDeltaExpressionText(gen))) };
      return { ...c, ...(j === i ? { name: to } : {}), ...(metadata === undefined ? {} : { metadata }) };
    });
    await ctx.tx.setSchema(table.location, schema, { operation: op, user: ctx.user });
    const touched = rules.checks.filter((c) => columnsOf(table, c.text).has(i));
    if (touched.length > 0) {
      const props: Record<string, string> = { ...snap.properties };
      for (const c of touched) props[c.key] = toDeltaExpressionText(rename(fromDeltaExpressionText(c.text)));
      await ctx.tx.setProperties(table.location, props, { operation: op, user: ctx.user });
    }
    const checks = table.checks?.map((c) => (touched.some((t) => t.name === c.name) ? { ...c, expr: rename(c.expr) } : c));
    // Foreign keys follow the column, on this table's side and on the side of tables that reference it.
    const renameIn = (names: readonly string[]) => names.map((k) => (k === from ? to : k));
    const renamedKeys = (t: TableDef) => (t.foreignKeys ?? []).map((fk) => ({
      ...fk, ...(t.oid === table.oid ? { columns: renameIn(fk.columns) } : {}), ...(fk.refTable === table.oid ? { refColumns: renameIn(fk.refColumns) } : {}),
    }));
    for (const r of ctx.view.relations(ctx.database)) {
      if (r.kind === 'table' && r.oid !== table.oid && (r.foreignKeys ?? []).some((fk) => fk.refTable === table.oid)) ctx.view.put({ ...r, foreignKeys: renamedKeys(r) });
    }
    ctx.view.put({
      ...table, columns, primaryKey: table.primaryKey.map((k) => (k === from ? to : k)), ...(checks === undefined ? {} : { checks }),
      ...(table.foreignKeys === undefined ? {} : { foreignKeys: renamedKeys(table) }),
    });
    // Indexes (UNIQUE ones are enforced) follow the column too.
    for (const ix of ctx.view.indexes(ctx.database, undefined, table.oid)) {
      if (!ix.columns.includes(from)) continue;
      const cols = renameIn(ix.columns);
      const sql = ix.constraint === true
        ? `CREATE UNIQUE INDEX ${quoteIdentifier(ix.name)} ON ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)} USING btree (${cols.map(quoteIdentifier).join(', ')})`
        : ix.sql;
      ctx.view.put({ ...ix, columns: cols, sql });
    }
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
