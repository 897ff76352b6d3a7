/**
 * Aggregate functions: which names are aggregates and what they return for which argument types
 * (PostgreSQL's pg_aggregate: sum(int4) → bigint, sum(int8) → numeric, avg(int) → numeric, …).
 */
import { formatType, SqlError, SqlState, T, TYPES, type SqlType } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import { coerce, type ParamTypes } from './coerce.ts';

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'string_agg']);

export const isAggregateName = (name: string): boolean => AGGREGATES.has(name);

const COMPARABLE = new Set(['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'varchar', 'bpchar',
  'name', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'bytea', 'oid', 'uuid']);

function noAggregate(name: string, args: readonly Expr[], position?: number): SqlError {
  return new SqlError(SqlState.undefinedFunction,
    `function ${name}(${args.map((a) => formatType(a.type)).join(', ')}) does not exist`,
    { position, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.' });
}

/** Resolve an aggregate call: returns coerced arguments and the result type. */
export function resolveAggregate(name: string, args0: readonly Expr[], params: ParamTypes, position?: number): { args: Expr[]; type: SqlType } {
  const args = [...args0];
  const one = (): Expr => {
    if (args.length !== 1) throw noAggregate(name, args, position);
    return args[0]!;
  };
  switch (name) {
    case 'count':
      one();
      if (args[0]!.type.id === 'unknown') args[0] = coerce(args[0]!, T.text, 'implicit', params, position);
      return { args, type: T.int8 };
    case 'sum': case 'avg': {
      let a = one();
      if (a.type.id === 'unknown') {
        throw new SqlError(SqlState.ambiguousFunction, `function ${name}(unknown) is not unique`, {
          position, hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
        });
      }
      const id = a.type.id;
      if (id === 'int2' || id === 'int4') return { args, type: name === 'sum' ? T.int8 : T.numeric };
      if (id === 'int8' || id === 'numeric') {
        if (a.type.typmod !== -1) a = args[0] = { ...a, type: T.numeric } as Expr;
        return { args, type: T.numeric };
      }
      if (id === 'float4') return { args, type: name === 'sum' ? T.float4 : T.float8 };
      if (id === 'float8') return { args, type: T.float8 };
      if (id === 'interval') return { args, type: T.interval };
      throw noAggregate(name, args, position);
    }
    case 'min': case 'max': {
      const a = one();
      if (a.type.id === 'unknown') args[0] = coerce(a, T.text, 'implicit', params, position);
      const t = args[0]!.type;
      if (!COMPARABLE.has(t.id)) throw noAggregate(name, args, position);
      // min/max over varchar/bpchar return text/bpchar as PostgreSQL's anyelement-free signatures do.
      if (t.id === 'varchar' || t.id === 'name') return { args: [coerce(args[0]!, T.text, 'implicit', params)], type: T.text };
      return { args, type: t.typmod === -1 || TYPES[t.id].category !== 'N' ? t : { id: t.id, typmod: -1 } };
    }
    case 'bool_and': case 'bool_or': case 'every': {
      const a = coerce(one(), T.bool, 'implicit', params, position);
      return { args: [a], type: T.bool };
    }
    case 'string_agg': {
      if (args.length !== 2) throw noAggregate(name, args, position);
      const isBytes = args[0]!.type.id === 'bytea';
      const t = isBytes ? T.bytea : T.text;
      return { args: [coerce(args[0]!, t, 'implicit', params, position), coerce(args[1]!, t, 'implicit', params, position)], type: t };
    }
  }
  throw noAggregate(name, args, position);
}
