/**
 * Arithmetic kernels for + - * / % and unary minus over integer, float and numeric columns, with PostgreSQL's
 * errors: integer overflow (22003 "integer out of range" ...), division by zero (22012) for every type, float
 * overflow/underflow (22003 "value out of range: overflow"). Integer division truncates toward zero.
 * NULL rows are skipped (their slots may hold garbage such as a zero divisor).
 */
import { SqlError } from '../common/index.ts';
import { SqlState } from '../common/index.ts';
import type { SqlType } from '../common/index.ts';
import { allocValues, type Vector } from '../common/index.ts';
import type { Decimal } from '../common/index.ts';

export type ArithOp = '+' | '-' | '*' | '/' | '%';

const INT_RANGE = {
  int2: { min: -32768, max: 32767, name: 'smallint' },
  int4: { min: -2147483648, max: 2147483647, name: 'integer' },
} as const;

export const divisionByZero = (): SqlError => new SqlError(SqlState.divisionByZero, 'division by zero');
const outOfRange = (name: string): SqlError => new SqlError(SqlState.numericValueOutOfRange, `${name} out of range`);
const floatOverflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
const floatUnderflow = (): SqlError => new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');

export function unionNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b === null ? null : b.slice(0, n);
  const out = a.slice(0, n);
  if (b !== null) for (let i = 0; i < n; i++) out[i]! |= b[i]!;
  return out;
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** An int8 operand's values; an int2/int4 operand (never produced by the binder, which casts both sides to
 * the operator's type) is widened once. */
function int8Values(v: Vector): BigInt64Array {
  if (v.values instanceof BigInt64Array) return v.values;
  const src = v.values as Float64Array, n = v.length, out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt(src[i]!);
  return out;
}

/**
 * int8 + - * / % in bigint: results are range-checked against ±2^63 before they are stored (a BigInt64Array
 * would wrap silently). Division truncates toward zero as C does; MIN / -1 overflows, MIN % -1 is 0.
 */
function int8Arith(op: ArithOp, l: Vector, r: Vector, type: SqlType): Vector {
  const n = l.length;
  const out = new BigInt64Array(n);
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = int8Values(l), b = int8Values(r);
  const skip = (i: number): boolean => nulls !== null && nulls[i] === 1;
  switch (op) {
    case '+':
      for (let i = 0; i < n; i++) {
        const x = a[i]! + b[i]!;
        if ((x > INT64_MAX || x < INT64_MIN) && !skip(i)) throw outOfRange('bigint');
        out[i] = x;
      }
      break;
    case '-':
      for (let i = 0; i < n; i++) {
        const x = a[i]! - b[i]!;
        if ((x > INT64_MAX || x < INT64_MIN) && !skip(i)) throw outOfRange('bigint');
        out[i] = x;
      }
      break;
    case '*':
      for (let i = 0; i < n; i++) {
        const x = a[i]! * b[i]!;
        if ((x > INT64_MAX || x < INT64_MIN) && !skip(i)) throw outOfRange('bigint');
        out[i] = x;
      }
      break;
    case '/':
      for (let i = 0; i < n; i++) {
        if (skip(i)) continue;
        const x = a[i]!, y = b[i]!;
        if (y === 0n) throw divisionByZero();
        if (y === -1n) {
          if (x === INT64_MIN) throw outOfRange('bigint');
          out[i] = -x;
        } else {
          out[i] = x / y;
        }
      }
      break;
    case '%':
      for (let i = 0; i < n; i++) {
        if (skip(i)) continue;
        const y = b[i]!;
        if (y === 0n) throw divisionByZero();
        out[i] = y === -1n ? 0n : a[i]! % y;
      }
      break;
  }
  return { type, length: n, values: out, nulls };
}

function intOp(op: ArithOp, a: number, b: number, id: 'int2' | 'int4'): number {
  const range = INT_RANGE[id];
  let r: number;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/':
      if (b === 0) throw divisionByZero();
      if (b === -1) { if (a === range.min) throw outOfRange(range.name); return -a + 0; }
      return Math.trunc(a / b) + 0;
    case '%':
      if (b === 0) throw divisionByZero();
      if (b === -1) return 0;
      return (a % b) + 0;
  }
  if (r > range.max || r < range.min) throw outOfRange(range.name);
  return r;
}

function intArith(op: ArithOp, l: Vector, r: Vector, type: SqlType, id: 'int2' | 'int4'): Vector {
  const n = l.length;
  const out = allocValues(type, n) as Float64Array;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = l.values as Float64Array, b = r.values as Float64Array;
  const { min, max, name } = INT_RANGE[id];
  // Fast paths for + - * without NULLs (int2/int4 results are exact in doubles).
  if (nulls === null && (op === '+' || op === '-' || op === '*')) {
    if (op === '+') for (let i = 0; i < n; i++) { const x = a[i]! + b[i]!; if (x > max || x < min) throw outOfRange(name); out[i] = x; }
    else if (op === '-') for (let i = 0; i < n; i++) { const x = a[i]! - b[i]!; if (x > max || x < min) throw outOfRange(name); out[i] = x; }
    else for (let i = 0; i < n; i++) { const x = a[i]! * b[i]!; if (x > max || x < min) throw outOfRange(name); out[i] = x; }
    return { type, length: n, values: out, nulls };
  }
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = intOp(op, a[i]!, b[i]!, id);
  }
  return { type, length: n, values: out, nulls };
}

/** float8 operator with check_float8_val's overflow/underflow errors. */
function floatOp(op: ArithOp, a: number, b: number, single: boolean): number {
  let r: number;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': if (b === 0) throw divisionByZero(); r = a / b; break;
    case '%': if (b === 0) throw divisionByZero(); r = a % b; break;
  }
  if (single) r = Math.fround(r);
  if (!Number.isFinite(r) && r === r && Number.isFinite(a) && Number.isFinite(b)) throw floatOverflow();
  if (r === 0 && ((op === '*' && a !== 0 && b !== 0) || (op === '/' && a !== 0 && Number.isFinite(b)))) throw floatUnderflow();
  return r;
}

/** A float operand's values; an int8 operand (the binder casts it first, so only in hand-built plans) as doubles. */
function floatValues(v: Vector): Float64Array | Float32Array | Int32Array | Int16Array {
  if (!(v.values instanceof BigInt64Array)) return v.values as Float64Array;
  return Float64Array.from(v.values, Number);
}

function floatArith(op: ArithOp, l: Vector, r: Vector, type: SqlType): Vector {
  const n = l.length;
  const out = allocValues(type, n) as Float64Array;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = floatValues(l), b = floatValues(r);
  const single = type.id === 'float4';
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = floatOp(op, a[i]!, b[i]!, single);
  }
  return { type, length: n, values: out, nulls };
}

function decimalArith(op: ArithOp, l: Vector, r: Vector, type: SqlType): Vector {
  const n = l.length;
  const out = new Array<unknown>(n);
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = l.values as Decimal[], b = r.values as Decimal[];
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = a[i]!, y = b[i]!;
    switch (op) {
      case '+': out[i] = x.add(y); break;
      case '-': out[i] = x.sub(y); break;
      case '*': out[i] = x.mul(y); break;
      case '/': out[i] = x.div(y); break;
      case '%': out[i] = x.mod(y); break;
    }
  }
  return { type, length: n, values: out, nulls };
}

const isInt = (id: string): id is 'int2' | 'int4' | 'int8' => id === 'int2' || id === 'int4' || id === 'int8';
const isFloat = (id: string): boolean => id === 'float4' || id === 'float8';

/**
 * l op r for numeric-category operands (ints, floats, numeric), producing `type`. Returns undefined when the
 * operand types are not numeric (the caller tries the date/time kernels).
 */
export function numericArith(op: ArithOp, l: Vector, r: Vector, type: SqlType): Vector | undefined {
  const lt = l.type.id, rt = r.type.id;
  if (type.id === 'int8' && isInt(lt) && isInt(rt)) return int8Arith(op, l, r, type);
  if ((type.id === 'int2' || type.id === 'int4') && isInt(lt) && isInt(rt)) return intArith(op, l, r, type, type.id);
  if (isFloat(type.id) && (isFloat(lt) || isInt(lt)) && (isFloat(rt) || isInt(rt))) return floatArith(op, l, r, type);
  if (type.id === 'numeric' && lt === 'numeric' && rt === 'numeric') return decimalArith(op, l, r, type);
  return undefined;
}

/** Unary minus with overflow checks. */
export function negateVector(v: Vector, type: SqlType): Vector | undefined {
  const n = v.length;
  const nulls = v.nulls === null ? null : v.nulls.slice(0, n);
  const id = v.type.id;
  if (id === 'int8') {
    const a = v.values as BigInt64Array;
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      if (x === INT64_MIN && (nulls === null || nulls[i] === 0)) throw outOfRange('bigint');
      out[i] = -x;
    }
    return { type, length: n, values: out, nulls };
  }
  if (id === 'int2' || id === 'int4') {
    const { min, name } = INT_RANGE[id];
    const a = v.values as Float64Array;
    const out = allocValues(type, n) as Float64Array;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const x = a[i]!;
      if (x === min) throw outOfRange(name);
      out[i] = -x + 0;
    }
    return { type, length: n, values: out, nulls };
  }
  if (isFloat(id)) {
    const a = v.values as Float64Array;
    const out = allocValues(type, n) as Float64Array;
    for (let i = 0; i < n; i++) out[i] = -a[i]!;
    return { type, length: n, values: out, nulls };
  }
  if (id === 'numeric') {
    const a = v.values as Decimal[];
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = a[i]!.neg();
    return { type, length: n, values: out, nulls };
  }
  return undefined;
}

/** text || text. */
export function concatVectors(l: Vector, r: Vector, type: SqlType): Vector {
  const n = l.length;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = l.values as string[], b = r.values as string[];
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = a[i]! + b[i]!;
  return { type, length: n, values: out, nulls };
}
