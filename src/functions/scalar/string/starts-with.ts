import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';

export const startsWith: ScalarFunction = {
  name: 'starts_with',
  overloads: [{ args: ['text', 'text'], returns: 'bool', kernel: mapStrict2('bool', (s: string, p: string) => s.startsWith(p)) }],
};
