/** jsonb containment and existence: @> (jsonb_contains), <@ (jsonb_contained), ?, ?| and ?&. */
import type { ScalarFunction } from '../../../plan/index.ts';
import { jsonbContains, jsonbExists } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { jsonb, textItems } from './support.ts';

const bool2 = (name: string, second: 'jsonb' | 'text' | '_text', f: (a: string, b: unknown) => boolean): ScalarFunction => ({
  name,
  overloads: [{ args: ['jsonb', second], returns: 'bool', kernel: mapStrict2<string, unknown, boolean>('bool', f) }],
});

export const CONTAINS_FUNCTIONS: readonly ScalarFunction[] = [
  bool2('jsonb_contains', 'jsonb', (a, b) => jsonbContains(jsonb(a), jsonb(b))),
  bool2('jsonb_contained', 'jsonb', (a, b) => jsonbContains(jsonb(b), jsonb(a))),
  bool2('jsonb_exists', 'text', (a, k) => jsonbExists(jsonb(a), k as string)),
  // NULL keys are skipped: `?|` with only NULLs is false, `?&` with only NULLs is true.
  bool2('jsonb_exists_any', '_text', (a, ks) => {
    const v = jsonb(a);
    return textItems(ks).some((k) => k !== null && jsonbExists(v, k));
  }),
  bool2('jsonb_exists_all', '_text', (a, ks) => {
    const v = jsonb(a);
    return textItems(ks).every((k) => k === null || jsonbExists(v, k));
  }),
];
