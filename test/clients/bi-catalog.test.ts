/**
 * The catalog queries BI tools send on connect and when browsing schemas (Npgsql for Power BI and .NET,
 * DBeaver, Metabase, Grafana, Tableau through pgjdbc), replayed against Basin over a small schema made here:
 * each must run and return the objects PostgreSQL 15 returns for the same schema. The queries live in
 * `bi/<tool>.sql` (see bi/corpus.ts for the directives), PostgreSQL's answers in `bi/expected/<tool>.json`.
 *
 * Regenerate the answers against a real PostgreSQL 15:
 *   BI_WRITE_EXPECTED=1 BASIN_TEST_TARGET=postgres://postgres@127.0.0.1:PORT/postgres node test/run.mjs test/clients/bi-catalog.test.ts
 *
 * What is normalised before comparing, because it legitimately differs between servers:
 * - OIDs of the objects made here (any value of an oid column ≥ 16384, PostgreSQL's first user OID) read `<oid>`;
 *   built-in objects' OIDs (types, pg_catalog) are PostgreSQL's own in Basin too, and are compared;
 * - the connecting role's and database's names (postgres there, basin here) read `<self>`;
 * - columns a query names in `@ignore` (version strings, settings that are Basin's by design) are left out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';
import { readCorpus, type CorpusQuery } from './bi/corpus.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bi');
const WRITE = process.env.BI_WRITE_EXPECTED === '1';
const OID = 26;
const FIRST_USER_OID = 16384;

const SCHEMA = `
SET client_min_messages = warning;
DROP VIEW IF EXISTS bi_corpus.big_orders;
DROP TABLE IF EXISTS bi_corpus.orders;
DROP TABLE IF EXISTS bi_corpus.customers;
DROP SCHEMA IF EXISTS bi_corpus;
CREATE SCHEMA bi_corpus;
CREATE TABLE bi_corpus.customers (id integer PRIMARY KEY, name varchar(100) NOT NULL, email text,
  created_at timestamp with time zone DEFAULT now(), balance numeric(12,2));
CREATE TABLE bi_corpus.orders (order_id bigint PRIMARY KEY, customer_id integer REFERENCES bi_corpus.customers (id),
  amount double precision, ordered_on date, paid boolean DEFAULT false, note jsonb);
CREATE INDEX orders_customer_idx ON bi_corpus.orders (customer_id);
CREATE VIEW bi_corpus.big_orders AS SELECT order_id, amount FROM bi_corpus.orders WHERE amount > 100;
COMMENT ON SCHEMA bi_corpus IS 'Sales data';
COMMENT ON TABLE bi_corpus.customers IS 'People who buy';
COMMENT ON COLUMN bi_corpus.customers.email IS 'Contact address';
COMMENT ON VIEW bi_corpus.big_orders IS 'Orders over 100';
RESET client_min_messages;
`;

type Result = { columns: string[]; types?: number[]; rows: (string | null)[][] };

let target: Target;

/** The expected file: one line per query's column list and per row, so a diff shows the rows that changed. */
function formatExpected(all: Record<string, Result[]>): string {
  const j = (v: unknown) => JSON.stringify(v);
  const entries = Object.entries(all).map(([name, results]) => {
    const rs = results.map((r) => `  {"columns": ${j(r.columns)}, ${r.types === undefined ? '' : `"types": ${j(r.types)}, `}"rows": [${r.rows.map((row) => `\n    ${j(row)}`).join(',')}${r.rows.length > 0 ? '\n  ' : ''}]}`);
    return ` ${j(name)}: [\n${rs.join(',\n')}\n ]`;
  });
  return `{\n${entries.join(',\n')}\n}\n`;
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host, port: target.port, user: target.user, password: target.password, database: target.database,
    // Every value as the text the server sent.
    types: { getTypeParser: () => (v: string) => v },
  });
  await client.connect();
  return client;
}

/** A parameter as the tool binds it: an object's OID looked up by name, or a literal. */
async function paramValue(client: pg.Client, spec: string): Promise<string> {
  if (spec === 'current_database') return target.database;
  const m = /^(schema_oid|class_oid):(.+)$/.exec(spec);
  if (!m) return spec;
  const r = m[1] === 'schema_oid'
    ? await client.query('SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = $1', [m[2]])
    : await client.query(`SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2`, m[2]!.split('.'));
  assert.equal(r.rows.length, 1, `no object for ${spec}`);
  return String(r.rows[0].oid);
}

function normalise(q: CorpusQuery, r: pg.QueryResult): Result {
  const self = new Set([target.user, target.database]);
  const names = r.fields.map((f) => f.name);
  const wanted = q.columns ?? names.filter((n) => !q.ignore.includes(n));
  for (const c of wanted) assert.ok(names.includes(c), `${q.name}: no column ${c} in (${names.join(', ')})`);
  const index = (c: string) => names.indexOf(c);
  const cell = (row: unknown[], c: string): string | null => {
    const v = row[index(c)] as string | null;
    if (v === null) return null;
    if (r.fields[index(c)]!.dataTypeID === OID && Number(v) >= FIRST_USER_OID) return '<oid>';
    return self.has(v) ? '<self>' : v;
  };
  const raw = r.rows as unknown as unknown[][];
  let rows = raw
    .filter((row) => q.where.every((w) => !names.includes(w.column) || w.test(row[index(w.column)] as string | null)))
    .map((row) => wanted.map((c) => cell(row, c)));
  if (!q.rows) rows = [];
  if (q.sort) rows = rows.map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x) as (string | null)[]);
  return { columns: [...wanted], ...(q.types ? { types: wanted.map((c) => r.fields[index(c)]!.dataTypeID) } : {}), rows };
}

async function run(client: pg.Client, q: CorpusQuery): Promise<Result[]> {
  const res = q.params === undefined
    ? await client.query({ text: q.sql, rowMode: 'array' })
    : await client.query({ text: q.sql, rowMode: 'array', values: await Promise.all(q.params.map((p) => paramValue(client, p))) });
  const all = (Array.isArray(res) ? res : [res]) as pg.QueryResult[];
  return all.filter((r) => r.command === 'SELECT' || r.command === 'SHOW' || r.fields.length > 0).map((r) => normalise(q, r));
}

before(async () => {
  target = await startTarget();
  const client = await connect();
  try {
    await client.query(SCHEMA);
  } finally {
    await client.end();
  }
});
after(async () => {
  await target?.stop();
});

const tools = readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort();

for (const tool of tools) {
  describe(tool, () => {
    const queries = readCorpus(path.join(dir, `${tool}.sql`));
    const expectedFile = path.join(dir, 'expected', `${tool}.json`);
    const expected: Record<string, Result[]> = WRITE ? {} : JSON.parse(readFileSync(expectedFile, 'utf8'));
    let client: pg.Client;
    before(async () => {
      client = await connect();
    });
    after(async () => {
      await client?.end();
      if (WRITE) writeFileSync(expectedFile, formatExpected(expected));
    });
    for (const q of queries) {
      test(q.name, async () => {
        if (q.expectError !== undefined && !target.external) {
          await assert.rejects(run(client, q), (e: Error & { code?: string }) => {
            assert.equal(e.code, q.expectError!.code, `${q.name}: ${e.message}`);
            assert.equal(e.message, q.expectError!.message);
            return true;
          });
          // The session goes on after the failure.
          assert.deepEqual((await client.query({ text: 'SELECT 1 AS one', rowMode: 'array' })).rows, [['1']]);
          return;
        }
        const got = await run(client, q);
        if (WRITE) {
          expected[q.name] = got;
          return;
        }
        assert.ok(expected[q.name] !== undefined, `${q.name}: no expected output (regenerate against PostgreSQL 15)`);
        if (q.expectMismatch !== undefined && !target.external) {
          assert.notDeepEqual(got, expected[q.name], `${q.name} now matches PostgreSQL: remove @expect-mismatch`);
          return;
        }
        assert.deepEqual(got, expected[q.name]);
      });
    }
  });
}
