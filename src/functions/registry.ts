/**
 * The function registry: every scalar function by lower-case name. Registering a name twice is a bug in the
 * group lists (two files claiming one SQL name), so it fails at start-up rather than letting one shadow the
 * other.
 */
import type { FunctionResolver, ScalarFunction, SetReturningFunction } from '../plan/index.ts';
import { SqlError, SqlState } from '../common/index.ts';

export class FunctionRegistry implements FunctionResolver {
  readonly #scalars = new Map<string, ScalarFunction>();
  readonly #srfs = new Map<string, SetReturningFunction>();

  registerSetReturning(fns: readonly SetReturningFunction[]): void {
    for (const fn of fns) {
      const key = fn.name.toLowerCase();
      if (this.#srfs.has(key) || this.#scalars.has(key)) {
        throw new SqlError(SqlState.internalError, `function "${key}" is registered twice`);
      }
      this.#srfs.set(key, fn);
    }
  }

  setReturning(name: string): SetReturningFunction | undefined {
    return this.#srfs.get(name.toLowerCase());
  }

  registerScalar(fn: ScalarFunction): void {
    const key = fn.name.toLowerCase();
    if (this.#scalars.has(key) || this.#srfs.has(key)) {
      throw new SqlError(SqlState.internalError, `function "${key}" is registered twice`);
    }
    this.#scalars.set(key, fn);
  }

  registerAll(fns: readonly ScalarFunction[]): void {
    for (const fn of fns) this.registerScalar(fn);
  }

  scalar(name: string): ScalarFunction | undefined {
    return this.#scalars.get(name.toLowerCase());
  }

  /** Names of every registered scalar function, sorted (for pg_proc and tests). */
  scalarNames(): string[] {
    return [...this.#scalars.keys()].sort();
  }

  setReturningNames(): string[] {
    return [...this.#srfs.keys()].sort();
  }
}

/** The same overloads under another SQL name (ceil/ceiling, substr/substring, pow/power). */
export const alias = (fn: ScalarFunction, name: string): ScalarFunction => Object.freeze({ name, overloads: fn.overloads });
