/** scale, min_scale, trim_scale: inspecting and trimming a numeric's display scale. */
import type { ScalarFunction } from '../../../plan/index.ts';
import { Decimal } from '../../../common/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

/** Smallest scale that represents the value exactly (trailing fractional zeros dropped). */
function minScaleOf(d: Decimal): number {
  let c = d.coef, s = d.scale;
  while (s > 0 && c % 10n === 0n) { c /= 10n; s--; }
  return s;
}

export const scale: ScalarFunction = {
  name: 'scale',
  overloads: [{ args: ['numeric'], returns: 'int4', kernel: mapStrict1('int4', (d: Decimal) => (d.isFinite() ? d.scale : null)) }],
};

export const minScale: ScalarFunction = {
  name: 'min_scale',
  overloads: [{ args: ['numeric'], returns: 'int4', kernel: mapStrict1('int4', (d: Decimal) => (d.isFinite() ? minScaleOf(d) : null)) }],
};

export const trimScale: ScalarFunction = {
  name: 'trim_scale',
  overloads: [{ args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => (d.isFinite() ? d.trunc(minScaleOf(d)) : d)) }],
};
