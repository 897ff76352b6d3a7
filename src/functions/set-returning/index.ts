/** The set-returning functions of the core groups (JSON's live with the JSON group). */
import type { SetReturningFunction } from '../../plan/index.ts';
import { GENERATE_SUBSCRIPTS, PG_EXPANDARRAY, UNNEST } from './array.ts';
import { GENERATE_SERIES } from './series.ts';
import { PG_GET_KEYWORDS } from './keywords.ts';
import { PG_LISTENING_CHANNELS } from './listening-channels.ts';
import { regexpMatches, regexpSplitToTable, stringToTable } from '../scalar/array/regexp-arrays.ts';

export const SET_RETURNING_FUNCTIONS: readonly SetReturningFunction[] = [
  GENERATE_SERIES, UNNEST, GENERATE_SUBSCRIPTS, regexpMatches, regexpSplitToTable, stringToTable, PG_EXPANDARRAY, PG_GET_KEYWORDS,
  PG_LISTENING_CHANNELS,
];
