/**
 * Small facts psql's commands ask for: the database encoding (always UTF8 in Basin), a tablespace's directory
 * (Basin has only the built-in pg_default and pg_global, whose location PostgreSQL reports as ''), and
 * operator visibility (there are no user-defined operators, so no OID names one: NULL).
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapNullary, mapStrict1 } from '../kernel-helpers.ts';

export const getDatabaseEncoding: ScalarFunction = {
  name: 'getdatabaseencoding',
  overloads: [{ args: [], returns: 'name', volatility: 'stable', kernel: mapNullary('name', () => 'UTF8', false) }],
};

export const pgTablespaceLocation: ScalarFunction = {
  name: 'pg_tablespace_location',
  overloads: [{ args: ['oid'], returns: 'text', volatility: 'stable', kernel: mapStrict1('text', () => '') }],
};

export const pgOperatorIsVisible: ScalarFunction = {
  name: 'pg_operator_is_visible',
  overloads: [{ args: ['oid'], returns: 'bool', volatility: 'stable', kernel: mapStrict1('bool', () => null) }],
};
