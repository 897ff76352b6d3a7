/**
 * Encodes rows of a Batch as DataRow messages, all into the writer's one buffer: a batch of any size costs
 * no allocation per row or per cell on the fast paths. Types whose encoding is simple and fixed (booleans,
 * integers, floats in binary, strings) are written here directly; everything else goes through type-io's
 * textOut/binaryOut, which own the exact PostgreSQL output formats.
 */
import {
  binaryOut, isOidLike, textOut, type Batch, type SqlType, type TextOptions, type Vector,
} from '../common/index.ts';
import type { BackendWriter } from './backend-writer.ts';
import { BackendCode } from './message-codes.ts';

/** How one column's cells are written; chosen once per column per batch. */
const enum Kind {
  TextGeneric, TextBool, TextInt, TextInt8, TextFloat8, TextString,
  BinGeneric, BinBool, BinInt2, BinInt4, BinInt8, BinOid, BinFloat4, BinFloat8, BinString,
  BinDate, BinTime, BinTimestamp,
}

function kindOf(type: SqlType, format: number): Kind {
  const id = isOidLike(type) ? 'oid' : type.id; // reg* send as oid; their text is the catalog's name
  if (format === 1) {
    switch (id) {
      case 'bool': return Kind.BinBool;
      case 'int2': return Kind.BinInt2;
      case 'int4': return Kind.BinInt4;
      case 'int8': return Kind.BinInt8;
      case 'oid': return Kind.BinOid;
      case 'float4': return Kind.BinFloat4;
      case 'float8': return Kind.BinFloat8;
      case 'text': case 'varchar': case 'name': return Kind.BinString;
      case 'date': return Kind.BinDate;
      case 'time': return Kind.BinTime;
      case 'timestamp': case 'timestamptz': return Kind.BinTimestamp;
      default: return Kind.BinGeneric;
    }
  }
  switch (id) {
    case 'bool': return Kind.TextBool;
    case 'int2': case 'int4': return Kind.TextInt;
    case 'oid': return type.id === 'oid' ? Kind.TextInt : Kind.TextGeneric;
    case 'int8': return Kind.TextInt8;
    case 'float8': return Kind.TextFloat8;
    case 'text': case 'varchar': case 'name': case 'unknown': return Kind.TextString;
    default: return Kind.TextGeneric;
  }
}

const TWO_32 = 4294967296;
/** PostgreSQL's epoch (2000-01-01) in days and microseconds after the Unix epoch. */
const PG_EPOCH_DAYS = 10957;
const PG_EPOCH_MICROS = 946_684_800_000_000;
/** date's ±infinity, kept as they are on the wire (see datetime.ts). */
const DATE_NEG_INFINITY = -2147483648;
const DATE_POS_INFINITY = 2147483647;

/**
 * Append DataRows for rows [start, end) of `batch`. `formats[c]` is column c's format code (0 text,
 * 1 binary); null means all text.
 */
export function encodeDataRows(
  w: BackendWriter, batch: Batch, start: number, end: number,
  formats: readonly number[] | null, opts: TextOptions,
): void {
  const cols = batch.columns;
  const ncols = cols.length;
  const kinds = new Array<Kind>(ncols);
  for (let c = 0; c < ncols; c++) kinds[c] = kindOf(cols[c]!.type, formats?.[c] ?? 0);

  for (let r = start; r < end; r++) {
    w.ensure(7 + ncols * 4);
    const rowAt = w.pos - w.start;
    w.buf[w.pos] = BackendCode.DataRow;
    w.buf.writeInt16BE(ncols, w.pos + 5);
    w.pos += 7;
    for (let c = 0; c < ncols; c++) {
      const col = cols[c]!;
      if (col.nulls !== null && col.nulls[r] === 1) {
        w.ensure(4);
        w.buf.writeInt32BE(-1, w.pos);
        w.pos += 4;
        continue;
      }
      writeCell(w, col, r, kinds[c]!, opts);
    }
    const at = w.start + rowAt;
    w.buf.writeInt32BE(w.pos - at - 1, at + 1);
  }
}

function writeCell(w: BackendWriter, col: Vector, r: number, kind: Kind, opts: TextOptions): void {
  const x = col.values[r];
  switch (kind) {
    case Kind.TextBool:
      w.ensure(5);
      w.buf.writeInt32BE(1, w.pos);
      w.buf[w.pos + 4] = x === 1 ? 0x74 : 0x66; // 't' / 'f'
      w.pos += 5;
      return;
    case Kind.TextInt:
      writeInteger(w, x as number);
      return;
    case Kind.TextInt8: // a bigint: its decimal digits are int8out's text
      writeAscii(w, (x as bigint).toString());
      return;
    case Kind.TextFloat8: {
      // Where JS and PostgreSQL print the same thing, skip the general formatter: with extra_float_digits
      // > 0 both print the shortest round-trip digits, in fixed notation for 1e-4 <= |x| < 1e15.
      const v = x as number;
      const a = Math.abs(v);
      if (opts.extraFloatDigits > 0 && a >= 1e-4 && a < 1e15) writeAscii(w, String(v));
      else writeString(w, textOut(col.type, v, opts));
      return;
    }
    case Kind.TextString:
      writeString(w, x as string);
      return;
    case Kind.TextGeneric:
      writeString(w, textOut(col.type, x, opts));
      return;
    case Kind.BinBool:
      w.ensure(5);
      w.buf.writeInt32BE(1, w.pos);
      w.buf[w.pos + 4] = x === 1 ? 1 : 0;
      w.pos += 5;
      return;
    case Kind.BinInt2:
      w.ensure(6);
      w.buf.writeInt32BE(2, w.pos);
      w.buf.writeInt16BE(x as number, w.pos + 4);
      w.pos += 6;
      return;
    case Kind.BinInt4:
      w.ensure(8);
      w.buf.writeInt32BE(4, w.pos);
      w.buf.writeInt32BE(x as number, w.pos + 4);
      w.pos += 8;
      return;
    case Kind.BinOid:
      w.ensure(8);
      w.buf.writeInt32BE(4, w.pos);
      w.buf.writeUInt32BE((x as number) >>> 0, w.pos + 4);
      w.pos += 8;
      return;
    case Kind.BinInt8:
      w.ensure(12);
      w.buf.writeInt32BE(8, w.pos);
      w.buf.writeBigInt64BE(x as bigint, w.pos + 4);
      w.pos += 12;
      return;
    case Kind.BinTime:
      if (Number.isSafeInteger(x)) writeInt64(w, x as number);
      else writeBytes(w, binaryOut(col.type, x));
      return;
    case Kind.BinTimestamp:
      if (Number.isSafeInteger(x)) writeInt64(w, (x as number) - PG_EPOCH_MICROS);
      else writeBytes(w, binaryOut(col.type, x)); // ±infinity
      return;
    case Kind.BinDate: {
      const d = x as number;
      w.ensure(8);
      w.buf.writeInt32BE(4, w.pos);
      w.buf.writeInt32BE(d === DATE_NEG_INFINITY || d === DATE_POS_INFINITY ? d : d - PG_EPOCH_DAYS, w.pos + 4);
      w.pos += 8;
      return;
    }
    case Kind.BinFloat4:
      w.ensure(8);
      w.buf.writeInt32BE(4, w.pos);
      w.buf.writeFloatBE(x as number, w.pos + 4);
      w.pos += 8;
      return;
    case Kind.BinFloat8:
      w.ensure(12);
      w.buf.writeInt32BE(8, w.pos);
      w.buf.writeDoubleBE(x as number, w.pos + 4);
      w.pos += 12;
      return;
    case Kind.BinString:
      writeString(w, x as string);
      return;
    case Kind.BinGeneric:
      writeBytes(w, binaryOut(col.type, x));
      return;
  }
}

/** A length word (8) and a safe integer as int64, split in two 32-bit halves rather than via BigInt. */
function writeInt64(w: BackendWriter, v: number): void {
  const hi = Math.floor(v / TWO_32); // floor keeps negatives right
  w.ensure(12);
  w.buf.writeInt32BE(8, w.pos);
  w.buf.writeInt32BE(hi, w.pos + 4);
  w.buf.writeUInt32BE(v - hi * TWO_32, w.pos + 8);
  w.pos += 12;
}

/** A length word plus a string known to be ASCII. */
function writeAscii(w: BackendWriter, s: string): void {
  const n = s.length;
  w.ensure(4 + n);
  const buf = w.buf;
  buf.writeInt32BE(n, w.pos);
  const p = w.pos + 4;
  for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
  w.pos = p + n;
}

function writeBytes(w: BackendWriter, bytes: Uint8Array): void {
  w.ensure(4 + bytes.length);
  w.buf.writeInt32BE(bytes.length, w.pos);
  w.buf.set(bytes, w.pos + 4);
  w.pos += 4 + bytes.length;
}

/** A length word plus the UTF-8 bytes of `s`; short ASCII strings skip the call into C++. */
function writeString(w: BackendWriter, s: string): void {
  const n = s.length;
  if (n <= 32) {
    w.ensure(4 + n * 3);
    const buf = w.buf;
    const p = w.pos + 4;
    let i = 0;
    for (; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80) break;
      buf[p + i] = ch;
    }
    const len = i === n ? n : buf.write(s, p, 'utf8');
    buf.writeInt32BE(len, w.pos);
    w.pos = p + len;
    return;
  }
  // Exact size for long strings, so a 100 MB text value does not reserve 300 MB.
  w.ensure(4 + (n > 65536 ? Buffer.byteLength(s, 'utf8') : n * 3));
  const len = w.buf.write(s, w.pos + 4, 'utf8');
  w.buf.writeInt32BE(len, w.pos);
  w.pos += 4 + len;
}

/**
 * A length word plus the decimal digits of an integer (|v| < 2^53), without building a string. Digits are
 * peeled with floor division while the value is large (a double `%` is a slow call in V8), then with int32
 * arithmetic.
 */
function writeInteger(w: BackendWriter, v: number): void {
  w.ensure(4 + 17);
  const buf = w.buf;
  let p = w.pos + 4;
  let u = v;
  if (v < 0) {
    buf[p++] = 0x2d; // '-'
    u = -v;
  }
  let digits = 1;
  for (let t = u; t >= 10; t = Math.floor(t / 10)) digits++;
  let q = p + digits - 1;
  while (u > 0x7fffffff) {
    const next = Math.floor(u / 10); // exact for u < 2^53: the fraction is far from the next integer
    buf[q--] = 0x30 + (u - next * 10);
    u = next;
  }
  let i = u | 0;
  do {
    const next = (i / 10) | 0;
    buf[q--] = 0x30 + (i - next * 10);
    i = next;
  } while (i > 0);
  buf.writeInt32BE(digits + (v < 0 ? 1 : 0), w.pos);
  w.pos = p + digits;
}
