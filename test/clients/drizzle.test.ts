/**
 * Drizzle ORM (drizzle-orm/node-postgres over `pg`) against Basin: pgTable definitions with the common column
 * types and keys, tables made with the `sql` template (drizzle-kit is not used), insert … returning, selects
 * with where/and/or/like/inArray, inner and left joins, relational queries (`db.query.x.findMany({ with })`,
 * which Drizzle builds from lateral subqueries and json_build_array), update, delete, transactions with
 * rollback and a nested savepoint, named prepared queries, and count/sum with groupBy. With
 * BASIN_TEST_TARGET set, the same tests run against that server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, asc, count, desc, eq, inArray, like, or, relations, sql, sum } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { boolean, integer, jsonb, numeric, pgTable, serial, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { startTarget, type Target } from '../target.ts';

const authors = pgTable('dz_author', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 60 }).notNull(),
  email: text('email'),
  active: boolean('active').notNull().default(true),
  joined: timestamp('joined', { withTimezone: true }).notNull().defaultNow(),
});

const books = pgTable('dz_book', {
  id: serial('id').primaryKey(),
  authorId: integer('author_id').notNull().references(() => authors.id),
  title: text('title').notNull(),
  price: numeric('price', { precision: 8, scale: 2 }),
  meta: jsonb('meta').$type<{ tags: string[]; pages?: number }>(),
  ref: uuid('ref'),
});

const authorsRelations = relations(authors, ({ many }) => ({ books: many(books) }));
const booksRelations = relations(books, ({ one }) => ({ author: one(authors, { fields: [books.authorId], references: [authors.id] }) }));
const schema = { authors, books, authorsRelations, booksRelations };

let target: Target;
let pool: pg.Pool;
let db: NodePgDatabase<typeof schema>;

before(async () => {
  target = await startTarget();
  pool = new pg.Pool({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database, max: 2 });
  db = drizzle(pool, { schema });
  await db.execute(sql`DROP TABLE IF EXISTS dz_book`);
  await db.execute(sql`DROP TABLE IF EXISTS dz_author`);
  await db.execute(sql`CREATE TABLE dz_author (
    id serial PRIMARY KEY,
    name varchar(60) NOT NULL,
    email text,
    active boolean NOT NULL DEFAULT true,
    joined timestamp with time zone NOT NULL DEFAULT now())`);
  await db.execute(sql`CREATE TABLE dz_book (
    id serial PRIMARY KEY,
    author_id integer NOT NULL REFERENCES dz_author (id),
    title text NOT NULL,
    price numeric(8, 2),
    meta jsonb,
    ref uuid)`);
});

after(async () => {
  await db?.execute(sql`DROP TABLE IF EXISTS dz_book`);
  await db?.execute(sql`DROP TABLE IF EXISTS dz_author`);
  await pool?.end();
  await target?.stop();
});

describe('drizzle', { timeout: 30_000 }, () => {
  test('insert … returning gives serial ids, defaults and typed values', async () => {
    const inserted = await db
      .insert(authors)
      .values([{ name: 'Ada', email: 'ada@example.com' }, { name: 'Brian', active: false }, { name: 'Cleo', email: 'cleo@example.org' }])
      .returning();
    assert.deepEqual(inserted.map((a) => [a.id, a.name, a.email, a.active]), [
      [1, 'Ada', 'ada@example.com', true],
      [2, 'Brian', null, false],
      [3, 'Cleo', 'cleo@example.org', true],
    ]);
    assert.ok(inserted[0]!.joined instanceof Date && Math.abs(inserted[0]!.joined.getTime() - Date.now()) < 60_000);

    const ids = await db
      .insert(books)
      .values([
        { authorId: 1, title: 'Notes on the Engine', price: '12.50', meta: { tags: ['math', 'history'], pages: 40 }, ref: '0b6f7a3e-3c1a-4c8e-9a55-2f1d4c0e9b11' },
        { authorId: 1, title: 'Letters', price: '8.00', meta: { tags: ['letters'] } },
        { authorId: 3, title: 'Pharaohs', price: '20.25', meta: null },
        { authorId: 3, title: 'Papyrus', price: null },
      ])
      .returning({ id: books.id, title: books.title });
    assert.deepEqual(ids, [
      { id: 1, title: 'Notes on the Engine' },
      { id: 2, title: 'Letters' },
      { id: 3, title: 'Pharaohs' },
      { id: 4, title: 'Papyrus' },
    ]);
  });

  test('select with where, and, or, like and inArray', async () => {
    const one = await db.select().from(books).where(eq(books.id, 1));
    assert.deepEqual(one, [
      { id: 1, authorId: 1, title: 'Notes on the Engine', price: '12.50', meta: { tags: ['math', 'history'], pages: 40 }, ref: '0b6f7a3e-3c1a-4c8e-9a55-2f1d4c0e9b11' },
    ]);
    const pa = await db.select({ title: books.title }).from(books).where(and(like(books.title, 'P%'), eq(books.authorId, 3))).orderBy(asc(books.title));
    assert.deepEqual(pa.map((b) => b.title), ['Papyrus', 'Pharaohs']);
    const either = await db.select({ name: authors.name }).from(authors).where(or(eq(authors.active, false), like(authors.email, '%.org'))).orderBy(authors.name);
    assert.deepEqual(either.map((a) => a.name), ['Brian', 'Cleo']);
    const some = await db.select({ id: authors.id }).from(authors).where(inArray(authors.id, [1, 3, 99])).orderBy(desc(authors.id));
    assert.deepEqual(some, [{ id: 3 }, { id: 1 }]);
    const tagged = await db.select({ title: books.title }).from(books).where(sql`${books.meta} -> 'tags' ? 'letters'`);
    assert.deepEqual(tagged, [{ title: 'Letters' }]);
  });

  test('inner and left joins', async () => {
    const inner = await db
      .select({ author: authors.name, title: books.title })
      .from(books)
      .innerJoin(authors, eq(books.authorId, authors.id))
      .orderBy(books.id);
    assert.deepEqual(inner.map((r) => `${r.author}: ${r.title}`), ['Ada: Notes on the Engine', 'Ada: Letters', 'Cleo: Pharaohs', 'Cleo: Papyrus']);
    const left = await db.select().from(authors).leftJoin(books, eq(books.authorId, authors.id)).where(eq(authors.id, 2));
    assert.equal(left.length, 1);
    assert.equal(left[0]!.dz_author.name, 'Brian');
    assert.equal(left[0]!.dz_book, null);
  });

  test('relational queries load related rows', async () => {
    const found = await db.query.authors.findMany({
      columns: { id: true, name: true },
      with: { books: { columns: { title: true, price: true }, orderBy: (b, { asc }) => [asc(b.id)] } },
      orderBy: (a, { asc }) => [asc(a.id)],
    });
    assert.deepEqual(found, [
      { id: 1, name: 'Ada', books: [{ title: 'Notes on the Engine', price: '12.5' }, { title: 'Letters', price: '8' }] },
      { id: 2, name: 'Brian', books: [] },
      { id: 3, name: 'Cleo', books: [{ title: 'Pharaohs', price: '20.25' }, { title: 'Papyrus', price: null }] },
    ]);
    const book = await db.query.books.findFirst({ where: eq(books.title, 'Letters'), with: { author: { columns: { name: true } } } });
    assert.equal(book?.author.name, 'Ada');
    assert.deepEqual(book?.meta, { tags: ['letters'] });
  });

  test('aggregates: count and sum with groupBy', async () => {
    const total = await db.select({ n: count() }).from(books);
    assert.deepEqual(total, [{ n: 4 }]);
    const per = await db
      .select({ author: authors.name, n: count(books.id), total: sum(books.price) })
      .from(authors)
      .leftJoin(books, eq(books.authorId, authors.id))
      .groupBy(authors.name)
      .orderBy(authors.name);
    assert.deepEqual(per, [
      { author: 'Ada', n: 2, total: '20.50' },
      { author: 'Brian', n: 0, total: null },
      { author: 'Cleo', n: 2, total: '20.25' },
    ]);
  });

  test('named prepared queries with placeholders', async () => {
    const byAuthor = db
      .select({ title: books.title })
      .from(books)
      .where(eq(books.authorId, sql.placeholder('author')))
      .orderBy(books.id)
      .prepare('dz_books_by_author');
    assert.deepEqual(await byAuthor.execute({ author: 1 }), [{ title: 'Notes on the Engine' }, { title: 'Letters' }]);
    assert.deepEqual(await byAuthor.execute({ author: 3 }), [{ title: 'Pharaohs' }, { title: 'Papyrus' }]);
    assert.deepEqual(await byAuthor.execute({ author: 2 }), []);
  });

  test('update and delete with returning', async () => {
    const updated = await db.update(books).set({ price: sql`${books.price} * 2` }).where(eq(books.authorId, 1)).returning({ id: books.id, price: books.price });
    assert.deepEqual(updated.sort((a, b) => a.id - b.id), [{ id: 1, price: '25.00' }, { id: 2, price: '16.00' }]);
    const deleted = await db.delete(books).where(eq(books.title, 'Papyrus')).returning({ id: books.id });
    assert.deepEqual(deleted, [{ id: 4 }]);
    assert.deepEqual(await db.select({ n: count() }).from(books), [{ n: 3 }]);
  });

  test('transactions: rollback undoes the work, a nested transaction is a savepoint', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.insert(authors).values({ name: 'Ghost' });
        assert.equal((await tx.select().from(authors).where(eq(authors.name, 'Ghost'))).length, 1);
        tx.rollback();
      }),
      /Rollback/,
    );
    assert.equal((await db.select().from(authors).where(eq(authors.name, 'Ghost'))).length, 0);

    await db.transaction(async (tx) => {
      await tx.insert(authors).values({ id: 10, name: 'Kept' });
      await assert.rejects(
        tx.transaction(async (inner) => {
          await inner.insert(authors).values({ id: 11, name: 'Dropped' });
          inner.rollback();
        }),
        /Rollback/,
      );
      await tx.transaction(async (inner) => {
        await inner.update(authors).set({ email: 'kept@example.com' }).where(eq(authors.id, 10));
      });
    });
    const rows = await db.select({ id: authors.id, email: authors.email }).from(authors).where(inArray(authors.id, [10, 11]));
    assert.deepEqual(rows, [{ id: 10, email: 'kept@example.com' }]);
  });

  test('a failed statement in a transaction rolls it back and leaves the pool usable', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.insert(books).values({ authorId: 1, title: 'Half' });
        await tx.execute(sql`SELECT 1 / 0`);
      }),
      (e: Error & { cause?: { code?: string } }) => (e.cause?.code ?? (e as { code?: string }).code) === '22012',
    );
    assert.equal((await db.select().from(books).where(eq(books.title, 'Half'))).length, 0);
    assert.deepEqual(await db.select({ n: count() }).from(books), [{ n: 3 }]);
  });
});
