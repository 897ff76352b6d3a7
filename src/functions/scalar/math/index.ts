import type { ScalarFunction } from '../../../plan/index.ts';
import { alias } from '../../registry.ts';
import { abs } from './abs.ts';
import { ceil, floor, round, trunc } from './rounding.ts';
import { sign } from './sign.ts';
import { sqrt } from './sqrt.ts';
import { cbrt } from './cbrt.ts';
import { exp } from './exp.ts';
import { ln, log, log10 } from './ln-log.ts';
import { power } from './power.ts';
import { mod, div } from './mod-div.ts';
import { pi } from './pi.ts';
import { acos, acosh, asin, asinh, atan, atan2, atanh, cos, cosh, cot, degrees, radians, sin, sinh, tan, tanh } from './trig.ts';
import { random, setseed } from './random.ts';
import { widthBucket } from './width-bucket.ts';
import { gcd, lcm } from './gcd-lcm.ts';
import { factorial } from './factorial.ts';
import { minScale, scale, trimScale } from './scale.ts';
import { BITWISE_FUNCTIONS } from './bitwise.ts';

export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  abs,
  ceil, alias(ceil, 'ceiling'), floor, round, trunc,
  sign,
  sqrt, cbrt,
  exp, ln, log, log10,
  power, alias(power, 'pow'),
  mod, div,
  pi, degrees, radians,
  sin, cos, tan, cot, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh,
  random, setseed,
  widthBucket,
  gcd, lcm,
  factorial,
  scale, minScale, trimScale,
  ...BITWISE_FUNCTIONS,
];
