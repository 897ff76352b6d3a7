/**
 * Helpers for the function unit tests: a fixed EvalContext and `call`, which picks the overload whose
 * argument types match exactly (as the binder would after casts) and runs its kernel over small columns.
 */
import type { EvalContext, ScalarOverload, SessionInfo } from '../../plan/index.ts';
import { allocValues, getValue, sqlType, vectorFromValues, SqlError, type TypeId, type Vector } from '../../common/index.ts';
import { createFunctionRegistry } from '../index.ts';

export const registry = createFunctionRegistry();

export function testSession(settings: Record<string, string> = {}): SessionInfo {
  let seed = 0.5;
  const all: Record<string, string> = { TimeZone: 'UTC', search_path: '"$user", public', ...settings };
  return {
    user: 'alice',
    database: 'shop',
    backendPid: 4242,
    setting: (name) => {
      const k = Object.keys(all).find((x) => x.toLowerCase() === name.toLowerCase());
      return k === undefined ? undefined : all[k];
    },
    searchPath: () => ['public'],
    random: () => { seed = (seed * 9301 + 49297) % 233280 / 233280; return seed; },
    setSeed: (s) => { seed = (s + 1) / 2; },
  };
}

export function testContext(opts: { timeZone?: string; transactionStart?: number; session?: SessionInfo } = {}): EvalContext {
  const ts = opts.transactionStart ?? Date.UTC(2024, 0, 15, 12, 30, 45) * 1000 + 123456;
  return {
    timeZone: opts.timeZone ?? 'UTC',
    transactionStart: ts,
    statementStart: ts + 1000,
    session: opts.session ?? testSession({ TimeZone: opts.timeZone ?? 'UTC' }),
    checkCancel: () => {},
  };
}

export function findOverload(name: string, types: readonly TypeId[]): ScalarOverload {
  const fn = registry.scalar(name);
  if (fn === undefined) throw new Error(`no function ${name}`);
  const ov = fn.overloads.find((o) => {
    if (o.variadic === true) {
      if (types.length < o.args.length - 1) return false;
      return types.every((t, i) => { const a = o.args[Math.min(i, o.args.length - 1)]; return a === 'any' || a === t; });
    }
    return o.args.length === types.length && o.args.every((a, i) => a === 'any' || a === types[i]);
  });
  if (ov === undefined) throw new Error(`no overload ${name}(${types.join(', ')})`);
  return ov;
}

/**
 * Run name(types) over columns given as JS value arrays (each column the same length; null = NULL).
 * Returns the result column as JS values.
 */
export function callVec(name: string, types: readonly TypeId[], cols: readonly (readonly unknown[])[], ctx = testContext()): { values: unknown[]; vector: Vector } {
  const ov = findOverload(name, types);
  const n = cols.length === 0 ? 1 : cols[0]!.length;
  const args = cols.map((c, i) => vectorFromValues(sqlType(types[i]!), c));
  const out = ov.kernel(args, n, ctx);
  const layout = allocValues(out.type, 0).constructor;
  if (out.values.constructor !== layout) throw new Error(`${name} returned ${out.type.id} in a ${out.values.constructor.name}, not a ${layout.name}`);
  const values: unknown[] = [];
  for (let i = 0; i < n; i++) values.push(getValue(out, i));
  return { values, vector: out };
}

/** Scalar convenience: name(args...) with one row. */
export function call(name: string, types: readonly TypeId[], ...args: unknown[]): unknown {
  return callVec(name, types, args.map((a) => [a])).values[0];
}

export function callCtx(ctx: EvalContext, name: string, types: readonly TypeId[], ...args: unknown[]): unknown {
  return callVec(name, types, args.map((a) => [a]), ctx).values[0];
}

/** The SQLSTATE and message a call throws (fails the test if it does not throw a SqlError). */
export function callError(name: string, types: readonly TypeId[], ...args: unknown[]): { code: string; message: string } {
  try {
    call(name, types, ...args);
  } catch (e) {
    if (e instanceof SqlError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${name} did not throw`);
}
