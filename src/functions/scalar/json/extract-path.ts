/**
 * #> and #>> under their function names: json_extract_path(json, VARIADIC text[]) and the _text and jsonb
 * variants. Each path element is a key at an object and an integer index (negative from the end) at an
 * array; a path that leads nowhere, or contains a NULL, gives NULL. Both the array form and the spread-out
 * variadic form (`json_extract_path(j, 'a', 'b')`) are offered.
 */
import type { ScalarFunction, ScalarOverload } from '../../../plan/index.ts';
import { renderJsonb, type JsonValue } from '../../../common/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';
import { isArray, isObject, isScalar, jsonb, jsonbChild, jsonbText, jsonChild, jsonText, pathIndex, textItems } from './support.ts';

/** The json text at the end of the path, as written, or null. */
function jsonPath(text: string, path: readonly (string | null)[]): string | null {
  let cur = text;
  for (const step of path) {
    if (step === null) return null;
    const c = cur.trimStart()[0];
    let next: string | null = null;
    if (c === '{') next = jsonChild(cur, step);
    else if (c === '[') {
      const i = pathIndex(step);
      if (i !== undefined) next = jsonChild(cur, i);
    }
    if (next === null) return null;
    cur = next;
  }
  return cur;
}

/** The jsonb value at the end of the path, or undefined. A top-level scalar has no children at all. */
function jsonbPath(v: JsonValue, path: readonly (string | null)[]): JsonValue | undefined {
  if (path.length > 0 && isScalar(v)) return undefined;
  let cur: JsonValue | undefined = v;
  for (const step of path) {
    if (step === null || cur === undefined) return undefined;
    if (isObject(cur)) cur = cur.get(step);
    else if (isArray(cur)) {
      const i = pathIndex(step);
      cur = i === undefined ? undefined : jsonbChild(cur, i);
    } else return undefined;
  }
  return cur;
}

type PathFn = (value: string, path: readonly (string | null)[]) => string | null;

const fns: Record<string, [PathFn, 'json' | 'jsonb', 'json' | 'jsonb' | 'text']> = {
  json_extract_path: [jsonPath, 'json', 'json'],
  json_extract_path_text: [(j, p) => { const r = jsonPath(j, p); return r === null ? null : jsonText(r.trim()); }, 'json', 'text'],
  jsonb_extract_path: [(j, p) => { const r = jsonbPath(jsonb(j), p); return r === undefined ? null : renderJsonb(r); }, 'jsonb', 'jsonb'],
  jsonb_extract_path_text: [(j, p) => { const r = jsonbPath(jsonb(j), p); return r === undefined ? null : jsonbText(r); }, 'jsonb', 'text'],
};

export const EXTRACT_PATH_FUNCTIONS: readonly ScalarFunction[] = Object.entries(fns).map(([name, [f, arg, ret]]) => {
  const overloads: ScalarOverload[] = [
    { args: [arg, '_text'], returns: ret, kernel: mapStrictN(ret, (r) => f(r[0] as string, textItems(r[1]))) },
    { args: [arg, 'text'], variadic: true, returns: ret, kernel: mapStrictN(ret, (r) => f(r[0] as string, r.slice(1) as string[])) },
  ];
  return { name, overloads };
});
