/**
 * pg_type: Basin's built-in types (each scalar type and its array type) under PostgreSQL's OIDs and names,
 * plus the polymorphic pseudo-types pg_proc's arguments refer to.
 */
import { TYPES } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import { NAMESPACE_OIDS } from '../oids.ts';
import { PSEUDO_TYPES } from '../procedures.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import { typeFacts } from '../type-facts.ts';

const COLUMNS = columns(`oid:oid typname:name typnamespace:oid typowner:oid typlen:smallint typbyval:boolean typtype:"char"
  typcategory:"char" typispreferred:boolean typisdefined:boolean typdelim:"char" typrelid:oid typsubscript:regproc typelem:oid
  typarray:oid typinput:regproc typoutput:regproc typreceive:regproc typsend:regproc typmodin:regproc typmodout:regproc
  typanalyze:regproc typalign:"char" typstorage:"char" typnotnull:boolean typbasetype:oid typtypmod:integer typndims:integer
  typcollation:oid typdefaultbin:pg_node_tree typdefault:text typacl:aclitem[]`);

const PSEUDO = new Set(['unknown', 'void', 'record']);

function typeRows(): SystemRow[] {
  const rows: SystemRow[] = Object.values(TYPES).map((t) => {
    const facts = typeFacts(t);
    const isArray = t.category === 'A';
    const elem = isArray ? TYPES[t.id.slice(1) as keyof typeof TYPES] : undefined;
    return {
      oid: t.oid, typname: t.pgName, typnamespace: NAMESPACE_OIDS.pg_catalog, typowner: 10, typlen: t.len, typbyval: facts.byval,
      typtype: PSEUDO.has(t.id) ? 'p' : 'b', typcategory: t.category, typispreferred: t.preferred, typisdefined: true,
      // name is a fixed-length array of "char" to PostgreSQL (name[0] is its first byte): typelem 18.
      typdelim: ',', typrelid: 0, typsubscript: isArray ? 'array_subscript_handler' : t.id === 'name' ? 'raw_array_subscript_handler' : '-',
      typelem: elem?.oid ?? (t.id === 'name' ? TYPES.char.oid : 0),
      typarray: t.arrayOid, typinput: isArray ? 'array_in' : `${t.pgName}in`,
      typoutput: isArray ? 'array_out' : `${t.pgName}out`, typreceive: isArray ? 'array_recv' : `${t.pgName}recv`,
      typsend: isArray ? 'array_send' : `${t.pgName}send`, typmodin: '-', typmodout: '-', typanalyze: '-',
      typalign: facts.align, typstorage: facts.storage, typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0,
      typcollation: facts.collation,
    };
  });
  for (const p of PSEUDO_TYPES) {
    rows.push({
      oid: p.oid, typname: p.name, typnamespace: NAMESPACE_OIDS.pg_catalog, typowner: 10, typlen: p.name === 'any' ? 4 : -1,
      typbyval: p.name === 'any', typtype: 'p', typcategory: 'P', typispreferred: false,
      typisdefined: true, typdelim: ',', typrelid: 0, typsubscript: '-', typelem: 0, typarray: 0, typinput: `${p.name}_in`,
      typoutput: `${p.name}_out`, typreceive: '-', typsend: '-', typmodin: '-', typmodout: '-', typanalyze: '-',
      typalign: p.name === 'anycompatiblearray' ? 'd' : 'i', typstorage: p.name === 'anycompatiblearray' ? 'x' : 'p',
      typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: 0,
    });
  }
  return rows;
}

const ROWS = typeRows();

export const pgType: SystemRelation = { schema: 'pg_catalog', name: 'pg_type', oid: 1247, relkind: 'r', columns: COLUMNS, rows: () => ROWS };
