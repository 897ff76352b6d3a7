/**
 * postgres.js (the `postgres` package) against Basin: tagged-template queries with parameters of each common
 * type, its automatic named prepared statements, array types fetched from pg_type at connect, transactions
 * with savepoints, COPY streams, cursors (portals read n rows at a time), describe(), unsafe() and SQLSTATEs
 * on its errors. With BASIN_TEST_TARGET set, the same tests run against that server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import postgres from 'postgres';
import { startTarget, type Target } from '../target.ts';

let target: Target;
let sql: postgres.Sql;

before(async () => {
  target = await startTarget();
  sql = connect();
  // postgres.js reads the array types from pg_type on its first query; sql.array needs them.
  await sql`SELECT 1`;
});
after(async () => {
  await sql?.end({ timeout: 5 });
  await target?.stop();
});

function connect(options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  return postgres({
    host: target.host,
    port: target.port,
    user: target.user,
    pass: target.password,
    database: target.database,
    max: 2,
    onnotice: () => {},
    ...options,
  });
}

async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  assert.fail('expected the statement to fail');
}

describe('parameters and results', { timeout: 30_000 }, () => {
  test('scalars of each common type round-trip through parameters', async () => {
    const when = new Date('2024-03-01T12:34:56.789Z');
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const [row] = await sql`
      SELECT ${42}::int AS i, ${'9007199254740993'}::bigint AS big, ${'12345.6789'}::numeric AS num,
             ${1.5}::float8 AS f, ${'héllo'} AS t, ${true} AS b, ${null}::int AS n,
             ${'2024-02-29'}::date AS d, ${when} AS ts, ${bytes} AS bin,
             ${'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'}::uuid AS u`;
    assert.ok(row);
    assert.equal(row.i, 42);
    // postgres.js reads int8 and numeric as strings unless told otherwise.
    assert.equal(row.big, '9007199254740993');
    assert.equal(row.num, '12345.6789');
    assert.equal(row.f, 1.5);
    assert.equal(row.t, 'héllo');
    assert.equal(row.b, true);
    assert.equal(row.n, null);
    assert.ok(row.d instanceof Date);
    assert.equal((row.d as Date).getFullYear(), 2024);
    assert.equal((row.d as Date).getMonth(), 1);
    assert.equal((row.d as Date).getDate(), 29);
    assert.ok(row.ts instanceof Date);
    assert.equal((row.ts as Date).toISOString(), when.toISOString());
    assert.deepEqual(row.bin, bytes);
    assert.equal(row.u, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });

  test('json and jsonb parameters and results', async () => {
    const doc = { a: 1, b: [true, null, 'x'], c: { d: 2.5 } };
    const [row] = await sql`SELECT ${sql.json(doc)} AS j, ${sql.json(doc)}::jsonb AS jb,
                                   ${sql.json(doc)}::jsonb -> 'c' ->> 'd' AS d`;
    assert.deepEqual(row?.j, doc);
    assert.deepEqual(row?.jb, doc);
    assert.equal(row?.d, '2.5');
  });

  test('arrays as parameters and as results', async () => {
    const [row] = await sql`
      SELECT ${sql.array([1, 2, 3])}::int[] AS ints, ${sql.array(['a', 'b c', 'd"e'])}::text[] AS texts,
             array_length(${sql.array([10, 20])}::int[], 1) AS len,
             ARRAY[1.5, 2.5]::float8[] AS floats, ARRAY[true, false] AS bools,
             ARRAY[[1, 2], [3, 4]] AS matrix`;
    assert.deepEqual(row?.ints, [1, 2, 3]);
    assert.deepEqual(row?.texts, ['a', 'b c', 'd"e']);
    assert.equal(row?.len, 2);
    assert.deepEqual(row?.floats, [1.5, 2.5]);
    assert.deepEqual(row?.bools, [true, false]);
    assert.deepEqual(row?.matrix, [[1, 2], [3, 4]]);
  });

  test('rows written with parameters read back with their types', async () => {
    await sql`DROP TABLE IF EXISTS pjs_types`;
    await sql`CREATE TABLE pjs_types (id int PRIMARY KEY, big bigint, amount numeric(12,2), ratio float8,
      name text, active boolean, born date, seen timestamptz, doc jsonb, raw bytea, tags text[], key uuid)`;
    const seen = new Date('2023-12-31T23:59:59.5Z');
    const row = {
      id: 1,
      big: '1234567890123',
      amount: '99.95',
      ratio: 0.25,
      name: "O'Brien",
      active: false,
      born: '1999-12-31',
      seen,
      doc: sql.json({ k: [1, 2] }),
      raw: Buffer.from('bytes'),
      tags: sql.array(['red', 'green']),
      key: '123e4567-e89b-12d3-a456-426614174000',
    };
    const inserted = await sql`INSERT INTO pjs_types ${sql(row)} RETURNING id, name`;
    assert.deepEqual([...inserted], [{ id: 1, name: "O'Brien" }]);
    await sql`INSERT INTO pjs_types ${sql([
      { id: 2, name: 'two', active: true },
      { id: 3, name: null, active: null },
    ], 'id', 'name', 'active')}`;
    const rows = await sql`SELECT * FROM pjs_types ORDER BY id`;
    assert.equal(rows.length, 3);
    const first = rows[0]!;
    assert.equal(first.big, '1234567890123');
    assert.equal(first.amount, '99.95');
    assert.equal(first.ratio, 0.25);
    assert.equal(first.active, false);
    assert.equal((first.seen as Date).toISOString(), seen.toISOString());
    assert.deepEqual(first.doc, { k: [1, 2] });
    assert.deepEqual(first.raw, Buffer.from('bytes'));
    assert.deepEqual(first.tags, ['red', 'green']);
    assert.equal(first.key, '123e4567-e89b-12d3-a456-426614174000');
    assert.deepEqual(rows.slice(1).map((r) => [r.id, r.name, r.active, r.big]), [
      [2, 'two', true, null],
      [3, null, null, null],
    ]);
    const [count] = await sql`SELECT count(*)::int AS n FROM pjs_types WHERE id = ANY(${sql.array([1, 3])}::int[])`;
    assert.equal(count?.n, 2);
    const updated = await sql`UPDATE pjs_types SET name = ${'uno'} WHERE id = ${1}`;
    assert.equal(updated.count, 1);
    assert.equal(updated.command, 'UPDATE');
  });

  test('dynamic identifiers, IN lists and fragments', async () => {
    await sql`DROP TABLE IF EXISTS pjs_dyn`;
    await sql`CREATE TABLE ${sql('pjs_dyn')} (id int, label text)`;
    await sql`INSERT INTO pjs_dyn VALUES (1, 'a'), (2, 'b'), (3, 'c')`;
    const cols = ['id', 'label'];
    const filter = sql`WHERE id IN ${sql([1, 3])}`;
    const rows = await sql`SELECT ${sql(cols)} FROM pjs_dyn ${filter} ORDER BY id`;
    assert.deepEqual([...rows], [{ id: 1, label: 'a' }, { id: 3, label: 'c' }]);
    assert.deepEqual(rows.columns.map((c) => c.name), ['id', 'label']);
  });

  test('one statement prepared once runs with many parameter sets, and prepare: false works too', async () => {
    const named = connect({ max: 1 });
    const unnamed = connect({ prepare: false, max: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const [a] = await named`SELECT ${i}::int * 2 AS twice, ${'p' + i} AS label`;
        assert.deepEqual(a, { twice: i * 2, label: 'p' + i });
        const [b] = await unnamed`SELECT ${i}::int * 3 AS thrice`;
        assert.deepEqual(b, { thrice: i * 3 });
      }
      // The UPDATE's parameters are typed from the statement itself (SET text column, WHERE int column).
      await named`DROP TABLE IF EXISTS pjs_prep`;
      await named`CREATE TABLE pjs_prep (id int, name text)`;
      await named`INSERT INTO pjs_prep VALUES (1, 'a'), (2, 'b')`;
      const upd = await named`UPDATE pjs_prep SET name = ${'z'} WHERE id = ${2} RETURNING id, name`;
      assert.deepEqual([...upd], [{ id: 2, name: 'z' }]);
      const del = await unnamed`DELETE FROM pjs_prep WHERE id = ${1} AND name = ${'a'}`;
      assert.equal(del.count, 1);
    } finally {
      await named.end({ timeout: 5 });
      await unnamed.end({ timeout: 5 });
    }
  });

  test('describe() reports parameter types and columns without running', async () => {
    await sql`DROP TABLE IF EXISTS pjs_desc`;
    await sql`CREATE TABLE pjs_desc (id int, label text, price numeric)`;
    const d = await sql`SELECT id, label, price FROM pjs_desc WHERE id = ${1} AND label = ${'x'}`.describe();
    assert.deepEqual(d.types, [23, 25]);
    assert.deepEqual(d.columns.map((c) => [c.name, c.type]), [['id', 23], ['label', 25], ['price', 1700]]);
    const [count] = await sql`SELECT count(*)::int AS n FROM pjs_desc`;
    assert.equal(count?.n, 0);
  });

  test('sql.unsafe with and without parameters, and multiple statements', async () => {
    const [r] = await sql.unsafe('SELECT $1::int + $2::int AS sum', [2, 3]);
    assert.equal(r?.sum, 5);
    const results = await sql.unsafe('SELECT 1 AS a; SELECT 2 AS b');
    assert.deepEqual((results as unknown as postgres.Row[][]).map((x) => [...x]), [[{ a: 1 }], [{ b: 2 }]]);
  });

  test('values() and raw() return rows as arrays', async () => {
    const values = await sql`SELECT 1 AS a, 'x' AS b`.values();
    assert.deepEqual([...values], [[1, 'x']]);
    const raw = await sql`SELECT 'y' AS b`.raw();
    assert.deepEqual(raw[0]?.[0], Buffer.from('y'));
  });
});

describe('transactions', { timeout: 30_000 }, () => {
  test('sql.begin commits, and rolls back when the callback throws', async () => {
    await sql`DROP TABLE IF EXISTS pjs_tx`;
    await sql`CREATE TABLE pjs_tx (id int, note text)`;
    const result = await sql.begin(async (tx) => {
      await tx`INSERT INTO pjs_tx VALUES (${1}, ${'kept'})`;
      const [r] = await tx`SELECT count(*)::int AS n FROM pjs_tx`;
      return r?.n;
    });
    assert.equal(result, 1);
    await assert.rejects(
      sql.begin(async (tx) => {
        await tx`INSERT INTO pjs_tx VALUES (${2}, ${'dropped'})`;
        throw new Error('application failure');
      }),
      /application failure/,
    );
    const code = await sqlState(
      sql.begin(async (tx) => {
        await tx`INSERT INTO pjs_tx VALUES (${3}, ${'dropped'})`;
        await tx`SELECT 1 / ${0}::int`;
      }),
    );
    assert.equal(code, '22012');
    const rows = await sql`SELECT id, note FROM pjs_tx ORDER BY id`;
    assert.deepEqual([...rows], [{ id: 1, note: 'kept' }]);
  });

  test('savepoints roll back only their part', async () => {
    await sql`DROP TABLE IF EXISTS pjs_sp`;
    await sql`CREATE TABLE pjs_sp (id int)`;
    await sql.begin(async (tx) => {
      await tx`INSERT INTO pjs_sp VALUES (1)`;
      await assert.rejects(
        tx.savepoint(async (sp) => {
          await sp`INSERT INTO pjs_sp VALUES (2)`;
          await sp`INSERT INTO pjs_sp_missing VALUES (3)`;
        }),
        (e: { code?: string }) => e.code === '42P01',
      );
      await tx.savepoint(async (sp) => {
        await sp`INSERT INTO pjs_sp VALUES (4)`;
      });
      await tx`INSERT INTO pjs_sp VALUES (5)`;
    });
    const rows = await sql`SELECT id FROM pjs_sp ORDER BY id`;
    assert.deepEqual(rows.map((r) => r.id), [1, 4, 5]);
  });

  test('begin with options sets the isolation level', async () => {
    const level = await sql.begin('isolation level repeatable read', async (tx) => {
      const [r] = await tx`SHOW transaction_isolation`;
      return r?.transaction_isolation;
    });
    assert.equal(level, 'repeatable read');
  });
});

describe('COPY streams', { timeout: 30_000 }, () => {
  test('COPY FROM STDIN through writable() and TO STDOUT through readable()', async () => {
    await sql`DROP TABLE IF EXISTS pjs_copy`;
    await sql`CREATE TABLE pjs_copy (id int, name text, score float8)`;
    const lines = Array.from({ length: 500 }, (_, i) => `${i}\tname ${i}\t${i / 4}\n`);
    lines.push('500\t\\N\t\\N\n');
    const writable = await sql`COPY pjs_copy FROM STDIN`.writable();
    await pipeline(Readable.from(lines), writable);
    const [count] = await sql`SELECT count(*)::int AS n, count(name)::int AS named, sum(score) AS total FROM pjs_copy`;
    assert.deepEqual(count, { n: 501, named: 500, total: lines.slice(0, 500).reduce((s, _, i) => s + i / 4, 0) });

    const readable = await sql`COPY (SELECT id, name FROM pjs_copy WHERE id >= 498 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)`.readable();
    const chunks: Buffer[] = [];
    for await (const chunk of readable) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'id,name\n498,name 498\n499,name 499\n500,\n');
  });

  // postgres.js resolves the writable's query when copy-in starts, so the server's ErrorResponse after
  // CopyDone reaches no one; what the client sees is that nothing was copied and the connection goes on.
  test('a bad row in COPY FROM STDIN copies nothing and the connection goes on', async () => {
    await sql`DROP TABLE IF EXISTS pjs_copy_bad`;
    await sql`CREATE TABLE pjs_copy_bad (id int)`;
    const one = connect({ max: 1 });
    try {
      const writable = await one`COPY pjs_copy_bad FROM STDIN`.writable();
      // Not awaited: postgres.js calls the writable's final callback only on CommandComplete, which a failed
      // COPY never sends; the next query waits for the copy's ReadyForQuery.
      writable.write('1\n');
      writable.end('oops\n');
      const [r] = await one`SELECT count(*)::int AS n FROM pjs_copy_bad`;
      assert.equal(r?.n, 0);
    } finally {
      await one.end({ timeout: 5 });
    }
  });
});

describe('cursors', { timeout: 30_000 }, () => {
  test('cursor(n) reads a result n rows at a time', async () => {
    const batches: number[][] = [];
    for await (const rows of sql`SELECT g AS n FROM generate_series(1, ${25}) AS g ORDER BY g`.cursor(10)) {
      batches.push(rows.map((r) => r.n as number));
    }
    assert.deepEqual(batches.map((b) => b.length), [10, 10, 5]);
    assert.deepEqual(batches.flat(), Array.from({ length: 25 }, (_, i) => i + 1));
  });

  test('a cursor left early closes its portal and the connection goes on', async () => {
    const one = connect({ max: 1 });
    try {
      let seen = 0;
      for await (const rows of one`SELECT g FROM generate_series(1, 1000) AS g`.cursor(7)) {
        seen += rows.length;
        if (seen >= 14) break;
      }
      assert.equal(seen, 14);
      const [r] = await one`SELECT 'after' AS s`;
      assert.equal(r?.s, 'after');
    } finally {
      await one.end({ timeout: 5 });
    }
  });

  test('cursor with a callback inside a transaction', async () => {
    const seen: number[] = [];
    await sql.begin(async (tx) => {
      await tx`SELECT g FROM generate_series(1, 9) AS g`.cursor(4, (rows) => {
        seen.push(rows.length);
      });
    });
    assert.deepEqual(seen, [4, 4, 1]);
  });

  test('forEach streams rows one by one', async () => {
    let sum = 0;
    const result = await sql`SELECT g FROM generate_series(1, 100) AS g`.forEach((row) => {
      sum += row.g as number;
    });
    assert.equal(sum, 5050);
    assert.equal(result.count, 100);
  });
});

describe('errors', { timeout: 30_000 }, () => {
  test('errors carry SQLSTATE, message, position, and the session goes on', async () => {
    const one = connect({ max: 1 });
    try {
      await assert.rejects(one`SELECT * FROM pjs_no_such_table`, (e: postgres.PostgresError) => {
        assert.equal(e.code, '42P01');
        assert.equal(e.message, 'relation "pjs_no_such_table" does not exist');
        assert.equal(e.position, '15');
        assert.equal(e.severity, 'ERROR');
        return true;
      });
      assert.equal(await sqlState(one`SELECT ${'abc'}::int`), '22P02');
      assert.equal(await sqlState(one`SELEC 1`), '42601');
      assert.equal(await sqlState(one`SELECT no_such_column FROM (SELECT 1 AS a) s`), '42703');
      await one`DROP TABLE IF EXISTS pjs_err`;
      await one`CREATE TABLE pjs_err (id int NOT NULL)`;
      assert.equal(await sqlState(one`INSERT INTO pjs_err VALUES (${null})`), '23502');
      assert.equal(await sqlState(one`CREATE TABLE pjs_err (id int)`), '42P07');
      const [r] = await one`SELECT 1 AS ok`;
      assert.equal(r?.ok, 1);
    } finally {
      await one.end({ timeout: 5 });
    }
  });
});
