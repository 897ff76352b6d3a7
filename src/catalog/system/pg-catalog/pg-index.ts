/** pg_index: each index's table and key columns (attribute numbers); every index is valid and ready. */
import { columns, vector } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

const COLUMNS = columns(`indexrelid:oid indrelid:oid indnatts:smallint indnkeyatts:smallint indisunique:boolean
  indnullsnotdistinct:boolean indisprimary:boolean indisexclusion:boolean indimmediate:boolean indisclustered:boolean
  indisvalid:boolean indcheckxmin:boolean indisready:boolean indislive:boolean indisreplident:boolean indkey:int2vector
  indcollation:oidvector indclass:oidvector indoption:int2vector indexprs:pg_node_tree indpred:pg_node_tree`);

export const pgIndex: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_index', oid: 2610, relkind: 'r', columns: COLUMNS,
  rows: (sys) => sys.indexes.map((ix) => ({
    indexrelid: ix.oid, indrelid: ix.table.oid, indnatts: ix.columns.length, indnkeyatts: ix.columns.length,
    indisunique: ix.unique, indnullsnotdistinct: false, indisprimary: ix.primary, indisexclusion: false, indimmediate: true,
    indisclustered: false, indisvalid: true, indcheckxmin: false, indisready: true, indislive: true, indisreplident: false,
    indkey: vector(ix.columns.map((n) => ix.table.columns.findIndex((c) => c.name === n) + 1)),
    indcollation: vector(ix.columns.map(() => 0)), indclass: vector(ix.columns.map(() => 0)), indoption: vector(ix.columns.map(() => 0)),
  })),
};
