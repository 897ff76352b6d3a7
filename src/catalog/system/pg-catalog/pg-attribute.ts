/**
 * pg_attribute: the columns of every relation in pg_class (an index's are its key columns), numbered from 1.
 * Tables also list PostgreSQL's six system columns (tableoid, cmax, xmax, cmin, xmin, ctid; attnum -6 to -1),
 * as PostgreSQL does: tools that read pg_attribute without `attnum > 0` (DBeaver) expect them. Basin's rows
 * have no such values, so a query cannot select them.
 */
import { TYPES } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import type { ClassEntry, SystemCatalog } from '../system-catalog.ts';
import { dimsOf, typeFactsOf } from '../type-facts.ts';
import { defaultText } from '../default-text.ts';

const COLUMNS = columns(`attrelid:oid attname:name atttypid:oid attstattarget:integer attlen:smallint attnum:smallint attndims:integer
  attcacheoff:integer atttypmod:integer attbyval:boolean attalign:"char" attstorage:"char" attcompression:"char" attnotnull:boolean
  atthasdef:boolean atthasmissing:boolean attidentity:"char" attgenerated:"char" attisdropped:boolean attislocal:boolean
  attinhcount:integer attcollation:oid attacl:aclitem[] attoptions:text[] attfdwoptions:text[] attmissingval:anyarray`);

/** PostgreSQL's system columns: name, type OID, attlen, attbyval, attalign; attnum -6 to -1 in this order. */
const SYSTEM_COLUMNS: readonly [string, number, number, boolean, string][] = [
  ['tableoid', 26, 4, true, 'i'], ['cmax', 29, 4, true, 'i'], ['xmax', 28, 4, true, 'i'],
  ['cmin', 29, 4, true, 'i'], ['xmin', 28, 4, true, 'i'], ['ctid', 27, 6, false, 's'],
];

function systemAttributes(relid: number): SystemRow[] {
  return SYSTEM_COLUMNS.map(([name, type, len, byval, align], i) => ({
    attrelid: relid, attname: name, atttypid: type, attstattarget: 0, attlen: len, attnum: i - SYSTEM_COLUMNS.length,
    attndims: 0, attcacheoff: -1, atttypmod: -1, attbyval: byval, attalign: align, attstorage: 'p', attcompression: '',
    attnotnull: true, atthasdef: false, atthasmissing: false, attidentity: '', attgenerated: '', attisdropped: false,
    attislocal: true, attinhcount: 0, attcollation: 0,
  }));
}

async function classAttributes(sys: SystemCatalog, c: ClassEntry): Promise<SystemRow[]> {
  const cols = await sys.classColumns(c);
  const isTable = c.kind === 'r' || (c.kind === 's' && c.system.relkind === 'r');
  return [...(isTable ? systemAttributes(c.oid) : []), ...cols.map((col, i) => {
    const facts = typeFactsOf(col.type);
    const tableCol = c.kind === 'r' ? c.table.columns[i] : undefined;
    const hasDefault = tableCol !== undefined && (tableCol.generated !== undefined || defaultText(tableCol.defaultExpr, col.type) !== null);
    return {
      attrelid: c.oid, attname: col.name, atttypid: TYPES[col.type.id].oid, attstattarget: -1, attlen: TYPES[col.type.id].len,
      attnum: i + 1, attndims: dimsOf(col.type), attcacheoff: -1, atttypmod: col.type.typmod, attbyval: facts.byval,
      attalign: facts.align, attstorage: facts.storage, attcompression: '',
      attnotnull: c.kind === 'r' && !col.nullable,
      atthasdef: hasDefault, atthasmissing: false,
      attidentity: tableCol?.identity === undefined ? '' : tableCol.identity.always ? 'a' : 'd',
      attgenerated: tableCol?.generated === undefined ? '' : 's',
      attisdropped: false, attislocal: true, attinhcount: 0, attcollation: facts.collation,
    };
  })];
}

export const pgAttribute: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_attribute', oid: 1249, relkind: 'r', columns: COLUMNS,
  rows: async (sys) => (await Promise.all(sys.classes.map((c) => classAttributes(sys, c)))).flat(),
};
