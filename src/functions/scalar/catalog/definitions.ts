/**
 * The pg_get_*def family: the SQL text that defines an object, by OID; NULL for an OID that names no such
 * object (as PostgreSQL does for the functions that take an OID). pg_get_expr returns the stored expression
 * text as it is (Basin keeps expressions as text, not node trees).
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1, mapStrict2, mapStrictN } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

export const pgGetExpr: ScalarFunction = {
  name: 'pg_get_expr',
  overloads: [
    { args: ['text', 'oid'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (e: string) => e) },
    { args: ['text', 'oid', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrictN('text', ([e]) => e as string) },
  ],
};

const indexDef = (oid: number, col: number, ctx: Parameters<typeof catalogOf>[0]) => catalogOf(ctx).indexDef(oid, col) ?? null;

export const pgGetIndexdef: ScalarFunction = {
  name: 'pg_get_indexdef',
  overloads: [
    { args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => indexDef(oid, 0, ctx)) },
    { args: ['oid', 'int4', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrictN('text', ([oid, col], ctx) => indexDef(oid as number, col as number, ctx)) },
  ],
};

export const pgGetConstraintdef: ScalarFunction = {
  name: 'pg_get_constraintdef',
  overloads: [
    { args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => catalogOf(ctx).constraintDef(oid, false) ?? null) },
    { args: ['oid', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (oid: number, pretty: boolean, ctx) => catalogOf(ctx).constraintDef(oid, pretty) ?? null) },
  ],
};

const viewByName = (name: string, ctx: Parameters<typeof catalogOf>[0]): string | null => {
  const c = catalogOf(ctx);
  const oid = c.relationOid(name);
  return oid === undefined ? null : c.viewDef(oid) ?? null;
};

export const pgGetViewdef: ScalarFunction = {
  name: 'pg_get_viewdef',
  overloads: [
    { args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => catalogOf(ctx).viewDef(oid) ?? null) },
    { args: ['oid', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (oid: number, _p: boolean, ctx) => catalogOf(ctx).viewDef(oid) ?? null) },
    { args: ['text'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (name: string, ctx) => viewByName(name, ctx)) },
    { args: ['text', 'bool'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (name: string, _p: boolean, ctx) => viewByName(name, ctx)) },
  ],
};

export const pgGetSerialSequence: ScalarFunction = {
  name: 'pg_get_serial_sequence',
  overloads: [{
    args: ['text', 'text'], returns: 'text', volatility: 'stable',
    kernel: mapStrict2('text', (table: string, column: string, ctx) => catalogOf(ctx).serialSequence(table, column)),
  }],
};

export const pgGetFunctionResult: ScalarFunction = {
  name: 'pg_get_function_result',
  overloads: [{ args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => catalogOf(ctx).functionResult(oid) ?? null) }],
};

export const pgGetFunctionArguments: ScalarFunction = {
  name: 'pg_get_function_arguments',
  overloads: [{ args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => catalogOf(ctx).functionArguments(oid) ?? null) }],
};

export const pgGetFunctionIdentityArguments: ScalarFunction = {
  name: 'pg_get_function_identity_arguments',
  overloads: [{ args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', (oid: number, ctx) => catalogOf(ctx).functionArguments(oid) ?? null) }],
};

/** Objects Basin does not have (rules, extended statistics, SQL-bodied functions): always NULL, so psql's queries over them bind. */
const alwaysNull = (name: string, args: readonly ('oid' | 'bool')[]): ScalarFunction => ({
  name, overloads: [{ args, returns: 'text', volatility: 'stable', kernel: mapStrictN('text', () => null) }],
});

export const pgGetRuledef: ScalarFunction = {
  name: 'pg_get_ruledef', overloads: [...alwaysNull('pg_get_ruledef', ['oid']).overloads, ...alwaysNull('pg_get_ruledef', ['oid', 'bool']).overloads],
};
export const pgGetStatisticsobjdefColumns = alwaysNull('pg_get_statisticsobjdef_columns', ['oid']);
/** Built-in functions have no SQL body (prosrc names their internal implementation). */
export const pgGetFunctionSqlbody = alwaysNull('pg_get_function_sqlbody', ['oid']);
export const pgGetTriggerdef: ScalarFunction = {
  name: 'pg_get_triggerdef', overloads: [...alwaysNull('pg_get_triggerdef', ['oid']).overloads, ...alwaysNull('pg_get_triggerdef', ['oid', 'bool']).overloads],
};
