import type { ScalarFunction, ScalarOverload } from '../../../plan/index.ts';
import type { Decimal, Interval, TypeId } from '../../../common/index.ts';
import { zoneOffset } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { formatNumber } from '../math/format-number.ts';
import { formatDatetime, tmFromInterval, tmFromLocal, zoneAbbrev } from './format-datetime.ts';
import { parseTemplate } from './template.ts';

/**
 * to_char(value, template): timestamps, intervals and numbers through PostgreSQL's templates. A date argument
 * becomes timestamptz (the preferred implicit cast), as in PostgreSQL. Infinite timestamps and an empty
 * template give NULL for the datetime forms; the number forms give '' for an empty template.
 */
const stamp = (x: number, fmt: string): string | null =>
  (!Number.isFinite(x) || fmt === '' ? null : formatDatetime(parseTemplate(fmt), tmFromLocal(x, 0, null)));

const stampTz = (x: number, fmt: string, zone: string): string | null => {
  if (!Number.isFinite(x) || fmt === '') return null;
  const off = zoneOffset(zone, x);
  const nodes = parseTemplate(fmt);
  const tzn = nodes.some((n) => n.kind === 'action' && (n.key.id === 'TZ' || n.key.id === 'tz')) ? zoneAbbrev(zone, x, off) : '';
  return formatDatetime(nodes, tmFromLocal(x + off * 1_000_000, off, tzn));
};

const num = (t: TypeId, f: (x: never, fmt: string) => string): ScalarOverload =>
  ({ args: [t, 'text'], returns: 'text', kernel: mapStrict2('text', f) });

export const toChar: ScalarFunction = {
  name: 'to_char',
  overloads: [
    { args: ['timestamp', 'text'], returns: 'text', kernel: mapStrict2('text', stamp) },
    { args: ['timestamptz', 'text'], returns: 'text', volatility: 'stable', kernel: mapStrict2('text', (x: number, fmt: string, ctx) => stampTz(x, fmt, ctx.timeZone)) },
    { args: ['interval', 'text'], returns: 'text', kernel: mapStrict2('text', (iv: Interval, fmt: string) => (fmt === '' ? null : formatDatetime(parseTemplate(fmt), tmFromInterval(iv)))) },
    num('int4', (x: number, fmt) => formatNumber({ kind: 'int', value: BigInt(x) }, fmt)),
    num('int8', (x: bigint, fmt) => formatNumber({ kind: 'int', value: x }, fmt)),
    num('float4', (x: number, fmt) => formatNumber({ kind: 'float', value: x, single: true }, fmt)),
    num('float8', (x: number, fmt) => formatNumber({ kind: 'float', value: x, single: false }, fmt)),
    num('numeric', (x: Decimal, fmt) => formatNumber({ kind: 'numeric', value: x }, fmt)),
  ],
};
