/**
 * The physical facts pg_type and pg_attribute report for a type (typbyval, typalign, typstorage,
 * typcollation), PostgreSQL 15's values for each built-in type. Basin stores nothing this way; clients read
 * them, and psql shows the storage in `\d+`.
 */
import { elementType, isVectorType, sqlType, type SqlType, TYPES, type TypeInfo } from '../../common/index.ts';
import { C_COLLATION, DEFAULT_COLLATION } from './oids.ts';

const DOUBLE_ALIGNED = new Set(['int8', 'float8', 'time', 'timestamp', 'timestamptz', 'interval']);

export function typeFacts(info: TypeInfo): { byval: boolean; align: string; storage: string; collation: number } {
  if (isVectorType(sqlType(info.id))) return { byval: false, align: 'i', storage: 'p', collation: 0 };
  const base = info.category === 'A' ? TYPES[info.id.slice(1) as keyof typeof TYPES] : info;
  const collation = base.id === 'name' ? C_COLLATION : ['text', 'varchar', 'bpchar'].includes(base.id) ? DEFAULT_COLLATION : 0;
  if (info.category === 'A') return { byval: false, align: DOUBLE_ALIGNED.has(base.id) ? 'd' : 'i', storage: 'x', collation };
  const byval = info.len > 0 && info.len <= 8;
  const align = info.id === 'bool' || info.id === 'char' || info.id === 'name' || info.id === 'uuid' ? 'c'
    : info.id === 'int2' ? 's' : DOUBLE_ALIGNED.has(info.id) ? 'd' : 'i';
  const storage = info.len > 0 || info.len === -2 ? 'p' : info.id === 'numeric' ? 'm' : 'x';
  return { byval, align, storage, collation };
}

export const typeFactsOf = (t: SqlType): ReturnType<typeof typeFacts> => typeFacts(TYPES[t.id]);

/** Dimensions a column of this type declares (attndims): 1 for arrays. */
export const dimsOf = (t: SqlType): number => (elementType(t) === undefined ? 0 : 1);
