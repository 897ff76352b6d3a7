// The system catalog over a small in-memory catalog: name resolution as regclass does it, visibility through
// the search path, derived objects and their stable OIDs, definitions, and system relations' rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, sqlType } from '../../common/index.ts';
import type { FunctionResolver, ScalarFunction } from '../../plan/index.ts';
import { CatalogView, type Catalog } from '../catalog.ts';
import type { CatalogObject, TableDef } from '../model.ts';
import { parseQualifiedName, quoteIdent } from './names.ts';
import { derivedFrom, derivedOid } from './oids.ts';
import { procedures } from './procedures.ts';
import { SystemCatalog } from './system-catalog.ts';

const table: TableDef = {
  kind: 'table', oid: 16400, database: 'db', schema: 'app', name: 'Orders', location: '/x', primaryKey: ['id'], owner: 'boss',
  columns: [
    { name: 'id', type: T.int4, nullable: false, defaultExpr: null },
    { name: 'note', type: sqlType('varchar', 14), nullable: true, defaultExpr: { A_Const: { sval: { sval: 'n/a' } } } },
  ],
  checks: [{ name: 'orders_id_check', expr: 'id > 0' }],
};

const objects: CatalogObject[] = [
  { kind: 'role', oid: 10, name: 'boss', superuser: true, scramVerifier: null },
  { kind: 'database', oid: 16384, name: 'db', owner: 'boss' },
  { kind: 'schema', oid: 16385, database: 'db', name: 'public', owner: 'boss' },
  { kind: 'schema', oid: 16386, database: 'db', name: 'pg_catalog', owner: 'boss' },
  { kind: 'schema', oid: 16387, database: 'db', name: 'app', owner: 'boss' },
  table,
  { kind: 'index', oid: 16401, database: 'db', schema: 'app', name: 'orders_note', tableOid: 16400, columns: ['note'], unique: false, sql: '' },
  { kind: 'view', oid: 16402, database: 'db', schema: 'public', name: 'v', sql: 'CREATE VIEW v (a) AS SELECT 1 AS a', columnNames: ['a'], owner: 'boss' },
];

const upper: ScalarFunction = { name: 'upper', overloads: [{ args: ['text'], returns: 'text', kernel: () => { throw new Error('not run'); } }] };
const functions: FunctionResolver = { scalar: (n) => (n === 'upper' ? upper : undefined), setReturning: () => undefined, scalarNames: () => ['upper'] };

function system(searchPath: string[]): SystemCatalog {
  const catalog = { all: () => objects.values() } as unknown as Catalog;
  return new SystemCatalog({
    view: new CatalogView(catalog), database: 'db', user: 'boss', searchPath, functions, setting: () => '', backendPid: 1, activity: () => [], cursors: () => [], preparedStatements: () => [], advisoryLocks: () => [],
    viewColumns: async () => [{ name: 'a', type: T.int4, nullable: true }], tableSize: async () => 1234,
  });
}

test('qualified names split on dots, fold unquoted parts and keep quoted ones', () => {
  assert.deepEqual(parseQualifiedName('App."Orders"'), ['app', 'Orders']);
  assert.deepEqual(parseQualifiedName('"a.b"."c""d"'), ['a.b', 'c"d']);
  assert.throws(() => parseQualifiedName('a..b'), { code: '42602' });
  assert.equal(quoteIdent('Orders'), '"Orders"');
  assert.equal(quoteIdent('orders_1'), 'orders_1');
});

test('relations resolve by name through the search path, pg_catalog first', () => {
  const sys = system(['public']);
  assert.equal(sys.relationOid('app."Orders"'), 16400);
  assert.equal(sys.relationOid('Orders'), undefined);
  assert.equal(sys.relationOid('v'), 16402);
  assert.equal(sys.relationOid('pg_class'), 1259);
  assert.equal(sys.relationVisible(16400), false);
  assert.equal(sys.relationName(16400), 'app."Orders"');
  assert.equal(system(['app', 'public']).relationName(16400), '"Orders"');
  assert.equal(sys.relationVisible(999), undefined);
});

test('a primary key becomes an index and a constraint with OIDs derived from the table', () => {
  const sys = system(['public']);
  const pkey = sys.indexes.find((i) => i.primary)!;
  assert.equal(pkey.name, 'Orders_pkey');
  assert.equal(pkey.oid, derivedOid('pkeyIndex', 16400));
  assert.deepEqual(derivedFrom(pkey.oid), { tableOid: 16400, slot: 4001 });
  assert.equal(sys.indexDef(pkey.oid, 0), 'CREATE UNIQUE INDEX "Orders_pkey" ON app."Orders" USING btree (id)');
  assert.equal(sys.indexDef(16401, 0), 'CREATE INDEX orders_note ON app."Orders" USING btree (note)');
  assert.equal(sys.indexDef(16401, 1), 'note');
  const con = sys.constraints.map((c) => [c.name, c.type, sys.constraintDef(c.oid, true), sys.constraintDef(c.oid, false)]);
  assert.deepEqual(con, [
    ['Orders_pkey', 'p', 'PRIMARY KEY (id)', 'PRIMARY KEY (id)'],
    ['orders_id_check', 'c', 'CHECK (id > 0)', 'CHECK ((id > 0))'],
  ]);
  assert.equal(sys.viewDef(16402), ' SELECT 1 AS a;');
});

test('system relations build their rows from the catalog', async () => {
  const sys = system(['public']);
  const cls = await sys.systemRelation('pg_catalog', 'pg_class');
  const name = cls!.columns.findIndex((c) => c.name === 'relname');
  const kind = cls!.columns.findIndex((c) => c.name === 'relkind');
  const mine = cls!.rows.filter((r) => [16400, 16401, 16402, derivedOid('pkeyIndex', 16400)].includes(r[0] as number));
  assert.deepEqual(mine.map((r) => [r[name], r[kind]]).sort(), [['Orders', 'r'], ['Orders_pkey', 'i'], ['orders_note', 'i'], ['v', 'v']]);
  const def = await sys.systemRelation('pg_catalog', 'pg_attrdef');
  assert.deepEqual(def!.rows.map((r) => [r[2], r[3]]), [[2, "'n/a'::character varying"]]);
  assert.equal((await sys.systemRelation('pg_catalog', 'pg_attrdef', true))!.rows.length, 0);
  assert.equal(await sys.systemRelation('public', 'pg_class'), undefined);
  assert.equal(sys.relationSize(16400), undefined);
  await sys.prepareSizes();
  assert.equal(sys.relationSize(16400), 1234);
  assert.equal(sys.relationSize(16402), 0);
  assert.equal(sys.databaseSize(16384), 1234);
});

test('function OIDs depend only on the name and overload, not on what else is registered', () => {
  const alone = procedures(functions)[0]!;
  const lower: ScalarFunction = { name: 'lower', overloads: upper.overloads };
  const both = procedures({ ...functions, scalar: (n) => (n === 'upper' ? upper : lower), scalarNames: () => ['lower', 'upper'] });
  assert.equal(both.find((p) => p.name === 'upper')!.oid, alone.oid);
  assert.equal(alone.argumentsText, 'text');
  assert.equal(alone.resultText, 'text');
});
