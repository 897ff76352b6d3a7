/**
 * Values crossing to and from worker threads. postMessage's structured clone keeps numbers, strings, bigints,
 * plain objects, arrays and typed arrays, but not class instances: a Decimal would arrive as a bare object.
 * `encodeValue` turns Decimals into a tagged string form (and refuses any other class instance, so a plan that
 * holds one stays on this thread); `decodeValue` restores them. Typed arrays whose buffers they own are
 * listed for transfer, so column data moves without a copy.
 */
import { Decimal, physicalOf, type SqlType, type Vector } from '../../common/index.ts';

/** A value postMessage would not carry faithfully: the caller runs the work on its own thread instead. */
export class NotTransferable extends Error {}

const DECIMAL = '$decimal';

const isPlain = (x: object): boolean => {
  const p = Object.getPrototypeOf(x) as unknown;
  return p === Object.prototype || p === null;
};

export function encodeValue(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return x;
  if (x instanceof Decimal) return { [DECIMAL]: x.toString() };
  if (Array.isArray(x)) return x.map(encodeValue);
  if (!isPlain(x)) throw new NotTransferable(`a ${(x as object).constructor?.name ?? 'class'} value`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = encodeValue(v);
  return out;
}

export function decodeValue(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return x;
  if (Array.isArray(x)) return x.map(decodeValue);
  const tagged = (x as Record<string, unknown>)[DECIMAL];
  if (typeof tagged === 'string') return Decimal.parse(tagged);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = decodeValue(v);
  return out;
}

const STRING_IDS = new Set(['text', 'varchar', 'bpchar', 'name', 'char', 'unknown', 'json', 'jsonb', 'uuid']);

/** Whether a column of this type can cross threads (as typed arrays, strings, or Decimals made text). */
export const transferableType = (t: SqlType): boolean =>
  physicalOf(t) !== 'obj' || STRING_IDS.has(t.id) || t.id === 'numeric';

export interface EncodedVector {
  readonly type: SqlType;
  readonly length: number;
  readonly values: unknown;
  readonly nulls: Uint8Array | null;
  /** numeric values as their text (Decimal objects do not survive the clone). */
  readonly decimalText?: true;
}

/** A typed array that owns its whole buffer, so it can be transferred (a copy when it is a view of more). */
export function owned<A extends ArrayBufferView>(a: A, length: number): A {
  const view = a as unknown as { subarray(s: number, e: number): A; slice(s: number, e: number): A; length: number };
  if (a.byteOffset === 0 && view.length === length && a.byteLength === a.buffer.byteLength) return a;
  return view.slice(0, length);
}

export function encodeVector(v: Vector): EncodedVector {
  const nulls = v.nulls === null ? null : owned(v.nulls, v.length);
  if (ArrayBuffer.isView(v.values)) return { type: v.type, length: v.length, values: owned(v.values, v.length), nulls };
  const values = v.values.slice(0, v.length);
  if (v.type.id === 'numeric' && v.type.scaled === undefined) {
    return { type: v.type, length: v.length, nulls, decimalText: true, values: values.map((d) => (d instanceof Decimal ? d.toString() : null)) };
  }
  return { type: v.type, length: v.length, values, nulls };
}

export function decodeVector(e: EncodedVector): Vector {
  const values = e.decimalText === true
    ? (e.values as (string | null)[]).map((s) => (s === null ? undefined : Decimal.parse(s)))
    : e.values;
  return { type: e.type, length: e.length, values: values as Vector['values'], nulls: e.nulls };
}

/** The buffers of the typed arrays in `x` (walked through arrays and plain objects), for postMessage's transfer list. */
export function transferList(x: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (typeof x !== 'object' || x === null) return out;
  if (ArrayBuffer.isView(x)) {
    const b = x.buffer;
    if (b instanceof ArrayBuffer && x.byteOffset === 0 && x.byteLength === b.byteLength && !out.includes(b)) out.push(b);
    return out;
  }
  if (Array.isArray(x)) {
    // Arrays of values (strings, numbers) hold no buffers; only look into arrays of objects.
    if (x.length > 0 && typeof x[0] !== 'object') return out;
    for (const y of x) transferList(y, out);
    return out;
  }
  for (const y of Object.values(x)) transferList(y, out);
  return out;
}
