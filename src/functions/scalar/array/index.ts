import type { ScalarFunction } from '../../../plan/index.ts';
import { ARRAY_FUNCTION_LIST } from './array-functions.ts';
import { regexpMatch, regexpSplitToArray } from './regexp-arrays.ts';

export const ARRAY_FUNCTIONS: readonly ScalarFunction[] = [...ARRAY_FUNCTION_LIST, regexpMatch, regexpSplitToArray];
