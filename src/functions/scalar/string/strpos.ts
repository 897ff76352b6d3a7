import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { charLength } from './chars.ts';

/** 1-based character position of the first occurrence of needle, 0 if absent ('' is found at 1). */
function strposOf(s: string, needle: string): number {
  const i = s.indexOf(needle);
  if (i < 0) return 0;
  return charLength(s.slice(0, i)) + 1;
}

export const strpos: ScalarFunction = {
  name: 'strpos',
  overloads: [{ args: ['text', 'text'], returns: 'int4', kernel: mapStrict2('int4', strposOf) }],
};

/** position(substring IN string) arrives from the grammar as position(string, substring). */
export const position: ScalarFunction = {
  name: 'position',
  overloads: [{ args: ['text', 'text'], returns: 'int4', kernel: mapStrict2('int4', strposOf) }],
};
