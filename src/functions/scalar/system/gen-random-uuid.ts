/** gen_random_uuid(): a version 4 UUID from the platform's cryptographic generator. */
import { randomUUID } from 'node:crypto';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapNullary } from '../kernel-helpers.ts';

export const genRandomUuid: ScalarFunction = {
  name: 'gen_random_uuid',
  overloads: [{ args: [], returns: 'uuid', volatility: 'volatile', kernel: mapNullary('uuid', () => randomUUID(), true) }],
};
