/** pg_get_userbyid (a role's name by OID) and pg_encoding_to_char (an encoding's name by number). */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

/** PostgreSQL's encoding numbers for the encodings a client may meet here; Basin itself is UTF8 only. */
const ENCODINGS: Readonly<Record<number, string>> = { 0: 'SQL_ASCII', 6: 'UTF8', 8: 'LATIN1' };

export const pgGetUserbyid: ScalarFunction = {
  name: 'pg_get_userbyid',
  overloads: [{
    args: ['oid'], returns: 'name', volatility: 'stable',
    kernel: mapStrict1('name', (oid: number, ctx) => catalogOf(ctx).roleName(oid) ?? `unknown (OID=${oid})`),
  }],
};

export const pgEncodingToChar: ScalarFunction = {
  name: 'pg_encoding_to_char',
  overloads: [{ args: ['int4'], returns: 'name', volatility: 'stable', kernel: mapStrict1('name', (n: number) => ENCODINGS[n] ?? '') }],
};

/** Publications do not exist in Basin: no relation is published. */
export const pgRelationIsPublishable: ScalarFunction = {
  name: 'pg_relation_is_publishable',
  overloads: [{ args: ['oid'], returns: 'bool', volatility: 'stable', kernel: mapStrict1('bool', () => false) }],
};
