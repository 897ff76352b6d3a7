/**
 * Generated queries: a seeded generator of WHERE predicates, scalar expressions, GROUP BY / grouping-set
 * combinations, joins, DISTINCT and window calls over the setup tables (mostly `nums`, whose small domains give
 * many NULLs, duplicates and ties).
 *
 * Rules that keep every query valid and its answer determined: divisors are non-zero constants; values stay far
 * from overflow; an ORDER BY lists every output column (rows equal on all of them are identical, so any order
 * of ties is the same result); LIMIT appears only under such an ORDER BY; window functions whose value depends
 * on the order among peers (row_number, ROWS frames) order by a unique key.
 */
import { Prng } from '../prng.ts';

type Kind = 'int' | 'bigint' | 'numeric' | 'float' | 'text' | 'date' | 'timestamp' | 'bool';

interface Expr {
  readonly sql: string;
  readonly kind: Kind;
}

const e = (sql: string, kind: Kind): Expr => ({ sql, kind });

/** The columns of `nums`, with a generator of a constant from the same domain. */
const NUMS: readonly { name: string; kind: Kind; constant: (r: Prng) => string }[] = [
  { name: 'a', kind: 'int', constant: (r) => String(r.int(-5, 20)) },
  { name: 'b', kind: 'int', constant: (r) => String(r.int(0, 6)) },
  { name: 'c', kind: 'bigint', constant: (r) => String(r.int(-3000, 3000) * 1_000_000) },
  { name: 'x', kind: 'float', constant: (r) => String(r.int(-80, 80) / 8) },
  { name: 'n', kind: 'numeric', constant: (r) => (r.int(-100000, 100000) / 100).toFixed(r.pick([0, 1, 2])) },
  { name: 's', kind: 'text', constant: (r) => `'${r.pick(['a', 'ab', 'b', 'B', 'abc', 'b_c', 'zz', 'm'])}'` },
  { name: 'v', kind: 'text', constant: (r) => `'${r.pick(['p', 'q', 'pq', 'QR', 'r'])}'` },
  { name: 'd', kind: 'date', constant: (r) => `date '${r.int(2020, 2024)}-${String(r.int(1, 12)).padStart(2, '0')}-15'` },
  { name: 'ts', kind: 'timestamp', constant: (r) => `timestamp '${r.int(2022, 2024)}-${String(r.int(1, 12)).padStart(2, '0')}-10 12:00:00'` },
  { name: 'f', kind: 'bool', constant: (r) => r.pick(['true', 'false']) },
];

const CMP = ['=', '<>', '<', '<=', '>', '>='];

class Generator {
  constructor(private readonly r: Prng) {}

  column(kinds?: readonly Kind[]): (typeof NUMS)[number] {
    const pool = kinds ? NUMS.filter((c) => kinds.includes(c.kind)) : NUMS;
    return this.r.pick(pool);
  }

  /** A boolean condition over `nums`, nested up to `depth`. */
  predicate(depth = 2): string {
    const r = this.r;
    if (depth > 0 && r.chance(0.35)) {
      const op = r.pick(['AND', 'OR', 'AND NOT']);
      return `(${this.predicate(depth - 1)} ${op} ${this.predicate(depth - 1)})`;
    }
    if (depth > 0 && r.chance(0.08)) return `NOT (${this.predicate(depth - 1)})`;
    const c = this.column();
    switch (r.int(0, 9)) {
      case 0:
        return `${c.name} IS ${r.pick(['', 'NOT '])}NULL`;
      case 1: {
        if (c.kind === 'bool') return r.pick([`f`, `NOT f`, `f IS TRUE`, `f IS NOT FALSE`, `f IS UNKNOWN`, `f IS DISTINCT FROM true`]);
        const lo = c.constant(r);
        const hi = c.constant(r);
        return `${c.name} ${r.pick(['', 'NOT '])}BETWEEN ${lo} AND ${hi}`;
      }
      case 2: {
        const items = Array.from({ length: r.int(1, 4) }, () => c.constant(r));
        if (r.chance(0.2)) items.push('NULL');
        return `${c.name} ${r.pick(['IN', 'NOT IN'])} (${items.join(', ')})`;
      }
      case 3: {
        const t = this.column(['text']);
        const pat = r.pick(['a%', '%b', '%b%', '_', 'a_', '%\\_%', 'B%', '%', '_b%', 'x\\%y']);
        return `${t.name} ${r.pick(['LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE'])} '${pat}'`;
      }
      case 4: {
        const [p, q] = r.pick([['a', 'b'], ['a', 'c'], ['b', 'c'], ['a', 'x'], ['n', 'a'], ['x', 'n'], ['s', 'v'], ['d', 'ts']] as const);
        return `${p} ${r.pick(CMP)} ${q}`;
      }
      case 5: {
        const ex = this.numeric();
        return `${ex.sql} ${r.pick(CMP)} ${r.int(-10, 30)}`;
      }
      case 6:
        return `${c.name} IS ${r.pick(['', 'NOT '])}DISTINCT FROM ${c.constant(r)}`;
      case 7:
        if (r.chance(0.5)) return `${c.name} ${r.pick(CMP)} ${c.constant(r)}`;
        return r.pick([
          'EXISTS (SELECT 1 FROM pairs p WHERE p.k = nums.b)',
          'NOT EXISTS (SELECT 1 FROM pairs p WHERE p.k = nums.a AND p.v IS NOT NULL)',
          'a IN (SELECT k FROM pairs)',
          'b NOT IN (SELECT k FROM pairs WHERE k IS NOT NULL)',
          'b NOT IN (SELECT k FROM pairs)',
          'a > (SELECT avg(a) FROM nums n2 WHERE n2.b = nums.b)',
          'x > ANY (SELECT x FROM nums n2 WHERE n2.v = nums.v AND n2.a > 15)',
          'n <= ALL (SELECT n FROM nums n2 WHERE n2.s = nums.s AND n2.n IS NOT NULL)',
          `(SELECT count(*) FROM pairs p WHERE p.k < nums.b) >= ${r.int(0, 5)}`,
          `s IN (SELECT s FROM nums n2 WHERE n2.a = ${r.int(0, 20)})`,
          `v = (SELECT max(v) FROM nums n2 WHERE n2.b = ${r.int(0, 6)})`,
        ]);
      default:
        if (c.kind === 'bool') return r.pick(['f', 'NOT f', 'f = true']);
        return `${c.name} ${r.pick(CMP)} ${c.constant(r)}`;
    }
  }

  /** A numeric-valued expression (int, bigint, numeric or float). */
  numeric(depth = 1): Expr {
    const r = this.r;
    if (depth > 0 && r.chance(0.4)) {
      const x = this.numeric(depth - 1);
      const y = this.numeric(depth - 1);
      const kind = rank(x.kind) >= rank(y.kind) ? x.kind : y.kind;
      switch (r.int(0, 3)) {
        case 0: return e(`(${x.sql} + ${y.sql})`, kind);
        case 1: return e(`(${x.sql} - ${y.sql})`, kind);
        case 2: return e(`(${x.sql} * ${y.sql})`, kind);
        default: return e(`COALESCE(${x.sql}, ${y.sql})`, kind);
      }
    }
    switch (r.int(0, 17)) {
      case 0: return e('a', 'int');
      case 1: return e('b', 'int');
      case 2: return e('(c / 1000000)', 'bigint');
      case 3: return e('x', 'float');
      case 4: return e('n', 'numeric');
      case 5: return e(`(a / ${r.pick([2, 3, -4, 7])})`, 'int');
      case 6: return e(`(a % ${r.pick([2, 3, -4, 5])})`, 'int');
      case 7: return e(`(n / ${r.pick(['4', '3', '2.5', '7'])})`, 'numeric');
      case 8: return e(`round(n, ${r.int(0, 2)})`, 'numeric');
      case 9: return e(`abs(${r.pick(['a', 'n', 'x'])})`, 'int');
      case 10: return e(`${r.pick(['ceil', 'floor', 'trunc'])}(${r.pick(['n', 'x'])})`, 'numeric');
      case 11: return e(`GREATEST(a, b, ${r.int(0, 5)})`, 'int');
      case 12: return e(`LEAST(a, b)`, 'int');
      case 13: return e(`NULLIF(a, ${r.int(0, 5)})`, 'int');
      case 14: return e(`CASE WHEN ${this.predicate(0)} THEN a ELSE b END`, 'int');
      case 15: return e(`length(s)`, 'int');
      case 16: return e(`(x * ${r.pick(['2', '0.5', '-1'])})`, 'float');
      default: return e(`(n * ${r.pick(['2', '0.5', '1.25', '-1'])})`, 'numeric');
    }
  }

  /** Any scalar expression for a select list. */
  scalar(): Expr {
    const r = this.r;
    switch (r.int(0, 11)) {
      case 0: case 1: case 2: case 3: return this.numeric();
      case 4: return e(r.pick(['s', 'v', 'upper(s)', 'lower(s)', "s || '-' || v", "COALESCE(s, v, '?')", 'substr(s, 2)', 'trim(s)', "replace(s, 'b', 'XY')", 'left(s, 2)', 'reverse(v)', "lpad(v, 4, '*')"]), 'text');
      case 5: return e(r.pick(['d', 'd + 7', "d - date '2022-01-01'", "date_trunc('month', d)", 'extract(year from d)', "d + interval '1 month'"]), 'date');
      case 6: return e(r.pick(['ts', "date_trunc('day', ts)", 'ts::date', 'extract(hour from ts)', "ts - interval '90 minutes'"]), 'timestamp');
      case 7: return e(r.pick(['f', 'NOT f', 'a > b', `s LIKE 'a%'`, 'f IS NULL', 'a IS DISTINCT FROM b']), 'bool');
      case 8: return e(r.pick(['a::text', 'n::int', 'x::numeric', 'b::float8', 'c::text', "CAST(a AS numeric(6,1))", 'n::float8', 'a::bigint * 3']), 'text');
      case 9: return e(`CASE WHEN ${this.predicate(1)} THEN ${r.pick(["'yes'", 's'])} ELSE ${r.pick(["'no'", 'v', 'NULL'])} END`, 'text');
      case 10: return e(`(${this.predicate(1)})`, 'bool');
      default: return e(r.pick(['sign(x)', 'power(b, 2)', 'sqrt(abs(x))', 'mod(a, 4)', 'div(a, 3)', 'a::numeric / 3', 'round(x::numeric, 1)']), 'float');
    }
  }

  aggregate(): string {
    const r = this.r;
    return r.pick([
      'count(*)', 'count(a)', 'count(DISTINCT b)', 'sum(a)', 'sum(c)', 'sum(n)', 'sum(x)', 'avg(a)', 'avg(n)', 'avg(x)',
      'min(s)', 'max(s)', 'min(d)', 'max(ts)', 'min(n)', 'max(x)', 'bool_and(f)', 'bool_or(f)', 'bit_or(b)', 'bit_and(a)',
      "string_agg(v, ',' ORDER BY v)", 'stddev_samp(x)', 'var_pop(x)', 'sum(a * b)', 'max(a + b)', 'count(*) FILTER (WHERE f)',
      'sum(n) FILTER (WHERE a > 3)', 'avg(b)', 'every(a > 0)', 'count(DISTINCT s)',
    ]);
  }

  query(i: number): string {
    const r = this.r;
    const where = r.chance(0.85) ? ` WHERE ${this.predicate()}` : '';
    switch (i % 14) {
      case 0: case 1: case 2: {
        // Projection + filter, unordered or fully ordered with LIMIT/OFFSET.
        const cols = Array.from({ length: r.int(1, 4) }, () => this.scalar().sql);
        if (r.chance(0.4)) {
          const order = cols.map((_, j) => `${j + 1}${r.pick(['', ' DESC', ' NULLS FIRST', ' DESC NULLS LAST'])}`).join(', ');
          const limit = r.chance(0.7) ? ` LIMIT ${r.int(0, 25)}${r.chance(0.3) ? ` OFFSET ${r.int(0, 10)}` : ''}` : '';
          return `SELECT ${cols.join(', ')} FROM nums${where} ORDER BY ${order}${limit}`;
        }
        return `SELECT ${cols.join(', ')} FROM nums${where}`;
      }
      case 3: case 4: {
        // GROUP BY with aggregates and HAVING.
        const keys = r.sample(['a', 'b', 's', 'v', 'f', 'd', 'a % 3', 'n < 0', "date_trunc('year', ts)", 'upper(v)'], r.int(1, 2));
        const aggs = Array.from({ length: r.int(1, 3) }, () => this.aggregate());
        const having = r.chance(0.3) ? ` HAVING ${r.pick(['count(*) > 2', 'sum(a) > 10', 'min(b) < 3', 'max(x) >= 0', 'count(DISTINCT s) > 1'])}` : '';
        return `SELECT ${[...keys, ...aggs].join(', ')} FROM nums${where} GROUP BY ${keys.join(', ')}${having}`;
      }
      case 5: {
        const aggs = Array.from({ length: r.int(1, 4) }, () => this.aggregate());
        return `SELECT ${aggs.join(', ')} FROM nums${where}`;
      }
      case 6: {
        // Grouping sets.
        const keys = r.sample(['b', 'v', 'f', 'a % 2'], 2);
        const form = r.pick([`ROLLUP (${keys.join(', ')})`, `CUBE (${keys.join(', ')})`, `GROUPING SETS ((${keys[0]}), (${keys[1]}), ())`]);
        const aggs = [this.aggregate(), `GROUPING(${keys[0]}, ${keys[1]})`];
        return `SELECT ${keys.join(', ')}, ${aggs.join(', ')} FROM nums${where} GROUP BY ${form}`;
      }
      case 7: {
        // DISTINCT.
        const cols = Array.from({ length: r.int(1, 3) }, () => this.scalar().sql);
        return `SELECT DISTINCT ${cols.join(', ')} FROM nums${where}`;
      }
      case 8: {
        // A join with a generated condition on each side.
        const kind = r.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
        const on = r.pick(['e.id = s.emp_id', 'e.id = s.emp_id AND s.qty > 5', 'e.dept_id = s.qty', 'e.id = s.emp_id AND e.active']);
        const filt = r.pick(['', ` WHERE s.amount > ${r.int(100, 4000)}`, ' WHERE e.salary IS NULL OR s.region IS NULL', ` WHERE e.dept_id IN (${r.int(1, 5)}, ${r.int(5, 10)})`, ` WHERE s.note LIKE '%${r.pick(['r', 'o', '_'])}%'`]);
        const cols = r.pick(['e.id, s.id', 'e.name, s.amount, s.region', 'count(*), sum(s.qty), max(e.salary)', 'e.dept_id, count(s.id), sum(s.amount)']);
        const group = cols.startsWith('e.dept_id, count') ? ' GROUP BY e.dept_id' : '';
        return `SELECT ${cols} FROM emp e ${kind} sales s ON ${on}${filt}${group}`;
      }
      case 10: {
        // Set operations between two filtered selects of the same shape.
        const cols = r.pick(['a', 'b, v', 's', 'n', 'x, f', 'd', 'a % 3, s', 'upper(v), b']);
        const op = r.pick(['UNION', 'UNION ALL', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL']);
        const ordered = r.chance(0.3);
        const order = ordered ? ` ORDER BY ${cols.split(',').map((_, j) => `${j + 1}${r.pick(['', ' DESC NULLS LAST'])}`).join(', ')}` : '';
        return `SELECT ${cols} FROM nums WHERE ${this.predicate()} ${op} SELECT ${cols} FROM nums WHERE ${this.predicate()}${order}`;
      }
      case 11: {
        // A CTE of filtered, computed rows, aggregated outside.
        const e1 = this.numeric();
        const key = r.pick(['b', 'v', 'f', 's']);
        return `WITH t AS (SELECT ${key} AS k, ${e1.sql} AS e FROM nums${where}) SELECT k, count(*), sum(e), min(e), max(e) FROM t GROUP BY k`;
      }
      case 12: {
        // Aggregates of generated expressions, grouped by a generated key expression.
        const key = this.scalar().sql;
        const x1 = this.numeric().sql;
        const agg = r.pick(['sum', 'min', 'max', 'avg', 'count']);
        return `SELECT ${key} AS k, ${agg}(${x1}), count(*) FROM nums${where} GROUP BY 1`;
      }
      case 13: {
        // nums joined to a small table whose column names do not clash, filtered by a generated predicate.
        const join = r.pick([
          'JOIN dept ON dept.id = nums.b', 'LEFT JOIN dept ON dept.id = nums.a', 'RIGHT JOIN dept ON dept.id = nums.a AND nums.f',
          'FULL JOIN regions ON regions.quota = nums.a * 10', 'LEFT JOIN regions ON upper(regions.region) = upper(nums.s)',
          'JOIN dept ON dept.parent_id = nums.b AND dept.budget > nums.n * 100',
        ]);
        const tbl = join.includes('dept') ? 'dept' : 'regions';
        const cols = tbl === 'dept' ? r.pick(['dept.name, a', 'dept.id, count(*)', 'region, sum(n)', 'a, b, budget']) : r.pick(['region, a', 'manager, count(*)', 'quota, max(x)']);
        const group = cols.includes('(') ? ` GROUP BY ${cols.split(',')[0]}` : '';
        const filt = r.chance(0.7) ? ` WHERE ${this.predicate(1)}` : '';
        return `SELECT ${cols} FROM nums ${join}${filt}${group}`;
      }
      default: {
        // Window functions over a deterministic order.
        const part = r.pick(['', 'PARTITION BY b ', 'PARTITION BY v ', 'PARTITION BY f ']);
        const fn = r.pick([
          `rank() OVER (${part}ORDER BY a)`, `dense_rank() OVER (${part}ORDER BY s)`, `sum(a) OVER (${part}ORDER BY a)`,
          `count(*) OVER (${part})`, `max(n) OVER (${part}ORDER BY d)`, `avg(a) OVER (${part})`,
          `sum(n) OVER (${part}ORDER BY c ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)`,
          `row_number() OVER (${part}ORDER BY c)`, `lag(a) OVER (${part}ORDER BY c)`, `first_value(s) OVER (${part}ORDER BY c)`,
          `ntile(3) OVER (${part}ORDER BY c)`, `percent_rank() OVER (${part}ORDER BY b)`, `cume_dist() OVER (${part}ORDER BY a)`,
          `sum(x) OVER (${part}ORDER BY a RANGE BETWEEN ${r.int(0, 3)} PRECEDING AND ${r.int(0, 3)} FOLLOWING)`,
          `count(s) OVER (${part}ORDER BY b GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW)`,
          `min(a) OVER (${part}ORDER BY c DESC ROWS BETWEEN ${r.int(0, 4)} PRECEDING AND ${r.int(0, 4)} FOLLOWING)`,
          `lead(n, ${r.int(1, 3)}, 0) OVER (${part}ORDER BY c)`, `last_value(v) OVER (${part}ORDER BY c ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING)`,
          `avg(n) OVER (${part}ORDER BY d NULLS FIRST, c)`, `dense_rank() OVER (${part}ORDER BY ${this.numeric(0).sql})`,
        ]);
        // c is unique among the rows kept (NULL c rows are dropped), so ORDER BY c is a total order.
        const w = where ? `${where} AND c IS NOT NULL` : ' WHERE c IS NOT NULL';
        return `SELECT c, a, b, ${fn} AS w FROM nums${w}`;
      }
    }
  }
}

function rank(k: Kind): number {
  return k === 'float' ? 4 : k === 'numeric' ? 3 : k === 'bigint' ? 2 : 1;
}

export const GENERATED_COUNT = 800;
export const GENERATOR_SEED = 0xba51;

export function generatedQueries(count = GENERATED_COUNT, seed = GENERATOR_SEED): string[] {
  const g = new Generator(new Prng(seed));
  return Array.from({ length: count }, (_, i) => g.query(i));
}
