/**
 * Batches as bytes for spill files: what an operator writes to disk when its input outgrows `work_mem`, and
 * reads back the same, value for value. Only this process reads them, so the format is the vectors' own
 * layout, not Arrow or Parquet:
 *
 *   u32 rows, u32 columns, then per column: u8 flags (1: has a null mask), the mask (a byte per row), and
 *   the values — a TypedArray's bytes; for strings, and numerics as their text, the JSON of the array; for
 *   other JS values, each one's PostgreSQL binary send form: u32 lengths (0xffffffff for an empty slot),
 *   then the bytes, read back with binaryIn.
 *
 * The reader is given the column types: a type is not written (the operator knows its schema).
 */
import { allocValues, binaryIn, binaryOut, Decimal, elementType, physicalOf, type Batch, type SqlType, type Values, type Vector } from '../../common/index.ts';

const STRING_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar', 'name', 'char', 'unknown', 'json', 'jsonb', 'uuid']);
/** JS-valued types whose binary send/receive form round-trips every value exactly. */
const BINARY_TYPES: ReadonlySet<string> = new Set(['numeric', 'bytea', 'interval']);
const EMPTY = 0xffffffff;

/** Can a column of this type be written to a spill file (and read back exactly)? */
export function spillable(type: SqlType): boolean {
  const t = elementType(type) ?? type; // arrays go by their binary form, whose elements must round-trip
  return physicalOf(t) !== 'obj' || STRING_TYPES.has(t.id) || BINARY_TYPES.has(t.id);
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/** The batch as a list of byte chunks (written one after another, without copying them into one). */
export function encodeBatch(b: Batch): Uint8Array[] {
  const out: Uint8Array[] = [u32(b.length), u32(b.columns.length)];
  for (const c of b.columns) encodeVector(c, b.length, out);
  return out;
}

function encodeVector(v: Vector, n: number, out: Uint8Array[]): void {
  out.push(Uint8Array.of(v.nulls === null ? 0 : 1));
  if (v.nulls !== null) out.push(v.nulls.subarray(0, n));
  const values = v.values;
  if (!Array.isArray(values)) {
    const t = values as Exclude<Values, unknown[]>;
    out.push(new Uint8Array(t.buffer, t.byteOffset, n * t.BYTES_PER_ELEMENT));
    return;
  }
  if (STRING_TYPES.has(v.type.id) || v.type.id === 'numeric') {
    const texts = v.type.id === 'numeric' ? numericTexts(values, v.nulls, n) : n === values.length ? values : values.slice(0, n);
    const json = utf8.encode(JSON.stringify(texts));
    out.push(u32(json.byteLength), json);
    return;
  }
  // Other values by their binary send form: all the lengths, then all the bytes.
  const lengths = new Uint32Array(n);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    if (v.nulls !== null && v.nulls[i] === 1 || values[i] === undefined || values[i] === null) { lengths[i] = EMPTY; continue; }
    const bytes = binaryOut(v.type, values[i]);
    lengths[i] = bytes.byteLength;
    parts.push(bytes);
  }
  out.push(new Uint8Array(lengths.buffer), ...parts);
}

/** Numerics as their text (exact: it keeps the display scale), read back with Decimal.parse. */
function numericTexts(values: readonly unknown[], nulls: Uint8Array | null, n: number): (string | null)[] {
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) out[i] = nulls !== null && nulls[i] === 1 || values[i] == null ? null : (values[i] as Decimal).toString();
  return out;
}

/** A batch from the bytes encodeBatch wrote, its columns of `types`. */
export function decodeBatch(bytes: Uint8Array, types: readonly SqlType[]): Batch {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const next32 = (): number => { const x = view.getUint32(at, true); at += 4; return x; };
  const n = next32();
  const ncols = next32();
  if (ncols !== types.length) throw new Error(`spill file: ${ncols} columns where ${types.length} were expected`);
  const columns: Vector[] = [];
  for (const type of types) {
    const flags = bytes[at++]!;
    let nulls: Uint8Array | null = null;
    if ((flags & 1) !== 0) { nulls = bytes.slice(at, at + n); at += n; }
    const values = allocValues(type, n);
    if (!Array.isArray(values)) {
      const t = values as Exclude<Values, unknown[]>;
      const len = n * t.BYTES_PER_ELEMENT;
      new Uint8Array(t.buffer).set(bytes.subarray(at, at + len));
      at += len;
    } else if (STRING_TYPES.has(type.id) || type.id === 'numeric') {
      const len = next32();
      const parsed = JSON.parse(fromUtf8.decode(bytes.subarray(at, at + len))) as (string | null)[];
      at += len;
      if (type.id === 'numeric') for (let i = 0; i < n; i++) values[i] = parsed[i] == null ? undefined : Decimal.parse(parsed[i]!);
      else for (let i = 0; i < n; i++) values[i] = parsed[i] ?? '';
    } else {
      const lengths = new Uint32Array(bytes.slice(at, at + 4 * n).buffer);
      at += 4 * n;
      for (let i = 0; i < n; i++) {
        const len = lengths[i]!;
        if (len === EMPTY) continue;
        values[i] = binaryIn(type, bytes.subarray(at, at + len));
        at += len;
      }
    }
    columns.push({ type, length: n, values, nulls });
  }
  return { columns, length: n };
}
