import type { ScalarFunction } from '../../../plan/index.ts';
import { mapF64 } from '../kernel-helpers.ts';

const CBRT2 = 1.2599210498948731648;
const SQR_CBRT2 = 1.5874010519681994748;
const FACTOR = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];

/** glibc's cbrt (sysdeps/ieee754/dbl-64/s_cbrt.c): PostgreSQL calls it, and it is not V8's Math.cbrt. */
export function glibcCbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  const ax = Math.abs(x);
  // frexp: ax = xm × 2^xe with xm in [0.5, 1)
  let xe = Math.floor(Math.log2(ax)) + 1;
  let xm = ax / 2 ** xe;
  if (xm >= 1) { xm /= 2; xe++; } else if (xm < 0.5) { xm *= 2; xe--; }
  if (!Number.isFinite(xm) || xm === 0) return Math.cbrt(x); // subnormal corner: fall back
  const u = 0.354895765043919860 + ((1.50819193781584896 + ((-2.11499494167371287 + ((2.44693122563534430 +
    ((-1.83469277483613086 + (0.784932344976639262 - 0.145263899385486377 * xm) * xm) * xm)) * xm)) * xm)) * xm);
  const t2 = u * u * u;
  const ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[2 + (xe % 3)]!;
  const r = ym * 2 ** Math.trunc(xe / 3);
  return x < 0 ? -r : r;
}

export const cbrt: ScalarFunction = {
  name: 'cbrt',
  overloads: [{ args: ['float8'], returns: 'float8', kernel: mapF64(glibcCbrt) }],
};
