import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadParser, parseSql } from './parse.ts';
import { rewriteTblProperties } from './tbl-properties.ts';

before(() => loadParser());

test('TBLPROPERTIES become storage parameters, byte for byte', () => {
  const cases: [string, string][] = [
    ["CREATE TABLE t (a int) TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')",
      'CREATE TABLE t (a int) WITH          ("delta.enableChangeDataFeed" = \'true\')'],
    ["ALTER TABLE t SET TBLPROPERTIES ('a.b' = 1, delta.appendOnly = true)",
      'ALTER TABLE t SET               ("a.b" = 1, delta.appendOnly = true)'],
    ["ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('a.b', 'c')",
      'ALTER TABLE t RESET                         ("a.b", "c")'],
    // Spark's `=` is optional.
    ["ALTER TABLE t SET TBLPROPERTIES ('k' 'v')", 'ALTER TABLE t SET               ("k"=\'v\')'],
  ];
  for (const [sql, expected] of cases) {
    const out = rewriteTblProperties(sql);
    assert.equal(out, expected);
    assert.equal(Buffer.byteLength(out!), Buffer.byteLength(sql));
  }
  assert.equal(rewriteTblProperties('SELECT 1'), undefined);
  // A string that merely contains the word is no clause.
  assert.equal(rewriteTblProperties("SELECT 'TBLPROPERTIES'"), undefined);
});

test('parseSql reads them as storage parameters, keeping the keys\' case', () => {
  const [create] = parseSql("CREATE TABLE t (a int) USING delta TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true', 'Owner' = 'x')");
  const options = (create!.node as { CreateStmt: { options: { DefElem: { defname: string; arg: { String: { sval: string } } } }[] } }).CreateStmt.options;
  assert.deepEqual(options.map((o) => [o.DefElem.defname, o.DefElem.arg.String.sval]), [['delta.enableChangeDataFeed', 'true'], ['Owner', 'x']]);
  const [unset] = parseSql("ALTER TABLE t UNSET TBLPROPERTIES ('k')");
  const cmd = (unset!.node as { AlterTableStmt: { cmds: { AlterTableCmd: { subtype: string } }[] } }).AlterTableStmt.cmds[0]!.AlterTableCmd;
  assert.equal(cmd.subtype, 'AT_ResetRelOptions');
});
