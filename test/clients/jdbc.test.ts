/**
 * PostgreSQL's JDBC driver (Debian's libpostgresql-jdbc-java, /usr/share/java/postgresql.jar) against Basin:
 * jdbc/JdbcScenario.java is compiled with javac into a temporary directory and run once against the target;
 * it prints `ok NAME` or `fail NAME: reason` per scenario, and each scenario is one test here. The scenarios
 * cover DatabaseMetaData (the driver's catalog queries), server-side prepared statements past
 * prepareThreshold with binary transfer, setFetchSize portals, batches (rewritten or not), transactions,
 * savepoints, errors, ResultSetMetaData, arrays and CallableStatement.
 *
 * Without a JDK or the driver the tests are skipped with a note, unless BASIN_JDBC_REQUIRE=1 (set in CI).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../target.ts';

const DRIVER_JAR = '/usr/share/java/postgresql.jar';
const SOURCE = fileURLToPath(new URL('./jdbc/JdbcScenario.java', import.meta.url));
const SCENARIOS = [
  'connect', 'setup', 'metadata_tables', 'metadata_columns', 'metadata_foreign_keys', 'metadata_schemas_catalogs',
  'metadata_functions', 'metadata_keys_indexes', 'metadata_type_info',
  'prepared_server_side', 'fetch_size_streaming', 'batch_insert', 'batch_insert_rewritten',
  'commit_rollback', 'savepoints', 'isolation_read_only', 'error_recovery', 'result_set_metadata', 'arrays',
  'callable_statement',
];

/** Why the JDBC tests cannot run here, or undefined when javac, java and the driver are installed. */
function jdbcUnavailable(): string | undefined {
  for (const tool of ['javac', 'java']) {
    const r = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) return `${tool} not found (install default-jdk-headless)`;
  }
  if (!existsSync(DRIVER_JAR)) return `${DRIVER_JAR} not found (install libpostgresql-jdbc-java)`;
  return undefined;
}

const missing = jdbcUnavailable();
const skip = missing !== undefined && process.env.BASIN_JDBC_REQUIRE !== '1' ? `JDBC not available: ${missing}` : false;

let target: Target | undefined;
let classes: string | undefined;
/** Each scenario's line from the program: `ok` or the failure's reason. */
const results = new Map<string, string>();
let programFailure = '';

before(async () => {
  if (skip) return;
  if (missing !== undefined) throw new Error(`JDBC required (BASIN_JDBC_REQUIRE=1) but ${missing}`);
  target = await startTarget();
  classes = mkdtempSync(path.join(tmpdir(), 'basin-jdbc-'));
  const javac = spawnSync('javac', ['-d', classes, '-cp', DRIVER_JAR, SOURCE], { encoding: 'utf8', timeout: 60_000 });
  if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}${javac.error?.message ?? ''}`);
  const run = spawnSync(
    'java',
    ['-cp', `${classes}${path.delimiter}${DRIVER_JAR}`, 'JdbcScenario', target.host, String(target.port), target.database, target.user, target.password ?? ''],
    { encoding: 'utf8', timeout: 90_000 },
  );
  for (const line of run.stdout.split('\n')) {
    const m = /^(ok|fail) ([a-z_]+)(?:: (.*))?$/.exec(line);
    if (m !== null) results.set(m[2]!, m[1] === 'ok' ? 'ok' : m[3] ?? '');
  }
  if (run.status !== 0) programFailure = `java exited with ${run.status ?? run.signal}: ${run.stderr}${run.error?.message ?? ''}`;
});

after(async () => {
  await target?.stop();
  if (classes !== undefined) rmSync(classes, { recursive: true, force: true });
});

test('the program reports exactly the known scenarios', { skip }, () => {
  assert.equal(programFailure, '');
  assert.deepEqual([...results.keys()], SCENARIOS);
});

for (const name of SCENARIOS) {
  test(`JDBC: ${name}`, { skip }, () => {
    const r = results.get(name);
    assert.ok(r !== undefined, `no line for ${name}${programFailure === '' ? '' : ` (${programFailure})`}`);
    assert.equal(r, 'ok', `${name}: ${r}`);
  });
}
