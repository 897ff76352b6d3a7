/** The window operator's run-time errors, with PostgreSQL's messages. */
import { SqlError, SqlState } from '../../../common/index.ts';

const INVALID_PRECEDING_OR_FOLLOWING_SIZE = SqlState.invalidPrecedingOrFollowingSize;
const INVALID_ARGUMENT_FOR_NTILE = SqlState.invalidArgumentForNtileFunction;
const INVALID_ARGUMENT_FOR_NTH_VALUE = SqlState.invalidArgumentForNthValueFunction;

export const invalidRangeOffset = (): SqlError =>
  new SqlError(INVALID_PRECEDING_OR_FOLLOWING_SIZE, 'invalid preceding or following size in window function');

export const negativeFrameOffset = (which: 'starting' | 'ending'): SqlError =>
  new SqlError(INVALID_PRECEDING_OR_FOLLOWING_SIZE, `frame ${which} offset must not be negative`);

export const nullFrameOffset = (which: 'starting' | 'ending'): SqlError =>
  new SqlError(SqlState.nullValueNotAllowed, `frame ${which} offset must not be null`);

export const invalidNtile = (): SqlError =>
  new SqlError(INVALID_ARGUMENT_FOR_NTILE, 'argument of ntile must be greater than zero');

export const invalidNthValue = (): SqlError =>
  new SqlError(INVALID_ARGUMENT_FOR_NTH_VALUE, 'argument of nth_value must be greater than zero');

export const unsupported = (what: string): SqlError => new SqlError(SqlState.featureNotSupported, what);
