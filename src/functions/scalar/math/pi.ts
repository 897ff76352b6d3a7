import type { ScalarFunction } from '../../../plan/index.ts';
import { mapNullary } from '../kernel-helpers.ts';

export const pi: ScalarFunction = {
  name: 'pi',
  overloads: [{ args: [], returns: 'float8', kernel: mapNullary('float8', () => Math.PI, false) }],
};
