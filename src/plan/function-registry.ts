/**
 * What the binder needs to resolve function calls, and what a function implementation provides.
 * Implementations live in `functions/`; the binder sees only this interface (layer rule: sql/ → plan/).
 *
 * A scalar function is a vectorized kernel: it receives argument Vectors of equal length `n` and returns one
 * Vector of the declared return type. `strict` functions return NULL whenever any argument is NULL; the
 * `mapStrict*` helpers in functions/ handle that so kernels only see non-null values.
 */
import type { SqlType, TypeId, Vector } from '../common/index.ts';
import type { CatalogLookup } from './catalog-lookup.ts';
import type { AdvisoryLocks } from './advisory-locks.ts';
import type { SqlError } from '../common/index.ts';

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
  /** The catalog as this statement sees it, for catalog functions; absent where there is none (unit tests). */
  readonly catalog?: CatalogLookup;
  /**
   * set_config: SET (`local`: SET LOCAL, which lasts to the end of the transaction, the statement's own when
   * there is no block), returning the new value as SHOW shows it. Absent where there is no session (unit tests).
   */
  setConfig?(name: string, value: string, local: boolean): string;
  /** This session's advisory locks; absent where there is no server (unit tests). */
  readonly advisoryLocks?: AdvisoryLocks;
  /** Send a NOTICE or WARNING (the error's severity) to the client. */
  notice?(e: SqlError): void;
  /** pg_notify: NOTIFY channel, payload (a NULL channel is refused as an empty one). Absent without a session. */
  notify?(channel: string | null, payload: string | null): void;
  /** pg_listening_channels(): the channels this session listens on. */
  listeningChannels?(): readonly string[];
}

export type ScalarKernel = (args: readonly Vector[], n: number, ctx: EvalContext) => Vector;

/**
 * A declared argument type. 'any' accepts every type (the argument keeps its own type). The polymorphic
 * 'anyelement' and 'anyarray' resolve together, as PostgreSQL's anycompatible/anycompatiblearray: the element
 * type is the common type (select_common_type) of every anyelement argument and every anyarray argument's
 * element type, and each argument is cast to it (or to its array type).
 */
export type ArgType = TypeId | 'any' | 'anyelement' | 'anyarray';

/** One signature of a function. */
export interface ScalarOverload {
  readonly args: readonly ArgType[];
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

/** One output column of a set-returning function. */
export interface SrfColumn { readonly name: string; readonly type: SqlType }

/**
 * One signature of a set-returning function (unnest, generate_series, jsonb_each, …), usable in FROM and in a
 * SELECT list. For one call (one set of argument values) it yields rows, each an array with one value per output
 * column, in the JS representation of types.ts (bool as boolean, NULL as null).
 */
export interface SetReturningOverload {
  readonly args: readonly ArgType[];
  readonly variadic?: boolean;
  /** The output columns, from the bound argument types. A single column is named after the function. */
  readonly columns: (args: readonly SqlType[]) => readonly SrfColumn[];
  /** NULL in any argument → no rows, without calling `rows`. Default true. */
  readonly strict?: boolean;
  readonly volatility?: Volatility;
  rows(args: readonly unknown[], argTypes: readonly SqlType[], ctx: EvalContext): Iterable<readonly unknown[]>;
  /**
   * The same rows as column vectors, at most `size` rows a batch: for functions whose rows are cheap to make
   * in bulk (integer series), so that FROM builds no array per row.
   */
  batches?(args: readonly unknown[], argTypes: readonly SqlType[], ctx: EvalContext, size: number): Iterable<readonly Vector[]>;
}

export interface SetReturningFunction {
  readonly name: string;
  readonly overloads: readonly SetReturningOverload[];
}

export interface FunctionResolver {
  /** All overloads of a scalar function by (lower-case) name, or undefined. */
  scalar(name: string): ScalarFunction | undefined;
  /** All overloads of a set-returning function by (lower-case) name, or undefined. */
  setReturning(name: string): SetReturningFunction | undefined;
  /** Every scalar function's name, sorted (pg_proc lists them). */
  scalarNames?(): string[];
  /** Every set-returning function's name, sorted. */
  setReturningNames?(): string[];
}
