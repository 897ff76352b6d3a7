/**
 * pg_attribute: the columns of every relation in pg_class (an index's are its key columns), numbered from 1.
 * PostgreSQL's system columns (ctid, xmin, …, negative attnum) do not exist in Basin and are not listed.
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

async function classAttributes(sys: SystemCatalog, c: ClassEntry): Promise<SystemRow[]> {
  const cols = await sys.classColumns(c);
  return cols.map((col, i) => {
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
  });
}

export const pgAttribute: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_attribute', oid: 1249, relkind: 'r', columns: COLUMNS,
  rows: async (sys) => (await Promise.all(sys.classes.map((c) => classAttributes(sys, c)))).flat(),
};
