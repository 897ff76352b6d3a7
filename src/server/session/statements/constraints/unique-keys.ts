/**
 * A table's unique keys as writes enforce them: its PRIMARY KEY, then its UNIQUE indexes (UNIQUE constraints and
 * CREATE UNIQUE INDEX) in creation order, the order PostgreSQL checks a row's indexes in (so a row that breaks
 * two reports the same one). Partial unique indexes are not enforced.
 *
 * A key's value (keyOf) is a JS value equal (SameValueZero, as Set and Map compare) exactly where PostgreSQL's
 * btree equality holds: numerics by value (1.0 = 1.00), floats with -0 = 0 and NaN = NaN, char(n) without its
 * padding. A key with a NULL column is null: NULLs are distinct, so it never conflicts.
 */
import {
  Decimal, getValue, SqlError, SqlState, textOut, type Batch, type SqlType, type TextOptions, type Vector,
} from '../../../../common/index.ts';
import { primaryKeyName, type TableDef } from '../../../../catalog/index.ts';
import { quoteIdentifier } from '../../../../sql/index.ts';
import type { StatementContext } from '../../statement-context.ts';

export interface UniqueKey {
  /** The constraint's (index's) name, as errors show it. */
  readonly name: string;
  /** Columns of the key, by index in the table's catalog entry. */
  readonly columns: readonly number[];
}

/** The unique keys a write to `table` must keep, in the order they are checked. */
export function uniqueKeysOf(ctx: StatementContext, table: TableDef): UniqueKey[] {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const keys: UniqueKey[] = [];
  if (table.primaryKey.length > 0) keys.push({ name: primaryKeyName(table), columns: table.primaryKey.map(at) });
  const indexes = ctx.view.indexes(ctx.database, undefined, table.oid).filter((i) => i.unique && i.partial !== true).sort((a, b) => a.oid - b.oid);
  for (const i of indexes) keys.push({ name: i.name, columns: i.columns.map(at) });
  return keys.filter((k) => k.columns.length > 0 && k.columns.every((c) => c >= 0));
}

/** Rows seen through some of a table's columns (by table column index; the others may be absent). */
export interface KeyRows {
  readonly columns: readonly (Vector | undefined)[];
  readonly length: number;
}

/** A batch of full table rows reduced to the columns of `keys`, so that holding it keeps little alive. */
export function keyRows(b: Batch, keys: readonly UniqueKey[]): KeyRows {
  const columns: (Vector | undefined)[] = new Array(b.columns.length);
  for (const k of keys) for (const c of k.columns) columns[c] = b.columns[c];
  return { columns, length: b.length };
}

const jsonPart = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v));

/** One column value's key part (not null). */
function part(type: SqlType, v: unknown): unknown {
  if (v instanceof Decimal) return v.hashKey();
  if (typeof v === 'string') return type.id === 'bpchar' ? v.replace(/ +$/, '') : v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return jsonPart(v);
}

/** Several parts as one string: each written unambiguously (strings quoted; numbers with -0 as 0). */
function joined(parts: readonly unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : typeof p === 'number' ? (Object.is(p, -0) ? '0' : String(p)) : String(p))).join(',');
}

/** Types whose stored JS values are already keys (numbers, bigints, exact strings). */
const RAW_KEY_TYPES = new Set(['int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'date', 'time', 'timestamp', 'timestamptz', 'text', 'varchar', 'name', 'uuid']);

/** Whether a column's values are its keys' values as they are (keysOf reads them straight from the vector). */
export const isRawKeyType = (t: SqlType): boolean => t.scaled === undefined && RAW_KEY_TYPES.has(t.id);

/** The key of row `row` under `key`, or null when a key column is NULL. */
export function keyOf(rows: KeyRows, row: number, key: UniqueKey): unknown {
  const cols = key.columns;
  if (cols.length === 1) {
    const v = rows.columns[cols[0]!]!;
    const x = getValue(v, row);
    return x === null ? null : part(v.type, x);
  }
  const parts: unknown[] = [];
  for (const c of cols) {
    const v = rows.columns[c]!;
    const x = getValue(v, row);
    if (x === null) return null;
    parts.push(part(v.type, x));
  }
  return joined(parts);
}

/** keyOf for every row (a vector of keys, null where a key column is NULL). */
export function keysOf(rows: KeyRows, key: UniqueKey): unknown[] {
  const n = rows.length;
  const out = new Array<unknown>(n);
  const v = key.columns.length === 1 ? rows.columns[key.columns[0]!]! : undefined;
  if (v !== undefined && isRawKeyType(v.type)) {
    const a = v.values as ArrayLike<unknown>, m = v.nulls;
    for (let i = 0; i < n; i++) out[i] = m !== null && m[i] === 1 ? null : a[i];
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = keyOf(rows, i, key);
  return out;
}

/** `(a, b)=(1, x)`: the key's columns and the row's values, as PostgreSQL's DETAIL lines write them. */
export function keyDescription(table: TableDef, key: UniqueKey, rows: KeyRows, row: number, opts: TextOptions): string {
  const names = key.columns.map((c) => quoteIdentifier(table.columns[c]!.name));
  const values = key.columns.map((c) => {
    const v = rows.columns[c]!;
    const x = getValue(v, row);
    return x === null ? 'null' : textOut(v.type, x, opts);
  });
  return `(${names.join(', ')})=(${values.join(', ')})`;
}

/** 23505 for a row whose key is already taken. */
export function duplicateKey(table: TableDef, key: UniqueKey, rows: KeyRows, row: number, opts: TextOptions): SqlError {
  return new SqlError(SqlState.uniqueViolation, `duplicate key value violates unique constraint "${key.name}"`, {
    detail: `Key ${keyDescription(table, key, rows, row, opts)} already exists.`,
    schema: table.schema, table: table.name, constraint: key.name,
  });
}

/** 23505 of a unique index that cannot be built over the rows a table holds (ADD PRIMARY KEY, CREATE UNIQUE INDEX). */
export function duplicatedKey(table: TableDef, key: UniqueKey, rows: KeyRows, row: number, opts: TextOptions): SqlError {
  return new SqlError(SqlState.uniqueViolation, `could not create unique index "${key.name}"`, {
    detail: `Key ${keyDescription(table, key, rows, row, opts)} is duplicated.`,
    schema: table.schema, table: table.name, constraint: key.name,
  });
}
