/**
 * Parallel aggregation over the wire: with the table's files split between the session's thread and the
 * execution workers, answers equal those of `threads = 1` (parameters, numeric arithmetic, text and NULL
 * keys, date functions); EXPLAIN ANALYZE counts the workers' rows and files; a worker's error reaches the
 * client with its SQLSTATE, and a statement_timeout stops a parallel query, the session going on after both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;

before(async () => {
  server = await startServer();
  client = new pg.Client({ host: server.host, port: server.port, user: 'basin', database: 'basin' });
  await client.connect();
  await client.query('create table sales (region text, day date, qty int, price numeric(12,2), note text)');
  // four INSERTs, four data files
  for (let k = 0; k < 4; k++) {
    await client.query(`insert into sales select case when i % 13 = 0 then null else 'r' || ((i + ${k}) % 5) end,
      date '2024-01-01' + (i % 400), i % 50, (i % 1000) * 0.25 + ${k}, case when i % 2 = 0 then 'n' || (i % 7) end
      from generate_series(1, 20000) i`);
  }
  await client.query('set parallel_min_rows = 0');
});
after(async () => {
  await client?.end();
  await server?.stop();
});

const sorted = (rows: unknown[][]): string[] => rows.map((r) => JSON.stringify(r)).sort();

async function both(sql: string, params: unknown[] = []): Promise<{ serial: string[]; parallel: string[] }> {
  await client.query('set threads = 1');
  const serial = sorted((await client.query({ text: sql, values: params, rowMode: 'array' })).rows);
  await client.query('set threads = 4');
  const parallel = sorted((await client.query({ text: sql, values: params, rowMode: 'array' })).rows);
  return { serial, parallel };
}

test('parallel aggregates answer as one thread does', async () => {
  const queries: [string, unknown[]][] = [
    ['select region, count(*), count(note), sum(qty), avg(qty), sum(price), avg(price), min(price), max(note) from sales group by region', []],
    ['select sum(price * (1 - qty / 100.0)), sum(price * qty), count(*) from sales where day <= $1::date', ['2024-10-01']],
    ['select extract(month from day) as m, region, sum(qty) from sales where note like $1 group by 1, 2', ['n%']],
    ['select date_trunc(\'month\', day), max(upper(region)), min(day) from sales where qty between $1 and $2 group by 1', [10, 20]],
    ['select note, count(*) from sales where region is null group by note', []],
    // pruning in the workers compares numeric statistics with numeric constants
    ['select region, sum(price), count(*) from sales where price between 10.5 and 100.25 group by region', []],
  ];
  for (const [sql, params] of queries) {
    const { serial, parallel } = await both(sql, params);
    assert.ok(serial.length > 0, sql);
    assert.deepEqual(parallel, serial, sql);
  }
});

test('joins: the big table is split, the others read whole by each participant', async () => {
  await client.query('create table regions (name text, zone text, weight int)');
  await client.query("insert into regions values ('r0', 'north', 1), ('r1', 'north', 2), ('r2', 'south', 3), ('r9', 'west', 4)");
  const queries = [
    'select r.zone, count(*), sum(s.qty * r.weight), max(s.price) from sales s join regions r on r.name = s.region group by r.zone',
    'select r.zone, count(*), count(r.name), sum(s.qty) from sales s left join regions r on r.name = s.region group by r.zone',
    'select count(*), sum(qty) from sales s where exists (select 1 from regions r where r.name = s.region and r.zone = \'north\')',
    'select s.region, count(*) from sales s where not exists (select 1 from regions r where r.name = s.region) group by s.region',
    // uncorrelated subqueries are run once and sent to the workers as constants and IN lists
    'select region, count(*), sum(qty) from sales where price > (select avg(price) from sales) group by region',
    'select region, count(*) from sales where region = any (select name from regions where weight > 1) group by region',
    'select region, count(*) from sales where region <> all (select name from regions where weight > 1) group by region',
    'select count(*) from sales where exists (select 1 from regions where weight > 3) and qty < (select max(weight) from regions)',
    // sales is on the side a right join does not preserve: the regions without sales must come out once
    'select r.name, count(s.qty), sum(s.qty) from sales s right join regions r on r.name = s.region group by r.name',
  ];
  for (const sql of queries) {
    const { serial, parallel } = await both(sql);
    assert.ok(serial.length > 0, sql);
    assert.deepEqual(parallel, serial, sql);
  }
});

test('EXPLAIN ANALYZE counts the workers\' rows and files', async () => {
  await client.query('set threads = 2');
  const plan = (await client.query('explain analyze select region, sum(qty) from sales where qty > 0 group by region')).rows
    .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  const scan = /scan public\.sales .*actual rows=(\d+) .*files=(\d+)\/(\d+)/.exec(plan);
  assert.ok(scan !== null, plan);
  assert.equal(Number(scan[1]), 4 * (20000 - 400), plan); // qty = 0 for i % 50 = 0
  assert.deepEqual([scan[2], scan[3]], ['4', '4']);
});

test('a worker\'s error reaches the client with its SQLSTATE, and the session goes on', async () => {
  await client.query('set threads = 4');
  await assert.rejects(client.query('select region, sum(qty / (qty - qty)) from sales group by region'), (e: pg.DatabaseError) => e.code === '22012');
  await assert.rejects(client.query("select sum(('x' || qty)::int) from sales"), (e: pg.DatabaseError) => e.code === '22P02');
  // only the worker's file (the second: files are dealt round-robin) holds the zero
  await client.query('create table divisors (x int)');
  await client.query('insert into divisors select 1 from generate_series(1, 10)');
  await client.query('insert into divisors select 0 from generate_series(1, 10)');
  await client.query('set threads = 2');
  await assert.rejects(client.query('select sum(10 / x) from divisors'), (e: pg.DatabaseError) => e.code === '22012' && e.message === 'division by zero');
  // a scalar subquery of two rows fails when a row reaches it, not before
  await assert.rejects(client.query('select sum(qty) from sales where qty > (select weight from regions where weight > 2)'),
    (e: pg.DatabaseError) => e.code === '21000');
  const none = await client.query('select sum(qty) as s from sales where qty < 0 and qty > (select weight from regions where weight > 2)');
  assert.equal(none.rows[0].s, null);
  const { rows } = await client.query('select count(*)::int as n from sales');
  assert.equal(rows[0].n, 80000);
});

test('statement_timeout stops a parallel aggregate', async () => {
  await client.query('set threads = 4');
  await client.query('set statement_timeout = 1');
  await assert.rejects(
    client.query('select a.region, count(*) from sales a where a.price * a.qty > 0 group by a.region, a.day, a.note'),
    (e: pg.DatabaseError) => e.code === '57014',
  );
  await client.query('set statement_timeout = 0');
  const { rows } = await client.query('select count(distinct region)::int as n, sum(qty)::int as q from sales');
  assert.deepEqual(rows[0], { n: 5, q: 4 * 20000 * 49 / 2 });
});
