/**
 * Identity values. Each column's values continue from the high-water mark in the Delta column metadata
 * (`start + k * step`, beyond the mark); a transaction hands them out from a counter of its own and, when it
 * writes rows, records the new mark in the table's metadata. That metadata change is what keeps values
 * unique across writers: two transactions that both moved the mark conflict at commit (a winner that changed
 * the metadata conflicts with every later commit), so the later one fails with 40001 instead of committing
 * duplicates.
 */
import { SqlError, SqlState, vectorFromValues, type ColumnSchema, type Vector } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import type { Expr, ScalarOverload } from '../../../../plan/index.ts';
import { IDENTITY_HIGH_WATER_MARK } from '../../../../storage/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { tableRules, type IdentityRule } from './table-rules.ts';

/** Values an identity column's type holds; int8 stops where Delta's JSON metadata stays exact. */
const LIMITS: Record<string, [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [BigInt(Number.MIN_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER)],
};

interface Counter {
  readonly column: string;
  readonly rule: IdentityRule;
  /** The next value to hand out. */
  next: bigint;
  /** The last value handed out by this transaction, if any. */
  last: bigint | undefined;
}

/** Counters by transaction, then table location and column name. */
const counters = new WeakMap<object, Map<string, Map<string, Counter>>>();

function counterFor(ctx: StatementContext, table: TableDef, column: string, rule: IdentityRule): Counter {
  let byTable = counters.get(ctx.tx);
  if (byTable === undefined) counters.set(ctx.tx, byTable = new Map());
  let byColumn = byTable.get(table.location);
  if (byColumn === undefined) byTable.set(table.location, byColumn = new Map());
  const fromMark = rule.highWaterMark === undefined ? rule.start : rule.highWaterMark + rule.step;
  let c = byColumn.get(column);
  if (c === undefined || c.rule.start !== rule.start || c.rule.step !== rule.step) {
    c = { column, rule, next: fromMark, last: undefined };
    byColumn.set(column, c);
  } else if (rule.step > 0n ? fromMark > c.next : fromMark < c.next) {
    // The mark moved past this transaction's counter (another writer committed meanwhile): never reuse values.
    c.next = fromMark;
  }
  return c;
}

export function identityLimits(typeId: string): [bigint, bigint] | undefined {
  return LIMITS[typeId];
}

function allocate(c: Counter, n: number, type: ColumnSchema['type'], sequence: string): Vector {
  const [min, max] = LIMITS[type.id] ?? LIMITS.int8!;
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = c.next;
    if (v > max || v < min) {
      const up = c.rule.step > 0n;
      throw new SqlError(SqlState.sequenceGeneratorLimitExceeded,
        `nextval: reached ${up ? 'maximum' : 'minimum'} value of sequence "${sequence}" (${up ? max : min})`);
    }
    out[i] = type.id === 'int8' ? v : Number(v);
    c.last = v;
    c.next = v + c.rule.step;
  }
  return vectorFromValues(type, out);
}

/**
 * The DEFAULT of each identity column of `table` for this statement: an expression handing out the
 * transaction's next values, one per row it is evaluated for.
 */
export async function identityDefaults(ctx: StatementContext, table: TableDef): Promise<Map<number, Expr>> {
  const snap = await ctx.tx.snapshot(table.location);
  const out = new Map<number, Expr>();
  for (const [i, rule] of tableRules(table, snap).identity) {
    const col = table.columns[i]!;
    const counter = counterFor(ctx, table, col.name, rule);
    const sequence = `${table.name}_${col.name}_seq`;
    const overload: ScalarOverload = {
      args: [], returns: col.type.id, strict: false, volatility: 'volatile',
      kernel: (_args, n) => allocate(counter, n, col.type, sequence),
    };
    out.set(i, { kind: 'call', name: 'nextval', overload, args: [], type: col.type });
  }
  return out;
}

/**
 * The schema with each identity column's high-water mark moved past the values this transaction handed out,
 * or undefined when no mark moves.
 */
export function advancedHighWaterMarks(ctx: StatementContext, table: TableDef, schema: readonly ColumnSchema[]): ColumnSchema[] | undefined {
  const byColumn = counters.get(ctx.tx)?.get(table.location);
  if (byColumn === undefined) return undefined;
  let changed = false;
  const next = schema.map((c) => {
    const counter = byColumn.get(c.name) ?? [...byColumn.values()].find((k) => k.column.toLowerCase() === c.name.toLowerCase());
    if (counter?.last === undefined || c.metadata === undefined) return c;
    const mark = c.metadata[IDENTITY_HIGH_WATER_MARK];
    const current = mark === undefined || mark === null ? undefined : BigInt(String(mark));
    const beyond = current === undefined || (counter.rule.step > 0n ? counter.last > current : counter.last < current);
    if (!beyond) return c;
    changed = true;
    return { ...c, metadata: { ...c.metadata, [IDENTITY_HIGH_WATER_MARK]: Number(counter.last) } };
  });
  return changed ? next : undefined;
}
