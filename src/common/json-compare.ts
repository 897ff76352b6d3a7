/**
 * jsonb comparison (the btree order and equality), containment (@>), existence (?) and a hash key consistent
 * with equality, over values in jsonb's normal form (parseJsonb / toJsonb).
 */
import { Decimal } from './decimal.ts';
import { compareCodePoints, JsonObject, parseJsonb, quoteJsonString, renderJsonb, type JsonValue } from './json.ts';

const isContainer = (v: JsonValue): boolean => Array.isArray(v) || v instanceof JsonObject;

/** jbvType order: null < string < numeric < bool < array < object. */
function typeRank(v: JsonValue): number {
  if (v === null) return 0;
  if (typeof v === 'string') return 1;
  if (v instanceof Decimal) return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 16;
  if (v instanceof JsonObject) return 17;
  throw new TypeError('JsonRaw in a jsonb comparison: call toJsonb first');
}

/** Two values inside containers (or two scalars). */
function compareInner(a: JsonValue, b: JsonValue): number {
  const ra = typeRank(a), rb = typeRank(b);
  if (ra !== rb) return ra > rb ? 1 : -1;
  switch (ra) {
    case 0: return 0;
    case 1: return Math.sign(compareCodePoints(a as string, b as string));
    case 2: return (a as Decimal).cmp(b as Decimal);
    case 3: return a === b ? 0 : a === true ? 1 : -1;
    case 16: {
      const x = a as readonly JsonValue[], y = b as readonly JsonValue[];
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
      for (let i = 0; i < x.length; i++) {
        const r = compareInner(x[i]!, y[i]!);
        if (r !== 0) return r;
      }
      return 0;
    }
    default: {
      const x = (a as JsonObject).entries, y = (b as JsonObject).entries;
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
      // pairs in storage (jsonb key) order: key, then value
      for (let i = 0; i < x.length; i++) {
        const k = Math.sign(compareCodePoints(x[i]![0], y[i]![0]));
        if (k !== 0) return k;
        const r = compareInner(x[i]![1], y[i]![1]);
        if (r !== 0) return r;
      }
      return 0;
    }
  }
}

/**
 * The jsonb btree order (compareJsonbContainers): object > array > boolean > number > string > null; more
 * pairs or elements sort later; equal-sized containers compare pair by pair (objects in their key order) or
 * element by element. A top-level scalar behaves as a one-element array that sorts before a real one of the
 * same length, so an empty top-level array sorts before every scalar. Numbers compare by value (1.0 = 1);
 * strings by code point (the C/C.UTF-8 collation). Both values must be in normal form (parseJsonb/toJsonb).
 */
export function compareJsonb(a: JsonValue, b: JsonValue): number {
  const oa = a instanceof JsonObject, ob = b instanceof JsonObject;
  if (oa || ob) return oa && ob ? compareInner(a, b) : oa ? 1 : -1;
  const sa = !Array.isArray(a), sb = !Array.isArray(b);
  const x = sa ? [a] : (a as readonly JsonValue[]), y = sb ? [b] : (b as readonly JsonValue[]);
  if (x.length !== y.length) return x.length > y.length ? 1 : -1;
  if (sa !== sb) return sa ? -1 : 1;
  for (let i = 0; i < x.length; i++) {
    const r = compareInner(x[i]!, y[i]!);
    if (r !== 0) return r;
  }
  return 0;
}

/** jsonb equality: compareJsonb(a, b) === 0 (so 1.0 equals 1). */
export const equalJsonb = (a: JsonValue, b: JsonValue): boolean => compareJsonb(a, b) === 0;

function equalScalars(a: JsonValue, b: JsonValue): boolean {
  if (a instanceof Decimal) return b instanceof Decimal && a.cmp(b) === 0;
  return a === b;
}

/** JsonbDeepContains for two containers below the top level. */
function containsInner(val: JsonValue, sub: JsonValue): boolean {
  if (val instanceof JsonObject) {
    if (!(sub instanceof JsonObject)) return false;
    if (val.size < sub.size) return false;
    for (const [k, sv] of sub.entries) {
      const lv = val.get(k);
      if (lv === undefined) return false;
      if (isContainer(lv) !== isContainer(sv)) return false;
      if (isContainer(sv)) {
        if (!containsInner(lv, sv)) return false;
      } else if (typeRank(lv) !== typeRank(sv) || !equalScalars(lv, sv)) {
        return false;
      }
    }
    return true;
  }
  if (!Array.isArray(val) || !Array.isArray(sub)) return false;
  return arrayContains(val as readonly JsonValue[], sub as readonly JsonValue[]);
}

function arrayContains(val: readonly JsonValue[], sub: readonly JsonValue[]): boolean {
  let containers: JsonValue[] | undefined;
  for (const e of sub) {
    if (!isContainer(e)) {
      const r = typeRank(e);
      if (!val.some((x) => !isContainer(x) && typeRank(x) === r && equalScalars(x, e))) return false;
      continue;
    }
    containers ??= val.filter(isContainer);
    if (!containers.some((x) => containsInner(x, e))) return false;
  }
  return true;
}

/**
 * `a @> b` for jsonb: every pair of an object on the right has a key on the left whose value contains its
 * value; every element of an array on the right is equal to (a scalar) or contained in (a container) some
 * element on the left, at the same nesting level. A top-level scalar is a one-element array that contains
 * only scalars; an array contains a top-level scalar it has as an element. Values in normal form.
 */
export function jsonbContains(a: JsonValue, b: JsonValue): boolean {
  const oa = a instanceof JsonObject, ob = b instanceof JsonObject;
  if (oa || ob) return oa && ob && containsInner(a, b);
  const sa = !Array.isArray(a), sb = !Array.isArray(b);
  if (sa && !sb) return false;
  return arrayContains(sa ? [a] : (a as readonly JsonValue[]), sb ? [b] : (b as readonly JsonValue[]));
}

/** `a ? key`: an object key, or a string element of an array (or a top-level string scalar). */
export function jsonbExists(v: JsonValue, key: string): boolean {
  if (v instanceof JsonObject) return v.has(key);
  if (Array.isArray(v)) return (v as readonly JsonValue[]).includes(key);
  return v === key;
}

/** compareJsonb over two jsonb texts (normal form); identical texts are equal without parsing. */
export function compareJsonbText(a: string, b: string): number {
  return a === b ? 0 : compareJsonb(parseJsonb(a), parseJsonb(b));
}

function hashForm(v: JsonValue): string {
  if (v instanceof Decimal) return v.hashKey();
  if (Array.isArray(v)) return `[${(v as readonly JsonValue[]).map(hashForm).join(',')}]`;
  if (v instanceof JsonObject) return `{${v.entries.map(([k, x]) => `${quoteJsonString(k)}:${hashForm(x)}`).join(',')}}`;
  return renderJsonb(v);
}

/**
 * A key that is equal exactly for equal jsonb values (so `1.0` and `1` agree), for hashing: GROUP BY,
 * DISTINCT, hash joins. The text is its own key when it has no digits, hence no numbers.
 */
export function jsonbHashKey(text: string): string {
  return /\d/.test(text) ? hashForm(parseJsonb(text)) : text;
}
