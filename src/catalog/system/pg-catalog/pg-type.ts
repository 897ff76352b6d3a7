/**
 * pg_type: Basin's built-in types (each scalar type and its array type) under PostgreSQL's OIDs and names,
 * plus the polymorphic pseudo-types pg_proc's arguments refer to.
 */
import { elementType, isVectorType, sqlType, TYPES } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import { NAMESPACE_OIDS } from '../oids.ts';
import { PSEUDO_TYPES } from '../procedures.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';
import { typeFacts } from '../type-facts.ts';
import { ioProcOid } from '../type-io-procedures.ts';

const COLUMNS = columns(`oid:oid typname:name typnamespace:oid typowner:oid typlen:smallint typbyval:boolean typtype:"char"
  typcategory:"char" typispreferred:boolean typisdefined:boolean typdelim:"char" typrelid:oid typsubscript:regproc typelem:oid
  typarray:oid typinput:regproc typoutput:regproc typreceive:regproc typsend:regproc typmodin:regproc typmodout:regproc
  typanalyze:regproc typalign:"char" typstorage:"char" typnotnull:boolean typbasetype:oid typtypmod:integer typndims:integer
  typcollation:oid typdefaultbin:pg_node_tree typdefault:text typacl:aclitem[]`);

const PSEUDO = new Set(['unknown', 'void', 'record']);

/** Types whose I/O functions PostgreSQL names `type_in` rather than `typein`. */
const UNDERSCORED_IO = new Set(['date', 'time', 'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'numeric', 'uuid', 'void', 'record']);
/** Subscripting for types that are not arrays: jsonb (`j['k']`) and name (its bytes, `name[0]`). */
const OTHER_SUBSCRIPT: Readonly<Record<string, string>> = { jsonb: 'jsonb_subscript_handler', name: 'raw_array_subscript_handler' };

function typeRows(): SystemRow[] {
  const rows: SystemRow[] = Object.values(TYPES).map((t) => {
    const facts = typeFacts(t);
    const elemType = elementType(sqlType(t.id));
    const elem = elemType === undefined ? undefined : TYPES[elemType.id];
    const isArray = elem !== undefined && !isVectorType(sqlType(t.id)); // vectors have their own I/O functions
    const io = UNDERSCORED_IO.has(t.id) ? `${t.pgName}_` : t.pgName;
    return {
      oid: t.oid, typname: t.pgName, typnamespace: NAMESPACE_OIDS.pg_catalog, typowner: 10, typlen: t.len, typbyval: facts.byval,
      typtype: PSEUDO.has(t.id) ? 'p' : 'b', typcategory: t.category, typispreferred: t.preferred, typisdefined: true,
      typdelim: ',', typrelid: 0, typsubscript: elem !== undefined ? 'array_subscript_handler' : OTHER_SUBSCRIPT[t.id] ?? '-',
      typelem: elem?.oid ?? (t.id === 'name' ? TYPES.char.oid : 0),
      typarray: t.arrayOid, typinput: isArray ? 'array_in' : `${io}in`,
      typoutput: isArray ? 'array_out' : `${io}out`, typreceive: isArray ? 'array_recv' : `${io}recv`,
      typsend: isArray ? 'array_send' : `${io}send`, typmodin: '-', typmodout: '-', typanalyze: '-',
      typalign: facts.align, typstorage: facts.storage, typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0,
      typcollation: facts.collation,
    };
  });
  for (const p of PSEUDO_TYPES) {
    rows.push({
      oid: p.oid, typname: p.name, typnamespace: NAMESPACE_OIDS.pg_catalog, typowner: 10, typlen: p.name === 'any' ? 4 : -1,
      typbyval: p.name === 'any', typtype: 'p', typcategory: 'P', typispreferred: false,
      typisdefined: true, typdelim: ',', typrelid: 0, typsubscript: '-', typelem: 0, typarray: 0, typinput: `${p.name}_in`,
      typoutput: `${p.name}_out`, typreceive: p.name === 'anycompatiblearray' ? 'anycompatiblearray_recv' : '-',
      typsend: p.name === 'anycompatiblearray' ? 'anycompatiblearray_send' : '-', typmodin: '-', typmodout: '-', typanalyze: '-',
      typalign: p.name === 'anycompatiblearray' ? 'd' : 'i', typstorage: p.name === 'anycompatiblearray' ? 'x' : 'p',
      typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: 0,
    });
  }
  // The regproc columns hold the functions' OIDs (written above by name).
  return rows.map((row) => ({ ...row, ...Object.fromEntries(REGPROC_COLUMNS.map((c) => [c, ioProcOid(row[c] as string)])) }));
}

const REGPROC_COLUMNS = COLUMNS.filter((c) => c.type.id === 'regproc').map((c) => c.name);
const ROWS = typeRows();

export const pgType: SystemRelation = { schema: 'pg_catalog', name: 'pg_type', oid: 1247, relkind: 'r', columns: COLUMNS, rows: () => ROWS };
