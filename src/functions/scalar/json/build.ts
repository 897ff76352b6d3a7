/**
 * json_build_object / json_build_array (variadic "any", also with no arguments) and json_object(text[]),
 * each with its jsonb twin. The json forms write PostgreSQL's spacing: `{"a" : 1, "b" : [1,2]}`,
 * `[1, "x"]`; the jsonb forms are normalised.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import {
  JsonObject, quoteJsonString, renderJson, renderJsonb, SqlError, SqlState, sqlToJson, sqlToJsonKey,
  type JsonEntry, type JsonValue, type PgArray,
} from '../../../common/index.ts';
import { mapStrict1, mapStrict2 } from '../kernel-helpers.ts';
import { invalidParameter, mapTyped } from './support.ts';

function objectJson(entries: readonly JsonEntry[]): string {
  return `{${entries.map(([k, v]) => `${quoteJsonString(k)} : ${renderJson(v)}`).join(', ')}}`;
}

const buildObject = (name: string, render: (e: readonly JsonEntry[]) => string): ScalarFunction => ({
  name,
  overloads: [{
    args: ['any'], variadic: true, returns: name.startsWith('jsonb') ? 'jsonb' : 'json', strict: false, volatility: 'stable',
    kernel: mapTyped(name.startsWith('jsonb') ? 'jsonb' : 'json', false, (row, types, opts) => {
      if (row.length % 2 !== 0) {
        throw invalidParameter('argument list must have even number of elements',
          `The arguments of ${name}() must consist of alternating keys and values.`);
      }
      const entries: JsonEntry[] = [];
      for (let i = 0; i < row.length; i += 2) {
        if (row[i] === null) {
          throw name.startsWith('jsonb') ? invalidParameter(`argument ${i + 1}: key must not be null`)
            : invalidParameter(`argument ${i + 1} cannot be null`, 'Object keys should be text.');
        }
        entries.push([sqlToJsonKey(row[i], types[i]!, opts), sqlToJson(row[i + 1], types[i + 1]!, opts)]);
      }
      return render(entries);
    }),
  }],
});

const buildArray = (name: string, render: (items: JsonValue[]) => string): ScalarFunction => ({
  name,
  overloads: [{
    args: ['any'], variadic: true, returns: name.startsWith('jsonb') ? 'jsonb' : 'json', strict: false, volatility: 'stable',
    kernel: mapTyped(name.startsWith('jsonb') ? 'jsonb' : 'json', false, (row, types, opts) =>
      render(row.map((x, i) => sqlToJson(x, types[i]!, opts)))),
  }],
});

function subscriptError(message: string): SqlError {
  return new SqlError(SqlState.arraySubscriptError, message);
}

function nullKey(): SqlError {
  return new SqlError(SqlState.nullValueNotAllowed, 'null value not allowed for object key');
}

/** json_object(text[]): a flat list of alternating keys and values, or a two-column two-dimensional array. */
function pairsOf(a: PgArray): JsonEntry[] {
  if (a.ndims > 2) throw subscriptError('wrong number of array subscripts');
  if (a.ndims === 1 && a.length % 2 !== 0) throw subscriptError('array must have even number of elements');
  if (a.ndims === 2 && a.dims[1] !== 2) throw subscriptError('array must have two columns');
  const out: JsonEntry[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const k = a.items[i] as string | null;
    if (k === null) throw nullKey();
    out.push([k, a.items[i + 1] as string | null]);
  }
  return out;
}

/** json_object(keys text[], values text[]). */
function zipPairs(keys: PgArray, values: PgArray): JsonEntry[] {
  if (keys.ndims > 1 || values.ndims > 1) throw subscriptError('wrong number of array subscripts');
  if (keys.length !== values.length) throw subscriptError('mismatched array dimensions');
  return keys.items.map((k, i) => {
    if (k === null) throw nullKey();
    return [k as string, values.items[i] as string | null] as const;
  });
}

const jsonObjectFn = (name: string, out: 'json' | 'jsonb', render: (e: readonly JsonEntry[]) => string): ScalarFunction => ({
  name,
  overloads: [
    { args: ['_text'], returns: out, kernel: mapStrict1<PgArray, string>(out, (a) => render(pairsOf(a))) },
    { args: ['_text', '_text'], returns: out, kernel: mapStrict2<PgArray, PgArray, string>(out, (k, v) => render(zipPairs(k, v))) },
  ],
});

const jsonbObject = (entries: readonly JsonEntry[]): string => renderJsonb(new JsonObject(entries));

export const BUILD_FUNCTIONS: readonly ScalarFunction[] = [
  buildObject('json_build_object', objectJson),
  buildObject('jsonb_build_object', jsonbObject),
  buildArray('json_build_array', (items) => `[${items.map(renderJson).join(', ')}]`),
  buildArray('jsonb_build_array', renderJsonb),
  jsonObjectFn('json_object', 'json', objectJson),
  jsonObjectFn('jsonb_object', 'jsonb', jsonbObject),
];
