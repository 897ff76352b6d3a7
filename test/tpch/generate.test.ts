/**
 * The TPC-H generator (bench/tpch/generate.ts) at SF 0.01: the same files on every run, the specification's
 * cardinalities, and its population rules on the rows (sparse order keys, customers without orders, the
 * partsupp supplier formula, retail prices, dates, statuses and totals derived from the lines).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { generate, partSupplier, retailPriceCents, TABLES } from '../../bench/tpch/generate.ts';

const dirs: string[] = [];
let tables: Record<string, string[][]> = {};

function gen(trailing: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'basin-tpchgen-'));
  dirs.push(dir);
  generate({ sf: 0.01, dir, trailingDelimiter: trailing });
  return dir;
}

before(() => {
  const dir = gen(true);
  tables = Object.fromEntries(TABLES.map((t) => {
    const lines = readFileSync(path.join(dir, `${t}.tbl`), 'utf8').split('\n');
    assert.equal(lines.pop(), '', `${t}.tbl ends with a newline`);
    return [t, lines.map((l) => {
      assert.ok(l.endsWith('|'), `${t}: dbgen rows end with |`);
      return l.slice(0, -1).split('|');
    })];
  }));
});

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the same scale factor writes the same files; without the trailing | only that differs', () => {
  const a = dirs[0]!, b = gen(true), c = gen(false);
  for (const t of TABLES) {
    const x = readFileSync(path.join(a, `${t}.tbl`));
    assert.equal(createHash('sha256').update(x).digest('hex'), createHash('sha256').update(readFileSync(path.join(b, `${t}.tbl`))).digest('hex'), t);
    assert.equal(x.toString().replaceAll('|\n', '\n'), readFileSync(path.join(c, `${t}.tbl`), 'utf8'), t);
  }
});

test('cardinalities and column counts', () => {
  const want: Record<string, [number, number]> = {
    region: [5, 3], nation: [25, 4], supplier: [100, 7], part: [2000, 9], partsupp: [8000, 5], customer: [1500, 8], orders: [15000, 9],
  };
  for (const [t, [rows, cols]] of Object.entries(want)) {
    assert.equal(tables[t]!.length, rows, t);
    assert.ok(tables[t]!.every((r) => r.length === cols), `${t} has ${cols} columns`);
  }
  const lines = tables.lineitem!.length;
  assert.ok(lines > 15000 * 3.5 && lines < 15000 * 4.5, `about 4 lines per order, got ${lines}`);
});

test('keys, prices and suppliers follow the population rules', () => {
  const orderkeys = tables.orders!.map((r) => Number(r[0]));
  assert.deepEqual(orderkeys.slice(0, 10), [1, 2, 3, 4, 5, 6, 7, 8, 33, 34]);
  assert.ok(tables.orders!.every((r) => Number(r[1]) % 3 !== 0), 'no orders for customers whose key is a multiple of 3');
  const ps = new Set<string>();
  for (const r of tables.partsupp!) {
    const key = `${r[0]}|${r[1]}`;
    assert.ok(!ps.has(key), `partsupp ${key} once`);
    ps.add(key);
  }
  for (const p of tables.part!) assert.equal(Math.round(Number(p[7]) * 100), retailPriceCents(Number(p[0])));
  assert.equal(tables.part![0]![7], '901.00');
  for (const l of tables.lineitem!) {
    const [partkey, suppkey, quantity, extended] = [Number(l[1]), Number(l[2]), Number(l[4]), Number(l[5])];
    assert.ok([0, 1, 2, 3].some((i) => partSupplier(partkey, i, 100) === suppkey), 'a line is supplied by one of its part\'s suppliers');
    assert.equal(Math.round(extended * 100), quantity * retailPriceCents(partkey));
  }
  assert.equal(tables.supplier!.filter((s) => /Customer.*Complaints/.test(s[6]!)).length, 1);
  assert.equal(tables.supplier!.filter((s) => /Customer.*Recommends/.test(s[6]!)).length, 1);
});

test('dates, flags, statuses and totals agree between orders and their lines', () => {
  const byOrder = new Map<string, string[][]>();
  for (const l of tables.lineitem!) (byOrder.get(l[0]!) ?? byOrder.set(l[0]!, []).get(l[0]!)!).push(l);
  for (const o of tables.orders!) {
    const lines = byOrder.get(o[0]!)!;
    assert.ok(lines.length >= 1 && lines.length <= 7);
    let total = 0;
    for (const l of lines) {
      const [ship, commit, receipt] = [l[10]!, l[11]!, l[12]!];
      assert.ok(ship > o[4]! && receipt > ship && commit > o[4]!, 'ship and commit after the order, receipt after the ship date');
      assert.equal(l[9], ship > '1995-06-17' ? 'O' : 'F');
      assert.ok(receipt <= '1995-06-17' ? /^[RA]$/.test(l[8]!) : l[8] === 'N');
      total += Math.round(Math.round(Number(l[5]) * 100) * (100 + Math.round(Number(l[7]) * 100)) * (100 - Math.round(Number(l[6]) * 100)) / 10_000);
    }
    assert.equal(Math.round(Number(o[3]) * 100), total, 'o_totalprice is the sum of the lines');
    const statuses = new Set(lines.map((l) => l[9]));
    assert.equal(o[2], statuses.size === 2 ? 'P' : [...statuses][0]);
    assert.ok(o[4]! >= '1992-01-01' && o[4]! <= '1998-08-02');
  }
  for (const c of tables.customer!) assert.match(c[4]!, new RegExp(`^${Number(c[3]) + 10}-\\d{3}-\\d{3}-\\d{4}$`));
  for (const l of tables.lineitem!) assert.ok(l[15]!.length >= 10 && l[15]!.length <= 43, 'l_comment length in [10, 43]');
});
