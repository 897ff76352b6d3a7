import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrictN } from '../kernel-helpers.ts';

export const replace: ScalarFunction = {
  name: 'replace',
  overloads: [{
    args: ['text', 'text', 'text'], returns: 'text',
    kernel: mapStrictN('text', (r) => {
      const from = r[1] as string;
      return from === '' ? (r[0] as string) : (r[0] as string).split(from).join(r[2] as string);
    }),
  }],
};
