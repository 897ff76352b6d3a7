import type { ScalarFunction } from '../../../plan/index.ts';
import { datePartFn, extract } from './date-part.ts';
import { dateTrunc } from './date-trunc.ts';
import { clockTimestamp, currentTimestamp, now, pgPostmasterStartTime, statementTimestamp, transactionTimestamp } from './now.ts';
import { age } from './age.ts';
import { makeDate, makeIntervalFn, makeTimestamp, makeTimestamptz } from './make.ts';
import { justifyDaysFn, justifyHoursFn, justifyIntervalFn } from './justify.ts';
import { isfinite } from './isfinite.ts';
import { toTimestamp } from './to-timestamp.ts';
import { toChar } from './to-char.ts';
import { toDate } from './to-date.ts';
import { timezone } from './timezone.ts';

export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  datePartFn, extract,
  dateTrunc,
  now, transactionTimestamp, currentTimestamp, statementTimestamp, clockTimestamp, pgPostmasterStartTime,
  age,
  makeDate, makeTimestamp, makeTimestamptz, makeIntervalFn,
  justifyDaysFn, justifyHoursFn, justifyIntervalFn,
  isfinite,
  toTimestamp,
  toChar, toDate,
  timezone,
];
