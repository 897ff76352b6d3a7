/**
 * Column and table constraints of CREATE TABLE and ALTER TABLE: read from the parse tree with PostgreSQL's
 * checks and messages, CHECK constraints named as PostgreSQL names them, and turned into what the catalog
 * keeps (TableColumn, CheckDef) and what the Delta log keeps (column metadata, `delta.constraints.*`).
 */
import { SqlError, SqlState, type ColumnSchema, type SqlType } from '../../../../common/index.ts';
import type { CheckDef, IdentityDef, TableColumn } from '../../../../catalog/index.ts';
import { columnsUsed, type Expr } from '../../../../plan/index.ts';
import {
  BinderState, parenthesizedTextAt, resolveTypeName, toDeltaExpressionText, type Ast,
} from '../../../../sql/index.ts';
import {
  GENERATION_EXPRESSION, IDENTITY_ALLOW_EXPLICIT_INSERT, IDENTITY_START, IDENTITY_STEP,
} from '../../../../storage/index.ts';
import { pendingForeignKey, type PendingForeignKey } from './foreign-keys.ts';
import type { StatementContext } from '../../statement-context.ts';
import { bindRule, type RuleTable } from './bind-rule.ts';
import { identityLimits } from './identity.ts';
import { bigintOf, constraintKey } from './table-rules.ts';

/** A CHECK constraint as written, before it is bound and named. */
export interface PendingCheck {
  readonly name: string | undefined;
  readonly ast: Ast;
  /** The expression's text as the client wrote it. */
  readonly text: string;
}

/** A column definition: the catalog column, its CHECKs, and the generation expression's tree to validate. */
export interface ColumnDefinition {
  readonly column: TableColumn;
  readonly checks: PendingCheck[];
  readonly generatedAst: Ast | undefined;
  readonly primaryKey: boolean;
  readonly foreignKeys: PendingForeignKey[];
}

export function pendingCheck(ctx: StatementContext, con: Ast): PendingCheck {
  return { name: con.conname, ast: con.raw_expr, text: parenthesizedTextAt(ctx.sql, con.location) };
}

const conflicting = (ctx: StatementContext, message: string, con: Ast): SqlError =>
  new SqlError(SqlState.syntaxError, message, { position: new BinderState(ctx.bindContext, ctx.sql, [], false).pos(con.location) });

function identityOf(con: Ast, type: SqlType): IdentityDef {
  const limits = identityLimits(type.id);
  if (limits === undefined) throw new SqlError(SqlState.invalidParameterValue, 'identity column type must be smallint, integer, or bigint');
  let start: bigint | undefined;
  let step = 1n;
  for (const o of (con.options ?? []) as Ast[]) {
    const d = o.DefElem;
    const arg = d.arg?.Integer !== undefined ? (d.arg.Integer.ival ?? 0) : d.arg?.Float?.fval;
    if (d.defname === 'start') start = bigintOf(arg);
    else if (d.defname === 'increment') step = bigintOf(arg) ?? 1n;
    else if (d.defname !== 'cache') {
      throw new SqlError(SqlState.featureNotSupported, `identity option ${String(d.defname).toUpperCase()} is not supported`, {
        detail: 'Delta identity columns have a start and an increment only.',
      });
    }
  }
  if (step === 0n) throw new SqlError(SqlState.invalidParameterValue, 'INCREMENT must not be zero');
  // PostgreSQL's defaults: an ascending sequence runs from 1 to the type's maximum, a descending one from -1 down.
  const [min, max] = step > 0n ? [1n, limits[1]] : [limits[0], -1n];
  start ??= step > 0n ? min : max;
  if (start < min) throw new SqlError(SqlState.invalidParameterValue, `START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max) throw new SqlError(SqlState.invalidParameterValue, `START value (${start}) cannot be greater than MAXVALUE (${max})`);
  if (step > BigInt(Number.MAX_SAFE_INTEGER) || step < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SqlError(SqlState.invalidParameterValue, `INCREMENT value (${step}) is out of range`);
  }
  return { always: con.generated_when === 'a', start: String(start), step: String(step) };
}

/** Read a ColumnDef of CREATE TABLE or ALTER TABLE ADD COLUMN. */
export function columnDefinition(ctx: StatementContext, cd: Ast, tableName: string): ColumnDefinition {
  const name: string = cd.colname;
  const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
  const type = resolveTypeName(cd.typeName, state);
  let nullable = true;
  let defaultExpr: unknown = null;
  let generated: string | undefined;
  let generatedAst: Ast | undefined;
  let identity: IdentityDef | undefined;
  let primaryKey = false;
  const foreignKeys: PendingForeignKey[] = [];
  let sawDefault = false;
  const checks: PendingCheck[] = [];
  const where = `column "${name}" of table "${tableName}"`;
  for (const c of (cd.constraints ?? []) as Ast[]) {
    const con = c.Constraint;
    switch (con.contype as string) {
      case 'CONSTR_NOTNULL': nullable = false; break;
      case 'CONSTR_NULL': break;
      case 'CONSTR_DEFAULT':
        if (sawDefault) throw conflicting(ctx, `multiple default values specified for ${where}`, con);
        if (identity !== undefined) throw conflicting(ctx, `both default and identity specified for ${where}`, con);
        if (generatedAst !== undefined) throw conflicting(ctx, `both default and generation expression specified for ${where}`, con);
        sawDefault = true;
        defaultExpr = con.raw_expr;
        break;
      case 'CONSTR_IDENTITY':
        if (identity !== undefined) throw conflicting(ctx, `multiple identity specifications for ${where}`, con);
        if (sawDefault) throw conflicting(ctx, `both default and identity specified for ${where}`, con);
        if (generatedAst !== undefined) throw conflicting(ctx, `both identity and generation expression specified for ${where}`, con);
        identity = identityOf(con, type);
        nullable = false;
        break;
      case 'CONSTR_GENERATED':
        if (generatedAst !== undefined) throw conflicting(ctx, `multiple generation clauses specified for ${where}`, con);
        if (sawDefault) throw conflicting(ctx, `both default and generation expression specified for ${where}`, con);
        if (identity !== undefined) throw conflicting(ctx, `both identity and generation expression specified for ${where}`, con);
        generatedAst = con.raw_expr;
        generated = parenthesizedTextAt(ctx.sql, con.location);
        break;
      case 'CONSTR_CHECK': checks.push(pendingCheck(ctx, con)); break;
      case 'CONSTR_PRIMARY': primaryKey = true; nullable = false; break;
      case 'CONSTR_UNIQUE': break; // recorded later with indexes; not enforced
      case 'CONSTR_FOREIGN': foreignKeys.push(pendingForeignKey(con, name)); break; // recorded, not enforced
      default:
        throw new SqlError(SqlState.featureNotSupported, `constraint ${con.contype} is not supported`);
    }
  }
  const column: TableColumn = {
    name, type, nullable, defaultExpr,
    ...(generated !== undefined ? { generated } : {}), ...(identity !== undefined ? { identity } : {}),
  };
  return { column, checks, generatedAst, primaryKey, foreignKeys };
}

/** Check that each generation expression binds over the table's row (PostgreSQL's rules, its positions). */
export function validateGenerated(ctx: StatementContext, table: RuleTable, defs: readonly ColumnDefinition[]): Map<number, Expr> {
  const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
  const out = new Map<number, Expr>();
  for (const d of defs) {
    if (d.generatedAst === undefined) continue;
    const i = table.columns.findIndex((c) => c.name === d.column.name);
    out.set(i, bindRule(d.generatedAst, 'generated', table, state, table.columns[i]));
  }
  return out;
}

/** makeObjectName: `name1_name2_label`, the longer of the names cut until it fits in 63 bytes. */
function objectName(name1: string, name2: string | undefined, label: string): string {
  let a = name1, b = name2 ?? '';
  const size = (s: string) => Buffer.byteLength(s);
  const total = () => size(a) + (name2 === undefined ? 0 : size(b) + 1) + size(label) + 1;
  while (total() > 63) {
    if (size(a) >= size(b)) a = a.slice(0, -1);
    else b = b.slice(0, -1);
  }
  return name2 === undefined ? `${a}_${label}` : `${a}_${b}_${label}`;
}

/**
 * Bind and name CHECK constraints being added to a table. `taken`: constraint names already in use in the
 * table's schema (PostgreSQL picks a generated name unused there); `existing`: the table's own checks, which
 * a new name may not repeat (`inCreate`: CREATE TABLE's wording of that error).
 */
export function nameChecks(ctx: StatementContext, table: RuleTable, pending: readonly PendingCheck[], existing: readonly string[],
  taken: ReadonlySet<string>, inCreate: boolean): { def: CheckDef; expr: Expr }[] {
  const state = new BinderState(ctx.bindContext, ctx.sql, [], false);
  const used = new Set([...taken, ...existing].map((n) => n.toLowerCase()));
  const own = new Set(existing.map((n) => n.toLowerCase()));
  const out: { def: CheckDef; expr: Expr }[] = [];
  // Named constraints first claim their names, so generated names avoid them.
  for (const p of pending) if (p.name !== undefined) used.add(p.name.toLowerCase());
  for (const p of pending) {
    const expr = bindRule(p.ast, 'check', table, state);
    let name = p.name;
    if (name !== undefined) {
      if (own.has(name.toLowerCase())) {
        throw new SqlError(SqlState.duplicateObject, inCreate ? `check constraint "${name}" already exists`
          : `constraint "${name}" for relation "${table.name}" already exists`);
      }
    } else {
      // One column referenced: <table>_<column>_check, else <table>_check; a number appended until unused.
      const cols = [...columnsUsed(expr)];
      const column = cols.length === 1 ? table.columns[cols[0]!]?.name : undefined;
      name = objectName(table.name, column, 'check');
      for (let k = 1; used.has(name.toLowerCase()); k++) name = objectName(table.name, column, `check${k}`);
    }
    used.add(name.toLowerCase());
    own.add(name.toLowerCase());
    out.push({ def: { name, expr: p.text }, expr });
  }
  return out;
}

/** Constraint names in use in a schema (every table's CHECKs), for choosing new ones. */
export function constraintNamesIn(ctx: StatementContext, schema: string): Set<string> {
  const out = new Set<string>();
  for (const r of ctx.view.relations(ctx.database, schema)) {
    if (r.kind !== 'table') continue;
    for (const c of r.checks ?? []) out.add(c.name);
    for (const fk of r.foreignKeys ?? []) out.add(fk.name);
  }
  return out;
}

/** A catalog column as a Delta column: its generation expression and identity in the field metadata. */
export function deltaColumn(c: TableColumn): ColumnSchema {
  const metadata: Record<string, unknown> = {};
  if (c.generated !== undefined) metadata[GENERATION_EXPRESSION] = toDeltaExpressionText(c.generated);
  if (c.identity !== undefined) {
    metadata[IDENTITY_START] = Number(c.identity.start);
    metadata[IDENTITY_STEP] = Number(c.identity.step);
    metadata[IDENTITY_ALLOW_EXPLICIT_INSERT] = !c.identity.always;
  }
  return { name: c.name, type: c.type, nullable: c.nullable, ...(Object.keys(metadata).length > 0 ? { metadata } : {}) };
}

/** CHECK constraints as Delta table properties. */
export function deltaConstraintProperties(checks: readonly CheckDef[]): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [constraintKey(c.name), toDeltaExpressionText(c.expr)]));
}
