/**
 * int2vector and oidvector I/O (int2vectorin/out, oidvectorin/out and their binary forms): a vector is a
 * one-dimensional PgArray with lower bound 0 and no NULLs; its text is the elements separated by single spaces,
 * and the empty vector's is the empty string.
 */
import { arrayRecv, PgArray } from './array.ts';
import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';

/** A vector of these elements: subscripts from 0; empty, it still has one dimension of length 0, as in PostgreSQL. */
export const vectorOf = (items: readonly unknown[]): PgArray => new PgArray(items, [items.length], [0]);

export function vectorOut(a: PgArray, elemOut: (x: unknown) => string): string {
  return a.items.map(elemOut).join(' ');
}

/** int2vectorin/oidvectorin: any number of elements (PostgreSQL 15 has no limit either). */
export function vectorIn(text: string, elemIn: (s: string) => unknown): PgArray {
  return vectorOf(text.split(/[ \t\n\r\v\f]+/).filter((s) => s.length > 0).map(elemIn));
}

/** int2vectorrecv/oidvectorrecv: an array's binary form, which must be one-dimensional, from 0, without NULLs. */
export function vectorRecv(b: Uint8Array, elemOid: number, typeName: string, elemRecv: (bytes: Uint8Array) => unknown): PgArray {
  const a = arrayRecv(b, elemOid, elemRecv);
  if (a.ndims === 0) return vectorOf([]);
  if (a.ndims !== 1 || a.lbounds[0] !== 0 || a.hasNulls()) {
    throw new SqlError(SqlState.invalidBinaryRepresentation, `invalid ${typeName} data`);
  }
  return a;
}
