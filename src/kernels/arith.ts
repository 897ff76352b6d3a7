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
  int8: { min: -9223372036854775808, max: 9223372036854775807, name: 'bigint' },
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

const TWO63 = 9223372036854775808;
const SAFE = Number.MAX_SAFE_INTEGER;
const B_MIN = -(2n ** 63n), B_MAX = 2n ** 63n - 1n;

/** int8 op on doubles holding integers, exact through BigInt when the double result leaves ±2^53. */
function int8Slow(op: ArithOp, a: number, b: number): number {
  const x = BigInt(a), y = BigInt(b);
  let r: bigint;
  switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': r = x / y; break;
    case '%': r = x % y; break;
  }
  if (r < B_MIN || r > B_MAX) throw outOfRange('bigint');
  return Number(r);
}

function intOp(op: ArithOp, a: number, b: number, id: 'int2' | 'int4' | 'int8'): number {
  const range = INT_RANGE[id];
  let r: number;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/':
      if (b === 0) throw divisionByZero();
      if (b === -1) { if (a === range.min) throw outOfRange(range.name); return -a + 0; }
      if (id === 'int8' && (a > SAFE || a < -SAFE)) return int8Slow('/', a, b);
      return Math.trunc(a / b) + 0;
    case '%':
      if (b === 0) throw divisionByZero();
      if (b === -1) return 0;
      if (id === 'int8' && (a > SAFE || a < -SAFE || b > SAFE || b < -SAFE)) return int8Slow('%', a, b);
      return (a % b) + 0;
  }
  if (id === 'int8') {
    if (r > SAFE || r < -SAFE) return int8Slow(op, a, b);
    return r;
  }
  if (r > range.max || r < range.min) throw outOfRange(range.name);
  return r;
}

function intArith(op: ArithOp, l: Vector, r: Vector, type: SqlType, id: 'int2' | 'int4' | 'int8'): Vector {
  const n = l.length;
  const out = allocValues(type, n) as Float64Array;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = l.values as Float64Array, b = r.values as Float64Array;
  const { min, max, name } = INT_RANGE[id];
  // Fast paths for + - * without NULLs on int2/int4 (results are exact in doubles).
  if (nulls === null && id !== 'int8' && (op === '+' || op === '-' || op === '*')) {
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

function floatArith(op: ArithOp, l: Vector, r: Vector, type: SqlType): Vector {
  const n = l.length;
  const out = allocValues(type, n) as Float64Array;
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const a = l.values as Float64Array, b = r.values as Float64Array;
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
  if (isInt(type.id) && isInt(lt) && isInt(rt)) return intArith(op, l, r, type, type.id);
  if (isFloat(type.id) && (isFloat(lt) || isInt(lt)) && (isFloat(rt) || isInt(rt))) return floatArith(op, l, r, type);
  if (type.id === 'numeric' && lt === 'numeric' && rt === 'numeric') return decimalArith(op, l, r, type);
  return undefined;
}

/** Unary minus with overflow checks. */
export function negateVector(v: Vector, type: SqlType): Vector | undefined {
  const n = v.length;
  const nulls = v.nulls === null ? null : v.nulls.slice(0, n);
  const id = v.type.id;
  if (isInt(id)) {
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
