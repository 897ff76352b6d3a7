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
