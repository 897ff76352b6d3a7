/**
 * jsonb_set, jsonb_set_lax, jsonb_insert and jsonb_delete_path (#-): PostgreSQL's setPath walk. Every path
 * element but the last must lead to an existing object key or array index, or nothing changes; at the last
 * one the value is replaced, created, inserted before/after, or removed. Array indexes may be negative; an
 * index past either end creates at that end.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { JsonObject, renderJsonb, SqlError, SqlState, toJsonb, type JsonValue } from '../../../common/index.ts';
import { mapLazyN, mapStrictN } from '../kernel-helpers.ts';
import { invalidParameter, isArray, isObject, isScalar, jsonb, onePath, pathIndex } from './support.ts';

type Op = 'replace' | 'create' | 'delete' | 'before' | 'after';

const creates = (op: Op): boolean => op === 'create' || op === 'before' || op === 'after';

function setPath(v: JsonValue, path: readonly (string | null)[], level: number, nv: JsonValue, op: Op): JsonValue {
  if (path[level] === null) {
    throw new SqlError(SqlState.nullValueNotAllowed, `path element at position ${level + 1} is null`);
  }
  if (isObject(v)) return setInObject(v, path, level, nv, op);
  if (isArray(v)) return setInArray(v, path, level, nv, op);
  return v;
}

function setInObject(o: JsonObject, path: readonly (string | null)[], level: number, nv: JsonValue, op: Op): JsonValue {
  const key = path[level]!;
  const last = level === path.length - 1;
  const out: [string, JsonValue][] = [];
  if (o.size === 0 && creates(op) && last) out.push([key, nv]);
  let done = false;
  o.entries.forEach(([k, x], i) => {
    if (!done && k === key) {
      done = true;
      if (!last) out.push([k, setPath(x, path, level + 1, nv, op)]);
      else if (op === 'before' || op === 'after') {
        throw invalidParameter('cannot replace existing key', 'Try using the function jsonb_set to replace key value.');
      } else if (op !== 'delete') out.push([k, nv]);
      return;
    }
    if (creates(op) && !done && last && i === o.size - 1) out.push([key, nv]);
    out.push([k, x]);
  });
  return toJsonb(new JsonObject(out));
}

function setInArray(a: readonly JsonValue[], path: readonly (string | null)[], level: number, nv: JsonValue, op: Op): JsonValue {
  const n = a.length;
  const text = path[level]!;
  let idx = pathIndex(text);
  if (idx === undefined) {
    throw new SqlError(SqlState.invalidTextRepresentation, `path element at position ${level + 1} is not an integer: "${text}"`);
  }
  let before = false; // a negative index past the start: prepend
  if (idx < 0) {
    if (-idx > n) before = true;
    else idx += n;
  }
  if (idx > n) idx = n;
  const last = level === path.length - 1;
  const out: JsonValue[] = [];
  let done = false;
  if ((before || n === 0) && last && creates(op)) {
    out.push(nv);
    done = true;
  }
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (i !== idx || before) { out.push(x); continue; }
    done = true;
    if (!last) { out.push(setPath(x, path, level + 1, nv, op)); continue; }
    if (op === 'before' || op === 'create') out.push(nv);
    if (op === 'before' || op === 'after') out.push(x);
    if (op === 'after' || op === 'replace') out.push(nv);
  }
  if (creates(op) && !done && last) out.push(nv);
  return out;
}

function jsonbSet(target: JsonValue, path: readonly (string | null)[], nv: JsonValue, create: boolean): JsonValue {
  if (isScalar(target)) throw invalidParameter('cannot set path in scalar');
  if ((isObject(target) ? target.size : (target as readonly JsonValue[]).length) === 0 && !create) return target;
  if (path.length === 0) return target;
  return setPath(target, path, 0, nv, create ? 'create' : 'replace');
}

function jsonbInsert(target: JsonValue, path: readonly (string | null)[], nv: JsonValue, after: boolean): JsonValue {
  if (isScalar(target)) throw invalidParameter('cannot set path in scalar');
  if (path.length === 0) return target;
  return setPath(target, path, 0, nv, after ? 'after' : 'before');
}

export function jsonbDeletePath(target: JsonValue, path: readonly (string | null)[]): JsonValue {
  if (isScalar(target)) throw invalidParameter('cannot delete path in scalar');
  if ((isObject(target) ? target.size : (target as readonly JsonValue[]).length) === 0 || path.length === 0) return target;
  return setPath(target, path, 0, null, 'delete');
}

const NULL_TREATMENT = 'null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"';

/** jsonb_set_lax: like jsonb_set, but an SQL NULL new value is handled as null_value_treatment says. */
function jsonbSetLax(r: unknown[]): string | null {
  const [target, path, nv, create, treatment] = r as [string | null, unknown, string | null, boolean | null, string | null | undefined];
  if (target === null || path === null || create === null) return null;
  if (treatment === null) throw invalidParameter(NULL_TREATMENT);
  const p = onePath(path);
  if (nv !== null) return renderJsonb(jsonbSet(jsonb(target), p, jsonb(nv), create ?? true));
  switch (treatment ?? 'use_json_null') {
    case 'raise_exception':
      throw new SqlError(SqlState.nullValueNotAllowed, 'JSON value must not be null', {
        detail: 'Exception was raised because null_value_treatment is "raise_exception".',
        hint: 'To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.',
      });
    case 'use_json_null': return renderJsonb(jsonbSet(jsonb(target), p, null, create ?? true));
    case 'delete_key': return renderJsonb(jsonbDeletePath(jsonb(target), p));
    case 'return_target': return target;
    default: throw invalidParameter(NULL_TREATMENT);
  }
}

export const SET_PATH_FUNCTIONS: readonly ScalarFunction[] = [
  {
    name: 'jsonb_set',
    overloads: [3, 4].map((k) => ({
      args: k === 4 ? ['jsonb', '_text', 'jsonb', 'bool'] as const : ['jsonb', '_text', 'jsonb'] as const,
      returns: 'jsonb',
      kernel: mapStrictN('jsonb', (r) => renderJsonb(jsonbSet(jsonb(r[0]), onePath(r[1]), jsonb(r[2]), (r[3] ?? true) as boolean))),
    })),
  },
  {
    name: 'jsonb_insert',
    overloads: [3, 4].map((k) => ({
      args: k === 4 ? ['jsonb', '_text', 'jsonb', 'bool'] as const : ['jsonb', '_text', 'jsonb'] as const,
      returns: 'jsonb',
      kernel: mapStrictN('jsonb', (r) => renderJsonb(jsonbInsert(jsonb(r[0]), onePath(r[1]), jsonb(r[2]), (r[3] ?? false) as boolean))),
    })),
  },
  {
    name: 'jsonb_set_lax',
    overloads: [3, 4, 5].map((k) => ({
      args: (['jsonb', '_text', 'jsonb', 'bool', 'text'] as const).slice(0, k),
      returns: 'jsonb',
      strict: false,
      kernel: mapLazyN('jsonb', (r) => jsonbSetLax(k < 5 ? [...r, undefined] : r)),
    })),
  },
  {
    name: 'jsonb_delete_path',
    overloads: [{ args: ['jsonb', '_text'], returns: 'jsonb', kernel: mapStrictN('jsonb', (r) => renderJsonb(jsonbDeletePath(jsonb(r[0]), onePath(r[1])))) }],
  },
];
