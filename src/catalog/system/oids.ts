/**
 * OIDs of the objects the system relations describe. Built-in objects keep PostgreSQL 15's OIDs (clients
 * hard-code some: 11 is pg_catalog, 2200 public, 10 the bootstrap superuser). Objects Basin derives from a
 * table rather than storing (its primary key's index and constraint, CHECK constraints, column defaults) get
 * OIDs computed from the table's OID, so they are the same in every statement and every session.
 */
import { FIRST_USER_OID } from '../model.ts';

export const NAMESPACE_OIDS: Readonly<Record<string, number>> = { pg_catalog: 11, public: 2200, information_schema: 13207 };

/** pg_am: heap (tables) and btree (indexes). */
export const HEAP_AM = 2, BTREE_AM = 403;
/** pg_collation: the database default, "C" (name's collation) and "POSIX". */
export const DEFAULT_COLLATION = 100, C_COLLATION = 950, POSIX_COLLATION = 951;
/** pg_catalog.pg_class and pg_catalog.pg_constraint, the classoid of relations and constraints. */
export const PG_CLASS_OID = 1259, PG_CONSTRAINT_OID = 2606;
/** UTF8 in PostgreSQL's encoding numbering (pg_encoding_to_char). */
export const UTF8_ENCODING = 6;

/** Above every OID Basin allocates for stored objects (those count up from 16384). */
const DERIVED_BASE = 0x40000000;
const PER_TABLE = 4096;
const SLOTS = { check: 0, attrdef: 1024, foreignKey: 3000, pkeyConstraint: 4000, pkeyIndex: 4001, uniqueConstraint: 4002 } as const;

/**
 * The OID of an object derived from table `tableOid`: its n-th CHECK constraint (n < 1024), the default of
 * column n (n ≤ 1600), its n-th FOREIGN KEY (n < 1000), its primary key constraint or index; a UNIQUE
 * constraint's, from its index's OID. Room for about 786,000 tables' OIDs.
 */
export function derivedOid(kind: keyof typeof SLOTS, tableOid: number, n = 0): number {
  return DERIVED_BASE + (tableOid - FIRST_USER_OID) * PER_TABLE + SLOTS[kind] + n;
}

/** The table an OID was derived from, or undefined when it is not a derived OID. */
export function derivedFrom(oid: number): { tableOid: number; slot: number } | undefined {
  if (oid < DERIVED_BASE) return undefined;
  const k = oid - DERIVED_BASE;
  return { tableOid: Math.floor(k / PER_TABLE) + FIRST_USER_OID, slot: k % PER_TABLE };
}
