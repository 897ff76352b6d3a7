/** unnest(anyarray): the elements in storage order; generate_subscripts(anyarray, dim [, reverse]). */
import { elementType, T, type PgArray } from '../../common/index.ts';
import type { SetReturningFunction } from '../../plan/index.ts';

export const UNNEST: SetReturningFunction = {
  name: 'unnest',
  overloads: [{
    args: ['anyarray'],
    columns: (t) => [{ name: 'unnest', type: elementType(t[0]!) ?? T.text }],
    *rows(args) {
      for (const x of (args[0] as PgArray).items) yield [x];
    },
  }],
};

export const GENERATE_SUBSCRIPTS: SetReturningFunction = {
  name: 'generate_subscripts',
  overloads: [2, 3].map((k) => ({
    args: k === 3 ? ['anyarray', 'int4', 'bool'] as const : ['anyarray', 'int4'] as const,
    columns: () => [{ name: 'generate_subscripts', type: T.int4 }],
    *rows(args: readonly unknown[]) {
      const a = args[0] as PgArray, d = args[1] as number;
      if (d < 1 || d > a.ndims) return;
      const lo = a.lbounds[d - 1]!, hi = lo + a.dims[d - 1]! - 1;
      if (args[2] === true) for (let i = hi; i >= lo; i--) yield [i];
      else for (let i = lo; i <= hi; i++) yield [i];
    },
  })),
};

/**
 * information_schema._pg_expandarray(anyarray): one row (x, n) per element of the first dimension, n counting
 * from 1 whatever the lower bound (pgjdbc expands pg_index.indkey with it). PostgreSQL defines it in SQL as
 * `($1)[s]` over the subscripts s, so a multi-dimensional array's x is NULL.
 */
export const PG_EXPANDARRAY: SetReturningFunction = {
  name: '_pg_expandarray',
  overloads: [{
    args: ['anyarray'],
    columns: (t) => [{ name: 'x', type: elementType(t[0]!) ?? T.text }, { name: 'n', type: T.int4 }],
    *rows(args) {
      const a = args[0] as PgArray;
      if (a.ndims === 0) return;
      for (let i = 0; i < a.dims[0]!; i++) yield [a.ndims === 1 ? a.items[i] ?? null : null, i + 1];
    },
  }],
};
