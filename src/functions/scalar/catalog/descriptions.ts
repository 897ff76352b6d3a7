/**
 * obj_description, col_description, shobj_description: comments on objects. Basin has no COMMENT ON yet, so
 * every object's comment is NULL, which is what PostgreSQL returns for an object without one.
 */
import type { ArgType, ScalarFunction } from '../../../plan/index.ts';
import { mapLazyN } from '../kernel-helpers.ts';

const noComment = (name: string, ...signatures: ArgType[][]): ScalarFunction => ({
  name, overloads: signatures.map((args) => ({ args, returns: 'text', volatility: 'stable', strict: true, kernel: mapLazyN('text', () => null) })),
});

// (text, name): regproc columns (pg_operator.oprcode) read as text here, and psql asks for their comments.
export const objDescription = noComment('obj_description', ['oid'], ['oid', 'name'], ['text', 'name']);
export const colDescription = noComment('col_description', ['oid', 'int4']);
export const shobjDescription = noComment('shobj_description', ['oid', 'name']);
