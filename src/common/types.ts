/**
 * The SQL type system: one row per type with its PostgreSQL OID, name, category and physical layout.
 * Clients decide how to decode a column by its OID, so these numbers must be PostgreSQL's exactly.
 *
 * A value of a type, when held alone (a constant, a parameter, one cell), is represented as:
 *   bool → boolean; int2/int4/float4/float8/oid → number; int8 → bigint, always (never a number, so values
 *   beyond ±2^53 stay exact; convert with Number() once per value where a count is needed, never per row);
 *   numeric → Decimal; text/varchar/bpchar/name/unknown/json/jsonb/uuid → string; date → number of days since
 *   1970-01-01; timestamp/timestamptz → number of microseconds since 1970-01-01 00:00 (UTC for timestamptz);
 *   interval → Interval; bytea → Uint8Array; NULL → null.
 * Inside a column (see vector.ts) the same values sit in the TypedArray named by `physical`.
 */

export type ScalarTypeId =
  | 'bool' | 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'numeric'
  | 'text' | 'varchar' | 'bpchar' | 'name' | 'char'
  | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'interval'
  | 'bytea' | 'oid' | 'json' | 'jsonb' | 'uuid' | 'unknown' | 'void' | 'record' | RegTypeId;

/**
 * The OID alias types: a value is an object's OID (held as oid is), which reads and prints as the object's name
 * (`'pg_class'::regclass`, `typinput` of pg_type). Their text I/O needs the catalog (TextOptions.regName).
 */
export type RegTypeId =
  | 'regproc' | 'regprocedure' | 'regoper' | 'regoperator' | 'regclass' | 'regtype' | 'regrole' | 'regnamespace' | 'regconfig';
export const REG_TYPE_IDS: readonly RegTypeId[] = [
  'regproc', 'regprocedure', 'regoper', 'regoperator', 'regclass', 'regtype', 'regrole', 'regnamespace', 'regconfig',
];
const REG_IDS = new Set<string>(REG_TYPE_IDS);
/** Is this one of the reg* OID alias types? */
export const isRegType = (t: SqlType): boolean => REG_IDS.has(t.id);
/** oid or a reg* type: a 4-byte unsigned OID held as a number. */
export const isOidLike = (t: SqlType): boolean => t.id === 'oid' || REG_IDS.has(t.id);

/** Element types that have an array type (PostgreSQL names it `_elem`, e.g. `_int4` for integer[]). */
export type ElementTypeId = Exclude<ScalarTypeId, 'unknown' | 'void'>;
/** The array type over an element type; its values are PgArray (array.ts) of the element's values. */
export type ArrayTypeId = `_${ElementTypeId}`;
/**
 * PostgreSQL's int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): one-dimensional arrays of int2/oid
 * whose subscripts start at 0 and whose text form is the elements separated by spaces (`1 2`). They behave as
 * arrays (subscripts, ANY, unnest, array functions) and anything polymorphic over arrays makes int2[]/oid[].
 */
export type VectorTypeId = 'int2vector' | 'oidvector';
export type TypeId = ScalarTypeId | ArrayTypeId | VectorTypeId;

/**
 * Where a column's values live: a TypedArray of that element kind, or a plain array of objects.
 * 'i64' is a BigInt64Array (int8): its elements are bigints, so kernels over it compare and add bigints and
 * never convert per element (Number(a[i]) costs ~18 ns, a bigint comparison ~2 ns).
 */
export type Physical = 'u8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 'obj';

/** PostgreSQL's type categories (pg_type.typcategory), used by implicit-cast resolution. */
export type TypeCategory = 'A' | 'B' | 'N' | 'S' | 'D' | 'T' | 'U' | 'X' | 'P' | 'Z';

export interface TypeInfo {
  readonly id: TypeId;
  readonly oid: number;
  /** pg_type.typname */
  readonly pgName: string;
  /** The name format_type() and error messages use. */
  readonly sqlName: string;
  /** pg_type.typlen: bytes, or -1 for variable length. */
  readonly len: number;
  readonly category: TypeCategory;
  /** pg_type.typispreferred within its category. */
  readonly preferred: boolean;
  readonly physical: Physical;
  /** OID of the array type over this type (for RowDescription of arrays later); 0 if none. */
  readonly arrayOid: number;
}

const row = (
  id: TypeId, oid: number, pgName: string, sqlName: string, len: number,
  category: TypeCategory, preferred: boolean, physical: Physical, arrayOid: number,
): TypeInfo => Object.freeze({ id, oid, pgName, sqlName, len, category, preferred, physical, arrayOid });

const SCALAR_TYPES: Readonly<Record<ScalarTypeId, TypeInfo>> = Object.freeze({
  bool: row('bool', 16, 'bool', 'boolean', 1, 'B', true, 'u8', 1000),
  int2: row('int2', 21, 'int2', 'smallint', 2, 'N', false, 'i16', 1005),
  int4: row('int4', 23, 'int4', 'integer', 4, 'N', false, 'i32', 1007),
  int8: row('int8', 20, 'int8', 'bigint', 8, 'N', false, 'i64', 1016),
  float4: row('float4', 700, 'float4', 'real', 4, 'N', false, 'f32', 1021),
  float8: row('float8', 701, 'float8', 'double precision', 8, 'N', true, 'f64', 1022),
  numeric: row('numeric', 1700, 'numeric', 'numeric', -1, 'N', false, 'obj', 1231),
  oid: row('oid', 26, 'oid', 'oid', 4, 'N', false, 'f64', 1028),
  text: row('text', 25, 'text', 'text', -1, 'S', true, 'obj', 1009),
  varchar: row('varchar', 1043, 'varchar', 'character varying', -1, 'S', false, 'obj', 1015),
  bpchar: row('bpchar', 1042, 'bpchar', 'character', -1, 'S', false, 'obj', 1014),
  name: row('name', 19, 'name', 'name', 64, 'S', false, 'obj', 1003),
  char: row('char', 18, 'char', '"char"', 1, 'Z', false, 'obj', 1002),
  date: row('date', 1082, 'date', 'date', 4, 'D', false, 'i32', 1182),
  time: row('time', 1083, 'time', 'time without time zone', 8, 'D', false, 'f64', 1183),
  timestamp: row('timestamp', 1114, 'timestamp', 'timestamp without time zone', 8, 'D', false, 'f64', 1115),
  timestamptz: row('timestamptz', 1184, 'timestamptz', 'timestamp with time zone', 8, 'D', true, 'f64', 1185),
  interval: row('interval', 1186, 'interval', 'interval', 16, 'T', true, 'obj', 1187),
  bytea: row('bytea', 17, 'bytea', 'bytea', -1, 'U', false, 'obj', 1001),
  json: row('json', 114, 'json', 'json', -1, 'U', false, 'obj', 199),
  jsonb: row('jsonb', 3802, 'jsonb', 'jsonb', -1, 'U', false, 'obj', 3807),
  uuid: row('uuid', 2950, 'uuid', 'uuid', 16, 'U', false, 'obj', 2951),
  unknown: row('unknown', 705, 'unknown', 'unknown', -2, 'X', false, 'obj', 0),
  void: row('void', 2278, 'void', 'void', 4, 'P', false, 'obj', 0),
  record: row('record', 2249, 'record', 'record', -1, 'P', false, 'obj', 2287),
  regproc: row('regproc', 24, 'regproc', 'regproc', 4, 'N', false, 'f64', 1008),
  regprocedure: row('regprocedure', 2202, 'regprocedure', 'regprocedure', 4, 'N', false, 'f64', 2207),
  regoper: row('regoper', 2203, 'regoper', 'regoper', 4, 'N', false, 'f64', 2208),
  regoperator: row('regoperator', 2204, 'regoperator', 'regoperator', 4, 'N', false, 'f64', 2209),
  regclass: row('regclass', 2205, 'regclass', 'regclass', 4, 'N', false, 'f64', 2210),
  regtype: row('regtype', 2206, 'regtype', 'regtype', 4, 'N', false, 'f64', 2211),
  regrole: row('regrole', 4096, 'regrole', 'regrole', 4, 'N', false, 'f64', 4097),
  regnamespace: row('regnamespace', 4089, 'regnamespace', 'regnamespace', 4, 'N', false, 'f64', 4090),
  regconfig: row('regconfig', 3734, 'regconfig', 'regconfig', 4, 'N', false, 'f64', 3735),
});

/** Every type: the scalar types, and for each element type its array type (category 'A', element typmod). */
export const TYPES: Readonly<Record<TypeId, TypeInfo>> = (() => {
  const all: Record<string, TypeInfo> = { ...SCALAR_TYPES };
  for (const t of Object.values(SCALAR_TYPES)) {
    if (t.arrayOid === 0) continue;
    const id = `_${t.id}` as ArrayTypeId;
    all[id] = row(id, t.arrayOid, `_${t.pgName}`, `${t.sqlName}[]`, -1, 'A', false, 'obj', 0);
  }
  all.int2vector = row('int2vector', 22, 'int2vector', 'int2vector', -1, 'A', false, 'obj', 1006);
  all.oidvector = row('oidvector', 30, 'oidvector', 'oidvector', -1, 'A', false, 'obj', 1013);
  return Object.freeze(all as Record<TypeId, TypeInfo>);
})();

const BY_OID = new Map<number, TypeInfo>(Object.values(TYPES).map((t) => [t.oid, t]));
export const typeByOid = (oid: number): TypeInfo | undefined => BY_OID.get(oid);

/**
 * A type as used in a plan: the id plus PostgreSQL's type modifier (atttypmod), which is -1 when absent.
 * varchar(n)/bpchar(n): n + 4 (as PostgreSQL stores it); numeric(p,s): ((p << 16) | s) + 4.
 */
export interface SqlType {
  readonly id: TypeId;
  readonly typmod: number;
  /**
   * numeric only, inside the executor: the column holds each value as a double, the value × 10^scaled, an
   * integer within ±(2^53 − 1) (see scaledNumeric). Not part of the SQL type: sameType ignores it.
   */
  readonly scaled?: number;
  /**
   * record only: the fields, where the binder knows them (the row of a set-returning function with several
   * columns), so that `(f(x)).name` can select one. Not part of the SQL type: sameType ignores it.
   */
  readonly fields?: readonly RecordField[];
}

/** One field of a record whose fields are known. */
export interface RecordField { readonly name: string; readonly type: SqlType }

/** The record type with these fields (its values are arrays with one value per field). */
export const recordType = (fields: readonly RecordField[]): SqlType => Object.freeze({ id: 'record', typmod: -1, fields });

const plain = new Map<TypeId, SqlType>();
for (const id of Object.keys(TYPES) as TypeId[]) plain.set(id, Object.freeze({ id, typmod: -1 }));

/** The unmodified type of an id (interned: identical objects for identical ids). */
export function sqlType(id: TypeId, typmod = -1): SqlType {
  if (typmod === -1) return plain.get(id)!;
  return Object.freeze({ id, typmod });
}

const scaledTypes = new Map<string, SqlType>();

/**
 * numeric of `typmod` held scaled by 10^scale in a Float64Array: exact integers, so sums, comparisons and
 * +, −, × of such columns run on doubles without a Decimal per value. Only the executor's scan, filter,
 * projection and aggregation see these; executePlan hands every other consumer Decimals (unscaledVector).
 */
export function scaledNumeric(typmod: number, scale: number): SqlType {
  const key = `${typmod}:${scale}`;
  let t = scaledTypes.get(key);
  if (t === undefined) scaledTypes.set(key, t = Object.freeze({ id: 'numeric', typmod, scaled: scale }));
  return t;
}

/** The physical layout of a type's values in a column. */
export const physicalOf = (t: SqlType): Physical => (t.scaled !== undefined ? 'f64' : TYPES[t.id].physical);

export const T = {
  bool: sqlType('bool'), int2: sqlType('int2'), int4: sqlType('int4'), int8: sqlType('int8'),
  float4: sqlType('float4'), float8: sqlType('float8'), numeric: sqlType('numeric'), text: sqlType('text'),
  varchar: sqlType('varchar'), bpchar: sqlType('bpchar'), name: sqlType('name'), date: sqlType('date'),
  time: sqlType('time'), timestamp: sqlType('timestamp'), timestamptz: sqlType('timestamptz'),
  interval: sqlType('interval'), bytea: sqlType('bytea'), oid: sqlType('oid'), json: sqlType('json'),
  jsonb: sqlType('jsonb'), uuid: sqlType('uuid'), unknown: sqlType('unknown'), void: sqlType('void'),
  record: sqlType('record'),
} as const;

export const typeInfo = (t: SqlType): TypeInfo => TYPES[t.id];

const VECTOR_ELEMENTS: Readonly<Record<VectorTypeId, TypeId>> = { int2vector: 'int2', oidvector: 'oid' };

/** int2vector or oidvector (see VectorTypeId). */
export const isVectorType = (t: SqlType): boolean => t.id === 'int2vector' || t.id === 'oidvector';

/** Arrays, and the vector types, which are arrays with another text form. */
export const isArrayType = (t: SqlType): boolean => t.id.charCodeAt(0) === 95 /* '_' */ || isVectorType(t);

/** The element type of an array type (keeping the typmod, which applies to the elements), or undefined. */
export function elementType(t: SqlType): SqlType | undefined {
  if (t.id.charCodeAt(0) === 95) return sqlType(t.id.slice(1) as TypeId, t.typmod);
  const v = VECTOR_ELEMENTS[t.id as VectorTypeId];
  return v === undefined ? undefined : sqlType(v);
}

/**
 * The array type over `t` (an array of arrays is the same array type: dimensions are per value). A vector type
 * gives the plain array of its elements, as PostgreSQL resolves `anyarray` for int2vector to int2[].
 */
export function arrayTypeOf(t: SqlType): SqlType | undefined {
  if (isVectorType(t)) return sqlType(`_${VECTOR_ELEMENTS[t.id as VectorTypeId]}` as TypeId);
  if (isArrayType(t)) return t;
  const id = `_${t.id}` as TypeId;
  return TYPES[id] === undefined ? undefined : sqlType(id, t.typmod);
}
export const sameType = (a: SqlType, b: SqlType): boolean => a.id === b.id && a.typmod === b.typmod;

export const numericTypmod = (precision: number, scale: number): number => ((precision << 16) | (scale & 0xffff)) + 4;
export const numericPrecision = (typmod: number): number => ((typmod - 4) >> 16) & 0xffff;
export const numericScale = (typmod: number): number => {
  const s = (typmod - 4) & 0xffff;
  return s > 0x7fff ? s - 0x10000 : s; // PostgreSQL 15 allows negative scales
};
export const charLength = (typmod: number): number => typmod - 4;

/** format_type(): the name a user sees, with modifiers, e.g. `character varying(10)`, `numeric(12,2)`. */
export function formatType(t: SqlType): string {
  if (isVectorType(t)) return t.id;
  const elem = elementType(t);
  if (elem !== undefined) return `${formatType(elem)}[]`;
  const info = TYPES[t.id];
  if (t.typmod < 0) return info.sqlName;
  switch (t.id) {
    case 'varchar': case 'bpchar': return `${info.sqlName}(${charLength(t.typmod)})`;
    case 'numeric': return `numeric(${numericPrecision(t.typmod)},${numericScale(t.typmod)})`;
    case 'timestamp': return `timestamp(${t.typmod}) without time zone`;
    case 'timestamptz': return `timestamp(${t.typmod}) with time zone`;
    case 'time': return `time(${t.typmod}) without time zone`;
    default: return info.sqlName;
  }
}

export const isNumericCategory = (t: SqlType): boolean => TYPES[t.id].category === 'N';
export const isStringCategory = (t: SqlType): boolean => TYPES[t.id].category === 'S';
export const isIntegerType = (t: SqlType): boolean => t.id === 'int2' || t.id === 'int4' || t.id === 'int8';

/** Resolve a type name as written in SQL (after libpg-query normalisation, e.g. `pg_catalog.int4`). */
const NAMES: Record<string, TypeId> = {
  bool: 'bool', boolean: 'bool', int2: 'int2', smallint: 'int2', int4: 'int4', int: 'int4', integer: 'int4',
  int8: 'int8', bigint: 'int8', float4: 'float4', real: 'float4', float8: 'float8', 'double precision': 'float8',
  float: 'float8', numeric: 'numeric', decimal: 'numeric', text: 'text', varchar: 'varchar',
  'character varying': 'varchar', bpchar: 'bpchar', character: 'bpchar', char: 'bpchar', name: 'name',
  date: 'date', time: 'time', timestamp: 'timestamp', timestamptz: 'timestamptz', interval: 'interval',
  bytea: 'bytea', oid: 'oid', json: 'json', jsonb: 'jsonb', uuid: 'uuid', unknown: 'unknown', void: 'void',
  record: 'record', string: 'text', int2vector: 'int2vector', oidvector: 'oidvector',
  ...Object.fromEntries(REG_TYPE_IDS.map((r) => [r, r])),
};
export function typeIdByName(name: string): TypeId | undefined {
  const lower = name.toLowerCase();
  const id = NAMES[lower];
  if (id !== undefined) return id;
  // `_int4` style array type names, as pg_type spells them.
  if (lower.startsWith('_')) {
    const elem = NAMES[lower.slice(1)];
    if (elem !== undefined && TYPES[`_${elem}` as TypeId] !== undefined) return `_${elem}` as TypeId;
  }
  return undefined;
}

/** Interval value: PostgreSQL keeps months, days and microseconds apart because their lengths vary. */
export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}
