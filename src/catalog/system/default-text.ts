/**
 * A column's DEFAULT as pg_get_expr shows it. Basin keeps a default as its parse tree (the parser has no
 * deparser), so this writes the common forms back the way PostgreSQL prints the stored expression: integer
 * and decimal constants bare (a negative one quoted and cast), a string constant cast to the column's type,
 * operators parenthesized, functions and SQL value functions (CURRENT_TIMESTAMP) by name. NULL for no default
 * (DEFAULT NULL included, which PostgreSQL does not store either).
 */
import { formatType, sqlType, type SqlType } from '../../common/index.ts';

/** A libpg-query JSON node (untyped: the parser ships no node types). */
type Node = Record<string, any>;

const SVF: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE', SVFOP_CURRENT_TIME: 'CURRENT_TIME', SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME', SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP', SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE', SVFOP_SESSION_USER: 'SESSION_USER', SVFOP_USER: 'CURRENT_USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG', SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const plainType = (t: SqlType): string => formatType(sqlType(t.id));

function constText(c: Node, type: SqlType | undefined): string | null {
  if (c.isnull === true) return null;
  if (c.ival !== undefined) {
    const v = Number(c.ival.ival ?? 0);
    return v < 0 ? `${quote(String(v))}::${type === undefined ? 'integer' : plainType(type)}` : String(v);
  }
  if (c.fval !== undefined) return String(c.fval.fval);
  if (c.boolval !== undefined) return c.boolval.boolval === true ? 'true' : 'false';
  if (c.sval !== undefined) return type === undefined ? quote(c.sval.sval ?? '') : `${quote(c.sval.sval ?? '')}::${plainType(type)}`;
  return null;
}

function names(list: Node[] | undefined): string[] {
  return (list ?? []).map((n) => n.String?.sval ?? '');
}

/** The expression's text; `type` is the type a bare string constant is cast to (the column's, at the top). */
function exprText(node: Node, type: SqlType | undefined): string | null {
  const [kind, n] = Object.entries(node)[0] as [string, Node];
  switch (kind) {
    case 'A_Const': return constText(n, type);
    case 'TypeCast': {
      const arg = exprText(n.arg, undefined);
      const tn = names(n.typeName?.names).filter((x) => x !== 'pg_catalog').join('.');
      return arg === null ? null : `${arg}::${tn}`;
    }
    case 'FuncCall': {
      const args = ((n.args ?? []) as Node[]).map((a) => exprText(a, undefined) ?? 'NULL');
      return `${names(n.funcname).filter((x) => x !== 'pg_catalog').join('.')}(${args.join(', ')})`;
    }
    case 'SQLValueFunction': return SVF[n.op] ?? null;
    case 'ColumnRef': return names(n.fields).join('.');
    case 'A_Expr': {
      const op = names(n.name).join('.');
      const l = n.lexpr === undefined ? undefined : exprText(n.lexpr, undefined);
      const r = exprText(n.rexpr, undefined);
      return l === undefined ? `(${op} ${r})` : `(${l} ${op} ${r})`;
    }
    default: return null;
  }
}

export function defaultText(defaultExpr: unknown, type: SqlType): string | null {
  if (defaultExpr === null || typeof defaultExpr !== 'object') return null;
  return exprText(defaultExpr as Node, type);
}
