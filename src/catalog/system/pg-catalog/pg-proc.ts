/**
 * pg_proc: one row per overload of each built-in function (see procedures.ts), in pg_catalog but for
 * information_schema's own (`_pg_expandarray`).
 */
import { columns, vector } from '../columns.ts';
import { NAMESPACE_OIDS } from '../oids.ts';
import type { SystemRelation } from '../relation.ts';

const COLUMNS = columns(`oid:oid proname:name pronamespace:oid proowner:oid prolang:oid procost:real prorows:real provariadic:oid
  prosupport:regproc prokind:"char" prosecdef:boolean proleakproof:boolean proisstrict:boolean proretset:boolean
  provolatile:"char" proparallel:"char" pronargs:smallint pronargdefaults:smallint prorettype:oid proargtypes:oidvector
  proallargtypes:oid[] proargmodes:"char"[] proargnames:text[] proargdefaults:pg_node_tree protrftypes:oid[] prosrc:text
  probin:text prosqlbody:pg_node_tree proconfig:text[] proacl:aclitem[]`);

/** prolang 12: "internal", the language of PostgreSQL's built-in functions. */
const INTERNAL_LANGUAGE = 12;

export const pgProc: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_proc', oid: 1255, relkind: 'r', columns: COLUMNS,
  rows: (sys) => sys.procedures().map((p) => ({
    oid: p.oid, proname: p.name, pronamespace: p.name.startsWith('_pg_') ? NAMESPACE_OIDS.information_schema : NAMESPACE_OIDS.pg_catalog, proowner: 10, prolang: INTERNAL_LANGUAGE,
    procost: 1, prorows: p.retset ? 1000 : 0, provariadic: p.variadic ? p.argTypes[p.argTypes.length - 1] ?? 0 : 0,
    prosupport: 0, prokind: 'f', prosecdef: false, proleakproof: false, proisstrict: p.strict, proretset: p.retset,
    provolatile: p.volatility, proparallel: 's', pronargs: p.argTypes.length, pronargdefaults: 0, prorettype: p.resultType,
    proargtypes: vector(p.argTypes), prosrc: p.name,
  })),
};
