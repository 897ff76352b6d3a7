/**
 * Which expressions cannot raise an error on any row: those may be evaluated on a whole batch even where only
 * some rows reach them (cheaper than cutting the batch), the others only on the rows that reach them.
 */
import { exprChildren, type Expr } from '../../plan/index.ts';
import { compileLike } from '../../kernels/index.ts';

const MEMO = new WeakMap<Expr, boolean>();

export function cannotRaise(e: Expr): boolean {
  let r = MEMO.get(e);
  if (r === undefined) {
    r = compute(e);
    MEMO.set(e, r);
  }
  return r;
}

function compute(e: Expr): boolean {
  switch (e.kind) {
    case 'column': case 'outer': case 'const': case 'param':
      return true;
    case 'compare': case 'is-distinct': case 'is-null': case 'is-bool': case 'not': case 'and': case 'or':
    case 'coalesce': case 'in-list': case 'concat': case 'case': case 'greatest': case 'least':
      return exprChildren(e).every(cannotRaise);
    case 'like': {
      if (e.pattern.kind !== 'const' || (e.escape !== null && e.escape.kind !== 'const')) return false;
      if (!cannotRaise(e.arg)) return false;
      if (e.pattern.value === null || (e.escape !== null && e.escape.value === null)) return true;
      try {
        compileLike(e.pattern.value as string, e.escape === null ? null : (e.escape.value as string), e.caseInsensitive);
        return true;
      } catch {
        return false;
      }
    }
    default:
      return false;
  }
}
