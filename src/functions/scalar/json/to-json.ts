/** to_json, to_jsonb and array_to_json: any SQL value as JSON (see common/json-from-sql.ts for the mapping). */
import type { ScalarFunction } from '../../../plan/index.ts';
import { renderJson, renderJsonb, sqlToJson, type JsonValue } from '../../../common/index.ts';
import { mapTyped } from './support.ts';

/** array_to_json(a, true): a line break after each comma of the outermost dimension only. */
function arrayToJson(v: JsonValue, pretty: boolean): string {
  if (!pretty) return renderJson(v);
  return `[${(v as readonly JsonValue[]).map(renderJson).join(',\n ')}]`;
}

export const TO_JSON_FUNCTIONS: readonly ScalarFunction[] = [
  {
    name: 'to_json',
    overloads: [{ args: ['any'], returns: 'json', volatility: 'stable', kernel: mapTyped('json', true, (r, t, o) => renderJson(sqlToJson(r[0], t[0]!, o))) }],
  },
  {
    name: 'to_jsonb',
    overloads: [{ args: ['any'], returns: 'jsonb', volatility: 'stable', kernel: mapTyped('jsonb', true, (r, t, o) => renderJsonb(sqlToJson(r[0], t[0]!, o))) }],
  },
  {
    name: 'array_to_json',
    overloads: [
      { args: ['anyarray'], returns: 'json', volatility: 'stable', kernel: mapTyped('json', true, (r, t, o) => arrayToJson(sqlToJson(r[0], t[0]!, o), false)) },
      { args: ['anyarray', 'bool'], returns: 'json', volatility: 'stable', kernel: mapTyped('json', true, (r, t, o) => arrayToJson(sqlToJson(r[0], t[0]!, o), r[1] === true)) },
    ],
  },
];
