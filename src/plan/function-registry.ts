/**
 * What the binder needs to resolve function calls, and what a function implementation provides.
 * Implementations live in `functions/`; the binder sees only this interface (layer rule: sql/ → plan/).
 *
 * A scalar function is a vectorized kernel: it receives argument Vectors of equal length `n` and returns one
 * Vector of the declared return type. `strict` functions return NULL whenever any argument is NULL; the
 * `mapStrict*` helpers in functions/ handle that so kernels only see non-null values.
 */
import type { SqlType, TypeId, Vector } from '../common/index.ts';

export type Volatility = 'immutable' | 'stable' | 'volatile';

/** Per-statement facts functions may read. */
export interface EvalContext {
  /** Session TimeZone (IANA name or offset), for timestamptz arithmetic and formatting. */
  readonly timeZone: string;
  /** Start of the current transaction, µs since epoch (now(), current_timestamp). */
  readonly transactionStart: number;
  /** Start of the current statement, µs since epoch (statement_timestamp()). */
  readonly statementStart: number;
  /** Session state a few functions read (current_user, current_database, setseed state, ...). */
  readonly session: SessionInfo;
  /** Throws SqlError 57014 when the statement was cancelled; kernels over big inputs may call it. */
  checkCancel(): void;
}

export interface SessionInfo {
  readonly user: string;
  readonly database: string;
  readonly backendPid: number;
  /** Current value of a setting (SHOW semantics). */
  setting(name: string): string | undefined;
  /** The session's search path, resolved to schema names. */
  searchPath(): readonly string[];
  /** Seeded PRNG in [0, 1) (random(), setseed()). */
  random(): number;
  setSeed(seed: number): void;
}

export type ScalarKernel = (args: readonly Vector[], n: number, ctx: EvalContext) => Vector;

/** One signature of a function. */
export interface ScalarOverload {
  /** Argument types; 'any' accepts every type (resolution then keeps the argument's own type). */
  readonly args: readonly (TypeId | 'any')[];
  /** When set, the last arg type repeats: f(a, b, b, b...). */
  readonly variadic?: boolean;
  /** Return type: fixed, or computed from the bound argument types. */
  readonly returns: TypeId | ((args: readonly SqlType[]) => SqlType);
  /** NULL in any argument → NULL result, without calling the kernel for that row. Default true. */
  readonly strict?: boolean;
  readonly volatility?: Volatility;
  readonly kernel: ScalarKernel;
}

export interface ScalarFunction {
  /** lower_snake name as called from SQL. */
  readonly name: string;
  readonly overloads: readonly ScalarOverload[];
}

export interface FunctionResolver {
  /** All overloads of a scalar function by (lower-case) name, or undefined. */
  scalar(name: string): ScalarFunction | undefined;
}
