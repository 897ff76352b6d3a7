/** Trigonometric functions over float8 with PostgreSQL's domain checks ("input is out of range"). */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapF64, mapF64x2 } from '../kernel-helpers.ts';
import { checkFloat, inputOutOfRange } from './float-errors.ts';

/** sin/cos/tan/cot reject ±Infinity; NaN passes through. */
const periodic = (f: (x: number) => number, infOk: boolean) => (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) throw inputOutOfRange();
  return checkFloat(f(x), infOk, true);
};
/** asin/acos accept [-1, 1] only. */
const unit = (f: (x: number) => number) => (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  if (x < -1 || x > 1) throw inputOutOfRange();
  return f(x);
};

const f8 = (name: string, f: (x: number) => number): ScalarFunction =>
  ({ name, overloads: [{ args: ['float8'], returns: 'float8', kernel: mapF64(f) }] });

export const sin = f8('sin', periodic(Math.sin, false));
export const cos = f8('cos', periodic(Math.cos, false));
export const tan = f8('tan', periodic(Math.tan, true));
export const cot = f8('cot', periodic((x) => 1.0 / Math.tan(x), true));
export const asin = f8('asin', unit(Math.asin));
export const acos = f8('acos', unit(Math.acos));
export const atan = f8('atan', Math.atan);
export const atan2: ScalarFunction = { name: 'atan2', overloads: [{ args: ['float8', 'float8'], returns: 'float8', kernel: mapF64x2(Math.atan2) }] };
export const sinh = f8('sinh', Math.sinh);
export const cosh = f8('cosh', Math.cosh);
export const tanh = f8('tanh', Math.tanh);
export const asinh = f8('asinh', Math.asinh);
export const acosh = f8('acosh', (x) => { if (x < 1) throw inputOutOfRange(); return Math.acosh(x); });
export const atanh = f8('atanh', (x) => { if (x < -1 || x > 1) throw inputOutOfRange(); return Math.atanh(x); });

/** PostgreSQL divides by its own RADIANS_PER_DEGREE constant rather than multiplying by 180/π. */
const RADIANS_PER_DEGREE = 0.0174532925199432957692;
export const degrees = f8('degrees', (x) => checkFloat(x / RADIANS_PER_DEGREE, !Number.isFinite(x), x === 0));
export const radians = f8('radians', (x) => checkFloat(x * RADIANS_PER_DEGREE, !Number.isFinite(x), x === 0));
