import type { ScalarFunction, ScalarOverload } from '../../../plan/index.ts';
import { mapI64, mapI64x2, mapNum1, mapNum2, mapStrict2 } from '../kernel-helpers.ts';

/**
 * The integer bitwise operators as PostgreSQL names their functions: `&` int4and, `|` int4or, `#` int4xor,
 * `~` int4not, `<<` int4shl, `>>` int4shr (and int2…/int8…). The binder maps the operators to these calls.
 *
 * Shift counts are int4 for every width and are not range-checked: PostgreSQL shifts with C's `<<`, which on
 * the machines it runs on uses the count modulo the width (1 << 33 = 2) — JS's `<<` does the same modulo 32,
 * and int8 shifts take the count modulo 64 explicitly. int2 shifts compute in 32 bits and keep the low 16.
 */
const toInt2 = (x: number): number => (x << 16) >> 16;

type Fn2 = (x: number, y: number) => number;
type Big2 = (x: bigint, y: bigint) => bigint;

function binary(name: string, f: Fn2, g: Big2): ScalarFunction[] {
  return [
    { name: `int2${name}`, overloads: [{ args: ['int2', 'int2'], returns: 'int2', kernel: mapNum2('int2', f) }] },
    { name: `int4${name}`, overloads: [{ args: ['int4', 'int4'], returns: 'int4', kernel: mapNum2('int4', f) }] },
    { name: `int8${name}`, overloads: [{ args: ['int8', 'int8'], returns: 'int8', kernel: mapI64x2(g) }] },
  ];
}

const shift = (name: string, int2: Fn2, int4: Fn2, int8: (x: bigint, s: number) => bigint): ScalarFunction[] => [
  { name: `int2${name}`, overloads: [{ args: ['int2', 'int4'], returns: 'int2', kernel: mapNum2('int2', int2) }] },
  { name: `int4${name}`, overloads: [{ args: ['int4', 'int4'], returns: 'int4', kernel: mapNum2('int4', int4) }] },
  { name: `int8${name}`, overloads: [{ args: ['int8', 'int4'], returns: 'int8', kernel: mapStrict2('int8', int8) }] },
];

const not = (id: 'int2' | 'int4'): ScalarOverload => ({ args: [id], returns: id, kernel: mapNum1(id, (x) => ~x) });

export const BITWISE_FUNCTIONS: readonly ScalarFunction[] = [
  ...binary('and', (x, y) => x & y, (x, y) => x & y),
  ...binary('or', (x, y) => x | y, (x, y) => x | y),
  ...binary('xor', (x, y) => x ^ y, (x, y) => x ^ y),
  ...shift('shl', (x, s) => toInt2(x << s), (x, s) => x << s, (x, s) => BigInt.asIntN(64, x << BigInt(s & 63))),
  ...shift('shr', (x, s) => x >> s, (x, s) => x >> s, (x, s) => x >> BigInt(s & 63)),
  { name: 'int2not', overloads: [not('int2')] },
  { name: 'int4not', overloads: [not('int4')] },
  { name: 'int8not', overloads: [{ args: ['int8'], returns: 'int8', kernel: mapI64((x) => ~x) }] },
];
