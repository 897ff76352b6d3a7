/**
 * MERGE is copy-on-write at file level: read through the table's Delta log, a MERGE removes exactly the data
 * files that held a row it updated or deleted, adds their replacements and one file of inserted rows, leaves
 * every other file in place, and records operation 'MERGE' with Delta's operation parameters. A MERGE that
 * changes nothing commits nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { connectClient, startServer, type ServerHandle } from '../server-process.ts';

let server: ServerHandle;
let client: pg.Client;

before(async () => {
  server = await startServer();
  client = await connectClient(server);
});

after(async () => {
  await client?.end();
  await server?.stop();
});

/** The table's directory: the one named `name` under the data directory that holds a `_delta_log`. */
function tableDir(name: string, dir = server.dataDir): string | undefined {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (!statSync(p).isDirectory()) continue;
    if (e === name && readdirSync(p).includes('_delta_log')) return p;
    const found = e === '_delta_log' ? undefined : tableDir(name, p);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Action = Record<string, Record<string, unknown>>;

function commits(dir: string): Action[][] {
  const log = path.join(dir, '_delta_log');
  return readdirSync(log).filter((f) => /^\d{20}\.json$/.test(f)).sort()
    .map((f) => readFileSync(path.join(log, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Action));
}

/** The live data files: adds not removed later. */
function liveFiles(dir: string): Set<string> {
  const live = new Set<string>();
  for (const c of commits(dir)) {
    for (const a of c) {
      if (a.add !== undefined) live.add(a.add.path as string);
      if (a.remove !== undefined) live.delete(a.remove.path as string);
    }
  }
  return live;
}

test('a MERGE rewrites only the files that hold rows it changes', async () => {
  await client.query('CREATE TABLE big (id int, v text)');
  for (let f = 0; f < 5; f++) {
    await client.query(`INSERT INTO big SELECT g, 'v' || g FROM generate_series(${f * 100 + 1}, ${f * 100 + 100}) g`);
  }
  const dir = tableDir('big')!;
  assert.ok(dir, 'table directory not found');
  const before = liveFiles(dir);
  assert.equal(before.size, 5);
  const version = commits(dir).length;

  const r = await client.query(`MERGE INTO big USING (VALUES (150, 'x'), (1000, 'new')) AS s(id, v) ON big.id = s.id
    WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)`);
  assert.equal(r.command, 'MERGE');
  assert.equal(r.rowCount, 2);

  const all = commits(dir);
  assert.equal(all.length, version + 1, 'one commit');
  const last = all[all.length - 1]!;
  const removed = last.filter((a) => a.remove !== undefined).map((a) => a.remove!.path as string);
  const added = last.filter((a) => a.add !== undefined);
  assert.equal(removed.length, 1, 'only the file holding id 150 is removed');
  assert.ok(before.has(removed[0]!));
  assert.equal(added.length, 2, 'its replacement and the inserted row');
  const after = liveFiles(dir);
  for (const f of before) if (f !== removed[0]) assert.ok(after.has(f), `untouched file ${f} is still live`);
  const info = last.find((a) => a.commitInfo !== undefined)!.commitInfo!;
  assert.equal(info.operation, 'MERGE');
  const params = info.operationParameters as Record<string, string>;
  assert.deepEqual(JSON.parse(params.predicate!), ['big.id = s.id']);
  assert.deepEqual(JSON.parse(params.matchedPredicates!), [{ actionType: 'update' }]);
  assert.deepEqual(JSON.parse(params.notMatchedPredicates!), [{ actionType: 'insert' }]);
  assert.deepEqual(JSON.parse(params.notMatchedBySourcePredicates!), []);

  const rows = await client.query('SELECT count(*)::int AS n, max(v) FILTER (WHERE id = 150) AS v150 FROM big');
  assert.deepEqual(rows.rows[0], { n: 501, v150: 'x' });
});

test('WHEN NOT MATCHED BY SOURCE reads every file but rewrites only those it changes; a no-op commits nothing', async () => {
  const dir = tableDir('big')!;
  const before = liveFiles(dir);
  const r = await client.query(`MERGE INTO big t USING (VALUES (1)) AS s(id) ON t.id = s.id
    WHEN NOT MATCHED BY SOURCE AND t.id BETWEEN 410 AND 419 THEN DELETE`);
  assert.equal(r.rowCount, 10);
  const last = commits(dir).at(-1)!;
  const removed = last.filter((a) => a.remove !== undefined);
  assert.equal(removed.length, 1, 'only the file holding ids 401–500');
  const params = last.find((a) => a.commitInfo !== undefined)!.commitInfo!.operationParameters as Record<string, string>;
  assert.deepEqual(JSON.parse(params.notMatchedBySourcePredicates!), [{ predicate: 't.id BETWEEN 410 AND 419', actionType: 'delete' }]);
  assert.equal(liveFiles(dir).size, before.size);

  const version = commits(dir).length;
  const none = await client.query(`MERGE INTO big USING (VALUES (1), (2)) AS s(id) ON big.id = s.id WHEN MATCHED THEN DO NOTHING`);
  assert.equal(none.rowCount, 0);
  assert.equal(commits(dir).length, version, 'no commit for a MERGE that changed nothing');
});

test('MERGE with parameters over the extended protocol, RETURNING described at Parse', async () => {
  await client.query('CREATE TABLE kv (k int, v text)');
  const sql = `MERGE INTO kv USING (VALUES ($1::int, $2::text)) AS s(k, v) ON kv.k = s.k
    WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v) RETURNING merge_action() AS action, kv.*`;
  const first = await client.query(sql, [1, 'one']);
  assert.deepEqual(first.fields.map((f) => f.name), ['action', 'k', 'v']);
  assert.deepEqual(first.rows, [{ action: 'INSERT', k: 1, v: 'one' }]);
  const second = await client.query(sql, [1, 'uno']);
  assert.deepEqual(second.rows, [{ action: 'UPDATE', k: 1, v: 'uno' }]);
  assert.equal(second.rowCount, 1);
});
