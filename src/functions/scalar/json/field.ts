/**
 * The json/jsonb field and element operators under their function names: -> (json_object_field,
 * json_array_element) and ->> (the *_text variants). A missing key or index gives NULL; a negative index
 * counts from the end. A jsonb scalar counts as a one-element array here, as PostgreSQL stores it that way.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { renderJsonb, type JsonValue, type TypeId } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { isScalar, jsonb, jsonbChild, jsonbText, jsonChild, jsonText } from './support.ts';

type Step = string | number;

/** jsonb -> int: a top-level scalar is its own element 0 (and -1). */
function jsonbElement(v: JsonValue, i: Step): JsonValue | undefined {
  return jsonbChild(isScalar(v) ? [v] : v, i);
}

const jsonFns = (name: string, key: TypeId, step: (v: JsonValue, k: Step) => JsonValue | undefined): ScalarFunction[] => [
  {
    name: `json_${name}`,
    overloads: [{ args: ['json', key], returns: 'json', kernel: mapStrict2<string, Step, string>('json', (j, k) => jsonChild(j, k)) }],
  },
  {
    name: `json_${name}_text`,
    overloads: [{
      args: ['json', key], returns: 'text',
      kernel: mapStrict2<string, Step, string>('text', (j, k) => { const c = jsonChild(j, k); return c === null ? null : jsonText(c); }),
    }],
  },
  {
    name: `jsonb_${name}`,
    overloads: [{
      args: ['jsonb', key], returns: 'jsonb',
      kernel: mapStrict2<string, Step, string>('jsonb', (j, k) => { const c = step(jsonb(j), k); return c === undefined ? null : renderJsonb(c); }),
    }],
  },
  {
    name: `jsonb_${name}_text`,
    overloads: [{
      args: ['jsonb', key], returns: 'text',
      kernel: mapStrict2<string, Step, string>('text', (j, k) => { const c = step(jsonb(j), k); return c === undefined ? null : jsonbText(c); }),
    }],
  },
];

export const FIELD_FUNCTIONS: readonly ScalarFunction[] = [
  ...jsonFns('object_field', 'text', jsonbChild),
  ...jsonFns('array_element', 'int4', jsonbElement),
];
