/**
 * Casts to and from the reg* types (`'t'::regclass`, `c.oid::regclass::text`, `x::regtype::text`). Basin has
 * no reg* types of its own: a reg value is its OID (so `attrelid = 't'::regclass` compares oids), read from a
 * name by the type's input function (`regclassin`, which reports a missing object as PostgreSQL does) and
 * written as a name when cast on to a string type (`regclassout`). The catalog answers both at run time.
 */
import { formatType, isStringCategory, SqlError, SqlState, T } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import { bindExpr, callFunction, strings, type Ast, type ExprEnv } from './bind-expr.ts';
import { coerce } from './coerce.ts';
import { figureColname } from './bind-select.ts';

const REG_TYPES = new Set(['regclass', 'regtype', 'regproc', 'regprocedure', 'regnamespace', 'regrole']);
const STRING_TARGETS = new Set(['text', 'varchar', 'name', 'bpchar']);

/** The reg type a TypeName names (`regclass`, `pg_catalog.regclass`), or undefined. */
export function regTypeOf(typeName: Ast): string | undefined {
  if (typeName === undefined || typeName.arrayBounds !== undefined) return undefined;
  const names = strings(typeName.names);
  if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return undefined;
  const last = names[names.length - 1]!;
  return REG_TYPES.has(last) ? last : undefined;
}

/** `arg::regX`: strings are looked up by name, integers and oids are taken as the OID. */
export function bindRegCast(arg: Ast, reg: string, env: ExprEnv, pos: number | undefined): Expr {
  const e = bindExpr(arg, env);
  if (e.type.id === 'unknown' || isStringCategory(e.type)) {
    return callFunction(`${reg}in`, [coerce(e, T.text, 'explicit', env.state.params, pos)], env, pos);
  }
  if (e.type.id === 'oid' || e.type.id === 'int2' || e.type.id === 'int4' || e.type.id === 'int8') return coerce(e, T.oid, 'explicit', env.state.params, pos);
  throw new SqlError(SqlState.cannotCoerce, `cannot cast type ${formatType(e.type)} to ${reg}`, { position: pos });
}

/** `x::regX::text` (or varchar, name): the object's name. Undefined when `n` is not a cast of a reg cast to a string type. */
export function bindRegOutput(n: Ast, env: ExprEnv, pos: number | undefined): Expr | undefined {
  const inner = n.arg?.TypeCast;
  if (inner === undefined) return undefined;
  const reg = regTypeOf(inner.typeName);
  if (reg === undefined) return undefined;
  const target = strings(n.typeName?.names).pop();
  if (target === undefined || !STRING_TARGETS.has(target)) return undefined;
  return callFunction(`${reg}out`, [bindRegCast(inner.arg, reg, env, pos)], env, pos);
}

/**
 * A query's own result columns that are reg casts (`SELECT 'emp'::regclass`, `SELECT c.oid::regclass FROM …`)
 * print the object's name, as PostgreSQL's regclass output does: the cast is bound as if followed by ::text,
 * keeping the column's name. (Such a column is text to the client, where PostgreSQL says regclass.) Only the
 * outermost SELECT list changes; inside the query a reg value stays an OID to compare and join on.
 */
export function regOutputsAsNames(ast: Ast): Ast {
  const select = ast?.SelectStmt;
  if (select?.targetList === undefined || (select.op !== undefined && select.op !== 'SETOP_NONE')) return ast;
  let changed = false;
  const targetList = (select.targetList as Ast[]).map((t) => {
    const rt = t.ResTarget;
    const cast = rt?.val?.TypeCast;
    if (cast === undefined || regTypeOf(cast.typeName) === undefined) return t;
    changed = true;
    const text = { TypeCast: { arg: rt.val, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1 }, location: cast.location } };
    return { ResTarget: { ...rt, name: rt.name ?? figureColname(rt.val), val: text } };
  });
  return changed ? { ...ast, SelectStmt: { ...select, targetList } } : ast;
}
