/** RETURNING lists of INSERT, UPDATE and DELETE: `*` is every column of the target table. */
import type { Expr } from '../../plan/index.ts';
import { bindExpr, type Ast, type ExprEnv } from './bind-expr.ts';
import { figureColname } from './bind-select.ts';

export interface ReturningItem { readonly expr: Expr; readonly name: string }

/** Bind `n`'s RETURNING list (PostgreSQL 18 wraps it in a ReturningClause), or null when there is none. */
export function bindReturning(n: Ast, env: ExprEnv, cols: readonly { readonly name: string; readonly type: Expr['type'] }[]): ReturningItem[] | null {
  const list: Ast[] | undefined = n.returningClause?.exprs ?? n.returningList;
  if (list === undefined) return null;
  const out: ReturningItem[] = [];
  const rEnv: ExprEnv = { ...env, clause: 'RETURNING' };
  for (const t of list) {
    const rt = t.ResTarget;
    const cref = rt.val.ColumnRef;
    if (cref !== undefined && cref.fields.some((f: Ast) => f.A_Star !== undefined)) {
      cols.forEach((c, i) => out.push({ expr: { kind: 'column', index: i, type: c.type, name: c.name }, name: c.name }));
      continue;
    }
    out.push({ expr: bindExpr(rt.val, rEnv), name: rt.name ?? figureColname(rt.val) });
  }
  return out;
}
