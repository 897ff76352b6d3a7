/**
 * jsonb || jsonb (jsonb_concat) and jsonb - key / - index / - keys (jsonb_delete). Scalars act as one-element
 * arrays: `1 || 2` is `[1, 2]`, an object beside an array becomes one of its elements.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { JsonObject, renderJsonb, toJsonb, type JsonValue } from '../../../common/index.ts';
import { mapLazyN, mapStrict2 } from '../kernel-helpers.ts';
import { invalidParameter, isArray, isObject, isScalar, jsonb, onePath } from './support.ts';

const elements = (v: JsonValue): readonly JsonValue[] => (isArray(v) ? v : [v]);
const count = (v: JsonValue): number => (isObject(v) ? v.size : isArray(v) ? v.length : 1);

/** jsonb_concat (IteratorConcat), with its shortcut for an empty container of the same kind. */
export function concatJsonb(a: JsonValue, b: JsonValue): JsonValue {
  if (isObject(a) === isObject(b)) {
    if (count(a) === 0 && !isScalar(b)) return b;
    if (count(b) === 0 && !isScalar(a)) return a;
  }
  if (isObject(a) && isObject(b)) return toJsonb(new JsonObject([...a.entries, ...b.entries]));
  if (isObject(a)) return [a, ...elements(b)];
  if (isObject(b)) return [...elements(a), b];
  return [...elements(a), ...elements(b)];
}

function deletable(v: JsonValue): void {
  if (isScalar(v)) throw invalidParameter('cannot delete from scalar');
}

/** Remove the pairs with these keys from an object, or the string elements equal to one of them from an array. */
function deleteKeys(v: JsonValue, keys: readonly (string | null)[]): JsonValue {
  deletable(v);
  const drop = new Set(keys.filter((k): k is string => k !== null));
  if (isObject(v)) return new JsonObject(v.entries.filter(([k]) => !drop.has(k)));
  return (v as readonly JsonValue[]).filter((x) => typeof x !== 'string' || !drop.has(x));
}

/** Remove the element at an index (negative: from the end; out of range: nothing). */
function deleteIndex(v: JsonValue, i: number): JsonValue {
  deletable(v);
  if (isObject(v)) throw invalidParameter('cannot delete from object using integer index');
  const a = v as readonly JsonValue[];
  const k = i < 0 ? (-i > a.length ? a.length : a.length + i) : i;
  return k >= a.length ? a : a.filter((_, j) => j !== k);
}

const out = (v: JsonValue): string => renderJsonb(v);

export const CONCAT_DELETE_FUNCTIONS: readonly ScalarFunction[] = [
  {
    name: 'jsonb_concat',
    overloads: [{ args: ['jsonb', 'jsonb'], returns: 'jsonb', kernel: mapStrict2<string, string, string>('jsonb', (a, b) => out(concatJsonb(jsonb(a), jsonb(b)))) }],
  },
  {
    name: 'jsonb_delete',
    overloads: [
      { args: ['jsonb', 'text'], returns: 'jsonb', kernel: mapStrict2<string, string, string>('jsonb', (a, k) => out(deleteKeys(jsonb(a), [k]))) },
      { args: ['jsonb', 'int4'], returns: 'jsonb', kernel: mapStrict2<string, number, string>('jsonb', (a, i) => out(deleteIndex(jsonb(a), i))) },
      { args: ['jsonb', '_text'], returns: 'jsonb', kernel: mapStrict2<string, unknown, string>('jsonb', (a, ks) => {
        const keys = onePath(ks);
        return out(deleteKeys(jsonb(a), keys));
      }) },
      // jsonb_delete(j, 'a', 'b', ...): the spread-out VARIADIC form, from two keys on (one key is the text
      // form); NULL keys are skipped as in the array form.
      { args: ['jsonb', 'text', 'text', 'text'], variadic: true, returns: 'jsonb', strict: false, kernel: mapLazyN('jsonb', (r) =>
        (r[0] === null ? null : out(deleteKeys(jsonb(r[0]), r.slice(1) as (string | null)[])))) },
    ],
  },
];
