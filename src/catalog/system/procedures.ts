/**
 * pg_proc's view of Basin's functions: one procedure per overload of every registered scalar and set-returning
 * function, all in pg_catalog. Their OIDs are a hash of the name plus the overload's position, so a function's
 * OID does not move when other functions are added; a colliding hash takes the next free slot.
 */
import { formatType, sqlType, T, TYPES, type SqlType } from '../../common/index.ts';
import type { ArgType, FunctionResolver, ScalarOverload, SetReturningOverload } from '../../plan/index.ts';
import { TYPE_IO_NAMES, TYPE_IO_PROCEDURES } from './type-io-procedures.ts';

export interface Procedure {
  readonly oid: number;
  readonly name: string;
  /** Argument type OIDs (the variadic one as its element type, as pg_proc.proargtypes lists it). */
  readonly argTypes: readonly number[];
  readonly resultType: number;
  readonly retset: boolean;
  readonly variadic: boolean;
  readonly strict: boolean;
  readonly volatility: 'i' | 's' | 'v';
  readonly argumentsText: string;
  readonly resultText: string;
}

/** PostgreSQL's polymorphic pseudo-types that stand for Basin's 'any', 'anyelement' and 'anyarray'. */
export const PSEUDO_TYPES = [
  { name: 'any', oid: 2276, display: '"any"' },
  { name: 'anycompatible', oid: 5077, display: 'anycompatible' },
  { name: 'anycompatiblearray', oid: 5078, display: 'anycompatiblearray' },
] as const;

const PROC_BASE = 0x60000000;
const SLOTS = 1 << 22;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function argOid(a: ArgType): number {
  if (a === 'any') return 2276;
  if (a === 'anyelement') return 5077;
  if (a === 'anyarray') return 5078;
  return TYPES[a].oid;
}

function argText(a: ArgType): string {
  if (a === 'any') return '"any"';
  if (a === 'anyelement') return 'anycompatible';
  if (a === 'anyarray') return 'anycompatiblearray';
  return formatType(sqlType(a));
}

/** A representative concrete type for a polymorphic argument, to ask a computed return type. */
const sample = (a: ArgType): SqlType => (a === 'any' || a === 'anyelement' ? T.text : a === 'anyarray' ? sqlType('_text') : sqlType(a));

function scalarResult(o: ScalarOverload): SqlType | undefined {
  if (typeof o.returns === 'string') return sqlType(o.returns);
  try {
    return o.args.some((a) => a === 'any' || a === 'anyelement' || a === 'anyarray') ? undefined : o.returns(o.args.map(sample));
  } catch {
    return undefined;
  }
}

function srfResult(o: SetReturningOverload): { oid: number; text: string } {
  try {
    const cols = o.columns(o.args.map(sample));
    if (cols.length === 1 && !o.args.some((a) => a === 'any' || a === 'anyelement' || a === 'anyarray')) {
      return { oid: TYPES[cols[0]!.type.id].oid, text: `SETOF ${formatType(cols[0]!.type)}` };
    }
  } catch { /* a polymorphic result */ }
  return { oid: 2249, text: 'SETOF record' };
}

function argumentsText(args: readonly ArgType[], variadic: boolean): string {
  return args.map((a, i) => (variadic && i === args.length - 1 ? `VARIADIC ${a === 'any' ? '"any"' : `${argText(a)}[]`}` : argText(a))).join(', ');
}

export function procedures(functions: FunctionResolver): Procedure[] {
  const out: Procedure[] = [];
  const taken = new Set<number>();
  const allocate = (name: string, k: number): number => {
    let slot = (hash(`${name}/${k}`) % SLOTS);
    while (taken.has(slot)) slot = (slot + 1) % SLOTS;
    taken.add(slot);
    return PROC_BASE + slot;
  };
  for (const name of functions.scalarNames?.() ?? []) {
    if (TYPE_IO_NAMES.has(name)) continue; // regclassin and friends: listed once, under PostgreSQL's OIDs
    functions.scalar(name)?.overloads.forEach((o, k) => {
      const result = scalarResult(o);
      out.push({
        oid: allocate(name, k), name, argTypes: o.args.map(argOid), retset: false, variadic: o.variadic === true,
        resultType: result === undefined ? 5077 : TYPES[result.id].oid, resultText: result === undefined ? 'anycompatible' : formatType(result),
        strict: o.strict !== false, volatility: volatilityCode(o.volatility), argumentsText: argumentsText(o.args, o.variadic === true),
      });
    });
  }
  out.push(...TYPE_IO_PROCEDURES);
  for (const name of functions.setReturningNames?.() ?? []) {
    functions.setReturning(name)?.overloads.forEach((o, k) => {
      const result = srfResult(o);
      out.push({
        oid: allocate(name, k), name, argTypes: o.args.map(argOid), retset: true, variadic: o.variadic === true,
        resultType: result.oid, resultText: result.text, strict: o.strict !== false, volatility: volatilityCode(o.volatility),
        argumentsText: argumentsText(o.args, o.variadic === true),
      });
    });
  }
  return out;
}

const volatilityCode = (v: string | undefined): 'i' | 's' | 'v' => (v === 'stable' ? 's' : v === 'volatile' ? 'v' : 'i');
