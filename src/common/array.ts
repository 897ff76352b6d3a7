/**
 * Array values. A PostgreSQL array has any number of dimensions, each with a length and a lower bound (1 unless
 * written otherwise, e.g. '[0:2]={a,b,c}'); its elements are stored flat in row-major order. An empty array has
 * no dimensions at all. Elements are JS values of the element type (types.ts), `null` for NULL, bool as boolean.
 *
 * Text form (array_in/array_out) and binary form (array_recv/array_send) are PostgreSQL's, with the element
 * conversions passed in so this file stays independent of the per-type I/O.
 */
import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';

/** PostgreSQL's MAXDIM. */
export const MAX_ARRAY_DIMS = 6;

export class PgArray {
  constructor(
    /** Elements in row-major order; null for NULL. */
    readonly items: readonly unknown[],
    /** Length of each dimension; [] for an empty array. */
    readonly dims: readonly number[],
    /** Lower bound of each dimension. */
    readonly lbounds: readonly number[],
  ) {}

  static readonly EMPTY = new PgArray([], [], []);

  /** A one-dimensional array with lower bound 1 (empty when there are no items). */
  static of(items: readonly unknown[]): PgArray {
    return items.length === 0 ? PgArray.EMPTY : new PgArray(items, [items.length], [1]);
  }

  get ndims(): number { return this.dims.length; }
  get length(): number { return this.items.length; }
  hasNulls(): boolean { return this.items.some((x) => x === null); }
}

// --- text output -----------------------------------------------------------------------------------------------

/** array_out: `{1,2,NULL}`, `{{1,2},{3,4}}`, `[0:1]={a,b}`; elements quoted as PostgreSQL quotes them. */
export function arrayOut(a: PgArray, elemOut: (x: unknown) => string, delimiter = ','): string {
  if (a.items.length === 0) return '{}';
  const parts = a.items.map((x) => (x === null ? 'NULL' : quoteElement(elemOut(x), delimiter)));
  let k = 0;
  const level = (d: number): string => {
    const n = a.dims[d]!;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(d === a.ndims - 1 ? parts[k++]! : level(d + 1));
    return `{${out.join(delimiter)}}`;
  };
  const body = level(0);
  if (a.lbounds.every((l) => l === 1)) return body;
  return `${a.dims.map((n, d) => `[${a.lbounds[d]}:${a.lbounds[d]! + n - 1}]`).join('')}=${body}`;
}

function quoteElement(s: string, delimiter: string): string {
  let needs = s.length === 0 || s.toUpperCase() === 'NULL';
  for (let i = 0; i < s.length && !needs; i++) {
    const c = s[i]!;
    needs = c === '"' || c === '\\' || c === '{' || c === '}' || c === delimiter || isArraySpace(c);
  }
  if (!needs) return s;
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

const isArraySpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

// --- text input ------------------------------------------------------------------------------------------------

function malformed(text: string, detail: string): SqlError {
  return new SqlError(SqlState.invalidTextRepresentation, `malformed array literal: "${text}"`, { detail });
}

/**
 * array_in. `elemIn` converts one element's text (after dequoting) to its value; unquoted `NULL` is NULL.
 * Errors are PostgreSQL's 22P02 "malformed array literal" with its DETAIL lines.
 */
export function arrayIn(text: string, elemIn: (s: string) => unknown, delimiter = ','): PgArray {
  let i = 0;
  const s = text;
  const skipSpace = () => { while (i < s.length && isArraySpace(s[i]!)) i++; };
  skipSpace();
  // Optional explicit dimensions: [lo:hi][lo:hi]=
  let explicitDims: number[] | undefined, explicitLb: number[] | undefined;
  if (s[i] === '[') {
    explicitDims = []; explicitLb = [];
    while (s[i] === '[') {
      const m = /^\[\s*([+-]?\d+)\s*(?::\s*([+-]?\d+)\s*)?\]/.exec(s.slice(i));
      if (m === null) throw malformed(text, 'Missing array dimension value.');
      const lo = m[2] === undefined ? 1 : Number(m[1]);
      const hi = Number(m[2] ?? m[1]);
      if (hi < lo - 1) throw new SqlError(SqlState.arraySubscriptError, 'upper bound cannot be less than lower bound');
      explicitDims.push(hi - lo + 1); explicitLb.push(lo);
      i += m[0].length;
      skipSpace();
    }
    if (s[i] !== '=') throw malformed(text, 'Missing "=" after array dimensions.');
    i++;
    skipSpace();
  }
  if (s[i] !== '{') throw malformed(text, 'Array value must start with "{" or dimension information.');
  const items: unknown[] = [];
  const dims: number[] = [];
  // Parse nested braces; record each level's element count and check sub-arrays agree.
  const parseLevel = (depth: number): void => {
    i++; // '{'
    if (depth >= MAX_ARRAY_DIMS) {
      throw new SqlError(SqlState.programLimitExceeded, `number of array dimensions (${depth + 1}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
    }
    let count = 0;
    skipSpace();
    if (s[i] === '}') {
      i++;
      if (depth === 0) return;
      throw malformed(text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
    }
    let sawSub: boolean | undefined;
    for (;;) {
      skipSpace();
      if (s[i] === '{') {
        if (sawSub === false) throw malformed(text, 'Unexpected "{" character.');
        sawSub = true;
        parseLevel(depth + 1);
      } else {
        if (sawSub === true) throw malformed(text, 'Unexpected array element.');
        sawSub = false;
        if (dims.length > depth + 1) throw malformed(text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
        items.push(readElement());
      }
      count++;
      skipSpace();
      if (s[i] === delimiter) { i++; continue; }
      if (s[i] === '}') { i++; break; }
      if (i >= s.length) throw malformed(text, 'Unexpected end of input.');
      throw malformed(text, `Unexpected "${s[i]}" character.`);
    }
    if (sawSub === false && depth + 1 < dims.length) {
      throw malformed(text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
    }
    if (dims[depth] === undefined) dims[depth] = count;
    else if (dims[depth] !== count) throw malformed(text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
  };
  const readElement = (): unknown => {
    let out = '';
    let quoted = false;
    let lastNonSpace = 0; // length of `out` up to the last character that was quoted, escaped or not a space
    if (i >= s.length) throw malformed(text, 'Unexpected end of input.');
    for (;;) {
      const c = s[i];
      if (c === undefined) throw malformed(text, 'Unexpected end of input.');
      if (c === '"') {
        quoted = true;
        i++;
        for (;;) {
          const q = s[i];
          if (q === undefined) throw malformed(text, 'Unexpected end of input.');
          if (q === '\\') { i++; if (i >= s.length) throw malformed(text, 'Unexpected end of input.'); out += s[i]; i++; continue; }
          if (q === '"') { i++; break; }
          out += q; i++;
        }
        lastNonSpace = out.length;
        continue;
      }
      if (c === '\\') {
        i++;
        if (i >= s.length) throw malformed(text, 'Unexpected end of input.');
        out += s[i]; i++;
        lastNonSpace = out.length;
        continue;
      }
      if (c === delimiter || c === '}') break;
      if (c === '{') throw malformed(text, 'Unexpected "{" character.');
      if (isArraySpace(c)) {
        if (out.length === 0) { i++; continue; }
        out += c; i++;
        continue;
      }
      out += c; i++;
      lastNonSpace = out.length;
    }
    out = out.slice(0, lastNonSpace);
    if (!quoted && out.length === 0) throw malformed(text, `Unexpected "${s[i]}" character.`);
    if (!quoted && out.toUpperCase() === 'NULL' && lastNonSpace === out.length) return null;
    return elemIn(out);
  };
  parseLevel(0);
  skipSpace();
  if (i < s.length) throw malformed(text, 'Junk after closing right brace.');
  if (items.length === 0) {
    if (explicitDims !== undefined && !explicitDims.every((d) => d === 0)) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    return PgArray.EMPTY;
  }
  if (explicitDims !== undefined) {
    if (explicitDims.length !== dims.length || explicitDims.some((d, k) => d !== dims[k])) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    return new PgArray(items, dims, explicitLb!);
  }
  return new PgArray(items, dims, dims.map(() => 1));
}

// --- binary ----------------------------------------------------------------------------------------------------

/** array_send: ndim, has-nulls flag, element type OID, (length, lower bound) per dimension, then the elements. */
export function arraySend(a: PgArray, elemOid: number, elemSend: (x: unknown) => Uint8Array): Uint8Array {
  const encoded = a.items.map((x) => (x === null ? null : elemSend(x)));
  let size = 12 + 8 * a.ndims;
  for (const e of encoded) size += 4 + (e === null ? 0 : e.length);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setInt32(0, a.ndims);
  v.setInt32(4, a.hasNulls() ? 1 : 0);
  v.setUint32(8, elemOid);
  let p = 12;
  for (let d = 0; d < a.ndims; d++) { v.setInt32(p, a.dims[d]!); v.setInt32(p + 4, a.lbounds[d]!); p += 8; }
  for (const e of encoded) {
    if (e === null) { v.setInt32(p, -1); p += 4; continue; }
    v.setInt32(p, e.length); p += 4;
    out.set(e, p); p += e.length;
  }
  return out;
}

/** array_recv. */
export function arrayRecv(b: Uint8Array, elemOid: number, elemRecv: (bytes: Uint8Array) => unknown): PgArray {
  const bad = (msg = 'incorrect binary data format') => new SqlError(SqlState.invalidBinaryRepresentation, msg);
  if (b.length < 12) throw bad();
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ndim = v.getInt32(0), flags = v.getInt32(4), oid = v.getUint32(8);
  if (ndim < 0) throw bad(`invalid number of dimensions: ${ndim}`);
  if (ndim > MAX_ARRAY_DIMS) throw bad(`number of array dimensions (${ndim}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
  if (flags !== 0 && flags !== 1) throw bad('invalid array flags');
  if (oid !== elemOid) throw bad(`binary data has array element type ${oid} instead of expected ${elemOid}`);
  if (b.length < 12 + 8 * ndim) throw bad();
  const dims: number[] = [], lbounds: number[] = [];
  let p = 12, total = ndim === 0 ? 0 : 1;
  for (let d = 0; d < ndim; d++) { dims.push(v.getInt32(p)); lbounds.push(v.getInt32(p + 4)); p += 8; total *= dims[d]!; }
  if (dims.some((n) => n < 0) || total > 1 << 27) throw bad('array size exceeds the maximum allowed');
  if (total === 0) return PgArray.EMPTY;
  const items: unknown[] = [];
  for (let k = 0; k < total; k++) {
    if (p + 4 > b.length) throw bad('insufficient data left in message');
    const len = v.getInt32(p); p += 4;
    if (len === -1) { items.push(null); continue; }
    if (len < 0 || p + len > b.length) throw bad('insufficient data left in message');
    items.push(elemRecv(b.subarray(p, p + len)));
    p += len;
  }
  if (p !== b.length) throw bad('incorrect binary data format in array element');
  return new PgArray(items, dims, lbounds);
}

// --- building ------------------------------------------------------------------------------------------------

/** Collected values as one array (array_agg, ARRAY(subquery)): 1-D, or one more dimension over arrays. */
export function arrayOfValues(items: readonly unknown[], itemsAreArrays: boolean): PgArray {
  return itemsAreArrays ? stackArrays(items as (PgArray | null)[]) : PgArray.of(items);
}

const subscriptError = (msg: string) => new SqlError(SqlState.arraySubscriptError, msg);

/**
 * Arrays of equal dimensions as the sub-arrays of one array with one more dimension.
 * 'constructor' (ARRAY[a, b]): NULL and empty sub-arrays make the result empty when all are, else an error.
 * 'accumulate' (ARRAY(subquery), array_agg over arrays): NULL or empty inputs are errors.
 */
export function stackArrays(parts: readonly (PgArray | null)[], mode: 'constructor' | 'accumulate' = 'accumulate'): PgArray {
  let first: PgArray | undefined;
  let sawEmpty = false;
  const items: unknown[] = [];
  let count = 0;
  for (const p of parts) {
    if (p === null || p.ndims === 0) {
      if (mode === 'accumulate') {
        throw p === null ? new SqlError(SqlState.nullValueNotAllowed, 'cannot accumulate null arrays')
          : subscriptError('cannot accumulate empty arrays');
      }
      sawEmpty = true;
      continue;
    }
    if (first === undefined) {
      first = p;
      if (p.ndims + 1 > MAX_ARRAY_DIMS) {
        throw new SqlError(SqlState.programLimitExceeded, `number of array dimensions (${p.ndims + 1}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
      }
    } else if (p.ndims !== first.ndims || p.dims.some((d, k) => d !== first!.dims[k] || p.lbounds[k] !== first!.lbounds[k])) {
      throw subscriptError(mode === 'accumulate' ? 'cannot accumulate arrays of different dimensionality'
        : 'multidimensional arrays must have array expressions with matching dimensions');
    }
    for (const x of p.items) items.push(x);
    count++;
  }
  if (first === undefined) return PgArray.EMPTY;
  if (sawEmpty) throw subscriptError('multidimensional arrays must have array expressions with matching dimensions');
  return new PgArray(items, [count, ...first.dims], [1, ...first.lbounds]);
}
