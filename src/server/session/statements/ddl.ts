/** DROP, CREATE/DROP SCHEMA, CREATE/DROP DATABASE, CREATE VIEW, TRUNCATE. */
import { SqlError, SqlState } from '../../../common/index.ts';
import { BUILTIN_SCHEMAS, type ForeignKeyDef, type RelationDef, type TableDef } from '../../../catalog/index.ts';
import { BinderState, bindQuery, preloadRelations, strings, type Ast } from '../../../sql/index.ts';
import { joinLocation } from '../../../storage/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { newRelationName } from './create-table.ts';
import { recordTruncate } from './change-data.ts';
import { checkBuildable } from './constraints/unique-check.ts';

const notice = (ctx: StatementContext, message: string) =>
  ctx.sink.notice(new SqlError(SqlState.successfulCompletion, message, { severity: 'NOTICE' }));

/** Find a relation by a possibly qualified name, through the search path. */
export function findRelation(ctx: StatementContext, parts: readonly string[]): RelationDef | undefined {
  const name = parts[parts.length - 1]!;
  if (parts.length >= 2) return ctx.view.relation(ctx.database, parts[parts.length - 2]!, name);
  for (const s of ctx.bindContext.session.searchPath()) {
    const r = ctx.view.relation(ctx.database, s, name);
    if (r !== undefined) return r;
  }
  return undefined;
}

const OBJECT_NAMES: Record<string, [string, string]> = {
  OBJECT_TABLE: ['table', 'TABLE'], OBJECT_VIEW: ['view', 'VIEW'], OBJECT_SCHEMA: ['schema', 'SCHEMA'],
  OBJECT_INDEX: ['index', 'INDEX'], OBJECT_MATVIEW: ['materialized view', 'MATERIALIZED VIEW'],
};

export async function runDrop(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const type: string = n.removeType;
  const names = OBJECT_NAMES[type];
  if (names === undefined) throw new SqlError(SqlState.featureNotSupported, `DROP ${type.replace('OBJECT_', '')} is not supported`);
  const [word, tag] = names;
  const cascade = n.behavior === 'DROP_CASCADE';
  const partsOf = (obj: Ast): string[] => (obj.List !== undefined ? strings(obj.List.items) : obj.String !== undefined ? [obj.String.sval] : strings([obj]));
  // The tables this statement drops: foreign keys among them do not stop it.
  const dropping = new Set<number>(type === 'OBJECT_TABLE'
    ? ((n.objects ?? []) as Ast[]).flatMap((o) => findRelation(ctx, partsOf(o))?.oid ?? []) : []);
  for (const obj of (n.objects ?? []) as Ast[]) {
    const parts = partsOf(obj);
    const display = parts[parts.length - 1]!;
    if (type === 'OBJECT_SCHEMA') {
      const s = ctx.view.schema(ctx.database, display);
      if (s === undefined) {
        if (n.missing_ok) { notice(ctx, `schema "${display}" does not exist, skipping`); continue; }
        throw new SqlError(SqlState.invalidSchemaName, `schema "${display}" does not exist`);
      }
      if (display === 'pg_catalog' || display === 'information_schema') {
        throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop schema ${display} because it is required by the database system`);
      }
      const contents = ctx.view.relations(ctx.database, display);
      if (contents.length > 0 && !cascade) {
        throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop schema ${display} because other objects depend on it`, {
          detail: contents.map((r) => `${r.kind} ${display}.${r.name} depends on schema ${display}`).join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
      for (const r of contents) dropRelation(ctx, r);
      ctx.view.drop(s.oid);
      continue;
    }
    if (type === 'OBJECT_INDEX') {
      const schemas = parts.length >= 2 ? [parts[parts.length - 2]!] : ctx.bindContext.session.searchPath();
      const idx = schemas.map((s) => ctx.view.indexes(ctx.database, s).find((i) => i.name === display)).find((i) => i !== undefined);
      if (idx === undefined) {
        if (n.missing_ok) { notice(ctx, `index "${display}" does not exist, skipping`); continue; }
        throw new SqlError(SqlState.undefinedObject, `index "${display}" does not exist`);
      }
      if (idx.constraint === true) {
        const table = ctx.view.relations(ctx.database).find((r) => r.oid === idx.tableOid);
        throw new SqlError(SqlState.dependentObjectsStillExist,
          `cannot drop index ${idx.name} because constraint ${idx.name} on table ${table?.name ?? idx.tableOid} requires it`,
          { hint: `You can drop constraint ${idx.name} on table ${table?.name ?? idx.tableOid} instead.` });
      }
      ctx.view.drop(idx.oid);
      continue;
    }
    if (parts.length >= 2 && ctx.view.schema(ctx.database, parts[parts.length - 2]!) === undefined) {
      if (n.missing_ok) { notice(ctx, `schema "${parts[parts.length - 2]}" does not exist, skipping`); continue; }
      throw new SqlError(SqlState.invalidSchemaName, `schema "${parts[parts.length - 2]}" does not exist`);
    }
    const rel = findRelation(ctx, parts);
    const wantKind = type === 'OBJECT_VIEW' ? 'view' : 'table';
    if (rel === undefined) {
      if (n.missing_ok) { notice(ctx, `${word} "${display}" does not exist, skipping`); continue; }
      throw new SqlError(SqlState.undefinedTable, `${word} "${display}" does not exist`);
    }
    if (rel.kind !== wantKind) {
      throw new SqlError(SqlState.wrongObjectType, `"${display}" is not a ${word}`, { hint: `Use DROP ${rel.kind === 'view' ? 'VIEW' : 'TABLE'} to remove a ${rel.kind}.` });
    }
    const dependents = dependentViews(ctx, rel);
    // Foreign keys of other tables that reference this one (tables dropped by the same statement aside).
    const referencing = rel.kind === 'table' ? foreignKeysTo(ctx, rel).filter(([t]) => !dropping.has(t.oid)) : [];
    // Objects are named as PostgreSQL describes them: schema-qualified unless on the search path.
    const path = ctx.bindContext.session.searchPath();
    const described = (r: RelationDef) => (path.includes(r.schema) ? r.name : `${r.schema}.${r.name}`);
    if ((dependents.length > 0 || referencing.length > 0) && !cascade) {
      throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop ${word} ${described(rel)} because other objects depend on it`, {
        detail: [...dependents.map((v) => `view ${described(v)} depends on ${word} ${described(rel)}`),
          ...referencing.map(([t, fk]) => `constraint ${fk.name} on table ${described(t)} depends on ${word} ${described(rel)}`)].join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    for (const v of dependents) dropRelation(ctx, v);
    for (const [t, fk] of referencing) {
      notice(ctx, `drop cascades to constraint ${fk.name} on table ${described(t)}`);
      const current = ctx.view.relation(ctx.database, t.schema, t.name);
      if (current?.kind !== 'table') continue;
      const kept = (current.foreignKeys ?? []).filter((k) => k.name !== fk.name);
      const { foreignKeys: _all, ...rest } = current;
      ctx.view.put(kept.length > 0 ? { ...rest, foreignKeys: kept } : rest);
    }
    dropRelation(ctx, rel);
  }
  return commandOutcome(`DROP ${tag}`);
}

/** Other tables' foreign keys that reference table `rel`. */
function foreignKeysTo(ctx: StatementContext, rel: RelationDef): [TableDef, ForeignKeyDef][] {
  return ctx.view.relations(ctx.database).flatMap((t): [TableDef, ForeignKeyDef][] =>
    (t.kind === 'table' && t.oid !== rel.oid ? (t.foreignKeys ?? []).filter((fk) => fk.refTable === rel.oid).map((fk) => [t, fk]) : []));
}

/** Views whose definitions name `rel` (directly or through other views). */
function dependentViews(ctx: StatementContext, rel: RelationDef): RelationDef[] {
  const out: RelationDef[] = [];
  const targets = [rel];
  while (targets.length > 0) {
    const t = targets.pop()!;
    for (const v of ctx.view.relations(ctx.database)) {
      if (v.kind !== 'view' || out.includes(v) || v === rel) continue;
      const mentions = new RegExp(`\\b${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(v.sql.replace(/^[\s\S]*?\bAS\b/i, ''));
      if (mentions) { out.push(v); targets.push(v); }
    }
  }
  return out;
}

function dropRelation(ctx: StatementContext, rel: RelationDef): void {
  ctx.view.drop(rel.oid);
  for (const i of ctx.view.indexes(ctx.database, undefined, rel.oid)) ctx.view.drop(i.oid);
  // An external table's files belong to the user: dropping it forgets the table, not its data.
  if (rel.kind === 'table') {
    if (rel.external === true) ctx.tx.tableForgotten(rel.location);
    else ctx.tx.tableDropped(rel.location);
  }
}

export async function createSchema(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const name: string = n.schemaname;
  if (n.schemaElts !== undefined && n.schemaElts.length > 0) {
    throw new SqlError(SqlState.featureNotSupported, 'CREATE SCHEMA with elements is not supported');
  }
  if (name.startsWith('pg_')) {
    throw new SqlError(SqlState.reservedName, `unacceptable schema name "${name}"`, { detail: 'The prefix "pg_" is reserved for system schemas.' });
  }
  if (ctx.view.schema(ctx.database, name) !== undefined) {
    if (n.if_not_exists) { notice(ctx, `schema "${name}" already exists, skipping`); return commandOutcome('CREATE SCHEMA'); }
    throw new SqlError(SqlState.duplicateSchema, `schema "${name}" already exists`);
  }
  ctx.view.put({ kind: 'schema', oid: ctx.services.catalog.allocOid(), database: ctx.database, name, owner: ctx.user });
  return commandOutcome('CREATE SCHEMA');
}

export async function createDatabase(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const name: string = n.dbname;
  if (ctx.tx.explicit) throw new SqlError(SqlState.activeSqlTransaction, 'CREATE DATABASE cannot run inside a transaction block');
  if (ctx.view.database(name) !== undefined) throw new SqlError(SqlState.duplicateDatabase, `database "${name}" already exists`);
  ctx.view.put({ kind: 'database', oid: ctx.services.catalog.allocOid(), name, owner: ctx.user });
  for (const s of BUILTIN_SCHEMAS) ctx.view.put({ kind: 'schema', oid: ctx.services.catalog.allocOid(), database: name, name: s, owner: ctx.user });
  return commandOutcome('CREATE DATABASE');
}

export async function dropDatabase(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const name: string = n.dbname;
  if (ctx.tx.explicit) throw new SqlError(SqlState.activeSqlTransaction, 'DROP DATABASE cannot run inside a transaction block');
  const db = ctx.view.database(name);
  if (db === undefined) {
    if (n.missing_ok) { notice(ctx, `database "${name}" does not exist, skipping`); return commandOutcome('DROP DATABASE'); }
    throw new SqlError(SqlState.invalidCatalogName, `database "${name}" does not exist`);
  }
  if (name === ctx.database) throw new SqlError(SqlState.objectInUse, 'cannot drop the currently open database');
  const force = ((n.options ?? []) as Ast[]).some((o) => o.DefElem?.defname === 'force');
  const others = ctx.services.sessionsIn(name);
  if (others > 0) {
    if (!force) {
      throw new SqlError(SqlState.objectInUse, `database "${name}" is being accessed by other users`, {
        detail: `There ${others === 1 ? 'is 1 other session' : `are ${others} other sessions`} using the database.`,
      });
    }
    await ctx.services.terminateSessionsIn(name, ctx.backendPid);
  }
  for (const r of ctx.view.relations(name)) dropRelation(ctx, r);
  for (const s of ctx.view.schemas(name)) ctx.view.drop(s.oid);
  ctx.view.drop(db.oid);
  ctx.tx.tableDropped(joinLocation(ctx.services.dataDir, 'databases', name));
  return commandOutcome('DROP DATABASE');
}

export async function createView(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const rv = n.view;
  const existing = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
  if (existing !== undefined && n.replace && existing.kind === 'view') ctx.view.drop(existing.oid);
  else if (existing !== undefined && n.replace) throw new SqlError(SqlState.wrongObjectType, `"${rv.relname}" is not a view`);
  const target = newRelationName(rv, ctx, false);
  if (target === 'exists') return commandOutcome('CREATE VIEW');
  // Bind now: a view over missing tables or with bad SQL must fail at CREATE time.
  const state = new BinderState(ctx.bindContext, ctx.sql, [], true);
  await preloadRelations(n.query, state);
  const q = bindQuery(n.query, state, undefined);
  const aliases = strings(n.aliases);
  if (aliases.length > q.names.length) throw new SqlError(SqlState.syntaxError, 'CREATE VIEW specifies more column names than columns');
  const columnNames = q.names.map((x, i) => aliases[i] ?? x);
  const seen = new Set<string>();
  for (const c of columnNames) {
    if (seen.has(c)) throw new SqlError(SqlState.duplicateColumn, `column "${c}" specified more than once`);
    seen.add(c);
  }
  ctx.view.put({
    kind: 'view', oid: existing?.oid ?? ctx.services.catalog.allocOid(), database: ctx.database, schema: target.schema,
    name: target.name, sql: ctx.text, columnNames, owner: ctx.user,
  });
  return commandOutcome('CREATE VIEW');
}

export async function runTruncate(n: Ast, ctx: StatementContext): Promise<Outcome> {
  for (const r of (n.relations ?? []) as Ast[]) {
    const rv = r.RangeVar;
    const rel = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
    if (rel === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${rv.relname}" does not exist`);
    if (rel.kind !== 'table') throw new SqlError(SqlState.wrongObjectType, `"${rv.relname}" is not a table`);
    await recordTruncate(ctx, rel);
    await ctx.tx.removeFiles(rel.location, 'all', { operation: 'TRUNCATE', user: ctx.user });
  }
  return commandOutcome('TRUNCATE TABLE');
}

/** CREATE INDEX: checked and recorded in the catalog. */
export async function createIndex(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const rv = n.relation;
  const table = findRelation(ctx, rv.schemaname === undefined ? [rv.relname] : [rv.schemaname, rv.relname]);
  if (table === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${rv.relname}" does not exist`);
  if (table.kind !== 'table') throw new SqlError(SqlState.wrongObjectType, `cannot create index on relation "${rv.relname}"`, { detail: 'This operation is not supported for views.' });
  const columns: string[] = [];
  for (const p of (n.indexParams ?? []) as Ast[]) {
    const e = p.IndexElem;
    if (e.name === undefined) throw new SqlError(SqlState.featureNotSupported, 'indexes on expressions are not supported yet');
    if (!table.columns.some((c) => c.name === e.name)) throw new SqlError(SqlState.undefinedColumn, `column "${e.name}" does not exist`);
    columns.push(e.name);
  }
  const schema = table.schema;
  let name: string | undefined = n.idxname;
  if (name === undefined) {
    const base = `${table.name}_${columns.join('_')}_idx`.slice(0, 63); // _key is for constraints only
    name = base;
    for (let i = 1; ctx.view.nameTaken(ctx.database, schema, name); i++) name = `${base}${i}`;
  } else if (ctx.view.nameTaken(ctx.database, schema, name)) {
    if (n.if_not_exists) { notice(ctx, `relation "${name}" already exists, skipping`); return commandOutcome('CREATE INDEX'); }
    throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`);
  }
  const partial = n.whereClause !== undefined;
  if (n.unique === true && !partial) await checkBuildable(ctx, table, { name, columns: columns.map((k) => table.columns.findIndex((c) => c.name === k)) });
  ctx.view.put({
    kind: 'index', oid: ctx.services.catalog.allocOid(), database: ctx.database, schema, name, tableOid: table.oid,
    columns, unique: n.unique === true, ...(partial ? { partial } : {}), sql: ctx.text,
  });
  return commandOutcome('CREATE INDEX');
}
