/**
 * End to end: the real wire server over TCP with an in-memory fake Engine, driven by node-postgres (what
 * applications use) and by a raw socket (for what no driver would send).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { startWireServer, type WireServer } from './index.ts';
import { FakeEngine, SCRAM_PASSWORD, SCRAM_USER } from './test-support/fake-engine.ts';
import { dataRow, errorFields, RawClient, type RawMessage } from './test-support/raw-client.ts';

let engine: FakeEngine;
let server: WireServer;
const logged: string[] = [];

before(async () => {
  engine = new FakeEngine();
  server = await startWireServer({
    host: '127.0.0.1', port: 0, engine, maxMessageSize: 1 << 20, log: (level, msg) => logged.push(`${level}: ${msg}`),
  });
});
after(async () => {
  await server.close();
});

async function connect(config: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice', database: 'db', ...config });
  client.on('error', () => {}); // a FATAL while idle arrives as an 'error' event
  await client.connect();
  return client;
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>, config: pg.ClientConfig = {}): Promise<T> {
  const c = await connect(config);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  assert.fail('expected an error');
}

const types = (ms: readonly RawMessage[]): string => ms.map((m) => m.type).join('');
const waitFor = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('simple query protocol (node-postgres)', () => {
  test('rows, NULLs and field metadata', () =>
    withClient(async (c) => {
      const r = await c.query('SELECT rows');
      assert.deepEqual(r.rows, [{ id: 1, name: 'one' }, { id: 2, name: null }, { id: 3, name: 'three' }]);
      assert.deepEqual(r.fields.map((f) => [f.name, f.dataTypeID, f.format]), [['id', 23, 'text'], ['name', 25, 'text']]);
      assert.equal(r.command, 'SELECT');
      assert.equal(r.rowCount, 3);
    }));

  test('several statements in one query string, and an empty one', () =>
    withClient(async (c) => {
      const rs = (await c.query('SELECT rows; SELECT rows')) as unknown as pg.QueryResult[];
      assert.equal(rs.length, 2);
      assert.equal(rs[1]!.rows.length, 3);
      const empty = await c.query('');
      assert.equal(empty.rows.length, 0);
    }));

  test('an error carries SQLSTATE and position, and the session goes on', () =>
    withClient(async (c) => {
      try {
        await c.query('SELECT bad');
        assert.fail('expected an error');
      } catch (e) {
        const err = e as pg.DatabaseError;
        assert.equal(err.code, '42703');
        assert.equal(err.position, '8');
        assert.equal(err.severity, 'ERROR');
        assert.equal(err.message, 'column "bad" does not exist');
      }
      assert.equal((await c.query('SELECT rows')).rowCount, 3);
    }));

  test('an internal error becomes XX000 and is logged by the engine', () =>
    withClient(async (c) => {
      const before = engine.stats.internalErrors.length;
      assert.equal(await codeOf(c.query('SELECT internal')), 'XX000');
      assert.equal(engine.stats.internalErrors.length, before + 1);
      assert.equal((await c.query('SELECT rows')).rowCount, 3);
    }));

  test('notices reach the client', () =>
    withClient(async (c) => {
      const notices: { severity?: string; message: string }[] = [];
      c.on('notice', (n) => { notices.push({ severity: n.severity, message: n.message ?? '' }); });
      await c.query('NOTICE');
      assert.equal(notices.length, 1);
      assert.equal(notices[0]!.severity, 'WARNING');
      assert.equal(notices[0]!.message, 'just so you know');
    }));

  test('transaction status: a failed transaction refuses statements until ROLLBACK', () =>
    withClient(async (c) => {
      await c.query('BEGIN');
      assert.equal(await codeOf(c.query('FAIL')), '22012');
      assert.equal(await codeOf(c.query('SELECT rows')), '25P02');
      await c.query('ROLLBACK');
      assert.equal((await c.query('SELECT rows')).rowCount, 3);
    }));
});

describe('extended query protocol (node-postgres)', () => {
  test('parameters are decoded with the statement types', () =>
    withClient(async (c) => {
      const r = await c.query('SELECT $1::int4 AS a, $2::text AS b, $3::bool AS c, $4::float8 AS d, $5::int4 AS e',
        [41, 'hé', true, 2.5, null]);
      assert.deepEqual(r.rows, [{ a: 41, b: 'hé', c: true, d: 2.5, e: null }]);
      assert.deepEqual(engine.stats.lastParams, [41, 'hé', true, 2.5, null]);
    }));

  test('a named prepared statement is parsed once and reused', () =>
    withClient(async (c) => {
      const q = { name: 'echo1', text: 'SELECT $1::int8 AS n' };
      assert.deepEqual((await c.query({ ...q, values: [1] })).rows, [{ n: '1' }]);
      assert.deepEqual((await c.query({ ...q, values: [9007199254740991] })).rows, [{ n: '9007199254740991' }]);
    }));

  test('binary parameters (a Buffer) and binary results', () =>
    withClient(async (c) => {
      const bytes = await c.query('SELECT $1::bytea AS b', [Buffer.from([1, 2, 255])]);
      assert.deepEqual(bytes.rows[0].b, Buffer.from([1, 2, 255]));
      // node-postgres decodes every DataRow cell as UTF-8 before its binary parsers see it, so only values
      // whose binary form is valid UTF-8 survive the trip (-7 would not); the raw tests check the bytes.
      const r = await c.query({
        text: 'SELECT $1::int4 AS a, $2::text AS b, $3::bool AS c, $4::int2 AS d', values: [7, 'wörld', false, 12], binary: true,
      } as pg.QueryConfig);
      assert.deepEqual(engine.stats.lastResultFormats, [1, 1, 1, 1]);
      assert.deepEqual(r.fields.map((f) => f.format), ['binary', 'binary', 'binary', 'binary']);
      assert.deepEqual(r.rows, [{ a: 7, b: 'wörld', c: false, d: 12 }]);
    }));

  test('rowMode array', () =>
    withClient(async (c) => {
      const r = await c.query({ text: 'SELECT rows', rowMode: 'array' });
      assert.deepEqual(r.rows, [[1, 'one'], [2, null], [3, 'three']]);
    }));

  test('a failing Parse reports its error and the connection recovers at Sync', () =>
    withClient(async (c) => {
      const before = engine.stats.extendedErrors;
      assert.equal(await codeOf(c.query({ name: 'bad', text: 'SELECT bad' })), '42703');
      assert.equal(engine.stats.extendedErrors, before + 1);
      assert.equal((await c.query('SELECT $1::int4 AS x', [5])).rows[0].x, 5);
    }));

  test('a bad text parameter is 22P02 from type-io', () =>
    withClient(async (c) => {
      assert.equal(await codeOf(c.query('SELECT $1::int4 AS x', ['not a number'])), '22P02');
    }));
});

describe('startup and authentication', () => {
  test('SCRAM-SHA-256 with the right password', () =>
    withClient(async (c) => {
      assert.equal((await c.query('SELECT rows')).rowCount, 3);
    }, { user: SCRAM_USER, password: SCRAM_PASSWORD }));

  test('SCRAM-SHA-256 with a wrong password: 28P01', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: SCRAM_USER, password: 'wrong' });
    try {
      await c.connect();
      assert.fail('expected authentication to fail');
    } catch (e) {
      const err = e as pg.DatabaseError;
      assert.equal(err.code, '28P01');
      assert.equal(err.severity, 'FATAL');
      assert.equal(err.message, `password authentication failed for user "${SCRAM_USER}"`);
    }
  });

  test('rejected by the engine, and engine errors during startup, are FATAL', async () => {
    for (const [config, code] of [[{ user: 'nobody' }, '28000'], [{ database: 'nodb' }, '3D000']] as const) {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice', ...config });
      const err = await c.connect().then(() => undefined, (e: pg.DatabaseError) => e);
      assert.equal(err?.code, code);
      assert.equal(err?.severity, 'FATAL');
    }
  });

  test('ParameterStatus for every reported setting, BackendKeyData, then ReadyForQuery', async () => {
    const raw = await RawClient.connect(server.port);
    const ms = await raw.startup({ user: 'alice', application_name: 'raw-test' });
    assert.match(types(ms), /^RS+KZ$/);
    const params = Object.fromEntries(ms.filter((m) => m.type === 'S').map((m) => m.body.toString().split('\0').slice(0, 2)));
    assert.equal(params.server_version, '15.0 (Basin test)');
    assert.equal(params.application_name, 'raw-test');
    assert.equal(params.client_encoding, 'UTF8');
    assert.equal(ms.at(-1)!.body.toString(), 'I');
    const session = engine.sessions.at(-1)!;
    assert.equal(session.startup.database, 'alice', 'database defaults to the user name');
    assert.equal(session.startup.loopback, true);
    const key = ms.find((m) => m.type === 'K')!.body;
    assert.equal(key.readInt32BE(0), session.pid);
    raw.send(serialize.query("SET application_name = 'x'"));
    const set = await raw.until('Z');
    assert.equal(types(set), 'SCZ');
    assert.equal(set[0]!.body.toString(), 'application_name\0x\0');
    raw.send(serialize.end());
    await raw.untilClosed();
  });

  test('a Query pipelined right after the StartupMessage is answered after ReadyForQuery', async () => {
    const raw = await RawClient.connect(server.port);
    raw.send(serialize.startup({ user: 'alice' }), serialize.query('SELECT rows'));
    await raw.until('Z');
    assert.equal(types(await raw.until('Z')), 'TDDDCZ');
    raw.send(serialize.end());
    await raw.untilClosed();
  });

  test('no user in the startup packet: FATAL 28000', async () => {
    const raw = await RawClient.connect(server.port);
    raw.send(serialize.startup({ database: 'x' }));
    const ms = await raw.untilClosed();
    assert.equal(types(ms), 'E');
    assert.deepEqual([errorFields(ms[0]!.body).S, errorFields(ms[0]!.body).C], ['FATAL', '28000']);
  });

  test('protocol 2.0 is refused; 3.2 with _pq_ options is negotiated down to 3.0', async () => {
    const v2 = await RawClient.connect(server.port);
    const packet = Buffer.from(serialize.startup({ user: 'alice' }));
    packet.writeInt32BE(2 << 16, 4);
    v2.send(packet);
    const e = await v2.untilClosed();
    assert.equal(errorFields(e[0]!.body).C, '0A000');
    assert.match(errorFields(e[0]!.body).M!, /unsupported frontend protocol 2\.0/);

    const v32 = await RawClient.connect(server.port);
    const p32 = Buffer.from(serialize.startup({ user: 'alice', '_pq_.fancy': 'on' }));
    p32.writeInt32BE((3 << 16) | 2, 4);
    v32.send(p32);
    const ms = await v32.until('Z');
    assert.equal(ms[0]!.type, 'v');
    assert.equal(ms[0]!.body.readInt32BE(0), 196608);
    assert.equal(ms[0]!.body.readInt32BE(4), 1);
    assert.equal(ms[0]!.body.toString('utf8', 8), '_pq_.fancy\0');
    assert.equal(ms[1]!.type, 'R');
    v32.end();
  });

  test("SSLRequest and GSSENCRequest are answered 'N' and startup continues on the same socket", async () => {
    const socket = await RawClient.socket(server.port);
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    const answers: Buffer[] = [];
    const got = new Promise<void>((resolve) => {
      const onData = (b: Buffer): void => {
        answers.push(b);
        if (Buffer.concat(answers).length >= 2) { socket.off('data', onData); resolve(); }
      };
      socket.on('data', onData);
    });
    socket.write(Buffer.concat([serialize.requestSsl(), gss]));
    await got;
    assert.equal(Buffer.concat(answers).toString(), 'NN');
    const raw = RawClient.wrap(socket);
    const ms = await raw.startup();
    assert.equal(ms.at(-1)!.type, 'Z');
    raw.send(serialize.end());
    await raw.untilClosed();
  });
});

describe('extended protocol details (raw socket)', () => {
  const parse = (name: string, text: string, types: number[] = []) => serialize.parse({ name, text, types });

  test('Describe statement and portal, binary formats in RowDescription, Close', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(
      parse('s1', 'SELECT $1::int4 AS a, $2 AS b', [0, 25]),
      serialize.describe({ type: 'S', name: 's1' }),
      serialize.bind({ statement: 's1', portal: 'p1', values: ['1', 'x'], binary: true }),
      serialize.describe({ type: 'P', name: 'p1' }),
      serialize.execute({ portal: 'p1' }),
      serialize.close({ type: 'P', name: 'p1' }),
      serialize.close({ type: 'S', name: 's1' }),
      serialize.close({ type: 'S', name: 'never-existed' }),
      serialize.sync(),
    );
    const ms = await raw.until('Z');
    assert.equal(types(ms), '1tT2TDC333Z');
    const pd = ms[1]!.body;
    assert.deepEqual([pd.readInt16BE(0), pd.readInt32BE(2), pd.readInt32BE(6)], [2, 23, 25]);
    assert.deepEqual(engine.stats.lastPrepareTypes?.map((t) => t?.id), [undefined, 'text']);
    // RowDescription from Describe S: text; from Describe P: binary (format code is the last int16 of each field)
    const lastFormat = (b: Buffer) => b.readInt16BE(b.length - 2);
    assert.equal(lastFormat(ms[2]!.body), 0);
    assert.equal(lastFormat(ms[4]!.body), 1);
    const row = ms[5]!.body;
    assert.equal(row.readInt32BE(2), 4);
    assert.equal(row.readInt32BE(6), 1); // int4 1 in binary
    raw.send(serialize.end());
  });

  test('Describe of a statement without rows answers NoData', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(parse('', 'INSERT INTO t VALUES (1)'), serialize.describe({ type: 'S', name: '' }), serialize.bind({}),
      serialize.describe({ type: 'P', name: '' }), serialize.execute({}), serialize.sync());
    const ms = await raw.until('Z');
    assert.equal(types(ms), '1tn2nCZ');
    assert.equal(ms[5]!.body.toString(), 'INSERT 0 1\0');
    raw.send(serialize.end());
  });

  test('several portals executed in pieces, in any order; portals end with the transaction', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(
      parse('r', 'SELECT rows'),
      serialize.bind({ statement: 'r', portal: 'a' }),
      serialize.bind({ statement: 'r', portal: 'b' }),
      serialize.execute({ portal: 'a', rows: 1 }),
      serialize.execute({ portal: 'b', rows: 2 }),
      serialize.execute({ portal: 'a', rows: 0 }),
      serialize.execute({ portal: 'b', rows: 5 }),
      serialize.sync(),
    );
    const ms = await raw.until('Z');
    assert.equal(types(ms), '122DsDDsDDCDCZ');
    const cells = ms.filter((m) => m.type === 'D').map((m) => dataRow(m.body)[0]);
    assert.deepEqual(cells, ['1', '1', '2', '2', '3', '3']);
    assert.equal(ms[10]!.body.toString(), 'SELECT 2\0'); // portal a's last piece
    assert.equal(ms[12]!.body.toString(), 'SELECT 1\0');
    // After Sync in an idle transaction the portals are gone; the named statement is not.
    raw.send(serialize.execute({ portal: 'a' }), serialize.sync());
    const gone = await raw.until('Z');
    assert.equal(types(gone), 'EZ');
    assert.equal(errorFields(gone[0]!.body).C, '34000');
    assert.equal(errorFields(gone[0]!.body).M, 'portal "a" does not exist');
    raw.send(serialize.bind({ statement: 'r', portal: 'a' }), serialize.execute({ portal: 'a' }), serialize.sync());
    assert.equal(types(await raw.until('Z')), '2DDDCZ');
    raw.send(serialize.end());
  });

  test('after an error, messages are discarded until Sync', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    const before = engine.stats.extendedErrors;
    raw.send(
      parse('ok', 'SELECT rows'),
      serialize.bind({ statement: 'missing' }),
      serialize.execute({}),
      parse('ok2', 'SELECT rows'),
      serialize.flush(),
      serialize.query('SELECT rows'),
      serialize.sync(),
      serialize.bind({ statement: 'ok2' }),
    );
    const ms = await raw.until('Z');
    assert.equal(types(ms), '1EZ');
    assert.deepEqual([errorFields(ms[1]!.body).C, errorFields(ms[1]!.body).M], ['26000', 'prepared statement "missing" does not exist']);
    // ok2 was never parsed (discarded), so the Bind after Sync fails too.
    raw.send(serialize.sync());
    const next = await raw.until('Z');
    assert.equal(errorFields(next[0]!.body).M, 'prepared statement "ok2" does not exist');
    assert.equal(engine.stats.extendedErrors, before + 2);
    raw.send(serialize.end());
  });

  test("PostgreSQL's errors for names, counts and formats", async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    const expectError = async (code: string, message: string, ...msgs: Buffer[]): Promise<void> => {
      raw.send(...msgs, serialize.sync());
      const ms = await raw.until('Z');
      const e = ms.find((m) => m.type === 'E');
      assert.ok(e, `expected an error, got ${types(ms)}`);
      assert.deepEqual([errorFields(e.body).C, errorFields(e.body).M, errorFields(e.body).S], [code, message, 'ERROR']);
    };
    raw.send(parse('dup', 'SELECT rows'), serialize.sync());
    await raw.until('Z');
    await expectError('42P05', 'prepared statement "dup" already exists', parse('dup', 'SELECT rows'));
    await expectError('26000', 'unnamed prepared statement does not exist', serialize.bind({}));
    await expectError('08P01', 'bind message supplies 1 parameters, but prepared statement "dup" requires 0',
      serialize.bind({ statement: 'dup', values: ['1'] }));
    await expectError('42P03', 'cursor "c" already exists',
      serialize.bind({ statement: 'dup', portal: 'c' }), serialize.bind({ statement: 'dup', portal: 'c' }));
    await expectError('42704', 'type with OID 99999 does not exist', parse('', 'SELECT $1', [99999]));
    await expectError('34000', 'portal "nope" does not exist', serialize.describe({ type: 'P', name: 'nope' }));
    // Result formats: 3 codes for a 2-column statement.
    const bind = Buffer.from([0x42, 0, 0, 0, 21, 0x00, 0x64, 0x75, 0x70, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 1, 0, 1]);
    await expectError('08P01', 'bind message has 3 result formats but query has 2 columns', bind);
    raw.send(serialize.close({ type: 'S', name: 'dup' }), parse('dup', 'SELECT rows'), serialize.sync());
    assert.equal(types(await raw.until('Z')), '31Z');
    raw.send(serialize.end());
  });
});

describe('malformed input, cancel, disconnects, shutdown', () => {
  async function expectFatal08P01(bytes: Buffer, message: RegExp): Promise<void> {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(bytes);
    const ms = await raw.untilClosed();
    const e = ms.find((m) => m.type === 'E');
    assert.ok(e, `expected an ErrorResponse, got ${types(ms)}`);
    const f = errorFields(e.body);
    assert.deepEqual([f.S, f.C], ['FATAL', '08P01']);
    assert.match(f.M!, message);
  }

  test('bad length, unknown type, truncated fields: FATAL 08P01, and only that connection closes', async () => {
    const bystander = await connect();
    const closedBefore = engine.stats.sessionsClosed;
    await expectFatal08P01(Buffer.from([0x51, 0, 0, 0, 2]), /invalid message length/);
    await expectFatal08P01(Buffer.from([0x51, 0x7f, 0, 0, 0]), /invalid message length/); // over maxMessageSize
    await expectFatal08P01(Buffer.from([0x21, 0, 0, 0, 4]), /invalid frontend message type 33/);
    // Bind that says 1 parameter of 10 bytes but ends after 2 of them.
    await expectFatal08P01(Buffer.from([0x42, 0, 0, 0, 18, 0, 0, 0, 0, 0, 1, 0, 0, 0, 10, 0x61, 0x62, 0, 0]), /insufficient data left in message/);
    await expectFatal08P01(Buffer.from([0x51, 0, 0, 0, 7, 0x61, 0x62, 0x63]), /invalid string in message/);
    await expectFatal08P01(Buffer.from([0x53, 0, 0, 0, 5, 0]), /invalid message format/);
    await expectFatal08P01(Buffer.from([0x70, 0, 0, 0, 5, 0]), /invalid frontend message type 112/); // 'p' after auth
    await waitFor(() => engine.stats.sessionsClosed >= closedBefore + 7);
    assert.ok(logged.some((l) => /^info: .*08P01 invalid message length/.test(l)), 'protocol violations are logged');
    // Messages before the bad bytes in the same chunk are still answered.
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(serialize.query('SELECT rows'), Buffer.from([0x00, 0, 0, 0, 4]));
    const ms = await raw.untilClosed();
    assert.equal(types(ms), 'TDDDCZE');
    // The server and the other connection are fine.
    assert.equal((await bystander.query('SELECT rows')).rowCount, 3);
    await withClient(async (c) => assert.equal((await c.query('SELECT rows')).rowCount, 3));
    await bystander.end();
  });

  test('text that is not UTF-8 is an ERROR (22021), not a broken connection', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.send(Buffer.from([0x51, 0, 0, 0, 8, 0x61, 0xff, 0x62, 0]));
    const ms = await raw.until('Z');
    assert.equal(types(ms), 'EZ');
    assert.equal(errorFields(ms[0]!.body).C, '22021');
    assert.equal(errorFields(ms[0]!.body).M, 'invalid byte sequence for encoding "UTF8": 0xff');
    raw.send(serialize.end());
  });

  test('CancelRequest with the right key cancels the running query; a wrong key does nothing', async () => {
    const c = await connect();
    const key = c as unknown as { processID: number; secretKey: number };
    const running = c.query('SELECT sleep').then(() => undefined, (e: pg.DatabaseError) => e);
    await waitFor(() => engine.sessions.some((s) => s.pid === key.processID));
    await new Promise((r) => setTimeout(r, 50));
    const cancels = engine.stats.cancels;

    const wrong = await RawClient.connect(server.port);
    wrong.send(serialize.cancel(key.processID, (key.secretKey ^ 1) | 0));
    assert.deepEqual(await wrong.untilClosed(), []);
    assert.equal(engine.stats.cancels, cancels);

    const right = await RawClient.connect(server.port);
    right.send(serialize.cancel(key.processID, key.secretKey));
    assert.deepEqual(await right.untilClosed(), [], 'no reply to a CancelRequest');
    assert.equal((await running)?.code, '57014');
    assert.equal(engine.stats.cancels, cancels + 1);
    assert.equal((await c.query('SELECT rows')).rowCount, 3);
    await c.end();
  });

  test('backpressure: a client that stops reading stops the producer', async () => {
    const raw = await RawClient.connect(server.port);
    await raw.startup();
    raw.countOnly.add('D');
    const n = 3_000_000;
    const before = engine.stats.batchesProduced;
    raw.socket.pause();
    raw.send(serialize.query(`SELECT big ${n}`));
    await new Promise((r) => setTimeout(r, 500));
    const stalled = engine.stats.batchesProduced - before;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(engine.stats.batchesProduced - before, stalled, 'no batches while the client does not read');
    assert.ok(stalled < 100, `only a bounded number of batches buffered (${stalled} of ${n / 10_000})`);
    raw.socket.resume();
    const ms = await raw.until('Z', 60_000);
    assert.equal(raw.counted, n);
    assert.equal(types(ms), 'TCZ');
    assert.equal(engine.stats.batchesProduced - before, n / 10_000);
    raw.send(serialize.end());
  });

  test('a client that disconnects mid-query: the query unwinds, the session closes, nothing crashes', async () => {
    const raw = await RawClient.connect(server.port);
    const pid = (await raw.startup()).find((m) => m.type === 'K')!.body.readInt32BE(0);
    const session = engine.sessions.find((s) => s.pid === pid)!;
    const failures = engine.stats.sinkFailures.length;
    raw.countOnly.add('D');
    const produced = engine.stats.batchesProduced;
    raw.send(serialize.query('SELECT big 5000000'));
    await waitFor(() => raw.counted > 1000);
    raw.socket.destroy();
    await waitFor(() => session.closed);
    assert.equal(engine.stats.sinkFailures.length, failures + 1);
    assert.equal(engine.stats.sinkFailures.at(-1)!.code, '08006');
    assert.ok(engine.stats.batchesProduced - produced < 500, 'the producer stopped early');
    await withClient(async (c) => assert.equal((await c.query('SELECT rows')).rowCount, 3));
  });

  test('a client that disconnects during a query that is not writing: the query is cancelled', async () => {
    const raw = await RawClient.connect(server.port);
    const pid = (await raw.startup()).find((m) => m.type === 'K')!.body.readInt32BE(0);
    const session = engine.sessions.find((s) => s.pid === pid)!;
    const cancels = engine.stats.cancels;
    raw.send(serialize.query('SELECT sleep'));
    await new Promise((r) => setTimeout(r, 50));
    raw.socket.destroy();
    await waitFor(() => session.closed);
    assert.equal(engine.stats.cancels, cancels + 1);
  });

  test('close(): FATAL 57P01 to every connection, then all sessions are closed', async () => {
    const own = new FakeEngine();
    const s = await startWireServer({ host: '127.0.0.1', port: 0, engine: own, log: () => {} });
    const c = new pg.Client({ host: '127.0.0.1', port: s.port, user: 'alice' });
    const errors: Error[] = [];
    c.on('error', (e: Error) => errors.push(e));
    await c.connect();
    const raw = await RawClient.connect(s.port);
    await raw.startup();
    await s.close();
    assert.equal(own.stats.sessionsClosed, 2);
    const ms = await raw.untilClosed();
    assert.deepEqual([errorFields(ms[0]!.body).S, errorFields(ms[0]!.body).C], ['FATAL', '57P01']);
    assert.equal(errorFields(ms[0]!.body).M, 'terminating connection due to administrator command');
    await waitFor(() => errors.length > 0);
    assert.equal((errors[0] as pg.DatabaseError).code, '57P01');
    await assert.rejects(RawClient.connect(s.port));
  });
});
