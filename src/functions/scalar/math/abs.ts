import type { ScalarFunction } from '../../../plan/index.ts';
import type { Decimal } from '../../../common/index.ts';
import { mapF64, mapI64, mapNumChecked, mapStrict1 } from '../kernel-helpers.ts';
import { checkInt, checkInt8 } from './float-errors.ts';

export const abs: ScalarFunction = {
  name: 'abs',
  overloads: [
    { args: ['int2'], returns: 'int2', kernel: mapNumChecked('int2', (x) => checkInt(Math.abs(x), 'int2')) },
    { args: ['int4'], returns: 'int4', kernel: mapNumChecked('int4', (x) => checkInt(Math.abs(x), 'int4')) },
    { args: ['int8'], returns: 'int8', kernel: mapI64((x) => (x < 0n ? checkInt8(-x) : x)) },
    { args: ['float4'], returns: 'float4', kernel: mapNumChecked('float4', Math.abs) },
    { args: ['float8'], returns: 'float8', kernel: mapF64(Math.abs) },
    { args: ['numeric'], returns: 'numeric', kernel: mapStrict1('numeric', (d: Decimal) => d.abs()) },
  ],
};
