/** CREATE TABLE and CREATE TABLE AS: a new Delta table plus its catalog entry. */
import { SqlError, SqlState, T, type ColumnSchema } from '../../../common/index.ts';
import type { CheckDef, ForeignKeyDef, TableColumn, TableDef } from '../../../catalog/index.ts';
import { executePlan } from '../../../exec/index.ts';
import { joinLocation, locationInUse } from '../../../storage/index.ts';
import { bindQuery, preloadRelations, quoteIdentifier, strings, type Ast } from '../../../sql/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { binderState, optimizePlan } from './query.ts';
import { writeRows } from './insert.ts';
import { adoptDeltaTable } from './external-table.ts';
import { propertiesFromOptions } from './table-properties.ts';
import {
  columnDefinition, constraintNamesIn, deltaColumn, deltaConstraintProperties, nameChecks, pendingCheck, validateGenerated,
  type ColumnDefinition, type PendingCheck,
} from './constraints/definitions.ts';
import { pendingForeignKey, resolveForeignKeys, SELF_REFERENCE, type PendingForeignKey } from './constraints/foreign-keys.ts';

/** Schema and name for a new relation; checks the schema exists and the name is free. */
export function newRelationName(rv: Ast, ctx: StatementContext, ifNotExists: boolean): { schema: string; name: string } | 'exists' {
  const schema: string | undefined = rv.schemaname ?? ctx.creationSchema();
  if (schema === undefined) {
    throw new SqlError(SqlState.invalidSchemaName, 'no schema has been selected to create in');
  }
  if (ctx.view.schema(ctx.database, schema) === undefined) {
    throw new SqlError(SqlState.invalidSchemaName, `schema "${schema}" does not exist`);
  }
  const name: string = rv.relname;
  if (name.length > 63) throw new SqlError(SqlState.nameTooLong, `identifier "${name}" is too long`);
  if (ctx.view.nameTaken(ctx.database, schema, name)) {
    if (ifNotExists) {
      ctx.sink.notice(new SqlError(SqlState.duplicateTable, `relation "${name}" already exists, skipping`, { severity: 'NOTICE' }));
      return 'exists';
    }
    throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`);
  }
  return { schema, name };
}

/** `<data root>/databases/<db>/<schema>/<name>`, or `<name>-<oid>` where something is left at that place. */
async function tableLocation(ctx: StatementContext, schema: string, name: string, oid: number): Promise<string> {
  const base = joinLocation(ctx.services.dataDir, 'databases', ctx.database, schema);
  const plain = joinLocation(base, name);
  return await locationInUse(plain) ? joinLocation(base, `${name}-${oid}`) : plain;
}

/** `at`: CREATE TABLE … LOCATION (external-table.ts): the table's Delta table lives there, adopted if it exists. */
export async function createTable(n: Ast, ctx: StatementContext, at?: string): Promise<Outcome> {
  if (n.inhRelations !== undefined || n.partspec !== undefined) {
    throw new SqlError(SqlState.featureNotSupported, 'table inheritance and partitioning are not supported');
  }
  const target = newRelationName(n.relation, ctx, n.if_not_exists === true);
  if (target === 'exists') return commandOutcome('CREATE TABLE');
  const properties = propertiesFromOptions(n.options);
  const defs: ColumnDefinition[] = [];
  const primaryKey: string[] = [];
  let primaryKeyName: string | undefined;
  const pending: PendingCheck[] = [];
  const uniques: { name: string | undefined; columns: string[]; location?: number }[] = [];
  const pendingKeys: PendingForeignKey[] = [];
  const multiplePrimaryKeys = () => new SqlError(SqlState.invalidTableDefinition, `multiple primary keys for table "${target.name}" are not allowed`);
  for (const elt of (n.tableElts ?? []) as Ast[]) {
    if (elt.ColumnDef !== undefined) {
      const d = columnDefinition(ctx, elt.ColumnDef, target.name);
      if (defs.some((x) => x.column.name === d.column.name)) {
        throw new SqlError(SqlState.duplicateColumn, `column "${d.column.name}" specified more than once`);
      }
      if (d.primaryKey) {
        if (primaryKey.length > 0) throw multiplePrimaryKeys();
        primaryKey.push(d.column.name);
        primaryKeyName = d.primaryKeyName;
      }
      if (d.unique !== undefined) uniques.push({ name: d.unique.name, columns: [d.column.name] });
      defs.push(d);
      pending.push(...d.checks);
      pendingKeys.push(...d.foreignKeys);
    } else if (elt.Constraint !== undefined) {
      const con = elt.Constraint;
      if (con.contype === 'CONSTR_PRIMARY') {
        if (primaryKey.length > 0) throw multiplePrimaryKeys();
        primaryKey.push(...strings(con.keys));
        primaryKeyName = con.conname;
      } else if (con.contype === 'CONSTR_CHECK') {
        pending.push(pendingCheck(ctx, con));
      } else if (con.contype === 'CONSTR_UNIQUE') {
        uniques.push({ name: con.conname, columns: strings(con.keys), location: con.location });
      } else if (con.contype === 'CONSTR_FOREIGN') {
        pendingKeys.push(pendingForeignKey(con));
      }
    } else {
      throw new SqlError(SqlState.featureNotSupported, `table element ${Object.keys(elt)[0]} is not supported`);
    }
  }
  const columns = defs.map((d) => d.column);
  for (const k of primaryKey) {
    const i = columns.findIndex((c) => c.name === k);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${k}" named in key does not exist`);
    columns[i] = { ...columns[i]!, nullable: false };
  }
  const ruleTable = { oid: 0, name: target.name, schema: target.schema, columns };
  validateGenerated(ctx, ruleTable, defs);
  const taken = constraintNamesIn(ctx, target.schema);
  const checks = nameChecks(ctx, ruleTable, pending, [], taken, true).map((c) => c.def);
  for (const c of checks) taken.add(c.name);
  for (const u of uniques) {
    const k = u.columns.find((c) => !columns.some((col) => col.name === c));
    if (k !== undefined) {
      throw new SqlError(SqlState.undefinedColumn, `column "${k}" named in key does not exist`, { position: binderState(ctx).pos(u.location) });
    }
  }
  const foreignKeys = resolveForeignKeys(ctx, { schema: target.schema, name: target.name, columns, primaryKey }, pendingKeys, taken);
  let table = await createTableEntry(ctx, target.schema, target.name, columns, primaryKey, checks, properties, at, foreignKeys);
  if (primaryKey.length > 0) {
    table = { ...table, primaryKeyName: primaryKeyName ?? `${table.name}_pkey`.slice(0, 63) };
    ctx.view.put(table);
  }
  for (const u of uniques) recordUniqueConstraint(ctx, table, u.name, u.columns);
  return commandOutcome('CREATE TABLE');
}

export async function createTableEntry(ctx: StatementContext, schema: string, name: string, columns: TableColumn[], primaryKey: string[],
  checks: readonly CheckDef[] = [], properties: Readonly<Record<string, string>> = {}, at?: string,
  foreignKeys: readonly ForeignKeyDef[] = []): Promise<TableDef> {
  const oid = ctx.services.catalog.allocOid();
  const location = at ?? await tableLocation(ctx, schema, name, oid);
  const deltaSchema: ColumnSchema[] = columns.map(deltaColumn);
  const tableProperties = { ...properties, ...deltaConstraintProperties(checks) };
  if (at === undefined || !await adoptDeltaTable(ctx, at, deltaSchema, tableProperties)) {
    await ctx.services.storage.createTable(location, deltaSchema, tableProperties, {
      operation: 'CREATE TABLE', parameters: { isManaged: String(at === undefined), description: '', partitionBy: '[]' }, user: ctx.user,
    });
    ctx.tx.tableCreated(location);
  }
  const def: TableDef = {
    kind: 'table', oid, database: ctx.database, schema, name, columns, location, primaryKey, ...(checks.length > 0 ? { checks } : {}),
    ...(foreignKeys.length > 0 ? { foreignKeys: foreignKeys.map((fk) => (fk.refTable === SELF_REFERENCE ? { ...fk, refTable: oid } : fk)) } : {}),
    ...(at === undefined ? {} : { external: true }), owner: ctx.user,
  };
  ctx.view.put(def);
  return def;
}

/** CREATE TABLE … AS query (and SELECT … INTO). */
export async function createTableAs(n: Ast, ctx: StatementContext): Promise<Outcome> {
  if (n.objtype === 'OBJECT_MATVIEW') throw new SqlError(SqlState.featureNotSupported, 'materialized views are not supported yet');
  const into = n.into;
  const target = newRelationName(into.rel, ctx, n.if_not_exists === true);
  if (target === 'exists') return commandOutcome('CREATE TABLE AS');
  const state = binderState(ctx);
  await preloadRelations(n.query, state);
  const q = bindQuery(n.query, state, undefined);
  const plan = optimizePlan(q.plan, ctx);
  const aliases = strings(into.colNames);
  if (aliases.length > plan.schema.length) throw new SqlError(SqlState.syntaxError, 'too many column names were specified');
  const columns: TableColumn[] = plan.schema.map((c, i) => ({
    name: aliases[i] ?? c.name, type: c.type.id === 'unknown' ? T.text : c.type, nullable: true, defaultExpr: null,
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new SqlError(SqlState.duplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  const def = await createTableEntry(ctx, target.schema, target.name, columns, [], [], propertiesFromOptions(into.options));
  let count = 0;
  if (!into.skipData) {
    count = await writeRows(ctx, def, executePlan(plan, ctx.execContext()), 'CREATE TABLE AS SELECT');
  }
  return commandOutcome(`SELECT ${count}`);
}

/**
 * A UNIQUE constraint is an index of the table (`<table>_<columns>_key` unless named), which pg_constraint
 * also lists; as with CREATE UNIQUE INDEX, uniqueness is enforced on every write and ON CONFLICT uses it.
 */
function recordUniqueConstraint(ctx: StatementContext, table: TableDef, conname: string | undefined, columns: readonly string[]): void {
  let name = conname;
  if (name === undefined) {
    const base = `${table.name}_${columns.join('_')}_key`.slice(0, 63);
    name = base;
    for (let i = 1; ctx.view.nameTaken(ctx.database, table.schema, name); i++) name = `${base}${i}`;
  } else if (ctx.view.nameTaken(ctx.database, table.schema, name)) {
    throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`);
  }
  const quoted = columns.map(quoteIdentifier).join(', ');
  ctx.view.put({
    kind: 'index', oid: ctx.services.catalog.allocOid(), database: ctx.database, schema: table.schema, name, tableOid: table.oid,
    columns, unique: true, constraint: true,
    sql: `CREATE UNIQUE INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)} USING btree (${quoted})`,
  });
}
