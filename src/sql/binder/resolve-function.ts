/**
 * Function overload resolution (PostgreSQL's func_select_candidate, simplified): among the overloads whose
 * arguments the call's arguments reach by implicit casts, pick the one with the most exact matches, then the
 * most preferred-type matches; a tie is 42725 "not unique", none is 42883 "does not exist".
 *
 * Polymorphic arguments ('anyelement', 'anyarray') resolve as PostgreSQL's anycompatible family: the element
 * type is the common type of the anyelement arguments and the anyarray arguments' element types.
 */
import {
  arrayTypeOf, castContext, elementType, formatType, SqlError, SqlState, T, TYPES, type SqlType,
} from '../../common/index.ts';
import type { ArgType, Expr } from '../../plan/index.ts';
import { coerce, commonType, resolveUnknown, type ParamTypes } from './coerce.ts';

interface Candidate {
  readonly args: readonly ArgType[];
  readonly variadic?: boolean;
}

const hint = 'No function matches the given name and argument types. You might need to add explicit type casts.';

/** The element type polymorphic arguments resolve to for this candidate, undefined if they cannot agree. */
function polymorphicElement(o: Candidate, args: readonly Expr[]): SqlType | null | undefined {
  const types: SqlType[] = [];
  let any = false;
  for (let i = 0; i < args.length; i++) {
    const w = o.args[Math.min(i, o.args.length - 1)]!;
    const a = args[i]!.type;
    if (w === 'anyelement') { any = true; types.push(a); }
    else if (w === 'anyarray') {
      any = true;
      if (a.id === 'unknown') continue;
      const e = elementType(a);
      if (e === undefined) return undefined;
      types.push(e);
    }
  }
  if (!any) return null;
  try {
    return commonType(types, 'polymorphic');
  } catch {
    return undefined;
  }
}

/** The concrete type a declared argument type stands for, given the resolved polymorphic element type. */
function concrete(w: ArgType, elem: SqlType | null): SqlType | 'any' {
  if (w === 'any') return 'any';
  if (w === 'anyelement') return elem!;
  if (w === 'anyarray') return arrayTypeOf(elem!) ?? T.text;
  return { id: w, typmod: -1 };
}

export function resolveOverload<O extends Candidate>(name: string, overloads: readonly O[], args: readonly Expr[],
  params: ParamTypes, pos: number | undefined): { overload: O; args: Expr[] } {
  const signature = () => `${name}(${args.map((a) => formatType(a.type)).join(', ')})`;
  let best: { o: O; elem: SqlType | null; exact: number; preferred: number } | undefined;
  let tie = false;
  for (const o of overloads) {
    if (o.variadic ? args.length < o.args.length - 1 : args.length !== o.args.length) continue;
    const elem = polymorphicElement(o, args);
    if (elem === undefined) continue;
    let exact = 0, preferred = 0, ok = true;
    for (let i = 0; i < args.length && ok; i++) {
      const w = concrete(o.args[Math.min(i, o.args.length - 1)]!, elem), a = args[i]!.type;
      if (w === 'any' || a.id === w.id) { exact++; continue; }
      if (a.id === 'unknown') { if (TYPES[w.id].preferred || w.id === 'text') preferred++; continue; }
      if (castContext(a, w) !== 'implicit') ok = false;
      else if (TYPES[w.id].preferred) preferred++;
    }
    if (!ok) continue;
    if (best === undefined || exact > best.exact || (exact === best.exact && preferred > best.preferred)) {
      best = { o, elem, exact, preferred };
      tie = false;
    } else if (exact === best.exact && preferred === best.preferred) {
      tie = true;
    }
  }
  if (best === undefined) {
    throw new SqlError(SqlState.undefinedFunction, `function ${signature()} does not exist`, { position: pos, hint });
  }
  if (tie) {
    throw new SqlError(SqlState.ambiguousFunction, `function ${signature()} is not unique`, {
      position: pos, hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
    });
  }
  const { o, elem } = best;
  const bound = args.map((a, i) => {
    const w = concrete(o.args[Math.min(i, o.args.length - 1)]!, elem);
    if (w === 'any') return resolveUnknown(a, params);
    return coerce(a, w, 'implicit', params, pos);
  });
  return { overload: o, args: bound };
}
