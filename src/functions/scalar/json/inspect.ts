/**
 * Functions that look at a json/jsonb value as a whole: json_typeof, json_array_length, jsonb_pretty and
 * json_strip_nulls, each in its json and jsonb form.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import {
  Decimal, JsonObject, jsonKind, jsonTextKind, jsonTopLevel, parseJson, quoteJsonString, renderJson, renderJsonb, type JsonValue,
} from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';
import { invalidParameter, isArray, isObject, jsonb } from './support.ts';

function arrayLength(kind: string, n: number): number {
  if (kind === 'array') return n;
  throw invalidParameter(kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
}

/** Remove every object pair whose value is null, at any depth (array elements stay). */
function stripNulls(v: JsonValue): JsonValue {
  if (isArray(v)) return v.map(stripNulls);
  if (isObject(v)) return new JsonObject(v.entries.filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)] as const));
  return v;
}

/** JsonbToCStringIndent: four spaces per level, one element or pair per line, `{` + newline + `}` when empty. */
function pretty(v: JsonValue, level: number): string {
  const pad = (n: number) => '    '.repeat(n);
  if (isArray(v) || isObject(v)) {
    const [open, close] = isArray(v) ? ['[', ']'] : ['{', '}'];
    const items = isArray(v) ? v.map((x) => pretty(x, level + 1))
      : v.entries.map(([k, x]) => `${quoteJsonString(k)}: ${pretty(x, level + 1)}`);
    if (items.length === 0) return `${open}\n${pad(level)}${close}`;
    return `${open}\n${items.map((s) => pad(level + 1) + s).join(',\n')}\n${pad(level)}${close}`;
  }
  return v instanceof Decimal ? v.toString() : renderJsonb(v);
}

export const INSPECT_FUNCTIONS: readonly ScalarFunction[] = [
  { name: 'json_typeof', overloads: [{ args: ['json'], returns: 'text', kernel: mapStrict1<string, string>('text', jsonTextKind) }] },
  { name: 'jsonb_typeof', overloads: [{ args: ['jsonb'], returns: 'text', kernel: mapStrict1<string, string>('text', (j) => jsonKind(jsonb(j))) }] },
  {
    name: 'json_array_length',
    overloads: [{ args: ['json'], returns: 'int4', kernel: mapStrict1<string, number>('int4', (j) => {
      const top = jsonTopLevel(j, false);
      return arrayLength(top.kind, top.children.length);
    }) }],
  },
  {
    name: 'jsonb_array_length',
    overloads: [{ args: ['jsonb'], returns: 'int4', kernel: mapStrict1<string, number>('int4', (j) => {
      const v = jsonb(j);
      return arrayLength(jsonKind(v), isArray(v) ? v.length : 0);
    }) }],
  },
  { name: 'jsonb_pretty', overloads: [{ args: ['jsonb'], returns: 'text', kernel: mapStrict1<string, string>('text', (j) => pretty(jsonb(j), 0)) }] },
  {
    name: 'json_strip_nulls',
    overloads: [{ args: ['json'], returns: 'json', kernel: mapStrict1<string, string>('json', (j) => renderJson(stripNulls(parseJson(j, { numberText: true })))) }],
  },
  {
    name: 'jsonb_strip_nulls',
    overloads: [{ args: ['jsonb'], returns: 'jsonb', kernel: mapStrict1<string, string>('jsonb', (j) => renderJsonb(stripNulls(jsonb(j)))) }],
  },
];
