/** SQL type names (TypeName AST nodes) → SqlType, with PostgreSQL's modifiers and errors. */
import {
  arrayTypeOf, formatType, numericTypmod, SqlError, SqlState, sqlType, typeIdByName, type SqlType,
} from '../../common/index.ts';
import type { Ast } from './bind-expr.ts';
import type { BinderState } from './state.ts';

export function resolveTypeName(tn: Ast, state: BinderState, position?: number): SqlType {
  const base = resolveBaseTypeName(tn, state, position);
  if (tn.arrayBounds === undefined) return base;
  // int[], int[3][3], int ARRAY: one array type whatever the dimensions (PostgreSQL does not enforce them).
  const arr = arrayTypeOf(base);
  if (arr === undefined) {
    throw new SqlError(SqlState.undefinedObject, `could not find array type for data type ${formatType(base)}`, { position: state.pos(tn.location) ?? position });
  }
  return arr;
}

function resolveBaseTypeName(tn: Ast, state: BinderState, position?: number): SqlType {
  const names: string[] = (tn.names as Ast[]).map((n) => n.String?.sval ?? '');
  const pos = state.pos(tn.location) ?? position;
  if (names.length > 1 && names[0] !== 'pg_catalog') {
    throw new SqlError(SqlState.undefinedObject, `type "${names.join('.')}" does not exist`, { position: pos });
  }
  const name = names[names.length - 1]!;
  const id = typeIdByName(name);
  if (id === undefined) throw new SqlError(SqlState.undefinedObject, `type "${name}" does not exist`, { position: pos });
  const mods: number[] = ((tn.typmods ?? []) as Ast[]).map((m) => {
    const c = m.A_Const;
    if (c?.ival === undefined) throw new SqlError(SqlState.syntaxError, 'type modifiers must be simple constants or identifiers', { position: pos });
    return c.ival.ival ?? 0;
  });
  switch (id) {
    case 'varchar': case 'bpchar': {
      if (mods.length === 0) return id === 'bpchar' && name !== 'bpchar' ? sqlType('bpchar', 1 + 4) : sqlType(id);
      const n = mods[0]!;
      if (n < 1) throw new SqlError(SqlState.invalidParameterValue, `length for type ${id === 'varchar' ? 'varchar' : 'char'} must be at least 1`, { position: pos });
      if (n > 10485760) throw new SqlError(SqlState.invalidParameterValue, `length for type ${id === 'varchar' ? 'varchar' : 'char'} cannot exceed 10485760`, { position: pos });
      return sqlType(id, n + 4);
    }
    case 'numeric': {
      if (mods.length === 0) return sqlType('numeric');
      const p = mods[0]!, s = mods[1] ?? 0;
      if (p < 1 || p > 1000) throw new SqlError(SqlState.invalidParameterValue, `NUMERIC precision ${p} must be between 1 and 1000`, { position: pos });
      if (s < -1000 || s > 1000) throw new SqlError(SqlState.invalidParameterValue, `NUMERIC scale ${s} must be between -1000 and 1000`, { position: pos });
      return sqlType('numeric', numericTypmod(p, s));
    }
    case 'float8': {
      // float(p): p ≤ 24 is real, otherwise double precision.
      if (name === 'float' && mods.length > 0) {
        const p = mods[0]!;
        if (p < 1) throw new SqlError(SqlState.invalidParameterValue, 'precision for type float must be at least 1 bit', { position: pos });
        if (p > 53) throw new SqlError(SqlState.invalidParameterValue, 'precision for type float must be less than 54 bits', { position: pos });
        return sqlType(p <= 24 ? 'float4' : 'float8');
      }
      return sqlType('float8');
    }
    case 'timestamp': case 'timestamptz': case 'time':
      return mods.length > 0 ? sqlType(id, Math.min(6, Math.max(0, mods[0]!))) : sqlType(id);
    default:
      return sqlType(id);
  }
}
