/**
 * pg_attrdef: column defaults and generation expressions. adbin holds the expression's text (PostgreSQL's holds
 * a node tree that only pg_get_expr reads, and Basin's pg_get_expr returns the text as it is).
 */
import { columns } from '../columns.ts';
import { defaultText } from '../default-text.ts';
import { derivedOid } from '../oids.ts';
import type { SystemRelation, SystemRow } from '../relation.ts';

export const pgAttrdef: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_attrdef', oid: 2604, relkind: 'r',
  columns: columns('oid:oid adrelid:oid adnum:smallint adbin:pg_node_tree'),
  rows: (sys) => {
    const out: SystemRow[] = [];
    for (const c of sys.classes) {
      if (c.kind !== 'r') continue;
      c.table.columns.forEach((col, i) => {
        const text = col.generated ?? defaultText(col.defaultExpr, col.type);
        if (text !== null) out.push({ oid: derivedOid('attrdef', c.oid, i + 1), adrelid: c.oid, adnum: i + 1, adbin: text });
      });
    }
    return out;
  },
};
