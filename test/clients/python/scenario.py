"""Python clients against a PostgreSQL-protocol server: psycopg2, SQLAlchemy 1.4 and pandas (Debian's
python3-psycopg2, python3-sqlalchemy and python3-pandas, run by /usr/bin/python3).

Usage: scenario.py NAME HOST PORT USER DATABASE [PASSWORD]

NAME is psycopg2, named_cursors, sqlalchemy or pandas. The scenario prints one JSON object of what it observed (values as
repr() strings where JSON has no type for them) for test/clients/python.test.ts to compare with what
PostgreSQL 15 gives. A step that raises ends the script with exit status 1 and the step's name and error on
stderr. Each scenario uses tables named py_* and drops them first, so it can run again on the same database.
"""
import datetime
import decimal
import json
import sys
import traceback
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

NAME, HOST, PORT, USER, DATABASE = sys.argv[1:6]
PASSWORD = sys.argv[6] if len(sys.argv) > 6 else ''

out = {}
step = 'connect'


def connect(**kw):
    return psycopg2.connect(host=HOST, port=PORT, user=USER, dbname=DATABASE, password=PASSWORD, **kw)


def sqlalchemy_url():
    from sqlalchemy.engine import URL
    return URL.create('postgresql+psycopg2', username=USER, password=PASSWORD or None, host=HOST,
                      port=int(PORT), database=DATABASE)


def scenario_psycopg2():
    global step
    psycopg2.extras.register_uuid()
    conn = connect()
    cur = conn.cursor()

    step = 'parameters'
    params = [
        ('int', 42), ('bigint', 2 ** 40), ('float', 1.5), ('decimal', decimal.Decimal('12345.678901234567890')),
        ('str', 'it\'s "quoted" \\ ünïcødé 😀'), ('bytes', b'\x00\x01\'\xff'), ('bool', True), ('none', None),
        ('date', datetime.date(2024, 2, 29)), ('time', datetime.time(13, 14, 15, 123456)),
        ('datetime', datetime.datetime(2024, 1, 2, 3, 4, 5, 678900)),
        ('datetime_tz', datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))),
        ('timedelta', datetime.timedelta(days=3, hours=4, seconds=5, microseconds=6)),
        ('int_list', [1, 2, 3]), ('str_list', ['a', None, 'c"d', 'e,f']),
        ('json', psycopg2.extras.Json({'a': [1, 'x', None], 'b': {'c': True}})),
        ('uuid', uuid.UUID('12345678-1234-5678-1234-567812345678')),
    ]
    out['parameters'] = {}
    for name, value in params:
        cur.execute('SELECT %s AS v', (value,))
        v = cur.fetchone()[0]
        out['parameters'][name] = {'value': repr(bytes(v)) if isinstance(v, memoryview) else repr(v),
                                   'type_code': cur.description[0].type_code}
    cur.execute('SELECT %(a)s::int + %(b)s::int AS total, %(a)s::text AS a_again', {'a': 2, 'b': 3})
    out['named_parameters'] = list(cur.fetchone())
    cur.execute("SELECT %s::jsonb -> 'b' ->> 'c'", (psycopg2.extras.Json({'b': {'c': 'deep'}}),))
    out['jsonb_parameter'] = cur.fetchone()[0]
    cur.execute("SELECT '{\"k\": [1, 2]}'::json, '{\"k\": 2.5}'::jsonb")
    out['json_results'] = list(cur.fetchone())

    step = 'table and description'
    cur.execute('DROP TABLE IF EXISTS py_items')
    cur.execute('''CREATE TABLE py_items (
        id integer PRIMARY KEY, big bigint, price numeric(10, 2) CHECK (price >= 0), ratio double precision, name text NOT NULL,
        label varchar(20), flag boolean, born date, seen timestamp, seen_tz timestamptz, tags text[],
        doc jsonb, raw bytea, uid uuid)''')
    conn.commit()
    cur.execute('SELECT * FROM py_items')
    out['description'] = [[d.name, d.type_code, d.internal_size, d.precision, d.scale] for d in cur.description]
    out['empty_fetch'] = [cur.fetchone(), cur.fetchall(), cur.rowcount]

    step = 'executemany'
    rows = [(i, i * 10 ** 10, decimal.Decimal(i) / 4, i / 8, 'item %d' % i, 'L%d' % (i % 3), i % 2 == 0,
             datetime.date(2024, 1, i), datetime.datetime(2024, 1, i, 12, 30), None, ['t%d' % i, 'x'],
             psycopg2.extras.Json({'n': i}), bytes([i, 0, 255]), uuid.UUID(int=i)) for i in range(1, 6)]
    cur.executemany('INSERT INTO py_items VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)', rows)
    out['executemany_rowcount'] = cur.rowcount

    step = 'execute_values'
    psycopg2.extras.execute_values(
        cur, 'INSERT INTO py_items (id, name, price, flag, tags) VALUES %s',
        [(i, 'bulk %d' % i, decimal.Decimal('9.99'), None, []) for i in range(6, 26)], page_size=7)
    out['execute_values_rowcount'] = cur.rowcount
    returned = psycopg2.extras.execute_values(
        cur, 'INSERT INTO py_items (id, name) VALUES %s RETURNING id, upper(name)',
        [(26, 'twenty-six'), (27, 'twenty-seven')], fetch=True)
    out['execute_values_returning'] = [list(r) for r in returned]
    conn.commit()

    step = 'fetch'
    cur.execute('SELECT id, name FROM py_items ORDER BY id')
    out['rowcount'] = cur.rowcount
    first = cur.fetchone()
    many = cur.fetchmany(3)
    rest = cur.fetchall()
    out['fetch'] = {'one': list(first), 'many': [list(r) for r in many], 'rest_count': len(rest),
                    'last': list(rest[-1]), 'after_end': cur.fetchone()}
    cur.execute('SELECT * FROM py_items WHERE id = 2')
    out['row_2'] = [repr(bytes(v)) if isinstance(v, memoryview) else repr(v) for v in cur.fetchone()]
    dict_cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    dict_cur.execute('SELECT id, label, flag FROM py_items WHERE id IN (%s, %s) ORDER BY id', (1, 6))
    out['dict_rows'] = dict_cur.fetchall()
    cur.execute('SELECT count(*), sum(price), avg(ratio), max(seen) FROM py_items')
    out['aggregates'] = [repr(v) for v in cur.fetchone()]
    cur.execute('SELECT id FROM py_items WHERE id = ANY(%s) ORDER BY id', ([3, 5, 99],))
    out['any_array'] = [r[0] for r in cur.fetchall()]
    cur.execute('SELECT id FROM py_items WHERE name IN %s ORDER BY id', (('item 1', 'bulk 7'),))
    out['in_tuple'] = [r[0] for r in cur.fetchall()]
    cur.execute("UPDATE py_items SET label = 'upd' WHERE id > %s", (20,))
    out['update_rowcount'] = cur.rowcount
    conn.commit()

    step = 'copy'
    cur.execute('DROP TABLE IF EXISTS py_copy')
    cur.execute('CREATE TABLE py_copy (id int, name text, amount numeric, at date)')
    import io
    cur.copy_expert('COPY py_copy FROM STDIN WITH (FORMAT csv, HEADER)',
                    io.StringIO('id,name,amount,at\n1,"a, b",1.5,2024-03-01\n2,,,\n3,"quote ""x""",-2,2024-12-31\n'))
    out['copy_in_rowcount'] = cur.rowcount
    cur.copy_from(io.StringIO('4\ttab\\tbed\t7\t2025-01-01\n5\t\\N\t\\N\t\\N\n'), 'py_copy')
    buf = io.StringIO()
    cur.copy_expert('COPY (SELECT * FROM py_copy ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)', buf)
    out['copy_out_csv'] = buf.getvalue()
    buf = io.StringIO()
    cur.copy_to(buf, 'py_copy', columns=('id', 'name'))
    out['copy_out_text'] = sorted(buf.getvalue().splitlines())
    conn.commit()

    step = 'transactions'
    out['status_idle'] = conn.get_transaction_status()
    cur.execute('INSERT INTO py_copy (id) VALUES (100)')
    out['status_in_transaction'] = conn.get_transaction_status()
    conn.rollback()
    cur.execute('SELECT count(*) FROM py_copy WHERE id = 100')
    out['after_rollback'] = cur.fetchone()[0]
    cur.execute('INSERT INTO py_copy (id) VALUES (101)')
    conn.commit()
    other = connect()
    ocur = other.cursor()
    ocur.execute('SELECT count(*) FROM py_copy WHERE id = 101')
    out['committed_seen_by_other'] = ocur.fetchone()[0]
    other.close()
    with conn:
        with conn.cursor() as c:
            c.execute('INSERT INTO py_copy (id) VALUES (102)')
    try:
        with conn:
            with conn.cursor() as c:
                c.execute('INSERT INTO py_copy (id) VALUES (103)')
                raise RuntimeError('abandon')
    except RuntimeError:
        pass
    cur.execute('SELECT id FROM py_copy WHERE id >= 100 ORDER BY id')
    out['context_manager'] = [r[0] for r in cur.fetchall()]
    conn.commit()

    step = 'autocommit'
    conn.autocommit = True
    cur.execute('INSERT INTO py_copy (id) VALUES (104)')
    out['autocommit_status'] = conn.get_transaction_status()
    cur.execute('BEGIN')
    cur.execute('INSERT INTO py_copy (id) VALUES (105)')
    cur.execute('ROLLBACK')
    cur.execute('SELECT id FROM py_copy WHERE id >= 104 ORDER BY id')
    out['autocommit_rows'] = [r[0] for r in cur.fetchall()]
    conn.autocommit = False
    conn.set_session(isolation_level='REPEATABLE READ')
    cur.execute('SHOW transaction_isolation')
    out['set_session'] = cur.fetchone()[0]
    conn.rollback()
    conn.set_session(isolation_level='DEFAULT')

    step = 'errors'
    errors = {}
    for label, sql, args in [
        ('check', 'INSERT INTO py_items (id, name, price) VALUES (%s, %s, %s)', (600, 'negative', -1)),
        ('too_long', 'INSERT INTO py_items (id, name, label) VALUES (%s, %s, %s)', (601, 'long', 'x' * 21)),
        ('undefined_table', 'SELECT * FROM py_missing', None),
        ('undefined_column', 'SELECT nope FROM py_items', None),
        ('not_null', 'INSERT INTO py_items (id) VALUES (%s)', (500,)),
        ('unique', 'INSERT INTO py_items (id, name) VALUES (%s, %s)', (1, 'again')),
        ('division', 'SELECT 1 / 0', None),
        ('syntax', 'SELEC 1', None),
        ('invalid_text', 'SELECT %s::int', ('abc',)),
        ('numeric_range', 'SELECT %s::smallint', (70000,)),
    ]:
        try:
            cur.execute(sql, args)
            errors[label] = 'no error'
        except psycopg2.Error as e:
            errors[label] = [type(e).__name__, e.pgcode, conn.get_transaction_status()]
            conn.rollback()
        cur.execute('SELECT count(*) FROM py_items')
        errors[label].append(cur.fetchone()[0])
        conn.rollback()
    out['errors'] = errors
    try:
        cur.execute('SELECT 1 / 0')
    except psycopg2.errors.DivisionByZero as e:
        out['diag'] = [e.diag.sqlstate, e.diag.severity, e.diag.message_primary]
    conn.rollback()
    try:
        cur.execute('INSERT INTO py_items (id, name) VALUES (%s, %s)', (1, 'again'))
    except psycopg2.errors.UniqueViolation as e:
        out['unique_diag'] = [e.diag.sqlstate, e.diag.message_primary, e.diag.message_detail, e.diag.schema_name,
                              e.diag.table_name, e.diag.constraint_name]
    try:
        cur.execute('SELECT 1')
        out['in_failed_transaction'] = 'no error'
    except psycopg2.errors.InFailedSqlTransaction as e:
        out['in_failed_transaction'] = e.pgcode
    conn.rollback()
    cur.execute('SELECT 7')
    out['usable_after_errors'] = cur.fetchone()[0]
    conn.rollback()

    step = 'notices and server info'
    conn.autocommit = True
    del conn.notices[:]
    cur.execute('DROP TABLE IF EXISTS py_never_there')
    out['notices'] = [n.strip() for n in conn.notices]
    out['encoding'] = conn.encoding
    out['isolation_default'] = conn.isolation_level
    cur.execute('SELECT current_database() = %s, current_user = %s', (DATABASE, USER))
    out['identity'] = list(cur.fetchone())
    out['mogrify'] = cur.mogrify('SELECT %s, %s, %s', ('x', None, [1, 2])).decode()
    out['literal'] = psycopg2.extensions.adapt("o'k").getquoted().decode()

    cur.execute('DROP TABLE py_items')
    cur.execute('DROP TABLE py_copy')
    conn.close()
    out['closed'] = conn.closed


def scenario_sqlalchemy():
    global step
    import sqlalchemy as sa
    from sqlalchemy import orm
    from sqlalchemy.dialects import postgresql

    engine = sa.create_engine(sqlalchemy_url(), future=True)
    Base = orm.declarative_base()

    class Author(Base):
        __tablename__ = 'py_authors'
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        name = sa.Column(sa.String(100), nullable=False, unique=True)
        email = sa.Column(sa.Text)
        joined = sa.Column(sa.Date, server_default=sa.text("'2020-01-01'"))
        active = sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
        books = orm.relationship('Book', back_populates='author', cascade='all, delete-orphan', order_by='Book.id')

    class Book(Base):
        __tablename__ = 'py_books'
        __table_args__ = (sa.Index('py_books_title_year', 'title', 'year'),)
        id = sa.Column(sa.BigInteger, primary_key=True, autoincrement=False)
        author_id = sa.Column(sa.Integer, sa.ForeignKey('py_authors.id'), nullable=False, index=True)
        title = sa.Column(sa.String(200), nullable=False)
        year = sa.Column(sa.Integer)
        price = sa.Column(sa.Numeric(8, 2))
        rating = sa.Column(sa.Float)
        published = sa.Column(sa.DateTime)
        meta = sa.Column(sa.JSON)
        tags = sa.Column(postgresql.ARRAY(sa.Text))
        author = orm.relationship('Author', back_populates='books')

    step = 'create_all'
    with engine.begin() as c:
        c.execute(sa.text('DROP VIEW IF EXISTS py_cheap_books'))
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(sa.text('CREATE VIEW py_cheap_books AS SELECT id, title FROM py_books WHERE price < 10'))

    step = 'reflection'
    insp = sa.inspect(engine)
    out['has_table'] = [insp.has_table('py_books'), insp.has_table('py_nothing')]
    out['schema_names'] = sorted(n for n in insp.get_schema_names() if n in ('public', 'information_schema'))
    out['table_names'] = sorted(n for n in insp.get_table_names() if n in ('py_authors', 'py_books'))
    out['view_names'] = sorted(n for n in insp.get_view_names() if n == 'py_cheap_books')
    out['columns'] = {
        t: [[c['name'], str(c['type']), c['nullable'], c['default'], c.get('autoincrement')] for c in insp.get_columns(t)]
        for t in ('py_authors', 'py_books')
    }
    out['view_columns'] = [[c['name'], str(c['type'])] for c in insp.get_columns('py_cheap_books')]
    out['pk'] = {t: insp.get_pk_constraint(t) for t in ('py_authors', 'py_books')}
    # get_indexes reads pg_index.indkey::varchar and splits it on spaces (an int2vector's text form).
    out['indexes_reflected'] = {
        t: sorted([[ix['name'], ix['column_names'], ix['unique'], ix.get('duplicates_constraint')] for ix in insp.get_indexes(t)])
        for t in ('py_authors', 'py_books')
    }
    out['unique_constraints'] = {t: insp.get_unique_constraints(t) for t in ('py_authors', 'py_books')}
    books = sa.Table('py_books', sa.MetaData(), autoload_with=engine)
    out['autoload'] = {
        'columns': [[c.name, str(c.type), c.primary_key] for c in books.columns],
        'indexes': sorted([[ix.name, [c.name for c in ix.columns], ix.unique] for ix in books.indexes]),
    }
    with engine.connect() as c:
        out['indexes'] = [list(r) for r in c.execute(sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'py_books' ORDER BY indexname"))]
    # get_foreign_keys is left out: Basin keeps no foreign keys in pg_constraint.

    step = 'orm insert'
    with orm.Session(engine) as session:
        ann = Author(id=1, name='Ann', email="ann's@example.org")
        bob = Author(id=2, name='Bob')
        ann.books = [
            Book(id=10, title='First', year=2001, price=decimal.Decimal('9.50'), rating=4.5,
                 published=datetime.datetime(2001, 5, 6, 7, 8, 9), meta={'pages': 120, 'tags': ['a']}, tags=['x', 'y']),
            Book(id=11, title='Second', year=2005, price=decimal.Decimal('19.99'), rating=3.25, meta=None, tags=[]),
        ]
        bob.books = [Book(id=20, title='Üniçode "title"', year=2005, price=decimal.Decimal('5'), meta=[1, 2])]
        session.add_all([ann, bob, Author(id=3, name='Cy', active=False)])
        session.commit()

    step = 'orm query'
    with orm.Session(engine) as session:
        a = session.get(Author, 1)
        out['server_defaults'] = [repr(a.joined), a.active]
        out['relationship'] = [[b.id, b.title, repr(b.price), b.rating, repr(b.published), b.meta, b.tags] for b in a.books]
        q = session.execute(sa.select(Author.name).where(Author.active.is_(True)).order_by(Author.name.desc())).scalars().all()
        out['active_names'] = q
        joined = session.execute(
            sa.select(Author.name, sa.func.count(Book.id), sa.func.sum(Book.price))
            .join(Book, isouter=True).group_by(Author.name).order_by(Author.name)).all()
        out['orm_group_by'] = [[n, c, repr(s)] for n, c, s in joined]
        loaded = session.execute(sa.select(Author).options(orm.selectinload(Author.books)).order_by(Author.id)).scalars().all()
        out['selectinload'] = [[x.name, [b.id for b in x.books]] for x in loaded]
        bk = session.execute(sa.select(Book).options(orm.joinedload(Book.author)).where(Book.title.like('%title%'))).scalar_one()
        out['joinedload'] = [bk.title, bk.author.name]
        out['json_query'] = session.execute(
            sa.select(Book.id).where(Book.meta['pages'].as_integer() > 100)).scalars().all()
        out['array_query'] = session.execute(sa.select(Book.id).where(Book.tags.any('y'))).scalars().all()
        page = session.execute(sa.select(Book.id).order_by(Book.id).limit(2).offset(1)).scalars().all()
        out['limit_offset'] = page

    step = 'orm update and delete'
    with orm.Session(engine) as session:
        b = session.get(Book, 11)
        b.price = decimal.Decimal('14.00')
        b.tags = ['z']
        session.get(Author, 3).email = 'cy@example.org'
        session.flush()
        n = session.execute(sa.update(Book).where(Book.year == 2005).values(rating=Book.rating + 1)
                            .execution_options(synchronize_session='fetch')).rowcount
        out['bulk_update_rowcount'] = n
        ann = session.get(Author, 1)
        ann.books.remove(session.get(Book, 10))  # delete-orphan
        session.delete(session.get(Author, 2))  # cascades to Bob's book
        session.commit()
        out['after_update'] = [[b.id, repr(b.price), b.rating, b.tags] for b in
                               session.execute(sa.select(Book).order_by(Book.id)).scalars()]
        out['authors_left'] = session.execute(sa.select(Author.id, Author.email).order_by(Author.id)).all()
        out['authors_left'] = [list(r) for r in out['authors_left']]
        try:
            session.add(Book(id=99, author_id=1, title=None))
            session.flush()
            out['orm_error'] = 'no error'
        except sa.exc.IntegrityError as e:
            out['orm_error'] = [type(e.orig).__name__, e.orig.pgcode]
            session.rollback()
        out['after_orm_error'] = session.execute(sa.select(sa.func.count()).select_from(Book)).scalar()

    step = 'core'
    with engine.connect() as c:
        authors, books_t = Author.__table__, Book.__table__
        with c.begin():
            c.execute(sa.insert(authors), [{'id': 4, 'name': 'Dee'}, {'id': 5, 'name': 'Eve', 'active': False}])
            c.execute(sa.insert(books_t), [
                {'id': 40 + i, 'author_id': 4 + i % 2, 'title': 'T%d' % i, 'year': 2010 + i % 3,
                 'price': decimal.Decimal(i), 'tags': ['t%d' % i]} for i in range(6)])
        stmt = (sa.select(authors.c.name, books_t.c.year, sa.func.count().label('n'), sa.func.avg(books_t.c.price).label('avg'))
                .select_from(authors.join(books_t))
                .where(books_t.c.year >= sa.bindparam('since'))
                .group_by(authors.c.name, books_t.c.year)
                .having(sa.func.count() >= 1)
                .order_by(authors.c.name, books_t.c.year))
        out['core_group_by'] = [[r.name, r.year, r.n, repr(r.avg)] for r in c.execute(stmt, {'since': 2011})]
        sub = sa.select(books_t.c.author_id, sa.func.max(books_t.c.price).label('top')).group_by(books_t.c.author_id).subquery()
        out['core_subquery'] = [list(r) for r in c.execute(
            sa.select(authors.c.name, sub.c.top).join(sub, sub.c.author_id == authors.c.id).order_by(authors.c.id))]
        out['core_exists'] = c.execute(sa.select(authors.c.id).where(
            ~sa.exists().where(books_t.c.author_id == authors.c.id)).order_by(authors.c.id)).scalars().all()
        out['core_text'] = c.execute(sa.text('SELECT :a || :b AS s'), {'a': 'x', 'b': "y'z"}).scalar()
        out['core_returning'] = [list(r) for r in c.execute(
            sa.delete(books_t).where(books_t.c.author_id == 5).returning(books_t.c.id))]
        c.rollback()
        out['core_after_rollback'] = c.execute(sa.select(sa.func.count()).select_from(books_t)).scalar()
        c.rollback()

    step = 'drop_all'
    with engine.begin() as c:
        c.execute(sa.text('DROP VIEW py_cheap_books'))
    Base.metadata.drop_all(engine)
    out['after_drop_all'] = sorted(n for n in sa.inspect(engine).get_table_names() if n in ('py_authors', 'py_books'))
    engine.dispose()


def scenario_pandas():
    global step
    import numpy as np
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(sqlalchemy_url())
    with engine.begin() as c:
        c.execute(sa.text('DROP TABLE IF EXISTS py_frame'))
        c.execute(sa.text('DROP TABLE IF EXISTS py_frame_plain'))

    def frame(start, n):
        return pd.DataFrame({
            'i': np.arange(start, start + n, dtype='int64'),
            'f': [x / 4 if x % 3 else np.nan for x in range(start, start + n)],
            's': ["it's %d" % x if x % 4 else None for x in range(start, start + n)],
            'b': [x % 2 == 0 for x in range(start, start + n)],
            'd': pd.date_range('2024-01-30 10:00', periods=n, freq='36h') + pd.Timedelta(days=start),
            'small': np.arange(start, start + n, dtype='int32'),
        }, index=pd.Index(range(start, start + n), name='row_id'))

    def summary(df):
        return {'dtypes': {k: str(v) for k, v in df.dtypes.items()},
                'rows': json.loads(df.to_json(orient='split', date_format='iso', index=False))['data'],
                'columns': list(df.columns)}

    step = 'to_sql'
    out['to_sql_rows'] = frame(0, 6).to_sql('py_frame', engine, index=True)
    with engine.connect() as c:
        out['created_columns'] = [list(r) for r in c.execute(sa.text(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'py_frame' ORDER BY ordinal_position"))]
        out['null_counts'] = list(c.execute(sa.text(
            'SELECT count(*) - count(f), count(*) - count(s), count(*) FROM py_frame')).one())
    out['if_exists_fail'] = None
    try:
        frame(0, 1).to_sql('py_frame', engine)
    except ValueError as e:
        out['if_exists_fail'] = str(e)
    frame(6, 4).to_sql('py_frame', engine, if_exists='append', index=True)
    frame(10, 3).to_sql('py_frame', engine, if_exists='append', index=True, method='multi', chunksize=2)

    step = 'read_sql'
    df = pd.read_sql('SELECT * FROM py_frame ORDER BY row_id', engine, index_col='row_id')
    out['read_sql'] = summary(df)
    out['read_sql_index'] = [str(df.index.dtype), list(df.index)]
    df = pd.read_sql_query(sa.text('SELECT i, f, s FROM py_frame WHERE i >= :lo AND s LIKE :pat ORDER BY i'), engine,
                           params={'lo': 3, 'pat': 'it%'})
    out['read_sql_query_params'] = summary(df)
    df = pd.read_sql_query('SELECT b, count(*) AS n, sum(f) AS total, max(d) AS latest FROM py_frame GROUP BY b ORDER BY b',
                           engine, parse_dates=['latest'])
    out['read_sql_query_group'] = summary(df)
    df = pd.read_sql_query('SELECT i FROM py_frame WHERE i = %(x)s OR i = %(y)s ORDER BY i', engine,
                           params={'x': 1, 'y': 12})
    out['pyformat_params'] = summary(df)
    chunks = [len(c) for c in pd.read_sql_query('SELECT i FROM py_frame ORDER BY i', engine, chunksize=5)]
    out['chunks'] = chunks

    step = 'replace'
    frame(100, 2).drop(columns=['d']).to_sql('py_frame_plain', engine, index=False)
    plain = pd.DataFrame({'x': [1.5, None], 'y': ['a', 'b']})
    plain.to_sql('py_frame_plain', engine, if_exists='replace', index=False)
    df = pd.read_sql('SELECT * FROM py_frame_plain ORDER BY y', engine)
    out['after_replace'] = summary(df)
    # On a table with an index (to_sql's default index=True makes one), replace reflects the table's indexes.
    frame(0, 3).to_sql('py_frame', engine, if_exists='replace', index=True)
    df = pd.read_sql('SELECT * FROM py_frame ORDER BY row_id', engine)
    out['after_replace_indexed'] = summary(df)
    out['replaced_indexes'] = sorted([ix['name'], ix['column_names']] for ix in sa.inspect(engine).get_indexes('py_frame'))

    with engine.begin() as c:
        c.execute(sa.text('DROP TABLE py_frame'))
        c.execute(sa.text('DROP TABLE py_frame_plain'))
    engine.dispose()


def scenario_named_cursors():
    """psycopg2's named (server-side) cursors: DECLARE, FETCH FORWARD n and MOVE under the hood."""
    global step
    conn = connect()
    cur = conn.cursor()
    step = 'setup'
    cur.execute('DROP TABLE IF EXISTS py_nc')
    cur.execute('CREATE TABLE py_nc (id int, name text, price numeric(8,2))')
    cur.execute("INSERT INTO py_nc SELECT g, 'n' || g, g * 1.25 FROM generate_series(1, 25) g")
    conn.commit()

    step = 'iterate with itersize'
    nc = conn.cursor(name='py nc "iter"')
    nc.itersize = 7
    nc.execute('SELECT id, name, price FROM py_nc WHERE id > %s ORDER BY id', (0,))
    out['iter_before_fetch'] = [nc.description, nc.rowcount]
    rows = []
    for r in nc:
        rows.append(r)
        if len(rows) == 10:
            # Not is_scrollable: PostgreSQL decides it by the plan here (see the README's known limits).
            cur.execute('SELECT name, is_holdable, is_binary, statement FROM pg_cursors')
            out['iter_pg_cursors'] = cur.fetchall()
    out['iter'] = [len(rows), rows[0], rows[-1], nc.rownumber, nc.rowcount]
    out['iter_description'] = [[d.name, d.type_code, d.precision, d.scale] for d in nc.description]
    nc.close()
    out['iter_closed'] = nc.closed
    cur.execute('SELECT count(*) FROM pg_cursors')
    out['iter_cursors_after_close'] = cur.fetchone()[0]
    conn.commit()

    step = 'fetchone fetchmany fetchall'
    fc = conn.cursor(name='py_fetch')
    fc.arraysize = 2
    fc.execute('SELECT id FROM py_nc ORDER BY id')
    out['fetch'] = [fc.fetchone(), fc.fetchmany(3), fc.fetchmany(), fc.rownumber, fc.fetchall()[:3], fc.rownumber,
                    fc.fetchone(), fc.fetchmany(4), fc.fetchall(), fc.rowcount]
    fc.close()
    dc = conn.cursor(name='py_dict', cursor_factory=psycopg2.extras.RealDictCursor)
    dc.execute('SELECT id, name FROM py_nc WHERE id BETWEEN %s AND %s ORDER BY id DESC', (3, 6))
    out['dict'] = [dict(r) for r in dc.fetchmany(2)] + [dict(r) for r in dc]
    dc.close()
    ec = conn.cursor(name='py_empty')
    ec.execute('SELECT id FROM py_nc WHERE id < 0')
    out['empty'] = [ec.fetchone(), ec.fetchmany(5), ec.fetchall(), list(ec), ec.rowcount]
    ec.close()
    conn.commit()

    step = 'scroll'
    sc = conn.cursor(name='py_scroll', scrollable=True)
    sc.execute('SELECT id FROM py_nc ORDER BY id')
    seen = []
    sc.scroll(10, 'absolute')
    seen.append(sc.fetchone())
    sc.scroll(-5)
    seen.append(sc.fetchone())
    sc.scroll(0, 'absolute')
    seen.append(sc.fetchmany(2))
    sc.scroll(3)
    seen.append(sc.fetchone())
    seen.append(len(sc.fetchall()))
    sc.scroll(-3)
    seen.append(sc.fetchall())
    sc.scroll(1, 'absolute')
    seen.append(sc.fetchone())
    sc.scroll(100, 'absolute')
    seen.append([sc.fetchone(), sc.fetchmany(2)])
    sc.scroll(-2)
    seen.append(sc.fetchone())
    sc.scroll(-30)
    seen.append(sc.fetchone())
    out['scroll'] = seen
    cur.execute("SELECT is_scrollable FROM pg_cursors WHERE name = 'py_scroll'")
    out['scroll_pg_cursors'] = cur.fetchall()
    sc.close()
    conn.commit()
    ns = conn.cursor(name='py_noscroll', scrollable=False)
    ns.execute('SELECT id FROM py_nc ORDER BY id')
    ns.fetchmany(5)
    try:
        ns.scroll(-2)
        out['noscroll'] = 'no error'
    except psycopg2.Error as e:
        out['noscroll'] = [type(e).__name__, e.pgcode, str(e).strip()]
    conn.rollback()
    cur.execute('SELECT 1')
    out['after_noscroll'] = cur.fetchone()[0]
    conn.commit()

    step = 'other queries'
    big = conn.cursor(name='py_big')
    big.execute('SELECT g, g::text || %s, now() - g * interval %s FROM generate_series(1, 5000) g', ("'x'", '1 day'))
    total = 0
    last = None
    for r in big:
        total += 1
        last = r[:2]
    out['big'] = [total, last, big.rownumber]
    big.close()
    vc = conn.cursor(name='py_values')
    vc.execute("WITH w(a, b) AS (VALUES (1, 'a'), (2, NULL)) SELECT * FROM w ORDER BY a")
    out['values'] = vc.fetchall()
    vc.close()
    conn.commit()
    ic = conn.cursor(name='py_insert')
    try:
        ic.execute("INSERT INTO py_nc VALUES (0, 'no', 0) RETURNING id")
        out['insert_cursor'] = 'no error'
    except psycopg2.Error as e:
        out['insert_cursor'] = [type(e).__name__, e.pgcode]
    conn.rollback()

    step = 'withhold across commit'
    wh = conn.cursor(name='py_hold', withhold=True)
    wh.itersize = 4
    wh.execute('SELECT id FROM py_nc ORDER BY id')
    held = [wh.fetchmany(5)]
    conn.commit()
    cur.execute('SELECT name, is_holdable FROM pg_cursors')
    held.append(cur.fetchall())
    held.append(wh.fetchmany(5))
    cur.execute("INSERT INTO py_nc VALUES (100, 'late', 1)")
    conn.commit()
    rest = list(wh)
    held.append([len(rest), rest[0], rest[-1], wh.rownumber])
    wh.close()
    conn.commit()
    cur.execute('SELECT count(*) FROM pg_cursors')
    held.append(cur.fetchone()[0])
    conn.commit()
    out['withhold'] = held

    step = 'withhold rolled back'
    wr = conn.cursor(name='py_hold_rb', withhold=True)
    wr.execute('SELECT id FROM py_nc ORDER BY id')
    wr.fetchone()
    conn.rollback()
    try:
        wr.fetchone()
        out['withhold_rolled_back'] = 'no error'
    except psycopg2.Error as e:
        out['withhold_rolled_back'] = [type(e).__name__, e.pgcode]
    conn.rollback()

    step = 'without hold after commit'
    nh = conn.cursor(name='py_nohold')
    nh.execute('SELECT id FROM py_nc ORDER BY id')
    nh.fetchone()
    conn.commit()
    try:
        nh.fetchone()
        out['nohold_after_commit'] = 'no error'
    except psycopg2.Error as e:
        out['nohold_after_commit'] = [type(e).__name__, e.pgcode]
    conn.rollback()

    step = 'autocommit'
    conn.autocommit = True
    wa = conn.cursor(name='py_auto', withhold=True)
    wa.itersize = 3
    wa.execute('SELECT id FROM py_nc WHERE id <= %s ORDER BY id', (8,))
    out['autocommit_withhold'] = [wa.fetchmany(2), list(wa), conn.get_transaction_status()]
    wa.close()
    na = conn.cursor(name='py_auto_nohold')
    try:
        na.execute('SELECT id FROM py_nc')
        out['autocommit_nohold'] = 'no error'
    except psycopg2.Error as e:
        out['autocommit_nohold'] = [type(e).__name__, e.pgcode, str(e).strip()]
    with conn.cursor(name='py_with', withhold=True) as wc:
        wc.execute('SELECT id FROM py_nc ORDER BY id LIMIT 3')
        out['with_block'] = wc.fetchall()
    out['with_block_closed'] = wc.closed
    cur.execute('SELECT count(*) FROM pg_cursors')
    out['cursors_at_end'] = cur.fetchone()[0]

    step = 'errors'
    bad = conn.cursor(name='py_bad', withhold=True)
    try:
        bad.execute('SELECT nope FROM py_nc')
        out['bad_query'] = 'no error'
    except psycopg2.Error as e:
        out['bad_query'] = [type(e).__name__, e.pgcode]
    conn.autocommit = False
    c1 = conn.cursor(name='py_dup')
    c1.execute('SELECT 1')
    c2 = conn.cursor(name='py_dup')
    try:
        c2.execute('SELECT 2')
        out['duplicate'] = 'no error'
    except psycopg2.Error as e:
        out['duplicate'] = [type(e).__name__, e.pgcode, str(e).strip()]
    conn.rollback()

    cur.execute('DROP TABLE py_nc')
    conn.commit()
    conn.close()


SCENARIOS = {'psycopg2': scenario_psycopg2, 'sqlalchemy': scenario_sqlalchemy, 'pandas': scenario_pandas,
             'named_cursors': scenario_named_cursors}

try:
    SCENARIOS[NAME]()
except Exception:
    sys.stderr.write('scenario %s failed at step %r:\n%s' % (NAME, step, traceback.format_exc()))
    sys.exit(1)
print(json.dumps(out, indent=1, sort_keys=True, default=repr, ensure_ascii=False))
