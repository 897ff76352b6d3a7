/**
 * The reg* types' I/O against the catalog (regIO, which a session puts in its TextOptions so that casts, result
 * columns and parameters read and print names), the input and output functions by name (regclassin, …), and
 * the to_reg* functions. A reg value is its OID. Input raises PostgreSQL's error for a name that names nothing;
 * the to_reg* functions return NULL instead. Output of an OID that names nothing is the number, and of 0 is
 * '-', as in PostgreSQL.
 */
import {
  SqlError, SqlState, arrayTypeOf, sqlType, TYPES, typeIdByName, type RegIO, type RegTypeId, type SqlType,
} from '../../../common/index.ts';
import type { CatalogLookup, ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';
import { typeNameOf } from './format-type.ts';

type RegType = RegTypeId;

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

/** Name → OID for each reg type; undefined when nothing has that name. */
function lookupOid(kind: RegType, text: string, c: CatalogLookup): number | undefined {
  switch (kind) {
    case 'regclass': return c.relationOid(text);
    case 'regtype': return typeOidByName(text);
    case 'regnamespace': return c.namespaceOid(text.trim().replace(/^"(.*)"$/, '$1'));
    case 'regrole': return c.roleOid(text.trim().replace(/^"(.*)"$/, '$1'));
    case 'regproc': case 'regprocedure': {
      if (kind === 'regprocedure' && !text.includes('(')) throw new SqlError(SqlState.invalidTextRepresentation, 'expected a left parenthesis');
      const oids = c.procOids(text.replace(/\(.*\)\s*$/, ''));
      if (oids.length > 1 && kind === 'regproc') throw new SqlError(SqlState.ambiguousFunction, `more than one function named "${text}"`);
      return oids[0];
    }
    case 'regoper': case 'regoperator': case 'regconfig': return undefined; // Basin lists no operators or text search configurations
  }
}

function missing(kind: RegType, text: string): SqlError {
  switch (kind) {
    case 'regclass': return new SqlError(SqlState.undefinedTable, `relation "${text}" does not exist`);
    case 'regtype': return new SqlError(SqlState.undefinedObject, `type "${text}" does not exist`);
    case 'regnamespace': return new SqlError(SqlState.invalidSchemaName, `schema "${text}" does not exist`);
    case 'regrole': return new SqlError(SqlState.undefinedObject, `role "${text}" does not exist`);
    case 'regproc': case 'regprocedure': return new SqlError(SqlState.undefinedFunction, `function "${text}" does not exist`);
    case 'regoper': case 'regoperator': return new SqlError(SqlState.undefinedFunction, `operator does not exist: ${text}`);
    case 'regconfig': return new SqlError(SqlState.undefinedObject, `text search configuration "${text}" does not exist`);
  }
}

function nameOf(kind: RegType, oid: number, c: CatalogLookup): string | undefined {
  switch (kind) {
    case 'regclass': return c.relationName(oid);
    case 'regtype': return typeNameOf(oid, -1);
    case 'regnamespace': return c.namespaceName(oid);
    case 'regrole': return c.roleName(oid);
    case 'regproc': return c.procName(oid);
    case 'regprocedure': {
      const name = c.procName(oid);
      return name === undefined ? undefined : `${name}(${(c.functionArguments(oid) ?? '').split(', ').filter((a) => a !== '').join(',')})`;
    }
    case 'regoper': case 'regoperator': case 'regconfig': return undefined;
  }
}

/** The reg* types' text input and output over a catalog (see TextOptions.reg). */
export function regIO(catalog: () => CatalogLookup | undefined): RegIO {
  return {
    oid(kind, text) {
      const c = catalog();
      const oid = c === undefined ? undefined : lookupOid(kind, text, c);
      if (oid === undefined) throw missing(kind, text);
      return oid;
    },
    name(kind, oid) {
      if (oid === 0) return '-';
      const c = catalog();
      return (c === undefined ? undefined : nameOf(kind, oid, c)) ?? String(oid);
    },
  };
}

const ioOf = (ctx: Parameters<ScalarFunction['overloads'][number]['kernel']>[2]): RegIO => regIO(() => catalogOf(ctx));
const isOidText = (text: string): boolean => /^\s*\d+\s*$/.test(text);

const input = (kind: RegType): ScalarFunction => ({
  name: `${kind}in`,
  overloads: [{
    args: ['text'], returns: kind, volatility: 'stable',
    kernel: mapStrict1(kind, (text: string, ctx) => (isOidText(text) ? Number(text) : text.trim() === '-' ? 0 : ioOf(ctx).oid(kind, text))),
  }],
});

const output = (kind: RegType): ScalarFunction => ({
  name: `${kind}out`,
  overloads: [{
    args: [kind], returns: 'text', volatility: 'stable',
    kernel: mapStrict1('text', (oid: number, ctx) => ioOf(ctx).name(kind, oid)),
  }],
});

const lenient = (kind: RegType): ScalarFunction => ({
  name: `to_${kind}`,
  overloads: [{
    args: ['text'], returns: kind, volatility: 'stable',
    kernel: mapStrict1(kind, (text: string, ctx) => {
      if (isOidText(text)) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${kind}: "${text}"`);
      try {
        return lookupOid(kind, text, catalogOf(ctx)) ?? null;
      } catch (e) {
        if (e instanceof SqlError && e.code === SqlState.ambiguousFunction) return null;
        throw e;
      }
    }),
  }],
});

const NAMED: readonly RegType[] = ['regclass', 'regtype', 'regproc', 'regprocedure', 'regnamespace', 'regrole'];

export const REG_FUNCTIONS: readonly ScalarFunction[] = [...NAMED.map(input), ...NAMED.map(output), ...NAMED.map(lenient)];
