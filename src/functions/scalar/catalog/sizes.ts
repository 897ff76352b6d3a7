/**
 * Disk usage: pg_table_size, pg_relation_size, pg_total_relation_size (a table's Parquet data files in the
 * snapshot the statement reads; Basin's indexes and views take no space), pg_indexes_size (0),
 * pg_database_size (its tables together), and pg_size_pretty, PostgreSQL 15's rounding to bytes, kB, MB, GB, TB, PB.
 * A relation is named by OID or by name (PostgreSQL's regclass argument); an OID that names nothing gives NULL.
 */
import { Decimal, SqlError, SqlState } from '../../../common/index.ts';
import type { ArgType, CatalogLookup, EvalContext, ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1, mapStrictN } from '../kernel-helpers.ts';
import { catalogOf } from './lookup.ts';

function relationOid(arg: unknown, c: CatalogLookup): number {
  if (typeof arg === 'number') return arg;
  const text = arg as string;
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const oid = c.relationOid(text);
  if (oid === undefined) throw new SqlError(SqlState.undefinedTable, `relation "${text}" does not exist`);
  return oid;
}

function sizeOf(arg: unknown, ctx: EvalContext): bigint | null {
  const c = catalogOf(ctx);
  const size = c.relationSize(relationOid(arg, c));
  return size === undefined ? null : BigInt(size);
}

const relationSizeFunction = (name: string, extra: readonly ArgType[] = []): ScalarFunction => ({
  name,
  overloads: (['oid', 'text'] as const).map((a) => ({
    args: [a, ...extra], returns: 'int8' as const, volatility: 'volatile' as const,
    kernel: mapStrictN('int8', ([rel], ctx) => sizeOf(rel, ctx)),
  })),
});

export const pgTableSize = relationSizeFunction('pg_table_size');
export const pgTotalRelationSize = relationSizeFunction('pg_total_relation_size');
export const pgRelationSize: ScalarFunction = {
  name: 'pg_relation_size',
  overloads: [...relationSizeFunction('pg_relation_size').overloads, ...relationSizeFunction('pg_relation_size', ['text']).overloads],
};

export const pgIndexesSize: ScalarFunction = {
  name: 'pg_indexes_size',
  overloads: (['oid', 'text'] as const).map((a) => ({
    args: [a], returns: 'int8' as const, volatility: 'volatile' as const,
    kernel: mapStrict1('int8', (rel: unknown, ctx) => (sizeOf(rel, ctx) === null ? null : 0n)),
  })),
};

export const pgDatabaseSize: ScalarFunction = {
  name: 'pg_database_size',
  overloads: [
    { args: ['oid'], returns: 'int8', volatility: 'volatile', kernel: mapStrict1('int8', (oid: number, ctx) => {
      const size = catalogOf(ctx).databaseSize(oid);
      return size === undefined ? null : BigInt(size);
    }) },
    { args: ['text'], returns: 'int8', volatility: 'volatile', kernel: mapStrict1('int8', (name: string, ctx) => {
      const c = catalogOf(ctx);
      const oid = c.databaseOid(name);
      if (oid === undefined) throw new SqlError(SqlState.invalidCatalogName, `database "${name}" does not exist`);
      const size = c.databaseSize(oid);
      return size === undefined ? null : BigInt(size);
    }) },
  ],
};

/** PostgreSQL's units: each is used below its limit; the step to the next divides by 2^bits (half-rounded units round). */
const UNITS = [
  { name: 'bytes', limit: 10n * 1024n, round: false, bits: 0n },
  { name: 'kB', limit: 20n * 1024n - 1n, round: true, bits: 10n },
  { name: 'MB', limit: 20n * 1024n - 1n, round: true, bits: 20n },
  { name: 'GB', limit: 20n * 1024n - 1n, round: true, bits: 30n },
  { name: 'TB', limit: 20n * 1024n - 1n, round: true, bits: 40n },
  { name: 'PB', limit: 20n * 1024n - 1n, round: true, bits: 50n },
] as const;

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const halfRounded = (x: bigint): bigint => (x + (x < 0n ? -1n : 1n)) / 2n;

export function sizePretty(bytes: bigint): string {
  let size = bytes;
  for (let i = 0; i < UNITS.length; i++) {
    const unit = UNITS[i]!, next = UNITS[i + 1];
    if (next === undefined || abs(size) < unit.limit) return `${unit.round ? halfRounded(size) : size} ${unit.name}`;
    const bits = next.bits - unit.bits - (next.round ? 1n : 0n) + (unit.round ? 1n : 0n);
    size /= 1n << bits;
  }
  return `${size} bytes`;
}

export const pgSizePretty: ScalarFunction = {
  name: 'pg_size_pretty',
  overloads: [
    { args: ['int8'], returns: 'text', kernel: mapStrict1('text', (n: bigint) => sizePretty(n)) },
    { args: ['numeric'], returns: 'text', kernel: mapStrict1('text', (n: Decimal) => sizePretty(BigInt(n.toString().replace(/\..*$/, '')))) },
  ],
};
