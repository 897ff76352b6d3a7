/**
 * The shared setup: a few tables of varied types with NULLs and duplicates, filled with deterministic rows from
 * a seeded PRNG by plain INSERT … VALUES. Both servers run exactly these statements before the corpus.
 *
 * Floats are multiples of 1/8 (exact in binary, so sums are exact too), text is ASCII (upper/lower/ILIKE agree
 * in every locale), timestamps have whole seconds.
 */
import { Prng } from '../prng.ts';

export type ColType = 'int' | 'bigint' | 'numeric' | 'float8' | 'text' | 'varchar' | 'date' | 'timestamp' | 'bool';

export interface Column {
  readonly name: string;
  readonly type: ColType;
  /** The SQL type in CREATE TABLE. */
  readonly sql: string;
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (string | number | boolean | null)[][];
}

const col = (name: string, type: ColType, sql: string = type): Column => ({ name, type, sql });

const FIRST = ['alice', 'Bob', 'carol', 'DAVE', 'eve', 'Frank', 'grace', 'heidi', 'Ivan', 'judy', 'mallory', 'Niaj',
  'olivia', 'peggy', 'Rupert', 'sybil', 'trent', 'Victor', 'walter', 'zoe'];
const LAST = ['smith', 'Jones', 'brown', 'o_neil', 'lee', 'Garcia', 'miller', 'davis', '100%', 'wu'];
const TITLES = ['engineer', 'manager', 'analyst', 'Sales Rep', 'intern', 'director'];
const REGIONS = ['north', 'south', 'east', 'west', 'North'];
const NOTES = ['rush', 'gift', 'repeat customer', 'RUSH', 'damaged box', 'ok', '', 'a_b', 'fifty%off'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function date(rng: Prng, fromYear: number, toYear: number): string {
  return `${rng.int(fromYear, toYear)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

function timestamp(rng: Prng): string {
  return `${date(rng, 2022, 2024)} ${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`;
}

const money = (rng: Prng, max: number): string => (rng.int(0, max * 100) / 100).toFixed(2);
const maybe = <T>(rng: Prng, p: number, v: () => T): T | null => (rng.chance(p) ? null : v());

function buildTables(): Table[] {
  const rng = new Prng(20240515);

  const dept: Table = {
    name: 'dept',
    columns: [col('id', 'int'), col('name', 'text'), col('region', 'varchar', 'varchar(10)'),
      col('budget', 'numeric', 'numeric(12,2)'), col('parent_id', 'int'), col('founded', 'date')],
    rows: Array.from({ length: 12 }, (_, i) => [
      i + 1,
      i === 11 ? 'Research' : ['Research', 'Sales', 'Support', 'Ops', 'Legal', 'hr'][i % 6]! + (i >= 6 ? ` ${i}` : ''),
      maybe(rng, 0.15, () => rng.pick(REGIONS)),
      maybe(rng, 0.1, () => money(rng, 500000)),
      i < 3 ? null : rng.int(1, 3),
      date(rng, 1990, 2020),
    ]),
  };

  const emp: Table = {
    name: 'emp',
    columns: [col('id', 'int'), col('dept_id', 'int'), col('name', 'text'), col('title', 'varchar', 'varchar(20)'),
      col('salary', 'numeric', 'numeric(12,2)'), col('bonus', 'float8'), col('hired', 'date'),
      col('last_login', 'timestamp'), col('active', 'bool'), col('manager_id', 'int'), col('badge', 'bigint')],
    rows: Array.from({ length: 120 }, (_, i) => [
      i + 1,
      rng.chance(0.08) ? null : rng.chance(0.05) ? 99 : rng.int(1, 10),
      `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
      maybe(rng, 0.1, () => rng.pick(TITLES)),
      maybe(rng, 0.05, () => (rng.int(3000, 15000) * 10 + rng.pick([0, 0.5, 0.25, 0.99])).toFixed(2)),
      maybe(rng, 0.2, () => rng.int(0, 8000) / 8),
      date(rng, 2010, 2024),
      maybe(rng, 0.15, () => timestamp(rng)),
      maybe(rng, 0.1, () => rng.chance(0.7)),
      i < 5 ? null : rng.int(1, Math.min(i, 20)),
      maybe(rng, 0.1, () => 9_000_000_000 + rng.int(0, 2_000_000) * 1000 + rng.int(0, 999)),
    ]),
  };

  const sales: Table = {
    name: 'sales',
    columns: [col('id', 'bigint'), col('emp_id', 'int'), col('region', 'varchar', 'varchar(10)'),
      col('amount', 'numeric', 'numeric(12,2)'), col('qty', 'int'), col('discount', 'float8'), col('sold_on', 'date'),
      col('sold_at', 'timestamp'), col('note', 'text'), col('returned', 'bool')],
    rows: Array.from({ length: 300 }, (_, i) => [
      1000 + i,
      maybe(rng, 0.05, () => rng.int(1, 125)),
      maybe(rng, 0.1, () => rng.pick(REGIONS)),
      maybe(rng, 0.05, () => money(rng, 5000)),
      maybe(rng, 0.05, () => rng.int(1, 20)),
      maybe(rng, 0.2, () => rng.int(0, 40) / 8),
      date(rng, 2022, 2024),
      timestamp(rng),
      maybe(rng, 0.4, () => rng.pick(NOTES)),
      maybe(rng, 0.1, () => rng.chance(0.15)),
    ]),
  };

  const nums: Table = {
    name: 'nums',
    columns: [col('a', 'int'), col('b', 'int'), col('c', 'bigint'), col('x', 'float8'), col('n', 'numeric', 'numeric(12,2)'),
      col('s', 'text'), col('v', 'varchar', 'varchar(8)'), col('d', 'date'), col('ts', 'timestamp'), col('f', 'bool')],
    rows: Array.from({ length: 200 }, () => [
      maybe(rng, 0.1, () => rng.int(-5, 20)),
      maybe(rng, 0.1, () => rng.int(0, 6)),
      maybe(rng, 0.1, () => rng.int(-3_000_000_000, 3_000_000_000)),
      maybe(rng, 0.1, () => rng.int(-80, 80) / 8),
      maybe(rng, 0.1, () => (rng.int(-100000, 100000) / 100).toFixed(2)),
      maybe(rng, 0.1, () => rng.pick(['a', 'b', 'B', 'ab', 'abc', 'b_c', 'x%y', 'zz', ' lead', 'trail '])),
      maybe(rng, 0.1, () => rng.pick(['p', 'q', 'r', 'pq', 'QR'])),
      maybe(rng, 0.1, () => date(rng, 2020, 2024)),
      maybe(rng, 0.1, () => timestamp(rng)),
      maybe(rng, 0.1, () => rng.chance(0.5)),
    ]),
  };

  // Two tiny tables for NATURAL/USING joins and set operations: shared column names, overlapping keys.
  const regions: Table = {
    name: 'regions',
    columns: [col('region', 'varchar', 'varchar(10)'), col('manager', 'text'), col('quota', 'int')],
    rows: [['north', 'ann', 100], ['south', 'ben', 80], ['east', null, 120], ['central', 'cid', 50], [null, 'dan', 10]],
  };
  const pairs: Table = {
    name: 'pairs',
    columns: [col('k', 'int'), col('v', 'text')],
    rows: [[1, 'one'], [2, 'two'], [2, 'two'], [3, null], [null, 'nothing'], [5, 'five'], [5, 'FIVE'], [7, 'seven']],
  };

  return [dept, emp, sales, nums, regions, pairs];
}

function literal(v: string | number | boolean | null, c: Column): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && (c.type === 'int' || c.type === 'bigint' || c.type === 'float8')) return String(v);
  const s = `'${String(v).replace(/'/g, "''")}'`;
  return c.type === 'date' || c.type === 'timestamp' ? `${c.type} ${s}` : s;
}

export const TABLES: readonly Table[] = buildTables();

export function setupStatements(): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    out.push(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${c.sql}`).join(', ')})`);
    for (let i = 0; i < t.rows.length; i += 50) {
      const chunk = t.rows.slice(i, i + 50);
      const values = chunk.map((r) => `(${r.map((v, j) => literal(v, t.columns[j]!)).join(', ')})`).join(',\n  ');
      out.push(`INSERT INTO ${t.name} VALUES\n  ${values}`);
    }
  }
  return out;
}
