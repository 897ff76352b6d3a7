/**
 * Kysely (PostgresDialect on node-postgres) against Basin: its Migrator (advisory lock, migration tables) and the
 * schema builder of its migrations (createTable,
 * addColumn with constraints, createIndex, alterTable, dropTable), typed queries (insert … returning, select with joins,
 * update, delete), transactions, and introspection of tables and columns. With BASIN_TEST_TARGET set, the
 * same tests run against that server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kysely, Migrator, PostgresDialect, sql, type Generated, type Migration } from 'kysely';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

interface Database {
  ky_person: { id: Generated<number>; first_name: string; last_name: string | null; age: number; created_at: Generated<Date> };
  ky_pet: { id: Generated<number>; owner_id: number; name: string; species: 'cat' | 'dog'; weight: string | null };
  ky_tx: { id: number; note: string };
}

const migrations: Record<string, Migration> = {
  '2024_01_01_person_pet': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('ky_person')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('first_name', 'varchar(50)', (c) => c.notNull())
        .addColumn('last_name', 'text')
        .addColumn('age', 'integer', (c) => c.notNull().defaultTo(0).check(sql`age >= 0`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('ky_pet')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        .addColumn('owner_id', 'integer', (c) => c.references('ky_person.id').onDelete('cascade').notNull())
        .addColumn('name', 'varchar(50)', (c) => c.notNull().unique())
        .addColumn('species', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ky_pet_owner_idx').on('ky_pet').column('owner_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ky_pet').execute();
      await db.schema.dropTable('ky_person').execute();
    },
  },
  '2024_01_02_pet_weight': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('ky_pet').addColumn('weight', 'numeric(6, 2)').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('ky_pet').dropColumn('weight').execute();
    },
  },
};

let target: Target;
let db: Kysely<Database>;

before(async () => {
  target = await startTarget();
  db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database, max: 2 }),
    }),
  });
  // Leftovers of an earlier run against an external server.
  for (const t of ['ky_pet', 'ky_person', 'ky_tx', 'ky_migration', 'ky_migration_lock']) await db.schema.dropTable(t).ifExists().execute();
});
after(async () => {
  await db?.destroy();
  await target?.stop();
});

describe('schema', { timeout: 30_000 }, () => {
  // Kysely's Migrator holds pg_advisory_lock (on a bigint key) while it runs a batch of migrations, releases it
  // with pg_advisory_unlock, and records what ran in its migration table.
  test('the Migrator migrates up, down and up again, under its advisory lock', async () => {
    const migrator = new Migrator({
      db, provider: { getMigrations: async () => migrations }, migrationTableName: 'ky_migration', migrationLockTableName: 'ky_migration_lock',
    });
    const latest = await migrator.migrateToLatest();
    assert.equal(latest.error, undefined);
    assert.deepEqual(latest.results?.map((r) => [r.migrationName, r.direction, r.status]),
      [['2024_01_01_person_pet', 'Up', 'Success'], ['2024_01_02_pet_weight', 'Up', 'Success']]);
    const ran = await sql<{ name: string }>`SELECT name FROM ky_migration ORDER BY name`.execute(db);
    assert.deepEqual(ran.rows.map((r) => r.name), ['2024_01_01_person_pet', '2024_01_02_pet_weight']);
    assert.deepEqual((await migrator.migrateToLatest()).results, []);
    for (const name of ['2024_01_02_pet_weight', '2024_01_01_person_pet']) {
      const down = await migrator.migrateDown();
      assert.equal(down.error, undefined);
      assert.deepEqual(down.results?.map((r) => [r.migrationName, r.direction, r.status]), [[name, 'Down', 'Success']]);
    }
    assert.equal((await db.introspection.getTables()).some((t) => t.name === 'ky_pet'), false);
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'ky_pet' ORDER BY indexname`.execute(db);
    assert.ok(indexes.rows.some((r) => r.indexname === 'ky_pet_owner_idx'));
    const locks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`.execute(db);
    assert.equal(locks.rows[0]!.n, 0, 'the Migrator released its lock');
  });

  test('introspection lists the tables and their columns', async () => {
    const tables = await db.introspection.getTables();
    const mine = tables.filter((t) => t.name.startsWith('ky_') && !t.name.startsWith('ky_migration')).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(mine.map((t) => [t.schema, t.name, t.isView]), [['public', 'ky_person', false], ['public', 'ky_pet', false]]);
    const pet = mine.find((t) => t.name === 'ky_pet')!;
    assert.deepEqual(
      pet.columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing, c.hasDefaultValue]),
      [
        ['id', 'int4', false, true, false],
        ['owner_id', 'int4', false, false, false],
        ['name', 'varchar', false, false, false],
        ['species', 'text', false, false, false],
        ['weight', 'numeric', true, false, false],
      ],
    );
    const person = mine.find((t) => t.name === 'ky_person')!;
    const age = person.columns.find((c) => c.name === 'age')!;
    assert.deepEqual([age.dataType, age.hasDefaultValue, age.isNullable], ['int4', true, false]);
    const schemas = await db.introspection.getSchemas();
    assert.ok(schemas.some((s) => s.name === 'public'));
  });
});

describe('typed queries', { timeout: 30_000 }, () => {
  test('insert returning, select with joins, update, delete', async () => {
    const people = await db
      .insertInto('ky_person')
      .values([{ first_name: 'Jennifer', last_name: 'Aniston', age: 40 }, { first_name: 'Arnold', last_name: null, age: 70 }])
      .returning(['id', 'first_name', 'created_at'])
      .execute();
    assert.equal(people.length, 2);
    assert.ok(people[0]!.created_at instanceof Date);
    const [jennifer, arnold] = people;
    await db.insertInto('ky_pet').values([
      { owner_id: jennifer!.id, name: 'Catto', species: 'cat', weight: '4.25' },
      { owner_id: jennifer!.id, name: 'Doggo', species: 'dog', weight: null },
      { owner_id: arnold!.id, name: 'Hammer', species: 'dog', weight: '30.00' },
    ]).execute();

    const rows = await db
      .selectFrom('ky_pet')
      .innerJoin('ky_person', 'ky_person.id', 'ky_pet.owner_id')
      .select(['ky_person.first_name', 'ky_pet.name as pet', 'ky_pet.weight'])
      .where('ky_pet.species', '=', 'dog')
      .orderBy('ky_pet.name')
      .execute();
    assert.deepEqual(rows, [{ first_name: 'Jennifer', pet: 'Doggo', weight: null }, { first_name: 'Arnold', pet: 'Hammer', weight: '30.00' }]);

    const counts = await db
      .selectFrom('ky_person')
      .leftJoin('ky_pet', 'ky_pet.owner_id', 'ky_person.id')
      .select(({ fn }) => ['ky_person.first_name', fn.count<string>('ky_pet.id').as('pets'), fn.max('ky_pet.weight').as('heaviest')])
      .groupBy('ky_person.first_name')
      .having(({ fn }) => fn.count('ky_pet.id'), '>', 0)
      .orderBy('pets', 'desc')
      .execute();
    assert.deepEqual(counts, [{ first_name: 'Jennifer', pets: '2', heaviest: '4.25' }, { first_name: 'Arnold', pets: '1', heaviest: '30.00' }]);

    const sub = await db
      .selectFrom('ky_person')
      .select('first_name')
      .where(({ exists, selectFrom }) => exists(selectFrom('ky_pet').whereRef('ky_pet.owner_id', '=', 'ky_person.id').where('species', '=', 'cat').select('ky_pet.id')))
      .execute();
    assert.deepEqual(sub, [{ first_name: 'Jennifer' }]);

    const updated = await db
      .updateTable('ky_person')
      .set((eb) => ({ age: eb('age', '+', 1), last_name: 'S.' }))
      .where('first_name', '=', 'Arnold')
      .returning(['age', 'last_name'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(updated, { age: 71, last_name: 'S.' });

    const gone = await db.deleteFrom('ky_pet').where('name', 'in', ['Doggo', 'Hammer']).executeTakeFirst();
    assert.equal(gone.numDeletedRows, 2n);
    const left = await db.selectFrom('ky_pet').select('name').execute();
    assert.deepEqual(left, [{ name: 'Catto' }]);

    const one = await db.selectFrom('ky_person').selectAll().where('id', '=', jennifer!.id).executeTakeFirstOrThrow();
    assert.equal(one.first_name, 'Jennifer');
    assert.equal(one.age, 40);
  });

  test('a failed constraint carries its SQLSTATE', async () => {
    await assert.rejects(
      db.insertInto('ky_person').values({ first_name: 'Neg', age: -1 }).execute(),
      (e: { code?: string }) => e.code === '23514',
    );
    const r = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(db);
    assert.deepEqual(r.rows, [{ n: 42 }]);
  });
});

describe('transactions', { timeout: 30_000 }, () => {
  test('commit, and rollback when the callback throws', async () => {
    await db.schema.createTable('ky_tx').addColumn('id', 'integer').addColumn('note', 'text').execute();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('ky_tx').values({ id: 1, note: 'kept' }).execute();
    });
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('ky_tx').values({ id: 2, note: 'dropped' }).execute();
        await sql`SELECT 1 / 0`.execute(trx);
      }),
      (e: { code?: string }) => e.code === '22012',
    );
    await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
      await trx.insertInto('ky_tx').values({ id: 3, note: 'serializable' }).execute();
    });
    const trx = await db.startTransaction().execute();
    await trx.insertInto('ky_tx').values({ id: 4, note: 'savepoint kept' }).execute();
    const sp = await trx.savepoint('a').execute();
    await sp.insertInto('ky_tx').values({ id: 5, note: 'savepoint dropped' }).execute();
    const back = await sp.rollbackToSavepoint('a').execute();
    await back.commit().execute();
    const notes = await db.selectFrom('ky_tx').select(['id', 'note']).orderBy('id').execute();
    assert.deepEqual(notes, [{ id: 1, note: 'kept' }, { id: 3, note: 'serializable' }, { id: 4, note: 'savepoint kept' }]);
  });
});
