/**
 * Sorts beyond work_mem over the wire: with a small work_mem a sort writes sorted runs to the server's
 * temporary directory and merges them, and its answers equal those of an in-memory sort row for row (keys of
 * every kind, both directions, NULLs first and last, ties kept in input order); EXPLAIN ANALYZE says it
 * spilled; the files are gone after the statement, after an error and after a cancel; work_mem reads and
 * checks as PostgreSQL's does.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;

before(async () => {
  server = await startServer();
  client = new pg.Client({ host: server.host, port: server.port, user: 'basin', database: 'basin' });
  await client.connect();
  await client.query(`create table t as select i, (i::int8 * 7919) % 100003 as k,
      case when i % 11 = 0 then null else 'v' || ((i * 31) % 1000) end as s,
      (i % 97)::numeric(10,2) / 3 as d, date '2020-01-01' + (i % 500) as day,
      case when i % 7 = 0 then null else i % 13 end as small
    from generate_series(1, 200000) i`);
});
after(async () => {
  await client?.end();
  await server?.stop();
});

const rows = async (sql: string): Promise<unknown[][]> => (await client.query({ text: sql, rowMode: 'array' })).rows;

/** Files in this server's spill directories (there is one per server process). */
function spillFiles(): string[] {
  const tmp = path.join(server.dataDir, 'tmp');
  let dirs: string[];
  try {
    dirs = readdirSync(tmp);
  } catch {
    return [];
  }
  return dirs.flatMap((d) => readdirSync(path.join(tmp, d)));
}

test('a sort beyond work_mem answers as an in-memory sort, row for row', async () => {
  const queries = [
    'select * from t order by k desc, i',
    'select i, s, d from t order by s nulls first, d desc',
    'select s, small, day from t order by small desc nulls last, day',
    'select d, i from t order by d, i desc',
    'select s, count(*) from t group by s order by count(*) desc, s',
  ];
  for (const q of queries) {
    await client.query('set work_mem = \'1GB\'');
    const inMemory = await rows(q);
    await client.query('set work_mem = \'64kB\'');
    const spilled = await rows(q);
    assert.equal(spilled.length, inMemory.length, q);
    assert.deepEqual(spilled, inMemory, q);
  }
  await client.query('reset work_mem');
  assert.deepEqual(spillFiles(), []);
});

test('a sort of more runs than it merges at once merges them in steps, and answers the same', async () => {
  const q = 'select i, k, s, d from t order by s desc nulls last, k, i';
  const inMemory = await rows(q);
  // Batches of 4,096 rows beyond a 64kB work_mem: a run per batch, 49 runs.
  await client.query('set batch_size = 4096');
  await client.query('set work_mem = \'64kB\'');
  const plan = (await rows(`explain analyze ${q}`)).map((r) => r[0] as string);
  assert.match(plan[0]!, /spilled=(49|[5-9]\d) runs/);
  assert.deepEqual(await rows(q), inMemory);
  await client.query('reset work_mem');
  await client.query('reset batch_size');
  assert.deepEqual(spillFiles(), []);
});

const sortedRows = (r: unknown[][]): string[] => r.map((x) => JSON.stringify(x)).sort();

/**
 * Each query's rows (in any order) with a 64kB work_mem equal those with 1GB, on one thread; then the first
 * query's again with batches of `smallBatch` rows, which makes spilled partitions outgrow work_mem in turn.
 */
async function spillsAsInMemory(queries: readonly string[], smallBatch: number): Promise<void> {
  await client.query('set threads = 1');
  const both = async (q: string): Promise<void> => {
    await client.query('set work_mem = \'1GB\'');
    const inMemory = sortedRows(await rows(q));
    await client.query('set work_mem = \'64kB\'');
    const spilled = sortedRows(await rows(q));
    assert.equal(spilled.length, inMemory.length, q);
    assert.deepEqual(spilled, inMemory, q);
  };
  for (const q of queries) await both(q);
  await client.query(`set batch_size = ${smallBatch}`);
  await both(queries[0]!);
  for (const s of ['batch_size', 'work_mem', 'threads']) await client.query(`reset ${s}`);
  assert.deepEqual(spillFiles(), []);
}

const explainAnalyze = async (q: string, workMem: string): Promise<string> => {
  await client.query(`set work_mem = '${workMem}'`);
  const plan = (await rows(`explain analyze ${q}`)).map((r) => r[0] as string).join('\n');
  await client.query('reset work_mem');
  return plan;
};

test('a hash aggregation beyond work_mem answers as one in memory', async () => {
  const queries = [
    // integer keys; every kind of aggregate, exact or not, DISTINCT and ORDER BY inside included
    'select k, count(*), sum(d), avg(i), min(s), max(day), count(distinct small), string_agg(s, \',\' order by i) from t group by k',
    // a text key, NULLs among them, after an integer one (the "rest" key columns of GroupIds)
    'select small, s, count(*), sum(i), array_agg(i order by i) from t group by small, s',
    // a numeric key and a FILTER
    'select d, count(*) filter (where small > 5), max(k) from t group by d',
    // HAVING and an ORDER BY above the aggregate
    'select s, count(*) from t group by s having count(*) > 150 order by s',
  ];
  // Partitions that outgrow work_mem again are split again: a batch of 4,096 rows fills 64kB of groups.
  await spillsAsInMemory(queries, 4096);
  assert.match(await explainAnalyze('select k, count(*) from t group by k', '64kB'), /aggregate.* spilled=16 runs\/\d+ kB/);
});

test('a hash join whose build side outgrows work_mem partitions both sides and answers as one in memory', async () => {
  await client.query(`create table u as select j, (j::int8 * 13) % 100003 as k, case when j % 5 = 0 then null else 'w' || (j % 700) end as s,
    case when j % 9 = 0 then null else j % 300 end as small from generate_series(1, 60000) j`);
  const queries = [
    'select t.i, u.j from t join u on t.k = u.k',
    'select t.i, u.j, u.s from t join u on t.k = u.k and t.s = u.s',
    'select t.i, u.j from t join u on t.k = u.k and t.i < u.j',
    'select t.i, u.j from t left join u on t.small = u.small and u.j < 200 where t.i < 3000',
    'select t.i, u.j from t right join u on t.k = u.k and t.i > 100000',
    'select t.i, u.j from t full join u on t.k = u.k and t.i % 3 = 0',
    'select i from t where exists (select 1 from u where u.k = t.k)',
    'select i from t where not exists (select 1 from u where u.k = t.k and u.j > t.i)',
    'select j from u where exists (select 1 from t where t.k = u.k and t.s = u.s)',
    'select j from u where not exists (select 1 from t where t.small = u.small)',
  ];
  await spillsAsInMemory(queries, 1024);
  assert.match(await explainAnalyze('select t.i, u.j from t join u on t.k = u.k', '64kB'), /join.* spilled=16 runs\/\d+ kB/);
});

test('EXPLAIN ANALYZE shows the runs a sort spilled', async () => {
  assert.match(await explainAnalyze('select * from t order by s, i', '64kB'), /^sort .* spilled=\d+ runs\/\d+ kB/);
  assert.doesNotMatch(await explainAnalyze('select * from t order by s, i', '1GB'), /spilled/);
});

test('spill files are removed after an error and after a cancel, and the session goes on', async () => {
  await client.query('set work_mem = \'64kB\'');
  // Division by zero in the sort key, for rows the sort reaches after it has spilled runs.
  await assert.rejects(client.query('select i from t order by 1 / (200000 - i), i'), (e: pg.DatabaseError) => e.code === '22012');
  assert.deepEqual(spillFiles(), []);
  await client.query('set statement_timeout = 150');
  await assert.rejects(client.query('select * from t order by s, d, i'), (e: pg.DatabaseError) => e.code === '57014');
  await client.query('reset statement_timeout');
  assert.deepEqual(spillFiles(), []);
  assert.deepEqual(await rows('select count(*) from t'), [['200000']]);
  await client.query('reset work_mem');
});

test('operators spill when the server\'s memory_limit is spent, whatever work_mem says', async () => {
  const small = await startServer({ env: { BASIN_MEMORY_LIMIT: '2MB' } });
  const c = new pg.Client({ host: small.host, port: small.port, user: 'basin', database: 'basin' });
  await c.connect();
  try {
    assert.deepEqual((await c.query({ text: 'show memory_limit', rowMode: 'array' })).rows, [['2MB']]);
    await assert.rejects(c.query('set memory_limit = \'1GB\''), (e: pg.DatabaseError) => e.code === '55P02');
    await c.query('create table v as select i, (i * 7919) % 100003 as k, \'x\' || i as s from generate_series(1, 100000) i');
    await c.query('set work_mem = \'1GB\'');
    await c.query('set threads = 1');
    const explain = async (q: string) => (await c.query({ text: `explain analyze ${q}`, rowMode: 'array' })).rows.map((r) => r[0] as string).join('\n');
    assert.match(await explain('select * from v order by s'), /^sort .* spilled=/);
    assert.match(await explain('select s, count(*) from v group by s'), /aggregate.* spilled=/);
    assert.match(await explain('select a.i from v a join v b on a.s = b.s'), /join.* spilled=/);
    const sorted = (await c.query({ text: 'select i from v order by s', rowMode: 'array' })).rows.map((r) => r[0]);
    const expected = Array.from({ length: 100000 }, (_, i) => i + 1).sort((a, b) => (`x${a}` < `x${b}` ? -1 : 1));
    assert.deepEqual(sorted, expected);
  } finally {
    await c.end();
    await small.stop();
  }
});

test('work_mem reads and checks as PostgreSQL\'s', async () => {
  await client.query('set work_mem = 4096');
  assert.deepEqual(await rows('show work_mem'), [['4MB']]);
  await client.query('set work_mem = \'1536kB\'');
  assert.deepEqual(await rows('show work_mem'), [['1536kB']]);
  await client.query('set work_mem = \'2GB\'');
  assert.deepEqual(await rows('show work_mem'), [['2GB']]);
  await assert.rejects(client.query('set work_mem = \'10kB\''), (e: pg.DatabaseError) => e.code === '22023' && /outside the valid range/.test(e.message));
  await assert.rejects(client.query('set work_mem = \'lots\''), (e: pg.DatabaseError) => e.code === '22023');
  await client.query('reset work_mem');
});
