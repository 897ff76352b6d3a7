/**
 * TypeORM (postgres driver on node-postgres) against Basin: a DataSource with synchronize: true over two
 * entities with a ManyToOne/OneToMany relation (declared with EntitySchema, so no decorators), CRUD through
 * repositories, the query builder, and transactions. Synchronize reads information_schema and pg_catalog. With
 * BASIN_TEST_TARGET set, the same tests run against that server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import 'reflect-metadata';
import { DataSource, EntitySchema } from 'typeorm';
import { startTarget, type Target } from '../target.ts';

interface Author { id: number; name: string; active: boolean; born: string | null; books?: Book[] }
interface Book { id: number; title: string; price: string | null; pages: number; meta: unknown; published: Date | null; author?: Author }

const AuthorEntity = new EntitySchema<Author>({
  name: 'to_author',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 60, unique: true },
    active: { type: 'boolean', default: true },
    born: { type: 'date', nullable: true },
  },
  relations: { books: { type: 'one-to-many', target: 'to_book', inverseSide: 'author' } },
});

const BookEntity = new EntitySchema<Book>({
  name: 'to_book',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    title: { type: 'text' },
    price: { type: 'numeric', precision: 8, scale: 2, nullable: true },
    pages: { type: 'int', default: 0 },
    meta: { type: 'jsonb', nullable: true },
    published: { type: 'timestamptz', nullable: true },
  },
  relations: { author: { type: 'many-to-one', target: 'to_author', inverseSide: 'books', joinColumn: { name: 'author_id' }, onDelete: 'CASCADE' } },
});

let target: Target;
let ds: DataSource;

before(async () => {
  target = await startTarget();
  const options = {
    type: 'postgres' as const, host: target.host, port: target.port, username: target.user, password: target.password,
    database: target.database, entities: [AuthorEntity, BookEntity], logging: false,
  };
  // Leftovers of an earlier run against an external server.
  const cleanup = await new DataSource(options).initialize();
  await cleanup.query('DROP TABLE IF EXISTS to_book');
  await cleanup.query('DROP TABLE IF EXISTS to_author');
  await cleanup.destroy();
  ds = await new DataSource({ ...options, synchronize: true }).initialize();
});
after(async () => {
  await ds?.destroy();
  await target?.stop();
});

describe('TypeORM', { timeout: 30_000 }, () => {
  test('synchronize created the tables; a second DataSource finds nothing to change', async () => {
    const cols = await ds.query(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'to_book' ORDER BY ordinal_position",
    ) as { column_name: string; data_type: string; is_nullable: string }[];
    assert.deepEqual(cols.map((c) => [c.column_name, c.data_type, c.is_nullable]), [
      ['id', 'integer', 'NO'],
      ['title', 'text', 'NO'],
      ['price', 'numeric', 'YES'],
      ['pages', 'integer', 'NO'],
      ['meta', 'jsonb', 'YES'],
      ['published', 'timestamp with time zone', 'YES'],
      ['author_id', 'integer', 'YES'],
    ]);
    const again = await new DataSource({ ...ds.options, synchronize: false }).initialize();
    try {
      const log = await again.driver.createSchemaBuilder().log();
      // Tables, columns, types, defaults, nullability, UNIQUE and FOREIGN KEY constraints all read back as made.
      assert.deepEqual(log.upQueries.map((q) => q.query), []);
    } finally {
      await again.destroy();
    }
  });

  test('repositories: save, find with relations, update, delete', async () => {
    const authors = ds.getRepository(AuthorEntity);
    const books = ds.getRepository(BookEntity);
    const ann = await authors.save({ name: 'Ann', born: '1970-05-06' });
    const bob = await authors.save({ name: 'Bob', active: false });
    assert.equal(typeof ann.id, 'number');
    assert.equal(ann.active, true, 'the default comes back from INSERT … RETURNING');
    const published = new Date('2020-01-02T03:04:05Z');
    await books.save([
      { title: 'First', price: '10.50', pages: 100, meta: { tags: ['a'] }, published, author: ann },
      { title: 'Second', price: null, pages: 200, meta: null, published: null, author: ann },
      { title: 'Third', price: '7.25', pages: 300, meta: { n: 3 }, published: null, author: bob },
    ]);

    const found = await authors.find({ relations: { books: true }, order: { name: 'ASC', books: { title: 'ASC' } } });
    assert.deepEqual(found.map((a) => [a.name, a.born, a.books?.map((b) => b.title)]), [
      ['Ann', '1970-05-06', ['First', 'Second']],
      ['Bob', null, ['Third']],
    ]);
    const first = await books.findOne({ where: { title: 'First' }, relations: { author: true } });
    assert.equal(first?.price, '10.50');
    assert.deepEqual(first?.meta, { tags: ['a'] });
    assert.equal(first?.published?.toISOString(), published.toISOString());
    assert.equal(first?.author?.name, 'Ann');

    await books.update({ title: 'Second' }, { pages: 222 });
    assert.equal((await books.findOneByOrFail({ title: 'Second' })).pages, 222);
    first!.title = 'First, revised';
    await books.save(first!);
    assert.equal(await books.countBy({ title: 'First, revised' }), 1);

    const result = await books.delete({ title: 'Third' });
    assert.equal(result.affected, 1);
    assert.equal(await books.count(), 2);
  });

  test('the query builder: joins, aggregates, parameters', async () => {
    const rows = await ds.getRepository(BookEntity)
      .createQueryBuilder('b')
      .innerJoin('b.author', 'a')
      .select('a.name', 'name')
      .addSelect('COUNT(b.id)', 'books')
      .addSelect('SUM(b.pages)', 'pages')
      .where('a.active = :active', { active: true })
      .groupBy('a.name')
      .getRawMany();
    assert.deepEqual(rows, [{ name: 'Ann', books: '2', pages: '322' }]);
    const withAuthor = await ds.getRepository(BookEntity)
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.author', 'a')
      .where('b.pages > :min', { min: 150 })
      .orderBy('b.id')
      .getMany();
    assert.deepEqual(withAuthor.map((b) => [b.title, b.author?.name]), [['Second', 'Ann']]);
    const updated = await ds.createQueryBuilder().update(BookEntity).set({ pages: () => 'pages + 1' }).where('pages < :n', { n: 150 }).execute();
    assert.equal(updated.affected, 1);
  });

  test('transactions commit, and roll back on an error', async () => {
    await ds.transaction(async (manager) => {
      await manager.getRepository(AuthorEntity).save({ name: 'Cid' });
    });
    await assert.rejects(
      ds.transaction(async (manager) => {
        await manager.getRepository(AuthorEntity).save({ name: 'Dee' });
        await manager.query('SELECT 1 / 0');
      }),
      (e: { driverError?: { code?: string } }) => e.driverError?.code === '22012',
    );
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.manager.getRepository(AuthorEntity).save({ name: 'Eve' });
    await runner.rollbackTransaction();
    await runner.release();
    const names = (await ds.getRepository(AuthorEntity).find({ order: { name: 'ASC' } })).map((a) => a.name);
    assert.deepEqual(names, ['Ann', 'Bob', 'Cid']);
  });
});
