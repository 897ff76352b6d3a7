/**
 * PostgreSQL's array functions (Functions and Operators § Array Functions and Operators) over PgArray values:
 * shape (array_length, array_lower/upper, array_ndims, array_dims, cardinality), building (array_append,
 * array_prepend, array_cat, array_fill, trim_array), searching (array_position(s), the @> <@ && operators'
 * arraycontains/arraycontained/arrayoverlap), editing (array_remove, array_replace) and text conversion
 * (array_to_string, string_to_array). Element equality is IS NOT DISTINCT FROM where PostgreSQL uses it
 * (array_position, array_remove, array_replace) and plain equality (NULL matches nothing) for containment.
 */
import {
  arrayTypeOf, elementType, PgArray, SqlError, SqlState, sqlType, T, textOut, type SqlType,
} from '../../../common/index.ts';
import { valueComparator } from '../../../kernels/index.ts';
import type { ScalarFunction, ScalarKernel, ScalarOverload } from '../../../plan/index.ts';
import { mapLazyN, mapStrictN } from '../kernel-helpers.ts';
import { textOptionsOf } from '../text-options.ts';

const ANY_ARRAY = sqlType('_text'); // result storage for array-valued kernels; the binder's type is retagged on
/** The argument arrays' type (int2[] for an int2vector, as PostgreSQL resolves anyarray). */
const sameArray = (args: readonly SqlType[]): SqlType => {
  const t = args.find((a) => elementType(a) !== undefined);
  return t === undefined ? T.text : arrayTypeOf(t) ?? T.text;
};

/** Equality of two element values of one type (non-NULL). */
function equalityOf(args: readonly { type: SqlType }[]): (a: unknown, b: unknown) => boolean {
  const et = elementType(args[0]!.type) ?? args[0]!.type;
  const cmp = valueComparator(et);
  return (a, b) => cmp(a, b) === 0;
}

/** A kernel that needs the argument types (to compare or print elements): built per call from the vectors. */
function typed(make: (types: readonly SqlType[]) => ScalarKernel): ScalarKernel {
  return (args, n, ctx) => make(args.map((a) => a.type))(args, n, ctx);
}

const badSubscript = (msg: string) => new SqlError(SqlState.arraySubscriptError, msg);

// --- shape ------------------------------------------------------------------------------------------------------

const dimOf = (a: PgArray, d: number): number | null => (d >= 1 && d <= a.ndims ? d - 1 : null);

const shape = (name: string, f: (a: PgArray, d: number) => number): ScalarFunction => ({
  name,
  overloads: [{
    args: ['anyarray', 'int4'], returns: 'int4',
    kernel: mapStrictN('int4', ([a, d]) => { const k = dimOf(a as PgArray, d as number); return k === null ? null : f(a as PgArray, k); }),
  }],
});

export const arrayLength = shape('array_length', (a, k) => a.dims[k]!);
export const arrayLower = shape('array_lower', (a, k) => a.lbounds[k]!);
export const arrayUpper = shape('array_upper', (a, k) => a.lbounds[k]! + a.dims[k]! - 1);

export const arrayNdims: ScalarFunction = {
  name: 'array_ndims',
  overloads: [{ args: ['anyarray'], returns: 'int4', kernel: mapStrictN('int4', ([a]) => ((a as PgArray).ndims === 0 ? null : (a as PgArray).ndims)) }],
};

export const arrayDims: ScalarFunction = {
  name: 'array_dims',
  overloads: [{
    args: ['anyarray'], returns: 'text',
    kernel: mapStrictN('text', ([x]) => {
      const a = x as PgArray;
      return a.ndims === 0 ? null : a.dims.map((n, d) => `[${a.lbounds[d]}:${a.lbounds[d]! + n - 1}]`).join('');
    }),
  }],
};

export const cardinality: ScalarFunction = {
  name: 'cardinality',
  overloads: [{ args: ['anyarray'], returns: 'int4', kernel: mapStrictN('int4', ([a]) => (a as PgArray).length) }],
};

// --- building -----------------------------------------------------------------------------------------------------

/** array_append(NULL, x) is {x}; appending keeps the lower bound. */
export const arrayAppend: ScalarFunction = {
  name: 'array_append',
  overloads: [{
    args: ['anyarray', 'anyelement'], returns: sameArray, strict: false,
    kernel: mapLazyN(ANY_ARRAY, ([x, e]) => {
      const a = (x as PgArray | null) ?? PgArray.EMPTY;
      if (a.ndims > 1) throw new SqlError(SqlState.dataException, 'argument must be empty or one-dimensional array');
      return a.ndims === 0 ? PgArray.of([e]) : new PgArray([...a.items, e], [a.length + 1], a.lbounds);
    }),
  }],
};

export const arrayPrepend: ScalarFunction = {
  name: 'array_prepend',
  overloads: [{
    args: ['anyelement', 'anyarray'], returns: (t) => t[1]!, strict: false,
    kernel: mapLazyN(ANY_ARRAY, ([e, x]) => {
      const a = (x as PgArray | null) ?? PgArray.EMPTY;
      if (a.ndims > 1) throw new SqlError(SqlState.dataException, 'argument must be empty or one-dimensional array');
      return a.ndims === 0 ? PgArray.of([e]) : new PgArray([e, ...a.items], [a.length + 1], a.lbounds);
    }),
  }],
};

/** array_cat: equal dimensions concatenate along the first; an N-1 dimensional array is one more sub-array. */
export function concatArrays(a: PgArray, b: PgArray): PgArray {
  if (a.ndims === 0) return b;
  if (b.ndims === 0) return a;
  const mismatch = () => badSubscript('cannot concatenate incompatible arrays');
  if (a.ndims === b.ndims) {
    if (a.dims.slice(1).some((d, k) => d !== b.dims[k + 1])) throw mismatch();
    return new PgArray([...a.items, ...b.items], [a.dims[0]! + b.dims[0]!, ...a.dims.slice(1)], a.lbounds);
  }
  if (a.ndims === b.ndims + 1) {
    if (b.dims.some((d, k) => d !== a.dims[k + 1])) throw mismatch();
    return new PgArray([...a.items, ...b.items], [a.dims[0]! + 1, ...a.dims.slice(1)], a.lbounds);
  }
  if (b.ndims === a.ndims + 1) {
    if (a.dims.some((d, k) => d !== b.dims[k + 1])) throw mismatch();
    return new PgArray([...a.items, ...b.items], [b.dims[0]! + 1, ...b.dims.slice(1)], b.lbounds);
  }
  throw mismatch();
}

export const arrayCat: ScalarFunction = {
  name: 'array_cat',
  overloads: [{
    args: ['anyarray', 'anyarray'], returns: sameArray, strict: false,
    kernel: mapLazyN(ANY_ARRAY, ([x, y]) => {
      if (x === null) return y as PgArray | null;
      if (y === null) return x as PgArray;
      return concatArrays(x as PgArray, y as PgArray);
    }),
  }],
};

export const arrayFill: ScalarFunction = {
  name: 'array_fill',
  overloads: [2, 3].map((k): ScalarOverload => ({
    args: ['anyelement', '_int4', ...(k === 3 ? ['_int4' as const] : [])], returns: (t) => arrayTypeOf(t[0]!) ?? T.text, strict: false,
    kernel: mapLazyN(ANY_ARRAY, ([e, d, l]) => {
      if (d === null || (k === 3 && l === null)) {
        throw new SqlError(SqlState.nullValueNotAllowed, 'dimension array or low bound array cannot be null');
      }
      const dims = (d as PgArray).items as (number | null)[];
      const lbs = k === 3 ? (l as PgArray).items as (number | null)[] : dims.map(() => 1);
      if ((d as PgArray).ndims > 1 || (k === 3 && (l as PgArray).ndims > 1)) throw badSubscript('wrong number of array subscripts');
      if (dims.length !== lbs.length) throw badSubscript('wrong number of array subscripts');
      if (dims.some((x) => x === null) || lbs.some((x) => x === null)) throw new SqlError(SqlState.nullValueNotAllowed, 'dimension values cannot be null');
      if (dims.length === 0 || dims.some((x) => x! <= 0)) return PgArray.EMPTY;
      const total = dims.reduce((s, x) => s! * x!, 1)!;
      if (total > 1 << 27) throw new SqlError(SqlState.programLimitExceeded, 'array size exceeds the maximum allowed (134217727)');
      return new PgArray(new Array<unknown>(total).fill(e), dims as number[], lbs as number[]);
    }),
  })),
};

export const trimArray: ScalarFunction = {
  name: 'trim_array',
  overloads: [{
    args: ['anyarray', 'int4'], returns: sameArray,
    kernel: mapStrictN(ANY_ARRAY, ([x, k]) => {
      const a = x as PgArray, n = k as number;
      const len = a.ndims === 0 ? 0 : a.dims[0]!;
      if (n < 0 || n > len) throw badSubscript('number of elements to trim must be between 0 and ' + len);
      if (n === 0) return a;
      if (n === len) return PgArray.EMPTY;
      const inner = a.length / len;
      return new PgArray(a.items.slice(0, (len - n) * inner), [len - n, ...a.dims.slice(1)], a.lbounds);
    }),
  }],
};

// --- searching ----------------------------------------------------------------------------------------------------

function positions(a: PgArray, x: unknown, eq: (p: unknown, q: unknown) => boolean, from: number): number[] {
  if (a.ndims > 1) throw new SqlError(SqlState.featureNotSupported, 'searching for elements in multidimensional arrays is not supported');
  if (a.ndims === 0) return [];
  const lb = a.lbounds[0]!;
  const out: number[] = [];
  for (let k = Math.max(0, from - lb); k < a.length; k++) {
    const y = a.items[k];
    if (x === null ? y === null : y !== null && eq(x, y)) out.push(k + lb);
  }
  return out;
}

export const arrayPosition: ScalarFunction = {
  name: 'array_position',
  overloads: [2, 3].map((k): ScalarOverload => ({
    args: ['anyarray', 'anyelement', ...(k === 3 ? ['int4' as const] : [])], returns: 'int4', strict: false,
    kernel: typed((types) => {
      const eq = equalityOf([{ type: types[0]! }]);
      return mapLazyN('int4', ([a, x, from]) => {
        if (a === null) return null;
        if (k === 3 && from === null) throw new SqlError(SqlState.nullValueNotAllowed, 'initial position must not be null');
        const arr = a as PgArray;
        const start = k === 3 ? from as number : arr.ndims === 0 ? 1 : arr.lbounds[0]!;
        for (const p of positions(arr, x, eq, start)) return p;
        return null;
      });
    }),
  })),
};

export const arrayPositions: ScalarFunction = {
  name: 'array_positions',
  overloads: [{
    args: ['anyarray', 'anyelement'], returns: () => sqlType('_int4'), strict: false,
    kernel: typed((types) => {
      const eq = equalityOf([{ type: types[0]! }]);
      return mapLazyN(ANY_ARRAY, ([a, x]) => (a === null ? null : PgArray.of(positions(a as PgArray, x, eq, -Infinity))));
    }),
  }],
};

/** Does `a` contain every non-NULL element of `b` (a NULL element of `b` is never contained)? */
function contains(a: PgArray, b: PgArray, eq: (p: unknown, q: unknown) => boolean): boolean {
  return b.items.every((y) => y !== null && a.items.some((x) => x !== null && eq(x, y)));
}

const containment = (name: string, f: (a: PgArray, b: PgArray, eq: (p: unknown, q: unknown) => boolean) => boolean): ScalarFunction => ({
  name,
  overloads: [{
    args: ['anyarray', 'anyarray'], returns: 'bool',
    kernel: typed((types) => {
      const eq = equalityOf([{ type: types[0]! }]);
      return mapStrictN('bool', ([a, b]) => f(a as PgArray, b as PgArray, eq));
    }),
  }],
});

export const arrayContains = containment('arraycontains', (a, b, eq) => contains(a, b, eq));
export const arrayContained = containment('arraycontained', (a, b, eq) => contains(b, a, eq));
export const arrayOverlap = containment('arrayoverlap',
  (a, b, eq) => a.items.some((x) => x !== null && b.items.some((y) => y !== null && eq(x, y))));

// --- editing ------------------------------------------------------------------------------------------------------

export const arrayRemove: ScalarFunction = {
  name: 'array_remove',
  overloads: [{
    args: ['anyarray', 'anyelement'], returns: sameArray, strict: false,
    kernel: typed((types) => {
      const eq = equalityOf([{ type: types[0]! }]);
      return mapLazyN(ANY_ARRAY, ([x, e]) => {
        if (x === null) return null;
        const a = x as PgArray;
        if (a.ndims > 1) throw new SqlError(SqlState.featureNotSupported, 'removing elements from multidimensional arrays is not supported');
        const keep = a.items.filter((y) => !(e === null ? y === null : y !== null && eq(e, y)));
        return keep.length === a.length ? a : keep.length === 0 ? PgArray.EMPTY : new PgArray(keep, [keep.length], a.lbounds);
      });
    }),
  }],
};

export const arrayReplace: ScalarFunction = {
  name: 'array_replace',
  overloads: [{
    args: ['anyarray', 'anyelement', 'anyelement'], returns: sameArray, strict: false,
    kernel: typed((types) => {
      const eq = equalityOf([{ type: types[0]! }]);
      return mapLazyN(ANY_ARRAY, ([x, from, to]) => {
        if (x === null) return null;
        const a = x as PgArray;
        return new PgArray(a.items.map((y) => ((from === null ? y === null : y !== null && eq(from, y)) ? to : y)), a.dims, a.lbounds);
      });
    }),
  }],
};

// --- text ---------------------------------------------------------------------------------------------------------

export const arrayToString: ScalarFunction = {
  name: 'array_to_string',
  overloads: [2, 3].map((k): ScalarOverload => ({
    args: ['anyarray', 'text', ...(k === 3 ? ['text' as const] : [])], returns: 'text', strict: false,
    kernel: typed((types) => {
      const et = elementType(types[0]!) ?? T.text;
      return mapLazyN('text', ([a, sep, nullText], ctx) => {
        if (a === null || sep === null) return null;
        const opts = textOptionsOf(ctx);
        const parts: string[] = [];
        for (const x of (a as PgArray).items) {
          if (x === null) { if (nullText !== null && nullText !== undefined) parts.push(nullText as string); }
          else parts.push(textOut(et, x, opts));
        }
        return parts.join(sep as string);
      });
    }),
  })),
};

/** string_to_array(s, sep [, null]): NULL separator splits into characters; '' separator keeps s whole. */
export function splitToArray(s: string, sep: string | null, nullText: string | null): (string | null)[] {
  if (s === '') return [];
  const parts = sep === null ? [...s] : sep === '' ? [s] : s.split(sep);
  return parts.map((p) => (nullText !== null && p === nullText ? null : p));
}

export const stringToArray: ScalarFunction = {
  name: 'string_to_array',
  overloads: [2, 3].map((k): ScalarOverload => ({
    args: ['text', 'text', ...(k === 3 ? ['text' as const] : [])], returns: () => sqlType('_text'), strict: false,
    kernel: mapLazyN(ANY_ARRAY, ([s, sep, nullText]) =>
      (s === null ? null : PgArray.of(splitToArray(s as string, sep as string | null, (nullText ?? null) as string | null)))),
  })),
};

export const ARRAY_FUNCTION_LIST: readonly ScalarFunction[] = [
  arrayLength, arrayLower, arrayUpper, arrayNdims, arrayDims, cardinality, arrayAppend, arrayPrepend, arrayCat,
  arrayFill, trimArray, arrayPosition, arrayPositions, arrayContains, arrayContained, arrayOverlap, arrayRemove,
  arrayReplace, arrayToString, stringToArray,
];
