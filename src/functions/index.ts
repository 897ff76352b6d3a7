/**
 * The face of functions/: the registry of every scalar function, as the binder resolves them.
 * Each group lists its functions in its own index; a name registered twice fails here, at start-up.
 */
import type { FunctionResolver } from '../plan/index.ts';
import { FunctionRegistry } from './registry.ts';
import { MATH_FUNCTIONS } from './scalar/math/index.ts';
import { STRING_FUNCTIONS } from './scalar/string/index.ts';
import { DATETIME_FUNCTIONS } from './scalar/datetime/index.ts';
import { SYSTEM_FUNCTIONS } from './scalar/system/index.ts';
import { ARRAY_FUNCTIONS } from './scalar/array/index.ts';
import { SET_RETURNING_FUNCTIONS } from './set-returning/index.ts';
import { JSON_FUNCTIONS, JSON_SET_RETURNING } from './scalar/json/index.ts';
import { CATALOG_FUNCTIONS } from './scalar/catalog/index.ts';
import { ADVISORY_LOCK_FUNCTIONS } from './scalar/locks/advisory-locks.ts';

export { FunctionRegistry, alias } from './registry.ts';
export * from './scalar/kernel-helpers.ts';
export { regIO } from './scalar/catalog/index.ts';

export function createFunctionRegistry(): FunctionRegistry & FunctionResolver {
  const r = new FunctionRegistry();
  r.registerAll(MATH_FUNCTIONS);
  r.registerAll(STRING_FUNCTIONS);
  r.registerAll(DATETIME_FUNCTIONS);
  r.registerAll(SYSTEM_FUNCTIONS);
  r.registerAll(CATALOG_FUNCTIONS);
  r.registerAll(ADVISORY_LOCK_FUNCTIONS);
  r.registerAll(ARRAY_FUNCTIONS);
  r.registerSetReturning(SET_RETURNING_FUNCTIONS);
  r.registerAll(JSON_FUNCTIONS);
  r.registerSetReturning(JSON_SET_RETURNING);
  return r;
}

/**
 * Names of the scalar functions a worker thread can run as this thread would: those that read only their
 * arguments and the statement's facts (time, time zone, text settings), not the catalog, the session's state
 * or server-wide objects (system, catalog and advisory-lock functions are left out).
 */
export function threadSafeFunctionNames(): Set<string> {
  return new Set([...MATH_FUNCTIONS, ...STRING_FUNCTIONS, ...DATETIME_FUNCTIONS, ...ARRAY_FUNCTIONS, ...JSON_FUNCTIONS]
    .map((f) => f.name.toLowerCase()));
}
