/**
 * Comparison kernels: the total orders Basin uses for =, <, ORDER BY, min/max, and the equality that grouping,
 * joins and DISTINCT use (see hash.ts, which must agree with `compareValues`).
 *
 * Orders follow PostgreSQL: floats put NaN above every other value and NaN = NaN; strings compare by code
 * point (the C collation); bpchar ignores trailing spaces; numeric by value (1.0 = 1.00); intervals by their
 * span with a month as 30 days (so '1 month' = '30 days'); bytea bytewise.
 */
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import { compareJsonbText, elementType, isArrayType, TYPES, type Interval, type PgArray, type SqlType } from '../common/index.ts';
import type { Vector } from '../common/index.ts';
import { Decimal } from '../common/index.ts';

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** How values of a type compare: picks the comparator and the hash-key form. */
export type OrderClass = 'int' | 'int8' | 'float' | 'string' | 'bpchar' | 'decimal' | 'interval' | 'bytea' | 'bool' | 'array' | 'jsonb' | 'other';

export function orderClass(t: SqlType): OrderClass {
  if (isArrayType(t)) return 'array';
  switch (t.id) {
    case 'bool': return 'bool';
    case 'int2': case 'int4': case 'oid': case 'date': case 'time': case 'timestamp': case 'timestamptz':
    case 'regproc': case 'regprocedure': case 'regoper': case 'regoperator': case 'regclass': case 'regtype':
    case 'regrole': case 'regnamespace': case 'regconfig':
      return 'int';
    case 'int8': return 'int8'; // bigints: never mixed with numbers in === or in one TypedArray

    case 'float4': case 'float8': return 'float';
    case 'numeric': return 'decimal';
    case 'bpchar': return 'bpchar';
    case 'text': case 'varchar': case 'name': case 'char': case 'unknown': case 'json': case 'uuid':
      return 'string';
    case 'jsonb': return 'jsonb'; // by value: 1 = 1.0, and PostgreSQL's order across kinds
    case 'interval': return 'interval';
    case 'bytea': return 'bytea';
    default: return 'other';
  }
}

/** Code-point order of two JS strings (UTF-16 order differs for surrogates vs U+E000..U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return compareStringsLen(a, a.length, b, b.length);
}

function compareStringsLen(a: string, la: number, b: string, lb: number): number {
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Length without trailing spaces (bpchar semantics). */
export function bpcharLength(s: string): number {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 32) n--;
  return n;
}

export function compareBpchar(a: string, b: string): number {
  return compareStringsLen(a, bpcharLength(a), b, bpcharLength(b));
}

/** float8_cmp_internal: NaN equals NaN and sorts above everything. */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const na = a !== a, nb = b !== b;
  return na ? (nb ? 0 : 1) : -1;
}

const DAY = 86_400_000_000;

/** interval_cmp: compare months*30 days + days + micros, exactly. */
export function compareIntervals(a: Interval, b: Interval): number {
  const sa = (a.months * 30 + a.days) * DAY + a.micros;
  const sb = (b.months * 30 + b.days) * DAY + b.micros;
  if (Math.abs(sa - sb) > 1e6) return sa < sb ? -1 : 1;
  const ba = intervalSpan(a), bb = intervalSpan(b);
  return ba < bb ? -1 : ba > bb ? 1 : 0;
}

export function intervalSpan(a: Interval): bigint {
  return (BigInt(a.months) * 30n + BigInt(a.days)) * BigInt(DAY) + BigInt(a.micros);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const compareNumbers = (a: unknown, b: unknown): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/**
 * int8 (bigint) against a float, exactly: JS's < and > between a bigint and a number compare the mathematical
 * values, and NaN sorts above everything as in compareFloats.
 */
const compareInt8Float = (a: unknown, b: unknown): number => {
  const y = b as number;
  if (y !== y) return -1;
  return (a as bigint) < y ? -1 : (a as bigint) > y ? 1 : 0;
};

/** Turn a value of another class into a Decimal for mixed numeric comparisons. */
const toDecimal = (x: unknown): Decimal =>
  x instanceof Decimal ? x : typeof x === 'bigint' || Number.isInteger(x) ? Decimal.fromInt(x as number | bigint)
    : Decimal.fromNumber(x as number);

/** A comparator over physical values (as stored in a Vector's values) of two non-NULL operands. */
export type ValueComparator = (a: unknown, b: unknown) => number;

/** The comparator for values of `left` vs `right` (usually the same type; text vs varchar, bpchar vs text ok). */
export function valueComparator(left: SqlType, right: SqlType = left): ValueComparator {
  const a = orderClass(left), b = orderClass(right);
  if (a === 'bpchar' || b === 'bpchar') {
    if ((a === 'bpchar' || a === 'string') && (b === 'bpchar' || b === 'string')) return compareBpchar as ValueComparator;
  }
  if (a === b) {
    switch (a) {
      case 'int': case 'int8': case 'bool': return compareNumbers;
      case 'float': return compareFloats as ValueComparator;
      case 'string': return compareStrings as ValueComparator;
      case 'bpchar': return compareBpchar as ValueComparator;
      case 'decimal': return (x, y) => (x as Decimal).cmp(y as Decimal);
      case 'interval': return compareIntervals as ValueComparator;
      case 'bytea': return compareBytes as ValueComparator;
      case 'jsonb': return compareJsonbText as ValueComparator;
      case 'array': return arrayComparator(valueComparator(elementType(left)!, elementType(right)!));
      case 'other': break;
    }
  }
  // bigint vs number with < and >: exact (no === between them, which is always false)
  if ((a === 'int8' && b === 'int') || (a === 'int' && b === 'int8')) return compareNumbers;
  if (a === 'int8' && b === 'float') return compareInt8Float;
  if (a === 'float' && b === 'int8') return (x, y) => -compareInt8Float(y, x);
  if ((a === 'int' || a === 'float') && (b === 'int' || b === 'float')) return compareFloats as ValueComparator;
  const num = (c: OrderClass): boolean => c === 'decimal' || c === 'int' || c === 'int8' || c === 'float';
  if (num(a) && num(b)) {
    return (x, y) => toDecimal(x).cmp(toDecimal(y));
  }
  throw new SqlError(SqlState.undefinedFunction,
    `operator does not exist: ${TYPES[left.id].sqlName} = ${TYPES[right.id].sqlName}`);
}

/**
 * array_cmp: elements pairwise in storage order (a NULL element sorts after every value, two NULLs are equal);
 * then the shorter array first; then fewer dimensions; then smaller dimension lengths and lower bounds.
 */
function arrayComparator(elem: ValueComparator): ValueComparator {
  return (x, y) => {
    const a = x as PgArray, b = y as PgArray;
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const p = a.items[i], q = b.items[i];
      if (p === null || q === null) {
        if (p === null && q === null) continue;
        return p === null ? 1 : -1;
      }
      const c = elem(p, q);
      if (c !== 0) return c;
    }
    if (a.items.length !== b.items.length) return a.items.length < b.items.length ? -1 : 1;
    if (a.ndims !== b.ndims) return a.ndims < b.ndims ? -1 : 1;
    for (let d = 0; d < a.ndims; d++) {
      if (a.dims[d] !== b.dims[d]) return a.dims[d]! < b.dims[d]! ? -1 : 1;
      if (a.lbounds[d] !== b.lbounds[d]) return a.lbounds[d]! < b.lbounds[d]! ? -1 : 1;
    }
    return 0;
  };
}

/** The operator with its operands swapped: `a op b` is `b FLIPPED[op] a`. */
export const FLIPPED: Readonly<Record<CompareOp, CompareOp>> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Does the comparison result `c` (-1/0/1) satisfy `op`? */
export function testOp(op: CompareOp, c: number): boolean {
  switch (op) {
    case '=': return c === 0;
    case '<>': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
}

function unionNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b === null ? null : b.slice(0, n);
  const out = a.slice(0, n);
  if (b !== null) for (let i = 0; i < n; i++) out[i]! |= b[i]!;
  return out;
}

const isPlainNumeric = (t: SqlType): boolean => {
  const c = orderClass(t);
  return c === 'int' || c === 'bool';
};

/**
 * out[i] = a[i] op b[i] (or op the number b) as 1/0 over numbers that are plain values (no NaN ordering).
 * The int8 loops below stay separate: one loop over bigints and numbers alike would not stay monomorphic.
 */
export function compareNumberArrays(op: CompareOp, a: ArrayLike<number>, b: ArrayLike<number> | number, n: number, out: Uint8Array): void {
  if (typeof b === 'number') {
    switch (op) {
      case '=': for (let i = 0; i < n; i++) out[i] = a[i] === b ? 1 : 0; break;
      case '<>': for (let i = 0; i < n; i++) out[i] = a[i] !== b ? 1 : 0; break;
      case '<': for (let i = 0; i < n; i++) out[i] = a[i]! < b ? 1 : 0; break;
      case '<=': for (let i = 0; i < n; i++) out[i] = a[i]! <= b ? 1 : 0; break;
      case '>': for (let i = 0; i < n; i++) out[i] = a[i]! > b ? 1 : 0; break;
      case '>=': for (let i = 0; i < n; i++) out[i] = a[i]! >= b ? 1 : 0; break;
    }
    return;
  }
  switch (op) {
    case '=': for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0; break;
    case '<>': for (let i = 0; i < n; i++) out[i] = a[i] !== b[i] ? 1 : 0; break;
    case '<': for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0; break;
    case '<=': for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0; break;
    case '>': for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0; break;
    case '>=': for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0; break;
  }
}

/** l op r, row by row, as a bool Vector (NULL where either side is NULL). */
export function compareVectors(op: CompareOp, l: Vector, r: Vector, resultType: SqlType): Vector {
  const n = l.length;
  const out = new Uint8Array(n);
  const nulls = unionNulls(l.nulls, r.nulls, n);
  if (l.type.id === 'int8' && r.type.id === 'int8') {
    const a = l.values as BigInt64Array, b = r.values as BigInt64Array;
    switch (op) {
      case '=': for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0; break;
      case '<>': for (let i = 0; i < n; i++) out[i] = a[i] !== b[i] ? 1 : 0; break;
      case '<': for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0; break;
      case '<=': for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0; break;
      case '>': for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0; break;
      case '>=': for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0; break;
    }
    return { type: resultType, length: n, values: out, nulls };
  }
  if (isPlainNumeric(l.type) && isPlainNumeric(r.type)) {
    compareNumberArrays(op, l.values as Float64Array, r.values as Float64Array, n, out);
    return { type: resultType, length: n, values: out, nulls };
  }
  const cmp = valueComparator(l.type, r.type);
  const a = l.values as ArrayLike<unknown>, b = r.values as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = testOp(op, cmp(a[i], b[i])) ? 1 : 0;
  }
  return { type: resultType, length: n, values: out, nulls };
}

/** l op c for a non-NULL constant c (physical value), as a bool Vector. */
export function compareWithConstant(op: CompareOp, l: Vector, c: unknown, cType: SqlType, resultType: SqlType): Vector {
  const n = l.length;
  const out = new Uint8Array(n);
  const nulls = l.nulls === null ? null : l.nulls.slice(0, n);
  if (l.type.id === 'int8' && cType.id === 'int8') {
    const a = l.values as BigInt64Array;
    const k = typeof c === 'bigint' ? c : BigInt(c as number);
    switch (op) {
      case '=': for (let i = 0; i < n; i++) out[i] = a[i] === k ? 1 : 0; break;
      case '<>': for (let i = 0; i < n; i++) out[i] = a[i] !== k ? 1 : 0; break;
      case '<': for (let i = 0; i < n; i++) out[i] = a[i]! < k ? 1 : 0; break;
      case '<=': for (let i = 0; i < n; i++) out[i] = a[i]! <= k ? 1 : 0; break;
      case '>': for (let i = 0; i < n; i++) out[i] = a[i]! > k ? 1 : 0; break;
      case '>=': for (let i = 0; i < n; i++) out[i] = a[i]! >= k ? 1 : 0; break;
    }
    return { type: resultType, length: n, values: out, nulls };
  }
  if (isPlainNumeric(l.type) && isPlainNumeric(cType)) {
    compareNumberArrays(op, l.values as Float64Array, c as number, n, out);
    return { type: resultType, length: n, values: out, nulls };
  }
  const cmp = valueComparator(l.type, cType);
  const a = l.values as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = testOp(op, cmp(a[i], c)) ? 1 : 0;
  }
  return { type: resultType, length: n, values: out, nulls };
}

/** IS [NOT] DISTINCT FROM: never NULL; two NULLs are not distinct. */
export function distinctVectors(negate: boolean, l: Vector, r: Vector, resultType: SqlType): Vector {
  const n = l.length;
  const out = new Uint8Array(n);
  const cmp = valueComparator(l.type, r.type);
  const a = l.values as ArrayLike<unknown>, b = r.values as ArrayLike<unknown>;
  const ln = l.nulls, rn = r.nulls;
  for (let i = 0; i < n; i++) {
    const x = ln !== null && ln[i] === 1, y = rn !== null && rn[i] === 1;
    const distinct = x || y ? x !== y : cmp(a[i], b[i]) !== 0;
    out[i] = distinct !== negate ? 1 : 0;
  }
  return { type: resultType, length: n, values: out, nulls: null };
}
