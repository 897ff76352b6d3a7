/**
 * format_type(type_oid, typmod): a type's SQL name with its modifiers (`character varying(40)`,
 * `numeric(10,2)`). Not strict: a NULL typmod means none, a NULL OID gives NULL, an unknown OID '???'.
 */
import { formatType, sqlType, typeByOid } from '../../../common/index.ts';
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapLazyN } from '../kernel-helpers.ts';

/** The polymorphic pseudo-types pg_proc refers to, which are not SQL types Basin has. */
const PSEUDO: Readonly<Record<number, string>> = { 2276: '"any"', 5077: 'anycompatible', 5078: 'anycompatiblearray' };

export function typeNameOf(oid: number, typmod: number): string | undefined {
  const info = typeByOid(oid);
  if (info === undefined) return PSEUDO[oid];
  return formatType(sqlType(info.id, typmod));
}

export const formatTypeFn: ScalarFunction = {
  name: 'format_type',
  overloads: [{
    args: ['oid', 'int4'], returns: 'text', strict: false, volatility: 'stable',
    kernel: mapLazyN('text', ([oid, typmod]) => (oid === null ? null : typeNameOf(oid as number, (typmod as number | null) ?? -1) ?? '???')),
  }],
};
