/**
 * pg_table_is_visible, pg_type_is_visible, pg_function_is_visible: is the object found by its bare name
 * through the search path? NULL for an OID that names nothing (PostgreSQL's answer since 9.x). Types and
 * functions all live in pg_catalog, which is always searched.
 */
import { typeByOid } from '../../../common/index.ts';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';
import { typeNameOf } from './format-type.ts';

const visible = (name: string, f: (oid: number, ctx: Parameters<typeof catalogOf>[0]) => boolean | undefined): ScalarFunction => ({
  name, overloads: [{ args: ['oid'], returns: 'bool', volatility: 'stable', kernel: mapStrict1('bool', (oid: number, ctx) => f(oid, ctx) ?? null) }],
});

export const pgTableIsVisible = visible('pg_table_is_visible', (oid, ctx) => catalogOf(ctx).relationVisible(oid));
export const pgTypeIsVisible = visible('pg_type_is_visible', (oid) => (typeByOid(oid) !== undefined || typeNameOf(oid, -1) !== undefined ? true : undefined));
export const pgFunctionIsVisible = visible('pg_function_is_visible', (oid, ctx) => catalogOf(ctx).functionVisible(oid));
