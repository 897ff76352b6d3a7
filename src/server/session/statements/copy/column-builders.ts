/**
 * COPY FROM's columns as they fill: each takes values parsed by its type's text input function, or, on the
 * fast path, a field's bytes straight from the input line. Integers, numeric(p ≤ 15, s ≤ 9) and ISO dates
 * in their plain forms are read from the bytes without making a string; a form the byte reader does not
 * know (spaces, a `+`, an exponent, more fraction digits than the scale, another date style) declines, and
 * the caller hands the field's text to the input function, which answers as it always does (errors
 * included). Other types get their text decoded and parsed as on the slow path.
 */
import {
  daysFromCivil, daysInMonth, scaledNumeric, scaledNumericScale, vectorFromValues,
  type SqlType, type Vector,
} from '../../../../common/index.ts';

export interface ColumnBuilder {
  /** Append a value parsed by the text input function (null for NULL). */
  value(v: unknown): void;
  /**
   * Append the (non-NULL) field `line[start, end)`, which is valid UTF-8 (and all ASCII when `ascii`); false,
   * having appended nothing, to have its text parsed.
   */
  bytes(line: Buffer, start: number, end: number, ascii: boolean): boolean;
  /** The rows appended so far as a vector; the builder starts over. */
  build(): Vector;
}

const MINUS = 0x2d, DOT = 0x2e, ZERO = 0x30;

/** Values into a typed array, growing by doubling; NULLs into a byte mask made on the first one. */
abstract class TypedBuilder<A extends Int16Array | Int32Array | Float64Array | BigInt64Array> implements ColumnBuilder {
  protected values: A;
  protected nulls: Uint8Array | null = null;
  protected n = 0;
  constructor(protected readonly type: SqlType, private readonly make: (n: number) => A) {
    this.values = make(1024);
  }
  protected room(): void {
    if (this.n < this.values.length) return;
    const v = this.make(this.values.length * 2);
    v.set(this.values as never);
    this.values = v;
    if (this.nulls !== null) {
      const m = new Uint8Array(v.length);
      m.set(this.nulls);
      this.nulls = m;
    }
  }
  value(v: unknown): void {
    this.room();
    if (v === null) (this.nulls ??= new Uint8Array(this.values.length))[this.n] = 1;
    else (this.values as unknown as unknown[])[this.n] = v;
    this.n++;
  }
  abstract bytes(line: Buffer, start: number, end: number): boolean;
  build(): Vector {
    const n = this.n;
    const out: Vector = { type: this.type, length: n, values: this.values.slice(0, n) as A, nulls: this.nulls === null ? null : this.nulls.slice(0, n) };
    this.n = 0;
    this.nulls = null;
    return out;
  }
}

/** The integer of `line[start, end)` when it is an optional minus and 1 to `max` digits, else NaN. */
function plainInteger(line: Uint8Array, start: number, end: number, max: number): number {
  let i = start, neg = false;
  if (line[i] === MINUS) { neg = true; i++; }
  if (i === end || end - i > max) return NaN;
  let x = 0;
  for (; i < end; i++) {
    const d = line[i]! - ZERO;
    if (d < 0 || d > 9) return NaN;
    x = x * 10 + d;
  }
  return neg ? -x : x;
}

/** int2 / int4: at most 9 digits, in range. */
class IntBuilder extends TypedBuilder<Int16Array | Int32Array> {
  constructor(type: SqlType, private readonly min: number, private readonly max: number) {
    super(type, (n) => (type.id === 'int2' ? new Int16Array(n) : new Int32Array(n)));
  }
  bytes(line: Buffer, start: number, end: number): boolean {
    const x = plainInteger(line, start, end, 9);
    if (!(x >= this.min && x <= this.max)) return false; // NaN too
    this.room();
    this.values[this.n++] = x;
    return true;
  }
}

/** int8: at most 15 digits (exact in a double on the way to the bigint). */
class Int8Builder extends TypedBuilder<BigInt64Array> {
  constructor(type: SqlType) { super(type, (n) => new BigInt64Array(n)); }
  bytes(line: Buffer, start: number, end: number): boolean {
    const x = plainInteger(line, start, end, 15);
    if (Number.isNaN(x)) return false;
    this.room();
    this.values[this.n++] = BigInt(x);
    return true;
  }
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * numeric(p, s) held scaled (see scaledNumericScale): `-ddd.ff` with at most p − s integer digits and at most
 * s fraction digits, so no rounding is due; the value × 10^s is exact.
 */
class ScaledBuilder extends TypedBuilder<Float64Array> {
  constructor(type: SqlType, private readonly scale: number, private readonly intDigits: number) {
    super(scaledNumeric(type.typmod, scale), (n) => new Float64Array(n));
  }
  bytes(line: Buffer, start: number, end: number): boolean {
    let i = start, neg = false;
    if (line[i] === MINUS) { neg = true; i++; }
    let int = 0, digits = 0;
    for (; i < end; i++) {
      const d = line[i]! - ZERO;
      if (d < 0 || d > 9) break;
      int = int * 10 + d;
      digits++;
    }
    let frac = 0, fracDigits = 0;
    if (i < end && line[i] === DOT) {
      for (i++; i < end; i++) {
        const d = line[i]! - ZERO;
        if (d < 0 || d > 9) return false;
        frac = frac * 10 + d;
        fracDigits++;
      }
    }
    if (i !== end || digits + fracDigits === 0 || fracDigits > this.scale) return false;
    // numeric_in ignores leading zeros when it counts the integer digits
    if (digits > this.intDigits && int >= POW10[this.intDigits]!) return false;
    const x = int * POW10[this.scale]! + frac * POW10[this.scale - fracDigits]!;
    this.room();
    this.values[this.n++] = neg ? -x : x; // -0 stays a zero value
    return true;
  }
}

const digit = (b: number): number => (b >= ZERO && b <= ZERO + 9 ? b - ZERO : -1);

/** date: the ISO form YYYY-MM-DD (year 1 to 9999), which every DateStyle reads the same way. */
class DateBuilder extends TypedBuilder<Int32Array> {
  constructor(type: SqlType) { super(type, (n) => new Int32Array(n)); }
  bytes(line: Buffer, start: number, end: number): boolean {
    if (end - start !== 10 || line[start + 4] !== MINUS || line[start + 7] !== MINUS) return false;
    const y0 = digit(line[start]!), y1 = digit(line[start + 1]!), y2 = digit(line[start + 2]!), y3 = digit(line[start + 3]!);
    const m0 = digit(line[start + 5]!), m1 = digit(line[start + 6]!), d0 = digit(line[start + 8]!), d1 = digit(line[start + 9]!);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
    const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
    if (y === 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
    this.room();
    this.values[this.n++] = daysFromCivil(y, m, d);
    return true;
  }
}

/**
 * Every other type: the field decoded (latin1, the cheaper decoder, is UTF-8 for ASCII) and parsed by the
 * input function, values kept as JS values.
 */
class TextBuilder implements ColumnBuilder {
  private items: unknown[] = [];
  constructor(private readonly type: SqlType, private readonly parse: (text: string) => unknown) {}
  value(v: unknown): void { this.items.push(v); }
  bytes(line: Buffer, start: number, end: number, ascii: boolean): boolean {
    const text = line.toString(ascii ? 'latin1' : 'utf8', start, end);
    this.items.push(this.parse(text));
    return true;
  }
  build(): Vector {
    const v = vectorFromValues(this.type, this.items);
    this.items = [];
    return v;
  }
}

/** The builder for a COPY column of `type`, whose text input function is `parse`. */
export function columnBuilder(type: SqlType, parse: (text: string) => unknown): ColumnBuilder {
  switch (type.id) {
    case 'int2': return new IntBuilder(type, -32768, 32767);
    case 'int4': return new IntBuilder(type, -2147483648, 2147483647);
    case 'int8': return new Int8Builder(type);
    case 'date': return new DateBuilder(type);
    case 'numeric': {
      const scale = scaledNumericScale(type);
      if (scale !== undefined) return new ScaledBuilder(type, scale, ((type.typmod - 4) >> 16) - scale);
      break;
    }
    default:
  }
  return new TextBuilder(type, parse);
}

