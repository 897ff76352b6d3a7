/**
 * obj_description, col_description, shobj_description: comments on objects, from pg_description (built-in
 * schemas' and types' comments, and COMMENT ON). Databases and roles (shared objects) have none here.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapLazyN, mapStrictN } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

export const objDescription: ScalarFunction = {
  name: 'obj_description',
  overloads: [
    { args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrictN('text', ([oid], ctx) => catalogOf(ctx).description(oid as number, undefined, 0) ?? null) },
    {
      args: ['oid', 'name'], returns: 'text', volatility: 'stable',
      kernel: mapStrictN('text', ([oid, cat], ctx) => catalogOf(ctx).description(oid as number, cat as string, 0) ?? null),
    },
    // (text, name): regproc columns (pg_operator.oprcode) read as text here, and psql asks for their comments.
    { args: ['text', 'name'], returns: 'text', volatility: 'stable', strict: true, kernel: mapLazyN('text', () => null) },
  ],
};

export const colDescription: ScalarFunction = {
  name: 'col_description',
  overloads: [{
    args: ['oid', 'int4'], returns: 'text', volatility: 'stable',
    kernel: mapStrictN('text', ([oid, n], ctx) => catalogOf(ctx).description(oid as number, 'pg_class', n as number) ?? null),
  }],
};

export const shobjDescription: ScalarFunction = {
  name: 'shobj_description',
  overloads: [{ args: ['oid', 'name'], returns: 'text', volatility: 'stable', strict: true, kernel: mapLazyN('text', () => null) }],
};
