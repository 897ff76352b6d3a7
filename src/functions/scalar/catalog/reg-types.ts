/**
 * The reg* types' conversions. Basin keeps a regclass (regtype, regproc, regnamespace, regrole) value as its
 * OID: `'t'::regclass` is bound as regclassin('t') and compares with oid columns directly, and `::text` after
 * a reg cast as regclassout(oid), the object's name. The input functions raise PostgreSQL's error for a name
 * that names nothing; the to_reg* functions return NULL instead. Output of an OID that names nothing is the
 * number, and of 0 is '-', as in PostgreSQL.
 */
import { SqlError, SqlState, arrayTypeOf, sqlType, TYPES, typeIdByName, type SqlType } from '../../../common/index.ts';
import type { CatalogLookup, ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';
import { typeNameOf } from './format-type.ts';

export const REG_TYPES = ['regclass', 'regtype', 'regproc', 'regprocedure', 'regnamespace', 'regrole'] as const;
export type RegType = typeof REG_TYPES[number];

const PSEUDO_BY_NAME: Readonly<Record<string, number>> = { any: 2276, anycompatible: 5077, anycompatiblearray: 5078 };

/**
 * A type name as regtype reads it (`integer`, `character varying(10)`, `pg_catalog.int4`, `"pg_catalog"."int4"`,
 * `text[]`, `"char"`).
 */
function typeOidByName(text: string): number | undefined {
  let s = text.trim().replace(/^(pg_catalog|"pg_catalog")\./i, '');
  let array = false;
  if (s.endsWith('[]')) { array = true; s = s.slice(0, -2).trim(); }
  s = s.replace(/\s*\([^)]*\)/, '');
  if (s === '"char"') return array ? TYPES._char.oid : TYPES.char.oid;
  if (!array && PSEUDO_BY_NAME[s.toLowerCase()] !== undefined) return PSEUDO_BY_NAME[s.toLowerCase()];
  const id = typeIdByName(s.replace(/"/g, '').replace(/\s+/g, ' '));
  if (id === undefined) return undefined;
  const t: SqlType | undefined = array ? arrayTypeOf(sqlType(id)) : sqlType(id);
  return t === undefined ? undefined : TYPES[t.id].oid;
}

/** Name → OID for each reg type; undefined when nothing has that name. A bare number is taken as the OID. */
function lookupOid(kind: RegType, text: string, c: CatalogLookup): number | undefined {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  if (text.trim() === '-') return 0;
  switch (kind) {
    case 'regclass': return c.relationOid(text);
    case 'regtype': return typeOidByName(text);
    case 'regnamespace': return c.namespaceOid(text.trim().replace(/^"(.*)"$/, '$1'));
    case 'regrole': return c.roleOid(text.trim().replace(/^"(.*)"$/, '$1'));
    case 'regproc': case 'regprocedure': {
      const oids = c.procOids(text.replace(/\(.*\)\s*$/, ''));
      if (oids.length > 1 && kind === 'regproc') throw new SqlError(SqlState.ambiguousFunction, `more than one function named "${text}"`);
      return oids[0];
    }
  }
}

function missing(kind: RegType, text: string): SqlError {
  switch (kind) {
    case 'regclass': return new SqlError(SqlState.undefinedTable, `relation "${text}" does not exist`);
    case 'regtype': return new SqlError(SqlState.undefinedObject, `type "${text}" does not exist`);
    case 'regnamespace': return new SqlError(SqlState.invalidSchemaName, `schema "${text}" does not exist`);
    case 'regrole': return new SqlError(SqlState.undefinedObject, `role "${text}" does not exist`);
    case 'regproc': case 'regprocedure': return new SqlError(SqlState.undefinedFunction, `function "${text}" does not exist`);
  }
}

function nameOf(kind: RegType, oid: number, c: CatalogLookup): string | undefined {
  switch (kind) {
    case 'regclass': return c.relationName(oid);
    case 'regtype': return typeNameOf(oid, -1);
    case 'regnamespace': return c.namespaceName(oid);
    case 'regrole': return c.roleName(oid);
    case 'regproc': case 'regprocedure': return c.procName(oid);
  }
}

const input = (kind: RegType): ScalarFunction => ({
  name: `${kind}in`,
  overloads: [{
    args: ['text'], returns: 'oid', volatility: 'stable',
    kernel: mapStrict1('oid', (text: string, ctx) => {
      const oid = lookupOid(kind, text, catalogOf(ctx));
      if (oid === undefined) throw missing(kind, text);
      return oid;
    }),
  }],
});

const output = (kind: RegType): ScalarFunction => ({
  name: `${kind}out`,
  overloads: [{
    args: ['oid'], returns: 'text', volatility: 'stable',
    kernel: mapStrict1('text', (oid: number, ctx) => (oid === 0 ? '-' : nameOf(kind, oid, catalogOf(ctx)) ?? String(oid))),
  }],
});

const lenient = (kind: RegType): ScalarFunction => ({
  name: `to_${kind}`,
  overloads: [{
    args: ['text'], returns: 'oid', volatility: 'stable',
    kernel: mapStrict1('oid', (text: string, ctx) => {
      if (/^\s*\d+\s*$/.test(text)) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${kind}: "${text}"`);
      try {
        return lookupOid(kind, text, catalogOf(ctx)) ?? null;
      } catch (e) {
        if (e instanceof SqlError && e.code === SqlState.ambiguousFunction) return null;
        throw e;
      }
    }),
  }],
});

export const REG_FUNCTIONS: readonly ScalarFunction[] = [
  ...REG_TYPES.map(input), ...REG_TYPES.map(output),
  ...(['regclass', 'regtype', 'regproc', 'regprocedure', 'regnamespace', 'regrole'] as const).map(lenient),
];
