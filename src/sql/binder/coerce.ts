/**
 * Type coercion as PostgreSQL does it: implicit casts, folding untyped literals into typed constants, typing
 * parameters from their context, and choosing the common type of UNION/CASE/COALESCE/VALUES/IN branches
 * (select_common_type).
 */
import {
  applyCharTypmod, castContext, elementType, DEFAULT_TEXT_OPTIONS, formatType, isRegType, SqlError, SqlState, T, textIn, TYPES, type SqlType,
} from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';

/** Parameter types being inferred for the statement ($1 is index 0); undefined = not yet known. */
export type ParamTypes = (SqlType | undefined)[];

export function constExpr(value: unknown, type: SqlType): Expr {
  return { kind: 'const', value, type };
}

const SESSION_DEPENDENT_INPUT = new Set(['timestamptz', 'timestamp', 'date']);

/** Does this expression's type still need to be decided by context (untyped literal, untyped parameter)? */
export const isUnknown = (e: Expr): boolean => e.type.id === 'unknown';

/**
 * Cast `e` to `to` in the given context, or throw 42804/42846. Untyped literals are parsed straight into the
 * target type (as PostgreSQL does), untyped parameters take the type.
 */
export function coerce(e: Expr, to: SqlType, mode: 'implicit' | 'assignment' | 'explicit', params: ParamTypes,
  position?: number, what?: string): Expr {
  if (e.type.id === to.id && (e.type.typmod === to.typmod || to.typmod === -1 && mode !== 'explicit')) return e;
  if (e.kind === 'param' && e.type.id === 'unknown') {
    params[e.index] = to;
    return { kind: 'param', index: e.index, type: to };
  }
  if (e.kind === 'const' && e.type.id === 'unknown') {
    if (e.value === null) return constExpr(null, to);
    try {
      // An explicit cast truncates character strings to the length; input functions and assignment raise.
      if (mode === 'explicit' && (to.id === 'varchar' || to.id === 'bpchar') && to.typmod >= 0) {
        return constExpr(applyCharTypmod(String(textIn({ id: to.id, typmod: -1 }, String(e.value), DEFAULT_TEXT_OPTIONS)), to, true), to);
      }
      // A name as a reg* value ('emp'::regclass) is looked up in the catalog when the statement runs.
      if (isRegType(elementType(to) ?? to)) return { kind: 'cast', arg: e, mode, type: to, position: e.location ?? position };
      const value = textIn(to, String(e.value), DEFAULT_TEXT_OPTIONS);
      // Input that depends on the session's TimeZone or DateStyle is read when the statement runs (constant
      // folding does it once, with the session's settings); parsing it here only reports bad input early.
      if (SESSION_DEPENDENT_INPUT.has((elementType(to) ?? to).id)) return { kind: 'cast', arg: e, mode, type: to };
      return constExpr(value, to);
    } catch (err) {
      if (err instanceof SqlError) err.at(e.location ?? position);
      throw err;
    }
  }
  if (e.kind === 'const' && e.value === null && mode !== 'implicit') return constExpr(null, to);
  const ctx = castContext(e.type, to);
  const allowed = ctx !== undefined && (mode === 'explicit' || ctx === 'implicit' || (mode === 'assignment' && ctx === 'assignment'));
  if (!allowed) {
    if (what !== undefined) {
      throw new SqlError(SqlState.datatypeMismatch,
        `${what} is of type ${formatType(to)} but expression is of type ${formatType(e.type)}`,
        { position, hint: 'You will need to rewrite or cast the expression.' });
    }
    throw new SqlError(SqlState.cannotCoerce, `cannot cast type ${formatType(e.type)} to ${formatType(to)}`, { position });
  }
  if (e.type.id === to.id && to.typmod === -1) return e;
  return { kind: 'cast', arg: e, mode, type: to };
}

/** Resolve an untyped expression to text when nothing else decides its type (e.g. `SELECT 'a'`). */
export function resolveUnknown(e: Expr, params: ParamTypes): Expr {
  return isUnknown(e) ? coerce(e, T.text, 'implicit', params) : e;
}

/**
 * PostgreSQL's select_common_type: all unknown → text; else start from the first known type and move to a
 * later type when it is the preferred type of the same category or the current one casts to it implicitly
 * (and not back). Types of different categories cannot be matched: 42804 "<context> types X and Y cannot be
 * matched".
 */
export function commonType(types: readonly SqlType[], context: string, position?: number): SqlType {
  let pick: SqlType | undefined;
  for (const t of types) {
    if (t.id === 'unknown') continue;
    if (pick === undefined) { pick = t; continue; }
    if (t.id === pick.id) {
      if (t.typmod !== pick.typmod) pick = { id: pick.id, typmod: -1 };
      continue;
    }
    const pc = TYPES[pick.id].category;
    const tc = TYPES[t.id].category;
    if (pc !== tc) {
      throw new SqlError(SqlState.datatypeMismatch,
        `${context} types ${formatType(pick)} and ${formatType(t)} cannot be matched`, { position });
    }
    const toT = castContext(pick, t) === 'implicit';
    const toPick = castContext(t, pick) === 'implicit';
    if (TYPES[pick.id].preferred) continue;
    if (toT && !toPick) pick = t;
    else if (!toT && !toPick) {
      throw new SqlError(SqlState.datatypeMismatch,
        `${context} types ${formatType(pick)} and ${formatType(t)} cannot be matched`, { position });
    }
  }
  if (pick === undefined) return T.text;
  // A length modifier only survives when every branch agrees.
  if (pick.typmod !== -1 && types.some((t) => t.id !== 'unknown' && t.typmod !== pick.typmod)) return { id: pick.id, typmod: -1 };
  return pick;
}
