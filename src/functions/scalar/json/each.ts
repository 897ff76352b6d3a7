/**
 * The set-returning JSON functions: json_each / jsonb_each (key, value), their _text forms (value as text),
 * json_array_elements / jsonb_array_elements (value) with _text forms, and json_object_keys /
 * jsonb_object_keys. json values come out as the text they were written as; jsonb values normalised.
 */
import type { SetReturningFunction, SrfColumn } from '../../../plan/index.ts';
import { jsonTopLevel, renderJsonb, T, type JsonValue } from '../../../common/index.ts';
import { invalidParameter, isArray, isObject, jsonb, jsonbText, jsonText } from './support.ts';

type Row = readonly unknown[];

const srf = (name: string, arg: 'json' | 'jsonb', columns: readonly SrfColumn[], rows: (v: string) => Iterable<Row>): SetReturningFunction => ({
  name,
  overloads: [{ args: [arg], columns: () => columns, rows: (args) => rows(args[0] as string) }],
});

/** json_each and json_each_text: every pair, duplicates included, in order. */
function* jsonEach(text: string, asText: boolean): Generator<Row> {
  const top = jsonTopLevel(text);
  if (top.kind === 'array') throw invalidParameter('cannot deconstruct an array as an object');
  if (top.kind !== 'object') throw invalidParameter('cannot deconstruct a scalar');
  for (const c of top.children) {
    const v = text.slice(c.start, c.end);
    yield [c.key, asText ? jsonText(v) : v];
  }
}

function* jsonbEach(name: string, text: string, asText: boolean): Generator<Row> {
  const v = jsonb(text);
  if (!isObject(v)) throw invalidParameter(`cannot call ${name} on a non-object`);
  for (const [k, x] of v.entries) yield [k, asText ? jsonbText(x) : renderJsonb(x)];
}

function* jsonElements(name: string, text: string, asText: boolean): Generator<Row> {
  // Only the _text form decodes strings (so only it rejects a \u0000), as in PostgreSQL.
  const top = jsonTopLevel(text, asText);
  if (top.kind === 'object') throw invalidParameter(`cannot call ${name} on a non-array`);
  if (top.kind !== 'array') throw invalidParameter(`cannot call ${name} on a scalar`);
  for (const c of top.children) {
    const v = text.slice(c.start, c.end);
    yield [asText ? jsonText(v) : v];
  }
}

function* jsonbElements(text: string, asText: boolean): Generator<Row> {
  const v = jsonb(text);
  if (isObject(v)) throw invalidParameter('cannot extract elements from an object');
  if (!isArray(v)) throw invalidParameter('cannot extract elements from a scalar');
  for (const x of v as readonly JsonValue[]) yield [asText ? jsonbText(x) : renderJsonb(x)];
}

function* objectKeys(name: string, keys: () => { kind: string; keys: readonly string[] }): Generator<Row> {
  const { kind, keys: ks } = keys();
  if (kind === 'array') throw invalidParameter(`cannot call ${name} on an array`);
  if (kind !== 'object') throw invalidParameter(`cannot call ${name} on a scalar`);
  for (const k of ks) yield [k];
}

const pair = (value: 'json' | 'jsonb' | 'text'): SrfColumn[] => [{ name: 'key', type: T.text }, { name: 'value', type: T[value] }];
const single = (name: string, type: 'json' | 'jsonb' | 'text'): SrfColumn[] => [{ name, type: T[type] }];

export const EACH_FUNCTIONS: readonly SetReturningFunction[] = [
  srf('json_each', 'json', pair('json'), (j) => jsonEach(j, false)),
  srf('json_each_text', 'json', pair('text'), (j) => jsonEach(j, true)),
  srf('jsonb_each', 'jsonb', pair('jsonb'), (j) => jsonbEach('jsonb_each', j, false)),
  srf('jsonb_each_text', 'jsonb', pair('text'), (j) => jsonbEach('jsonb_each_text', j, true)),
  srf('json_array_elements', 'json', single('value', 'json'), (j) => jsonElements('json_array_elements', j, false)),
  srf('json_array_elements_text', 'json', single('value', 'text'), (j) => jsonElements('json_array_elements_text', j, true)),
  srf('jsonb_array_elements', 'jsonb', single('value', 'jsonb'), (j) => jsonbElements(j, false)),
  srf('jsonb_array_elements_text', 'jsonb', single('value', 'text'), (j) => jsonbElements(j, true)),
  srf('json_object_keys', 'json', single('json_object_keys', 'text'), (j) => objectKeys('json_object_keys', () => {
    const top = jsonTopLevel(j);
    return { kind: top.kind, keys: top.children.map((c) => c.key!) };
  })),
  srf('jsonb_object_keys', 'jsonb', single('jsonb_object_keys', 'text'), (j) => objectKeys('jsonb_object_keys', () => {
    const v = jsonb(j);
    return { kind: isObject(v) ? 'object' : isArray(v) ? 'array' : 'scalar', keys: isObject(v) ? v.entries.map(([k]) => k) : [] };
  })),
];
