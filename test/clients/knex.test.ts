/**
 * Knex (on node-postgres) against Basin: migrations (the knex_migrations tables and their lock, createTable
 * with the common column types, increments, foreign keys, indexes, alterTable add/drop column, latest and
 * rollback), the query builder (insert … returning, select, join, groupBy, update, delete) and transactions.
 * With BASIN_TEST_TARGET set, the same tests run against that server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import knexFactory, { type Knex } from 'knex';
import { startTarget, type Target } from '../target.ts';

let target: Target;
let db: Knex;

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001_authors_books': {
    async up(knex) {
      await knex.schema.createTable('kx_authors', (t) => {
        t.increments('id');
        t.string('name', 100).notNullable();
        t.text('bio');
        t.boolean('active').notNullable().defaultTo(true);
        t.date('born');
        t.timestamp('created_at', { useTz: true }).defaultTo(knex.fn.now());
        t.unique(['name']);
      });
      await knex.schema.createTable('kx_books', (t) => {
        t.increments('id');
        t.integer('author_id').unsigned().notNullable().references('id').inTable('kx_authors').onDelete('CASCADE');
        t.string('title').notNullable();
        t.decimal('price', 8, 2);
        t.float('rating');
        t.bigInteger('copies');
        t.jsonb('meta');
        t.uuid('isbn_key');
        t.index(['author_id'], 'kx_books_author_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('kx_books');
      await knex.schema.dropTable('kx_authors');
    },
  },
  '002_books_pages': {
    async up(knex) {
      await knex.schema.alterTable('kx_books', (t) => {
        t.integer('pages');
        t.dropColumn('rating');
      });
    },
    async down(knex) {
      await knex.schema.alterTable('kx_books', (t) => {
        t.dropColumn('pages');
        t.float('rating');
      });
    },
  },
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

before(async () => {
  target = await startTarget();
  db = knexFactory({
    client: 'pg',
    connection: { host: target.host, port: target.port, user: target.user, password: target.password, database: target.database },
    pool: { min: 0, max: 2 },
    migrations: { migrationSource, tableName: 'kx_migrations' },
  });
  // Leftovers of an earlier run against an external server.
  for (const t of ['kx_books', 'kx_authors', 'kx_migrations', 'kx_migrations_lock', 'kx_tx']) await db.schema.dropTableIfExists(t);
});
after(async () => {
  await db?.destroy();
  await target?.stop();
});

async function columnsOf(table: string): Promise<string[]> {
  return Object.keys(await db(table).columnInfo()).sort();
}

describe('migrations', { timeout: 30_000 }, () => {
  test('latest runs every migration, recording them and releasing the lock', async () => {
    const [batch, names] = (await db.migrate.latest()) as [number, string[]];
    assert.equal(batch, 1);
    assert.deepEqual(names, ['001_authors_books', '002_books_pages']);
    assert.equal(await db.schema.hasTable('kx_migrations'), true);
    assert.equal(await db.schema.hasTable('kx_migrations_lock'), true);
    const recorded = await db('kx_migrations').select('name', 'batch').orderBy('id');
    assert.deepEqual(recorded, [{ name: '001_authors_books', batch: 1 }, { name: '002_books_pages', batch: 1 }]);
    assert.deepEqual(await db('kx_migrations_lock').select('is_locked'), [{ is_locked: 0 }]);
    assert.deepEqual(await columnsOf('kx_books'), ['author_id', 'copies', 'id', 'isbn_key', 'meta', 'pages', 'price', 'title']);
    assert.equal(await db.schema.hasColumn('kx_books', 'rating'), false);
    const info = await db('kx_authors').columnInfo();
    assert.deepEqual(info.name, { type: 'character varying', maxLength: 100, nullable: false, defaultValue: null });
    assert.equal(info.id?.type, 'integer');
    assert.equal(info.active?.nullable, false);
    assert.equal(info.created_at?.type, 'timestamp with time zone');
    assert.deepEqual(await db.migrate.status(), 0);
    const [, again] = (await db.migrate.latest()) as [number, string[]];
    assert.deepEqual(again, []);
  });

  test('rollback undoes the last batch, and latest applies it again', async () => {
    const [, rolled] = (await db.migrate.rollback()) as [number, string[]];
    assert.deepEqual(rolled.sort(), ['001_authors_books', '002_books_pages']);
    assert.equal(await db.schema.hasTable('kx_books'), false);
    assert.equal(await db.schema.hasTable('kx_authors'), false);
    assert.deepEqual(await db('kx_migrations').select('name'), []);
    const [batch, names] = (await db.migrate.latest()) as [number, string[]];
    assert.equal(batch, 1);
    assert.equal(names.length, 2);
    assert.equal(await db.schema.hasColumn('kx_books', 'pages'), true);
  });

  test('down and up step one migration at a time', async () => {
    await db.migrate.down();
    assert.equal(await db.schema.hasColumn('kx_books', 'pages'), false);
    assert.equal(await db.schema.hasColumn('kx_books', 'rating'), true);
    assert.deepEqual((await db('kx_migrations').select('name')).map((r: { name: string }) => r.name), ['001_authors_books']);
    await db.migrate.up();
    assert.equal(await db.schema.hasColumn('kx_books', 'pages'), true);
    assert.equal(await db.migrate.currentVersion(), '002');
  });
});

describe('query builder', { timeout: 30_000 }, () => {
  test('insert returning, select, join, groupBy, update, delete', async () => {
    const authors = await db('kx_authors')
      .insert([{ name: 'Ursula', born: '1929-10-21', bio: 'Earthsea' }, { name: 'Iain', active: false }])
      .returning(['id', 'name', 'active']);
    assert.deepEqual(authors.map((a: { name: string; active: boolean }) => [a.name, a.active]), [['Ursula', true], ['Iain', false]]);
    const [ursula, iain] = authors as { id: number }[];
    assert.equal(typeof ursula!.id, 'number');
    await db('kx_books').insert([
      { author_id: ursula!.id, title: 'A Wizard of Earthsea', price: '9.99', copies: 1000000, pages: 183, meta: { series: 'Earthsea', n: 1 } },
      { author_id: ursula!.id, title: 'The Tombs of Atuan', price: '8.50', copies: 500000, pages: 163, meta: { series: 'Earthsea', n: 2 } },
      { author_id: iain!.id, title: 'Consider Phlebas', price: '12.00', copies: 250000, pages: 471, isbn_key: '6f1e1a43-3f5e-4c5e-9d0a-6f8f0b1c2d3e' },
    ]);

    const rows = await db('kx_books as b')
      .join('kx_authors as a', 'a.id', 'b.author_id')
      .select('a.name', 'b.title', 'b.price', 'b.meta')
      .where('b.pages', '>', 170)
      .orderBy('b.title');
    assert.deepEqual(rows, [
      { name: 'Ursula', title: 'A Wizard of Earthsea', price: '9.99', meta: { series: 'Earthsea', n: 1 } },
      { name: 'Iain', title: 'Consider Phlebas', price: '12.00', meta: null },
    ]);

    const grouped = await db('kx_books')
      .join('kx_authors', 'kx_authors.id', 'kx_books.author_id')
      .select('kx_authors.name')
      .count({ books: '*' })
      .sum({ copies: 'copies' })
      .groupBy('kx_authors.name')
      .having(db.raw('count(*) > ?', [0]))
      .orderBy('kx_authors.name');
    assert.deepEqual(grouped, [{ name: 'Iain', books: '1', copies: '250000' }, { name: 'Ursula', books: '2', copies: '1500000' }]);

    const one = await db('kx_books').where({ title: 'The Tombs of Atuan' }).first('title', 'copies');
    assert.deepEqual(one, { title: 'The Tombs of Atuan', copies: '500000' });

    const updated = await db('kx_books').where('author_id', ursula!.id).update({ price: db.raw('price + ?', [1]) }, ['title', 'price']);
    assert.deepEqual(updated.map((r: { price: string }) => r.price).sort(), ['10.99', '9.50']);
    assert.equal(await db('kx_books').where('price', '<', 10).update({ pages: 1 }), 1);

    const like = await db('kx_books').whereILike('title', '%earthsea%').pluck('title');
    assert.deepEqual(like, ['A Wizard of Earthsea']);
    const json = await db('kx_books').whereRaw("meta->>'series' = ?", ['Earthsea']).count({ n: '*' });
    assert.deepEqual(json, [{ n: '2' }]);

    assert.equal(await db('kx_books').where('title', 'Consider Phlebas').del(), 1);
    // ON DELETE CASCADE is recorded, not enforced: delete the books first, as an ORM would when unsure.
    await db('kx_books').where('author_id', ursula!.id).del();
    assert.equal(await db('kx_authors').where('id', ursula!.id).del(), 1);
    const left = await db('kx_authors').select('name');
    assert.deepEqual(left, [{ name: 'Iain' }]);
  });

  test('errors carry the SQLSTATE and the pool stays usable', async () => {
    await assert.rejects(db('kx_no_such_table').select('*'), (e: { code?: string }) => e.code === '42P01');
    await assert.rejects(db('kx_authors').insert({ name: null }), (e: { code?: string }) => e.code === '23502');
    assert.deepEqual(await db.raw('SELECT ?::int + 1 AS n', [41]).then((r: { rows: unknown[] }) => r.rows), [{ n: 42 }]);
  });
});

describe('transactions', { timeout: 30_000 }, () => {
  test('commit, rollback on a thrown error, and a nested transaction as a savepoint', async () => {
    await db.schema.createTable('kx_tx', (t) => {
      t.increments('id');
      t.string('note');
    });
    await db.transaction(async (trx) => {
      await trx('kx_tx').insert({ note: 'committed' });
    });
    await assert.rejects(
      db.transaction(async (trx) => {
        await trx('kx_tx').insert({ note: 'rolled back' });
        throw new Error('application failure');
      }),
      /application failure/,
    );
    await db.transaction(async (trx) => {
      await trx('kx_tx').insert({ note: 'outer' });
      await assert.rejects(
        trx.transaction(async (inner) => {
          await inner('kx_tx').insert({ note: 'inner, rolled back' });
          await inner.raw('SELECT 1 / 0');
        }),
        (e: { code?: string }) => e.code === '22012',
      );
      await trx.transaction(async (inner) => {
        await inner('kx_tx').insert({ note: 'inner, kept' });
      });
    });
    const notes = await db('kx_tx').orderBy('id').pluck('note');
    assert.deepEqual(notes, ['committed', 'outer', 'inner, kept']);

    const trx = await db.transaction();
    await trx('kx_tx').insert({ note: 'manual' });
    await trx.rollback();
    assert.equal((await db('kx_tx').where('note', 'manual')).length, 0);
  });
});
