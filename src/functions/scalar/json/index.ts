/** The json and jsonb functions and operators (as their pg_operator functions), and the JSON set-returning functions. */
import type { ScalarFunction, SetReturningFunction } from '../../../plan/index.ts';
import { BUILD_FUNCTIONS } from './build.ts';
import { CONCAT_DELETE_FUNCTIONS } from './concat-delete.ts';
import { CONTAINS_FUNCTIONS } from './contains.ts';
import { EACH_FUNCTIONS } from './each.ts';
import { EXTRACT_PATH_FUNCTIONS } from './extract-path.ts';
import { FIELD_FUNCTIONS } from './field.ts';
import { INSPECT_FUNCTIONS } from './inspect.ts';
import { SET_PATH_FUNCTIONS } from './set-path.ts';
import { TO_JSON_FUNCTIONS } from './to-json.ts';

export const JSON_FUNCTIONS: readonly ScalarFunction[] = [
  ...FIELD_FUNCTIONS,
  ...EXTRACT_PATH_FUNCTIONS,
  ...CONTAINS_FUNCTIONS,
  ...CONCAT_DELETE_FUNCTIONS,
  ...SET_PATH_FUNCTIONS,
  ...INSPECT_FUNCTIONS,
  ...TO_JSON_FUNCTIONS,
  ...BUILD_FUNCTIONS,
];

export const JSON_SET_RETURNING: readonly SetReturningFunction[] = EACH_FUNCTIONS;
