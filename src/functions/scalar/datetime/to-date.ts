import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState, daysFromCivil } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { parseDatetime } from './parse-datetime.ts';
import { parseTemplate } from './template.ts';

/** PostgreSQL's date range: Julian day 0 (4714-11-24 BC) .. 5874897-12-31. */
const FIRST = daysFromCivil(-4713, 11, 24), LAST = daysFromCivil(5874897, 12, 31);

/** to_date(text, template): the date fields of the input; time fields are read and dropped. */
function toDateValue(input: string, fmt: string): number {
  const { days } = parseDatetime(input, parseTemplate(fmt));
  if (days < FIRST || days > LAST) throw new SqlError(SqlState.datetimeFieldOverflow, `date out of range: "${input}"`);
  return days;
}

export const toDate: ScalarFunction = {
  name: 'to_date',
  overloads: [{ args: ['text', 'text'], returns: 'date', volatility: 'stable', kernel: mapStrict2('date', toDateValue) }],
};
