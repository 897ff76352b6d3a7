/**
 * Differential test: the corpus (corpus/*.sql and the seeded generator) runs on a spawned Basin and on a
 * PostgreSQL 15 this test starts itself (Debian's postgresql-15), after the same setup on both, and every query
 * must give the same outcome: the same SQLSTATE for errors, otherwise the same column count, type OIDs and rows
 * (as a multiset unless the query has a top-level ORDER BY). One test per corpus file; a failure lists every
 * mismatching query with its SQL, both results and the first difference.
 *
 * Without the PostgreSQL binaries the tests are skipped with a note, unless BASIN_DIFF_REQUIRE_PG=1 (set in CI).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { diffOutcomes, execute, formatOutcome, hasTopLevelOrderBy, loadParser, textTypes, type Outcome } from './compare.ts';
import { setupStatements } from './corpus/setup.ts';
import { loadCorpus, type CorpusQuery } from './load-corpus.ts';
import { postgresUnavailable, startPostgres, type PostgresHandle } from './postgres-process.ts';
import { startServer, type ServerHandle } from '../server-process.ts';

const QUERY_TIMEOUT_MS = 20_000;
const missing = postgresUnavailable();
const skip = missing !== undefined && process.env.BASIN_DIFF_REQUIRE_PG !== '1' ? `PostgreSQL 15 not available: ${missing}` : false;

interface Endpoint {
  readonly label: string;
  readonly config: pg.ClientConfig;
  client: pg.Client;
}

let postgres: PostgresHandle | undefined;
let basin: ServerHandle | undefined;
let expected: Endpoint | undefined;
let actual: Endpoint | undefined;

async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client({ ...config, types: textTypes, query_timeout: QUERY_TIMEOUT_MS });
  client.on('error', () => {}); // a broken connection surfaces on the next query; reconnect() handles it
  await client.connect();
  return client;
}

/** After a timeout or a broken connection: a fresh session, so one bad query does not fail the rest. */
async function reconnect(ep: Endpoint): Promise<void> {
  await ep.client.end().catch(() => {});
  ep.client = await connect(ep.config);
}

async function outcome(ep: Endpoint, sql: string): Promise<Outcome> {
  try {
    return await execute(ep.client, sql);
  } catch (e) {
    await reconnect(ep);
    return { kind: 'error', code: 'CLIENT', message: `no result (${(e as Error).message})` };
  }
}

before(async () => {
  if (skip) return;
  await loadParser();
  // Start both at once, but keep whichever started even if the other failed, so after() can stop it.
  const [p, b] = await Promise.allSettled([startPostgres(), startServer()]);
  if (p.status === 'fulfilled') postgres = p.value;
  if (b.status === 'fulfilled') basin = b.value;
  if (p.status === 'rejected') throw p.reason;
  if (b.status === 'rejected') throw b.reason;
  const pgServer = p.value, basinServer = b.value;
  const pgConfig = { host: pgServer.host, port: pgServer.port, user: pgServer.user, database: pgServer.database };
  const basinConfig = { host: basinServer.host, port: basinServer.port, user: 'basin', database: 'basin' };
  expected = { label: 'PostgreSQL', config: pgConfig, client: await connect(pgConfig) };
  actual = { label: 'Basin', config: basinConfig, client: await connect(basinConfig) };
  for (const sql of setupStatements()) {
    for (const ep of [expected, actual]) {
      const o = await outcome(ep, sql);
      if (o.kind === 'error') throw new Error(`setup failed on ${ep.label}: ${o.code} ${o.message}\n${sql.slice(0, 500)}`);
    }
  }
});

after(async () => {
  await expected?.client.end().catch(() => {});
  await actual?.client.end().catch(() => {});
  await Promise.allSettled([postgres?.stop(), basin?.stop()]);
});

interface Mismatch {
  readonly query: CorpusQuery;
  readonly reason: string;
  readonly expected: Outcome;
  readonly actual: Outcome;
}

function report(m: Mismatch): string {
  return [
    `--- ${m.query.where}: ${m.reason}`,
    m.query.sql,
    'PostgreSQL:',
    formatOutcome(m.expected).replace(/^/gm, '  '),
    'Basin:',
    formatOutcome(m.actual).replace(/^/gm, '  '),
  ].join('\n');
}

for (const group of loadCorpus()) {
  test(`differential: ${group.name} (${group.queries.length} queries)`, { skip, timeout: 120_000 }, async () => {
    assert.ok(expected && actual, 'servers did not start');
    assert.ok(group.queries.length > 0, `${group.name}: empty corpus file`);
    const mismatches: Mismatch[] = [];
    for (const query of group.queries) {
      let ordered = false; // a query that does not parse is compared by its SQLSTATE alone
      try {
        ordered = hasTopLevelOrderBy(query.sql);
      } catch {}
      const exp = await outcome(expected, query.sql);
      const act = await outcome(actual, query.sql);
      if (exp.kind === 'error' && exp.code === 'CLIENT') assert.fail(`${query.where}: PostgreSQL gave no result: ${exp.message}\n${query.sql}`);
      const reason = diffOutcomes(exp, act, ordered);
      if (reason !== undefined) mismatches.push({ query, reason, expected: exp, actual: act });
    }
    if (mismatches.length > 0) {
      assert.fail(`${mismatches.length} of ${group.queries.length} queries differ from PostgreSQL 15\n\n${mismatches.map(report).join('\n\n')}`);
    }
  });
}
