/**
 * Which casts exist and in which contexts they apply, as in PostgreSQL's pg_cast (castcontext 'i' implicit,
 * 'a' assignment, 'e' explicit only). The binder uses this to insert implicit casts and resolve operators and
 * functions; the cast kernels implement the conversions.
 */
import type { SqlType, TypeId } from './types.ts';
import { elementType, isVectorType, REG_TYPE_IDS, TYPES } from './types.ts';

export type CastContext = 'implicit' | 'assignment' | 'explicit';

const I = 'implicit', A = 'assignment', E = 'explicit';
type Row = Partial<Record<TypeId, CastContext>>;

const STRINGS: Row = { text: I, varchar: I, bpchar: A, name: I };

const TABLE: Partial<Record<TypeId, Row>> = {
  int2: { int4: I, int8: I, float4: I, float8: I, numeric: I, oid: I },
  int4: { int2: A, int8: I, float4: I, float8: I, numeric: I, bool: E, oid: I },
  int8: { int2: A, int4: A, float4: I, float8: I, numeric: I, oid: I },
  float4: { int2: A, int4: A, int8: A, float8: I, numeric: A },
  float8: { int2: A, int4: A, int8: A, float4: A, numeric: A },
  numeric: { int2: A, int4: A, int8: A, float4: I, float8: I },
  oid: { int4: A, int8: A },
  bool: { int4: E },
  text: { varchar: I, bpchar: I, name: I, char: A },
  varchar: { text: I, bpchar: I, name: I, char: A },
  bpchar: { text: I, varchar: I, name: I, char: A },
  char: { text: I, varchar: A, bpchar: A },
  name: { text: I, varchar: A, bpchar: A },
  date: { timestamp: I, timestamptz: I },
  timestamp: { date: A, timestamptz: I, time: A },
  timestamptz: { date: A, timestamp: A, time: A },
  time: { interval: I },
  interval: { time: A },
  json: { jsonb: A },
  jsonb: { json: A, bool: E, int2: E, int4: E, int8: E, float4: E, float8: E, numeric: E },
};

// The reg* types: oid and the integers cast to them implicitly, they cast to oid implicitly and to int4/int8 by
// assignment; regproc ↔ regprocedure and regoper ↔ regoperator implicitly; text and varchar to regclass
// implicitly (nextval('seq'), relname::regclass).
for (const r of REG_TYPE_IDS) {
  for (const from of ['int2', 'int4', 'int8', 'oid'] as const) TABLE[from] = { ...TABLE[from], [r]: I };
  TABLE[r] = { oid: I, int4: A, int8: A };
}
TABLE.regproc = { ...TABLE.regproc, regprocedure: I };
TABLE.regprocedure = { ...TABLE.regprocedure, regproc: I };
TABLE.regoper = { ...TABLE.regoper, regoperator: I };
TABLE.regoperator = { ...TABLE.regoperator, regoper: I };
TABLE.text = { ...TABLE.text, regclass: I };
TABLE.varchar = { ...TABLE.varchar, regclass: I };

/**
 * The context in which `from` may be cast to `to`, or undefined when no cast exists. Same-type casts (length
 * coercion) are implicit. Every type casts to and from the string types through its I/O functions: explicit,
 * except that casting to text/varchar is assignment and `unknown` (an untyped literal) casts implicitly to
 * anything.
 */
export function castContext(from: SqlType, to: SqlType): CastContext | undefined {
  if (from.id === to.id) return I;
  if (from.id === 'unknown') return I;
  // Array to array: as the elements cast (array_coerce).
  const fe = elementType(from), te = elementType(to);
  // A vector is an array (int2vector → int2[] is binary coercible), but no array becomes a vector but by text.
  if (fe !== undefined && te !== undefined) return isVectorType(to) ? undefined : castContext(fe, te);
  const direct = TABLE[from.id]?.[to.id];
  if (direct !== undefined) return direct;
  if (to.id === 'text' || to.id === 'varchar' || to.id === 'bpchar' || to.id === 'name') {
    return TYPES[from.id].category === 'S' ? STRINGS[to.id] : A;
  }
  if (TYPES[from.id].category === 'S') return E;
  return undefined;
}

export const canCastImplicitly = (from: SqlType, to: SqlType): boolean => castContext(from, to) === I;

/** Can a value of `from` be stored in a column of `to` (INSERT/UPDATE: implicit or assignment casts)? */
export function canAssign(from: SqlType, to: SqlType): boolean {
  const c = castContext(from, to);
  return c === I || c === A;
}
